from django.urls import path

from . import views

app_name = "subjects"
urlpatterns = [
    path("<slug:code>/subjects/", views.overview, name="overview"),
    path("<slug:code>/subjects/rules/", views.rules_edit, name="rules_edit"),
    path("<slug:code>/subjects/links/", views.link_list, name="link_list"),
    path("<slug:code>/subjects/links/export/", views.link_export, name="link_export"),
    path("<slug:code>/subjects/links/grid/", views.link_grid, name="link_grid"),
    path("<slug:code>/subjects/links/publish/", views.links_publish, name="links_publish"),
    path("<slug:code>/subjects/links/<int:pk>/", views.link_detail, name="link_detail"),
    path("<slug:code>/subjects/links/<int:link_pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<slug:code>/subjects/activities/", views.activity_list, name="activity_list"),
    path("<slug:code>/subjects/activities/export/", views.activity_export, name="activity_export"),
    path("<slug:code>/subjects/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<slug:code>/subjects/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<slug:code>/subjects/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<slug:code>/subjects/activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path("<slug:code>/subjects/activities/<int:pk>/evaluate/", views.evaluation_save, name="evaluation_save"),
]

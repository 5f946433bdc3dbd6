from django.urls import path

from . import views

app_name = "rosters"
urlpatterns = [
    path("<slug:code>/rosters/", views.index, name="index"),
    path("<slug:code>/rosters/assignments.xlsx", views.export_assignments, name="export_assignments"),
    path("<slug:code>/rosters/members.xlsx", views.export_members, name="export_members"),
    path("<slug:code>/rosters/<slug:kind>/template.xlsx", views.template, name="template"),
    path("<slug:code>/rosters/<slug:kind>/import/", views.upload, name="upload"),
    path("<slug:code>/rosters/<slug:kind>/import/<str:token>/", views.preview, name="preview"),
    path("<slug:code>/rosters/<slug:kind>/import/<str:token>/confirm/", views.confirm, name="confirm"),
]

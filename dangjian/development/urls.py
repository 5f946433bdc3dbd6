from django.urls import path

from . import views

app_name = "development"
urlpatterns = [
    path("<slug:code>/development/", views.overview, name="overview"),
    path("<slug:code>/development/export/", views.export, name="export"),
    path("<slug:code>/development/plan/", views.plan_save, name="plan_save"),
    path("<slug:code>/development/new/", views.file_create, name="file_create"),
    path("<slug:code>/development/<int:pk>/", views.file_detail, name="file_detail"),
    path("<slug:code>/development/<int:pk>/steps/", views.step_add, name="step_add"),
    path("<slug:code>/development/<int:pk>/steps/undo/", views.step_undo, name="step_undo"),
    path("<slug:code>/development/<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<slug:code>/development/steps/<int:pk>/document/", views.step_document, name="step_document"),
]

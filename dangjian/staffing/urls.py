from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("<slug:code>/staffing/", views.index, name="index"),
    path("<slug:code>/staffing/groups/", views.groups, name="groups"),
    path("<slug:code>/staffing/coverage/", views.coverage, name="coverage"),
    path("<slug:code>/staffing/coverage.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path("<slug:code>/staffing/optimizer/", views.optimizer_page, name="optimizer"),
    path("<slug:code>/staffing/settings/", views.settings_edit, name="settings"),
    path("<slug:code>/staffing/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("<slug:code>/staffing/runs/<int:pk>/pin/", views.run_pin, name="run_pin"),
    path("<slug:code>/staffing/runs/<int:pk>/rerun/", views.run_rerun, name="run_rerun"),
    path("<slug:code>/staffing/runs/<int:pk>/apply/", views.run_apply, name="run_apply"),
    path(
        "<slug:code>/staffing/runs/<int:pk>/<str:kind>.json",
        views.run_download,
        name="run_download",
    ),
    path("<slug:code>/staffing/versions/<int:pk>/restore/", views.version_restore, name="version_restore"),
]

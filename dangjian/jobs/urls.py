from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<slug:code>/jobs/<int:pk>/", views.detail, name="detail"),
    path("<slug:code>/jobs/<int:pk>/status/", views.status, name="status"),
    path("<slug:code>/jobs/<int:pk>/file/", views.file, name="file"),
]

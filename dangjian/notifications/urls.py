from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/read-all/", views.read_all, name="read_all"),
    path("me/notifications/settings/", views.preferences, name="preferences"),
    path("s/<slug:code>/notifications/settings/", views.school_settings, name="school_settings"),
    path("s/<slug:code>/notifications/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]

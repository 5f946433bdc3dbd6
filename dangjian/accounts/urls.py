from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("s/<slug:code>/accounts/", views.school_accounts, name="school"),
    path("s/<slug:code>/accounts/create/", views.accounts_create, name="create"),
    path("s/<slug:code>/accounts/<int:pk>/reset/", views.office_reset, name="reset"),
    path("s/<slug:code>/accounts/grants/", views.grant_add, name="grant"),
    path("s/<slug:code>/accounts/grants/<int:pk>/revoke/", views.grant_revoke, name="revoke"),
    path("county/<slug:county_code>/accounts/", views.county_accounts, name="county"),
]

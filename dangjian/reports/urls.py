from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("s/<slug:code>/dashboard/", views.dashboard, name="dashboard"),
    path("s/<slug:code>/dashboard/report/", views.report_start, name="report"),
    path("s/<slug:code>/me/", views.me, name="me"),
    path("s/<slug:code>/me/feed/<str:token>.ics", views.todo_feed, name="todo_feed"),
    path("county/<slug:county_code>/", views.county, name="county"),
    path("county/<slug:county_code>/<slug:code>/", views.county_school, name="county_school"),
]

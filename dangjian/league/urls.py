from django.urls import path

from . import views

app_name = "league"
urlpatterns = [
    path("<slug:code>/league/", views.overview, name="overview"),
    path("<slug:code>/league/rules/", views.rules_edit, name="rules_edit"),
    path("<slug:code>/league/branches/export/", views.branch_export, name="branch_export"),
    path("<slug:code>/league/branches/ensure/", views.branches_ensure, name="branches_ensure"),
    path("<slug:code>/league/branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("<slug:code>/league/branches/<int:pk>/edit/", views.branch_edit, name="branch_edit"),
    path("<slug:code>/league/lessons/", views.lesson_list, name="lesson_list"),
    path("<slug:code>/league/lessons/export/", views.lesson_export, name="lesson_export"),
    path("<slug:code>/league/lessons/new/", views.lesson_create, name="lesson_create"),
    path("<slug:code>/league/lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("<slug:code>/league/lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("<slug:code>/league/lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    path("<slug:code>/league/series/", views.series_list, name="series_list"),
    path("<slug:code>/league/series/seed/", views.series_seed, name="series_seed"),
    path("<slug:code>/league/series/new/", views.series_create, name="series_create"),
    path("<slug:code>/league/series/<int:pk>/", views.series_detail, name="series_detail"),
    path("<slug:code>/league/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("<slug:code>/league/activities/", views.theme_activity_list, name="theme_activity_list"),
    path("<slug:code>/league/activities/export/", views.theme_activity_export, name="theme_activity_export"),
    path("<slug:code>/league/activities/new/", views.theme_activity_create, name="theme_activity_create"),
    path("<slug:code>/league/activities/<int:pk>/", views.theme_activity_detail, name="theme_activity_detail"),
    path("<slug:code>/league/activities/<int:pk>/edit/", views.theme_activity_edit, name="theme_activity_edit"),
    path("<slug:code>/league/activities/<int:pk>/delete/", views.theme_activity_delete, name="theme_activity_delete"),
    path("<slug:code>/league/photos/<int:pk>/", views.photo, name="photo"),
    path("<slug:code>/league/recommendations/", views.recommendation_list, name="recommendation_list"),
    path("<slug:code>/league/recommendations/export/", views.recommendation_export, name="recommendation_export"),
    path("<slug:code>/league/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("<slug:code>/league/recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "<slug:code>/league/recommendations/<int:pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
]

from django.urls import path

from . import rollover_views, views

app_name = "school"
urlpatterns = [
    path("", views.school_list, name="list"),
    path("<slug:code>/", views.school_home, name="home"),
    path("<slug:code>/staff/", views.staff_list, name="staff_list"),
    path("<slug:code>/staff/new/", views.staff_create, name="staff_create"),
    path("<slug:code>/staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<slug:code>/staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("<slug:code>/students/", views.student_list, name="student_list"),
    path("<slug:code>/students/new/", views.student_create, name="student_create"),
    path("<slug:code>/students/<int:pk>/", views.student_detail, name="student_detail"),
    path("<slug:code>/students/<int:pk>/edit/", views.student_edit, name="student_edit"),
    path("<slug:code>/classes/", views.class_list, name="class_list"),
    path("<slug:code>/classes/new/", views.class_create, name="class_create"),
    path("<slug:code>/classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("<slug:code>/classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("<slug:code>/new-year/", rollover_views.school_year_preview, name="school_year_preview"),
    path("<slug:code>/new-year/start/", rollover_views.school_year_apply, name="school_year_apply"),
    path("<slug:code>/new-year/<int:start_year>/", rollover_views.school_year_result, name="school_year_result"),
]

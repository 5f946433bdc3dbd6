from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("<slug:code>/meetings/", views.activity_list, name="activity_list"),
    path("<slug:code>/meetings/new/", views.activity_create, name="activity_create"),
    path("<slug:code>/meetings/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<slug:code>/meetings/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<slug:code>/meetings/<int:pk>/cancel/", views.activity_cancel_view, name="activity_cancel"),
    path("<slug:code>/meetings/<int:pk>/attendance/", views.attendance_edit, name="attendance"),
    path("<slug:code>/meetings/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<slug:code>/meetings/<int:pk>/record.docx", views.activity_docx, name="activity_docx"),
    path("<slug:code>/meetings/<int:pk>/qr.svg", views.activity_qr, name="activity_qr"),
    path("<slug:code>/meetings/<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<slug:code>/meetings/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("<slug:code>/meetings/evidence/<int:pk>/delete/", views.evidence_remove, name="evidence_delete"),
    path("<slug:code>/meetings/plans/", views.plan_list, name="plan_list"),
    path("<slug:code>/meetings/plans/new/", views.plan_create, name="plan_create"),
    path("<slug:code>/meetings/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<slug:code>/meetings/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<slug:code>/meetings/plans/<int:pk>/action/", views.plan_action, name="plan_action"),
    path("<slug:code>/meetings/plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("<slug:code>/meetings/plans/<int:pk>/plan.docx", views.plan_docx, name="plan_docx"),
    path("<slug:code>/meetings/plans/<int:pk>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("<slug:code>/meetings/lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("<slug:code>/meetings/compliance/", views.compliance_view, name="compliance"),
    path("<slug:code>/meetings/compliance/members/", views.member_view, name="members"),
    path("<slug:code>/meetings/calendar/", views.calendar_view, name="calendar"),
    path("<slug:code>/meetings/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("<slug:code>/meetings/feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("<slug:code>/meetings/settings/", views.settings_view, name="settings"),
]

from django.urls import path

from . import views

app_name = "mentoring"
P = "<slug:code>/mentoring/"
urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "mine/", views.mine, name="mine"),
    path(P + "match/", views.match, name="match"),
    path(P + "match/run/", views.match_run, name="match_run"),
    path(P + "match/confirm/", views.match_confirm_all, name="match_confirm_all"),
    path(P + "match/clear/", views.match_clear, name="match_clear"),
    path(P + "pairings/", views.pairing_list, name="pairing_list"),
    path(P + "pairings/new/", views.pairing_create, name="pairing_create"),
    path(P + "pairings/zip/", views.agreements_zip, name="agreements_zip"),
    path(P + "pairings/<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path(P + "pairings/<int:pk>/edit/", views.pairing_edit, name="pairing_edit"),
    path(P + "pairings/<int:pk>/confirm/", views.pairing_confirm, name="pairing_confirm"),
    path(P + "pairings/<int:pk>/release/", views.pairing_release, name="pairing_release"),
    path(P + "pairings/<int:pk>/agreement/", views.pairing_agreement, name="pairing_agreement"),
    path(P + "pairings/<int:pk>/sign/", views.pairing_sign, name="pairing_sign"),
    path(P + "pairings/<int:pk>/scan/", views.pairing_scan, name="pairing_scan"),
    path(P + "pairings/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path(P + "pairings/<int:pk>/evaluation/", views.evaluation_edit, name="evaluation_edit"),
    path(P + "template/", views.template_page, name="template"),
    path(P + "template/<str:which>.docx", views.template_download, name="template_download"),
    path(P + "template/delete/", views.template_delete, name="template_delete"),
    path(P + "activities/", views.activity_list, name="activity_list"),
    path(P + "activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path(P + "activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path(P + "reviews/", views.reviews, name="reviews"),
    path(P + "reflections/new/", views.reflection_create, name="reflection_create"),
    path(P + "reflections/<int:pk>/edit/", views.reflection_edit, name="reflection_edit"),
    path(P + "reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
    path(P + "teachers/<int:pk>/", views.teacher_path, name="teacher_path"),
    path(P + "milestones/new/", views.milestone_create, name="milestone_create"),
    path(P + "milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path(P + "milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path(P + "figures/", views.figures, name="figures"),
    path(P + "settings/", views.settings_page, name="settings"),
]

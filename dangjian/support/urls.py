from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("<slug:code>/support/", views.home, name="home"),
    path("<slug:code>/support/poor/", views.poor_list, name="poor_list"),
    path("<slug:code>/support/poor/new/", views.poor_create, name="poor_create"),
    path("<slug:code>/support/poor/<int:pk>/edit/", views.poor_edit, name="poor_edit"),
    path("<slug:code>/support/special/", views.special_list, name="special_list"),
    path("<slug:code>/support/special/new/", views.special_create, name="special_create"),
    path("<slug:code>/support/special/<int:pk>/edit/", views.special_edit, name="special_edit"),
    path("<slug:code>/support/special/<int:pk>/collaborators/new/", views.collaborator_add, name="collaborator_add"),
    path("<slug:code>/support/collaborators/<int:pk>/remove/", views.collaborator_remove, name="collaborator_remove"),
    path("<slug:code>/support/students/<int:pk>/", views.student, name="student"),
    path("<slug:code>/support/students/<int:pk>/erase/", views.student_erase, name="student_erase"),
    path("<slug:code>/support/pairings/", views.pairing_list, name="pairing_list"),
    path("<slug:code>/support/pairings/new/", views.pairing_create, name="pairing_create"),
    path("<slug:code>/support/pairings/propose/", views.pairing_propose, name="pairing_propose"),
    path("<slug:code>/support/pairings/confirm/", views.pairing_confirm, name="pairing_confirm"),
    path("<slug:code>/support/pairings/<int:pk>/edit/", views.pairing_edit, name="pairing_edit"),
    path("<slug:code>/support/pairings/<int:pk>/delete/", views.pairing_delete, name="pairing_delete"),
    path("<slug:code>/support/pairings/<int:pk>/records/new/", views.record_create, name="record_create"),
    path("<slug:code>/support/records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<slug:code>/support/records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("<slug:code>/support/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("<slug:code>/support/settings/", views.settings_edit, name="settings"),
    path("<slug:code>/support/aid/", views.aid_ledger, name="aid"),
    path("<slug:code>/support/export/<slug:register>.xlsx", views.export, name="export"),
    path("<slug:code>/support/import/", views.register_import, name="import"),
    path("<slug:code>/support/import/<slug:register>/template.xlsx", views.import_template, name="import_template"),
    path("<slug:code>/support/import/<slug:register>/<str:token>/", views.import_preview, name="import_preview"),
    path(
        "<slug:code>/support/import/<slug:register>/<str:token>/confirm/", views.import_confirm, name="import_confirm"
    ),
    path("<slug:code>/support/audit/", views.audit_log, name="audit"),
    path("<slug:code>/support/figures/", views.figures, name="figures"),
]

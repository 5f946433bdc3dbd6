from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("<slug:code>/dues/", views.overview, name="overview"),
    path("<slug:code>/dues/export/", views.export, name="export"),
    path("<slug:code>/dues/mine/", views.mine, name="mine"),
    path("<slug:code>/dues/import/", views.import_dues, name="import"),
    path("<slug:code>/dues/branches/<int:pk>/", views.branch_ledger, name="ledger"),
    path("<slug:code>/dues/branches/<int:pk>/export/", views.branch_export, name="ledger_export"),
    path("<slug:code>/dues/branches/<int:pk>/record/", views.record, name="record"),
    path("<slug:code>/dues/members/<int:member_pk>/base/", views.base_edit, name="base_edit"),
    path("<slug:code>/dues/payments/<int:pk>/remove/", views.payment_remove, name="payment_remove"),
]

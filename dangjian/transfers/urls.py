from django.urls import path

from . import views

app_name = "transfers"
urlpatterns = [
    path("<slug:code>/transfers/", views.transfer_list, name="transfer_list"),
    path("<slug:code>/transfers/export/", views.transfer_export, name="transfer_export"),
    path("<slug:code>/transfers/new/", views.transfer_create, name="transfer_create"),
    path("<slug:code>/transfers/in/", views.transfer_in, name="transfer_in"),
    path("<slug:code>/transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("<slug:code>/transfers/<int:pk>/accept/", views.transfer_accept_view, name="transfer_accept"),
    path("<slug:code>/transfers/<int:pk>/return/", views.transfer_return_view, name="transfer_return"),
    path("<slug:code>/terms/", views.term_list, name="term_list"),
    path("<slug:code>/terms/export/", views.term_export, name="term_export"),
    path("<slug:code>/terms/new/", views.term_create, name="term_create"),
    path("<slug:code>/appraisals/", views.appraisal_list, name="appraisal_list"),
    path("<slug:code>/appraisals/export/", views.appraisal_export, name="appraisal_export"),
    path("<slug:code>/appraisals/branches/<int:pk>/<int:year>/", views.appraisal_branch, name="appraisal_branch"),
    path("<slug:code>/appraisals/<int:pk>/", views.appraisal_activity, name="appraisal_activity"),
    path("<slug:code>/appraisals/<int:pk>/<int:member_pk>/", views.appraisal_edit, name="appraisal_edit"),
]

from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("<slug:code>/party/", views.org_tree, name="org_tree"),
    path("<slug:code>/party/new/", views.org_create, name="org_create"),
    path("<slug:code>/party/<int:pk>/", views.org_detail, name="org_detail"),
    path("<slug:code>/party/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("<slug:code>/party/members/new/", views.member_create, name="member_create"),
    path("<slug:code>/party/members/<int:pk>/edit/", views.member_edit, name="member_edit"),
]

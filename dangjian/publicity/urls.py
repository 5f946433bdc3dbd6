"""Public pages at /p/<code>/ (no login) and their editing pages at /s/<code>/publicity/."""

from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("p/<slug:code>/", views.public_home, name="home"),
    path("p/<slug:code>/news/", views.news_list, name="news_list"),
    path("p/<slug:code>/news/<int:pk>/", views.news_detail, name="news_detail"),
    path("p/<slug:code>/news/<int:pk>/cover/", views.news_cover, name="news_cover"),
    path("p/<slug:code>/honours/", views.honours, name="honours"),
    path("s/<slug:code>/publicity/news/", views.manage_news, name="manage_news"),
    path("s/<slug:code>/publicity/news/export.xlsx", views.manage_news_export, name="manage_news_export"),
    path("s/<slug:code>/publicity/news/new/", views.manage_news_create, name="manage_news_create"),
    path("s/<slug:code>/publicity/news/<int:pk>/edit/", views.manage_news_edit, name="manage_news_edit"),
    path("s/<slug:code>/publicity/news/<int:pk>/preview/", views.manage_news_preview, name="manage_news_preview"),
    path("s/<slug:code>/publicity/news/<int:pk>/publish/", views.manage_news_publish, name="manage_news_publish"),
    path("s/<slug:code>/publicity/news/<int:pk>/unpublish/", views.manage_news_unpublish, name="manage_news_unpublish"),
    path("s/<slug:code>/publicity/news/<int:pk>/delete/", views.manage_news_delete, name="manage_news_delete"),
    path("s/<slug:code>/publicity/honours/", views.manage_honours, name="manage_honours"),
    path("s/<slug:code>/publicity/honours/new/", views.manage_honour_create, name="manage_honour_create"),
    path("s/<slug:code>/publicity/honours/<int:pk>/edit/", views.manage_honour_edit, name="manage_honour_edit"),
    path("s/<slug:code>/publicity/honours/<int:pk>/delete/", views.manage_honour_delete, name="manage_honour_delete"),
]

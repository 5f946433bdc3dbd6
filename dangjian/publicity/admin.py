from django import forms
from django.contrib import admin
from django.utils import timezone

from .enums import NewsStatus
from .models import Honour, NewsItem
from .sanitize import clean_html


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "level", "awarded_by", "school", "order"]
    list_filter = ["level", "school"]
    search_fields = ["name", "awarded_by"]
    list_select_related = ["school"]


class NewsItemAdminForm(forms.ModelForm):
    """The admin writes bodies through the same sanitizer as the editing pages."""

    class Meta:
        model = NewsItem
        fields = ["school", "title", "summary", "body", "source", "author_name", "published_at", "status"]

    def clean_body(self):
        return clean_html(self.cleaned_data.get("body", ""))

    def clean(self):
        data = super().clean()
        if data.get("status") == NewsStatus.PUBLISHED and not data.get("published_at"):
            data["published_at"] = timezone.now()
            self.instance.published_at = data["published_at"]
        return data


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    form = NewsItemAdminForm
    list_display = ["title", "status", "published_at", "view_count", "author_name", "school"]
    list_filter = ["status", "school"]
    search_fields = ["title", "summary", "author_name"]
    date_hierarchy = "published_at"
    list_select_related = ["school"]
    readonly_fields = ["view_count", "created_by", "created_at", "updated_at"]

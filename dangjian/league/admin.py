from django.contrib import admin

from .models import (
    LeagueBranch,
    LeagueLesson,
    LeagueRules,
    Recommendation,
    ThemeActivity,
    ThemeActivityPhoto,
    ThemeSeries,
)


@admin.register(LeagueRules)
class LeagueRulesAdmin(admin.ModelAdmin):
    list_display = ["school", "min_lessons_per_semester"]


@admin.register(LeagueBranch)
class LeagueBranchAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "school", "secretary"]
    list_filter = ["school", "school_year"]
    search_fields = ["name", "secretary__name"]
    raw_id_fields = ["school_class", "secretary"]
    list_select_related = ["school", "school_year", "secretary"]


@admin.register(LeagueLesson)
class LeagueLessonAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "lecturer", "status", "attendance", "school"]
    list_filter = ["status", "school", "school_year"]
    search_fields = ["topic", "lecturer__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["lecturer", "branches"]
    list_select_related = ["lecturer", "school"]


@admin.register(ThemeSeries)
class ThemeSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "order"]
    list_filter = ["school"]
    search_fields = ["name"]


class PhotoInline(admin.TabularInline):
    model = ThemeActivityPhoto
    extra = 0


@admin.register(ThemeActivity)
class ThemeActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "series", "participants", "guide"]
    list_filter = ["series__school", "series", "school_year"]
    search_fields = ["title", "guide__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["guide", "branches"]
    list_select_related = ["series", "guide"]
    inlines = [PhotoInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["student", "branch", "date", "status", "school"]
    list_filter = ["status", "school"]
    search_fields = ["student__name", "student__student_number", "branch__name"]
    raw_id_fields = ["student", "branch"]
    list_select_related = ["student", "branch", "school"]

from django.contrib import admin

from .models import LessonEvaluation, SubjectActivity, SubjectLink, SubjectRules


@admin.register(SubjectRules)
class SubjectRulesAdmin(admin.ModelAdmin):
    list_display = ["school", "min_activities", "min_demo_lessons"]


@admin.register(SubjectLink)
class SubjectLinkAdmin(admin.ModelAdmin):
    list_display = ["school_year", "subject", "cadre", "status", "school"]
    list_filter = ["school", "school_year", "status", "subject__name"]
    search_fields = ["cadre__name", "cadre__staff_number", "subject__name"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["school", "school_year", "subject", "cadre"]


class EvaluationInline(admin.TabularInline):
    model = LessonEvaluation
    extra = 0
    autocomplete_fields = ["evaluator"]


@admin.register(SubjectActivity)
class SubjectActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "topic", "link"]
    list_filter = ["kind", "link__school", "link__school_year"]
    search_fields = ["topic", "link__cadre__name", "link__subject__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["participants"]
    raw_id_fields = ["link"]
    list_select_related = ["link__school_year", "link__cadre", "link__subject"]
    inlines = [EvaluationInline]


@admin.register(LessonEvaluation)
class LessonEvaluationAdmin(admin.ModelAdmin):
    list_display = ["activity", "evaluator", "score"]
    list_filter = ["activity__link__school"]
    search_fields = ["evaluator__name", "activity__topic"]
    raw_id_fields = ["activity"]
    autocomplete_fields = ["evaluator"]

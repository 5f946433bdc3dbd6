from django.contrib import admin

from .models import (
    AgreementTemplate,
    Evaluation,
    MentoringActivity,
    MentoringSettings,
    Mentorship,
    Milestone,
    Reflection,
)


@admin.register(MentoringSettings)
class MentoringSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "young_age_limit", "young_years_limit", "mentor_capacity"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["school_year", "mentee", "dimension", "mentor", "status", "confirmed_on", "signed_on"]
    list_filter = ["school", "school_year", "dimension", "status"]
    search_fields = ["mentee__name", "mentor__name", "mentee__staff_number", "mentor__staff_number"]
    raw_id_fields = ["mentee", "mentor", "continued_from"]
    list_select_related = ["school_year", "mentee", "mentor"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    list_display = ["school", "uploaded_at", "uploaded_by"]


@admin.register(MentoringActivity)
class MentoringActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "mentorship", "dimension", "six_kind", "kind", "hours"]
    list_filter = ["mentorship__school", "dimension", "six_kind", "kind"]
    search_fields = ["mentorship__mentee__name", "mentorship__mentor__name", "notes"]
    raw_id_fields = ["mentorship"]
    date_hierarchy = "date"


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["school_year", "term", "mentee", "written_on"]
    list_filter = ["school", "school_year", "term"]
    search_fields = ["mentee__name", "content"]
    raw_id_fields = ["mentee"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "result", "evaluated_on"]
    list_filter = ["result", "mentorship__school_year"]
    search_fields = ["mentorship__mentee__name", "mentorship__mentor__name"]
    raw_id_fields = ["mentorship"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["staff", "date", "kind", "level", "description"]
    list_filter = ["school", "kind", "level"]
    search_fields = ["staff__name", "description"]
    raw_id_fields = ["staff"]

from django.contrib import admin

from .models import (
    AssignmentVersion,
    OptimizerRun,
    StaffingSettings,
    TeacherLoad,
    TeachingAssignment,
    TeachingGroup,
)


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["semester", "school_class", "subject", "teacher"]
    list_filter = ["semester", "school_class__grade__school", "subject__name"]
    search_fields = ["teacher__name", "teacher__staff_number"]
    autocomplete_fields = ["school_class", "subject", "teacher"]
    list_select_related = ["semester__school_year", "school_class__grade", "subject", "teacher"]


@admin.register(TeachingGroup)
class TeachingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "semester", "subject", "teacher"]
    list_filter = ["semester", "teacher__school", "subject__name"]
    search_fields = ["name", "teacher__name", "teacher__staff_number"]
    autocomplete_fields = ["subject", "teacher", "classes"]
    list_select_related = ["semester__school_year", "subject", "teacher"]


@admin.register(StaffingSettings)
class StaffingSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "min_party_teachers_per_class", "default_max_classes", "time_limit"]
    search_fields = ["school__name", "school__code"]


@admin.register(TeacherLoad)
class TeacherLoadAdmin(admin.ModelAdmin):
    list_display = ["teacher", "semester", "min_classes", "max_classes"]
    list_filter = ["semester", "teacher__school"]
    search_fields = ["teacher__name", "teacher__staff_number"]
    autocomplete_fields = ["teacher"]
    list_select_related = ["teacher", "semester__school_year"]


@admin.register(OptimizerRun)
class OptimizerRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "school", "semester", "status", "created_at", "created_by", "applied_at"]
    list_filter = ["status", "school", "semester"]
    search_fields = ["school__name", "created_by__username"]
    readonly_fields = ["created_at"]
    list_select_related = ["school", "semester__school_year", "created_by"]


@admin.register(AssignmentVersion)
class AssignmentVersionAdmin(admin.ModelAdmin):
    list_display = ["pk", "school", "semester", "reason", "size", "created_at", "created_by"]
    list_filter = ["reason", "school", "semester"]
    search_fields = ["school__name", "created_by__username"]
    readonly_fields = ["created_at"]
    list_select_related = ["school", "semester__school_year", "created_by"]

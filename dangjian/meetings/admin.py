from django.contrib import admin

from .models import Activity, ActivityKind, Attendance, CalendarToken, Evidence, LessonPlan, PlannedLesson, RuleSettings


@admin.register(RuleSettings)
class RuleSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "holiday_months", "due_soon_days"]
    search_fields = ["school__name", "school__code"]


class ActivityKindInline(admin.TabularInline):
    model = ActivityKind
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["staff"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "topic", "organization", "status", "lecturer"]
    list_filter = ["status", "kind_rows__kind", "school"]
    search_fields = ["topic", "place", "organization__name", "lecturer__name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organization", "host", "lecturer", "created_by"]
    inlines = [ActivityKindInline, AttendanceInline, EvidenceInline]


class PlannedLessonInline(admin.TabularInline):
    model = PlannedLesson
    extra = 0
    raw_id_fields = ["lecturer", "activity"]


@admin.register(LessonPlan)
class LessonPlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "semester", "status", "approved_by", "approved_at"]
    list_filter = ["status", "semester", "school"]
    search_fields = ["organization__name", "note"]
    raw_id_fields = ["organization", "created_by", "approved_by"]
    inlines = [PlannedLessonInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "staff", "status", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["staff__name", "activity__topic"]
    raw_id_fields = ["activity", "staff"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    readonly_fields = ["token", "created_at"]

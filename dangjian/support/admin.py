"""Admin for student support. The encrypted free text (case descriptions, family situations, record
notes) is left out on purpose: it is read only in the app, where every read of a case is audited."""

from django.contrib import admin

from .models import (
    AidEntry,
    Collaborator,
    Pairing,
    PoorStudentRecord,
    SpecialStudentCase,
    StudentOutcome,
    SupportRecord,
    SupportSettings,
)


@admin.register(SupportSettings)
class SupportSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "contact_interval_days"]


@admin.register(PoorStudentRecord)
class PoorStudentRecordAdmin(admin.ModelAdmin):
    list_display = ["student", "school_year", "type", "recognized_on", "school"]
    list_filter = ["school", "school_year", "type"]
    search_fields = ["student__name", "student__student_number"]
    exclude = ["family_note"]
    raw_id_fields = ["student"]


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(SpecialStudentCase)
class SpecialStudentCaseAdmin(admin.ModelAdmin):
    list_display = ["student", "school_year", "categories", "referred_on", "outcome", "school"]
    list_filter = ["school", "school_year", "outcome"]
    search_fields = ["student__name", "student__student_number"]
    exclude = ["description"]
    raw_id_fields = ["student"]
    inlines = [CollaboratorInline]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["student", "kind", "helper", "semester", "status", "school"]
    list_filter = ["school", "semester", "kind", "status"]
    search_fields = ["student__name", "student__student_number", "helper__name"]
    raw_id_fields = ["student", "helper"]


class AidEntryInline(admin.TabularInline):
    model = AidEntry
    extra = 0


@admin.register(SupportRecord)
class SupportRecordAdmin(admin.ModelAdmin):
    list_display = ["pairing", "kind", "date", "created_by", "deleted_at"]
    list_filter = ["kind", "pairing__school", "pairing__semester"]
    search_fields = ["pairing__student__name", "pairing__helper__name"]
    exclude = ["notes"]
    raw_id_fields = ["pairing", "created_by", "deleted_by"]
    inlines = [AidEntryInline]


@admin.register(StudentOutcome)
class StudentOutcomeAdmin(admin.ModelAdmin):
    list_display = ["student", "school_year", "status", "destination", "school"]
    list_filter = ["school", "school_year", "status"]
    search_fields = ["student__name", "student__student_number", "destination"]
    raw_id_fields = ["student"]

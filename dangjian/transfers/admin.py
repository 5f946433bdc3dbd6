from django.contrib import admin

from .models import Appraisal, BranchTerm, TermPost, Transfer


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["name", "direction", "state", "from_school", "to_school", "letter_number", "transfer_on"]
    list_filter = ["direction", "state"]
    search_fields = ["name", "letter_number"]
    raw_id_fields = ["member", "new_member", "to_branch", "from_school", "to_school", "created_by"]


class TermPostInline(admin.TabularInline):
    model = TermPost
    raw_id_fields = ["staff"]
    extra = 0


@admin.register(BranchTerm)
class BranchTermAdmin(admin.ModelAdmin):
    list_display = ["organization", "elected_on"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    inlines = [TermPostInline]


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ["member", "year", "grade"]
    list_filter = ["year", "grade"]
    list_select_related = ["member__staff"]
    raw_id_fields = ["activity", "member"]

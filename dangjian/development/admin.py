"""The admin corrects recorded steps through the same rules as the pages: a corrected date, person or vote is
checked against the whole file, and the member record follows; steps are added and withdrawn on the pages."""

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance

from . import services
from .forms import ALL_FIELDS, StepForm
from .models import DevelopmentFile, DevelopmentPlan, DevelopmentStep


class StepInline(admin.TabularInline):
    model = DevelopmentStep
    extra = 0
    fields = ["kind", "date", "document", "note"]
    readonly_fields = fields  # for reading: a step is corrected on its own page, through the rules and the upload check
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DevelopmentFile)
class DevelopmentFileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "branch", "school", "created_at"]
    list_filter = ["school"]
    search_fields = ["staff__name", "staff__staff_number", "student__name", "student__student_number"]
    readonly_fields = ["school", "staff", "student", "branch"]
    list_select_related = ["staff", "student", "branch", "school"]
    inlines = [StepInline]

    def has_add_permission(self, request):
        return False  # a file opens with its application, on the 发展工作 page


class StepCorrectionForm(forms.ModelForm):
    class Meta:
        model = DevelopmentStep
        fields = ALL_FIELDS

    clean_document = StepForm.clean_document

    def clean(self):
        data = super().clean()
        if not self.errors and (error := services.correction_error(construct_instance(self, copy.copy(self.instance)))):
            raise ValidationError(error)
        return data


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(admin.ModelAdmin):
    form = StepCorrectionForm
    list_display = ["file", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["file__staff__name", "file__student__name"]
    readonly_fields = ["file", "kind", "recorded_by", "recorded_at", "carried_from"]
    autocomplete_fields = ["contact_1", "contact_2", "introducer_1", "introducer_2"]
    list_select_related = ["file__staff", "file__student"]
    date_hierarchy = "date"
    actions = None

    def has_add_permission(self, request):
        return False  # steps are taken on the file's page, in order

    def has_delete_permission(self, request, obj=None):
        """Only the file's last step, and only one the page could withdraw too."""
        if obj is None or not super().has_delete_permission(request, obj):
            return False
        last = obj.file.steps.order_by("-date", "-pk").first()
        return last == obj and services.undo_refusal(obj) is None

    def save_model(self, request, obj, form, change):
        services.step_correct(step=obj, actor=request.user, request=request)

    def delete_model(self, request, obj):
        services.step_undo(file=obj.file, actor=request.user, request=request)


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(admin.ModelAdmin):
    list_display = ["branch", "year", "target"]
    list_filter = ["year"]
    autocomplete_fields = ["branch"]

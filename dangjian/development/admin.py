from django.contrib import admin

from .models import DevelopmentFile, DevelopmentPlan, DevelopmentStep


class StepInline(admin.TabularInline):
    model = DevelopmentStep
    extra = 0
    fields = ["kind", "date", "document", "note"]
    readonly_fields = ["kind", "date"]
    show_change_link = True


@admin.register(DevelopmentFile)
class DevelopmentFileAdmin(admin.ModelAdmin):
    list_display = ["staff", "branch", "school", "created_at"]
    list_filter = ["school"]
    search_fields = ["staff__name", "staff__staff_number"]
    autocomplete_fields = ["staff", "branch"]
    list_select_related = ["staff", "branch", "school"]
    inlines = [StepInline]


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(admin.ModelAdmin):
    list_display = ["file", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["file__staff__name"]
    autocomplete_fields = ["file", "contact_1", "contact_2", "introducer_1", "introducer_2"]
    list_select_related = ["file__staff"]
    date_hierarchy = "date"


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(admin.ModelAdmin):
    list_display = ["branch", "year", "target"]
    list_filter = ["year"]
    autocomplete_fields = ["branch"]

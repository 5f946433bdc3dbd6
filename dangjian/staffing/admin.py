from django.contrib import admin

from .models import TeachingAssignment


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["semester", "school_class", "subject", "teacher"]
    list_filter = ["semester", "school_class__grade__school", "subject__name"]
    search_fields = ["teacher__name", "teacher__staff_number"]
    autocomplete_fields = ["school_class", "subject", "teacher"]
    list_select_related = ["semester__school_year", "school_class__grade", "subject", "teacher"]

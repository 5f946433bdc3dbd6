from django.contrib import admin

from dangjian.accounts.services import leavers_lock

from .models import (
    County,
    Department,
    Enrollment,
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Skill,
    Staff,
    StaffYear,
    Student,
    Subject,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]


class SemesterInline(admin.TabularInline):
    model = Semester
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    inlines = [SemesterInline]


@admin.register(Semester)
class SemesterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["school_year"]


@admin.register(Department, Subject)
class SchoolNamedAdmin(admin.ModelAdmin):
    list_display = ["name", "school"]
    list_filter = ["school"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class StaffYearInline(admin.TabularInline):
    model = StaffYear
    extra = 0
    autocomplete_fields = ["grade"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = [
        "staff_number",
        "name",
        "school",
        "gender",
        "political_status",
        "leader_post",
        "title",
        "key_teacher_level",
        "is_active",
    ]
    list_filter = [
        "school",
        "political_status",
        "leader_post",
        "title",
        "key_teacher_level",
        "is_active",
        "gender",
    ]
    search_fields = ["staff_number", "name", "phone"]
    autocomplete_fields = ["user", "department", "subjects", "skills"]
    list_select_related = ["school"]
    inlines = [StaffYearInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.is_active:
            leavers_lock(school=obj.school, actor=request.user, request=request)


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "head", "deputy"]
    list_filter = ["school", "school_year", "level"]
    search_fields = ["school__name"]
    autocomplete_fields = ["head", "deputy"]
    list_select_related = ["school", "school_year", "head", "deputy"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "grade", "combination", "homeroom_teacher"]
    list_filter = ["grade__school", "grade__school_year", "grade__level", "combination"]
    search_fields = ["homeroom_teacher__name"]
    autocomplete_fields = ["grade", "homeroom_teacher"]
    list_select_related = ["grade__school_year", "homeroom_teacher"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["school_class"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["student_number", "name", "school", "gender", "birth_date", "is_league_member", "status"]
    list_filter = ["school", "status", "is_league_member", "gender"]
    search_fields = ["student_number", "name"]
    inlines = [EnrollmentInline]

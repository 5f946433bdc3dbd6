"""Reads of the school's people and classes with their joins; none queries in a loop."""

from django.db.models import Count, Prefetch, Q, QuerySet

from dangjian.lib.listing import int_or_none

from .current import current_school_year
from .enums import PARTY_STATUSES, StudentStatus
from .models import Enrollment, School, SchoolClass, SchoolYear, Staff, Student


def school_year_from_param(value: str | None) -> SchoolYear | None:
    """``2022-2023`` or ``2022`` from a query string, falling back to the current year."""
    if value:
        try:
            start = int(str(value).split("-")[0])
        except ValueError:
            start = None
        year = SchoolYear.objects.filter(start_year=start).first() if start else None
        if year:
            return year
    return current_school_year()


def search_staff(qs: QuerySet[Staff], *, q="", political_status="", subject="", department="", active="1"):
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(staff_number__icontains=q) | Q(phone__icontains=q))
    if political_status == "party_any":
        qs = qs.filter(political_status__in=PARTY_STATUSES)
    elif political_status:
        qs = qs.filter(political_status=political_status)
    if (subject := int_or_none(subject)) is not None:
        qs = qs.filter(subjects__pk=subject)
    if (department := int_or_none(department)) is not None:
        qs = qs.filter(department_id=department)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.select_related("department").prefetch_related("subjects").distinct().order_by("staff_number")


def staff_detail_data(staff: Staff) -> dict:
    return {
        "subjects": list(staff.subjects.all()),
        "skills": list(staff.skills.all()),
        "years": list(staff.years.select_related("school_year", "grade").order_by("-school_year__start_year")),
        "homeroom_classes": list(
            staff.homeroom_classes.select_related("grade__school_year").order_by("-grade__school_year__start_year")
        ),
    }


def search_students(
    school: School, school_year: SchoolYear | None, *, q="", grade="", school_class="", status="", league=""
):
    enrollments = Enrollment.objects.filter(school_year=school_year).select_related("school_class__grade")
    qs = Student.objects.filter(school=school).prefetch_related(
        Prefetch("enrollments", queryset=enrollments, to_attr="current_enrollments")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(student_number__icontains=q))
    if (grade := int_or_none(grade)) is not None:
        qs = qs.filter(enrollments__school_year=school_year, enrollments__school_class__grade__level=grade)
    if (school_class := int_or_none(school_class)) is not None:
        qs = qs.filter(enrollments__school_year=school_year, enrollments__school_class_id=school_class)
    if status:
        qs = qs.filter(status=status)
    if league in ("1", "0"):
        qs = qs.filter(is_league_member=league == "1")
    return qs.order_by("student_number")  # one enrollment per student and year: no duplicates


def classes_of_year(school: School, school_year: SchoolYear | None, *, grade="", q=""):
    qs = (
        SchoolClass.objects.filter(grade__school=school, grade__school_year=school_year)
        .select_related("grade__school_year", "homeroom_teacher")
        .annotate(student_count=Count("enrollments", filter=Q(enrollments__student__status=StudentStatus.ENROLLED)))
        .order_by("grade__level", "number")
    )
    if (grade := int_or_none(grade)) is not None:
        qs = qs.filter(grade__level=grade)
    if q:
        qs = qs.filter(homeroom_teacher__name__icontains=q)
    return qs


def class_choices(school: School, school_year: SchoolYear | None) -> QuerySet[SchoolClass]:
    """The year's classes for a filter drop-down: names only, no counts."""
    return (
        SchoolClass.objects.filter(grade__school=school, grade__school_year=school_year)
        .select_related("grade")
        .order_by("grade__level", "number")
    )


def class_students(school_class: SchoolClass) -> QuerySet[Student]:
    return Student.objects.filter(enrollments__school_class=school_class).order_by("student_number")


def school_overview(school: School, school_year: SchoolYear | None) -> dict:
    """Headline counts for the school home page: a fixed number of queries."""
    staff = Staff.objects.filter(school=school, is_active=True).aggregate(
        total=Count("pk"),
        party=Count("pk", filter=Q(political_status__in=PARTY_STATUSES)),
    )
    students = Student.objects.filter(school=school, status=StudentStatus.ENROLLED).aggregate(
        total=Count("pk"), league=Count("pk", filter=Q(is_league_member=True))
    )
    grades = list(
        school.grades.filter(school_year=school_year)
        .select_related("head", "deputy")
        .annotate(class_count=Count("classes", distinct=True))
        .order_by("level")
    )
    return {
        "staff": staff,
        "students": students,
        "grades": grades,
        "class_count": sum(g.class_count for g in grades),
    }

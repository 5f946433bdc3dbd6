"""Reads of the League module with their joins: a fixed number of queries per page."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from dangjian.lib.listing import int_or_none
from dangjian.party.membership import PARTY_HERE
from dangjian.school.models import Enrollment, School, SchoolYear, Staff, Student
from dangjian.subjects.queries import terms_of

from . import checks
from .enums import LessonStatus, RecommendationStatus
from .models import LeagueBranch, LeagueLesson, LeagueRules, Recommendation, ThemeActivity, ThemeSeries

__all__ = ["terms_of"]


def minimum_lessons(school: School) -> int:
    rules = LeagueRules.objects.filter(school=school).first()
    return rules.min_lessons_per_semester if rules else 1


def with_sizes(qs: QuerySet[LeagueBranch]) -> QuerySet[LeagueBranch]:
    """Students on the class roster that year (its enrollments: graduates count for past years)
    and the League members among them (one join)."""
    return qs.annotate(
        student_count=Count("school_class__enrollments"),
        member_count=Count(
            "school_class__enrollments", filter=Q(school_class__enrollments__student__is_league_member=True)
        ),
    )


def branches_of_year(school: School, school_year: SchoolYear | None, *, q="", grade="") -> QuerySet[LeagueBranch]:
    qs = LeagueBranch.objects.filter(school=school, school_year=school_year)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(secretary__name__icontains=q))
    if (grade := int_or_none(grade)) is not None:
        qs = qs.filter(school_class__grade__level=grade)
    return with_sizes(qs.select_related("school", "school_year", "school_class__grade", "secretary")).order_by(
        "school_class__grade__level", "school_class__number"
    )


def branch_capacity(branch_ids) -> int:
    """Students on the rosters of the given branches' classes together (one query)."""
    return Enrollment.objects.filter(school_class__league_branch__in=list(branch_ids)).count()


def coverage(school: School, school_year: SchoolYear | None, branches: list[LeagueBranch], today: dt.date) -> dict:
    """Held Party-member lessons per branch and semester for the given branches (two queries)."""
    terms = terms_of(school_year)
    minimum = minimum_lessons(school)
    held = LeagueLesson.branches.through.objects.filter(
        leaguelesson__school=school,
        leaguelesson__school_year=school_year,
        leaguelesson__status=LessonStatus.HELD,
        leaguebranch_id__in=[b.pk for b in branches],
    ).values_list("leaguebranch_id", "leaguelesson__date")
    cov = checks.lesson_coverage([b.pk for b in branches], held, terms, minimum, today)
    return {"terms": terms, "minimum": minimum, "coverage": cov}


def year_summary(school: School, school_year: SchoolYear | None, today: dt.date) -> dict:
    """Whole-year figures and findings over all the year's branches (a fixed number of queries)."""
    branches = list(branches_of_year(school, school_year))
    cov = coverage(school, school_year, branches, today)
    lessons = LeagueLesson.objects.filter(school=school, school_year=school_year).aggregate(
        held=Count("pk", filter=Q(status=LessonStatus.HELD)),
        planned=Count("pk", filter=Q(status=LessonStatus.PLANNED)),
        lecturers=Count("lecturer", filter=Q(status=LessonStatus.HELD), distinct=True),
    )
    themes = ThemeActivity.objects.filter(series__school=school, school_year=school_year).count()
    names = {b.pk: b.name for b in branches}
    return {
        "branch_count": len(branches),
        "students": sum(b.student_count for b in branches),
        "members": sum(b.member_count for b in branches),
        "lessons": lessons,
        "theme_activities": themes,
        "findings": checks.lesson_findings(names, cov["coverage"], cov["terms"], today),
        "minimum": cov["minimum"],
    }


def search_lessons(school: School, school_year: SchoolYear | None, *, q="", status="", branch=""):
    qs = LeagueLesson.objects.filter(school=school, school_year=school_year)
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(lecturer__name__icontains=q))
    if status in LessonStatus.values:
        qs = qs.filter(status=status)
    if (branch := int_or_none(branch)) is not None:
        qs = qs.filter(branches=branch)
    return (
        qs.select_related("school", "lecturer")
        .prefetch_related(
            Prefetch(
                "branches", queryset=LeagueBranch.objects.order_by("school_class__grade__level", "school_class__number")
            )
        )
        .order_by("-date", "-pk")
    )


def party_lecturers(school: School) -> QuerySet[Staff]:
    return Staff.objects.filter(PARTY_HERE, school=school, is_active=True).order_by("staff_number")


def series_with_counts(school: School, school_year: SchoolYear | None) -> list[ThemeSeries]:
    return list(
        ThemeSeries.objects.filter(school=school)
        .annotate(activity_count=Count("activities", filter=Q(activities__school_year=school_year)))
        .order_by("order", "pk")
    )


def theme_matrix(school: School, school_year: SchoolYear | None, branches: list[LeagueBranch], series: list) -> dict:
    """Activities per class (branch) and series in the year: one query."""
    rows = (
        ThemeActivity.branches.through.objects.filter(
            themeactivity__series__school=school,
            themeactivity__school_year=school_year,
            leaguebranch_id__in=[b.pk for b in branches],
        )
        .values("leaguebranch_id", "themeactivity__series_id")
        .annotate(n=Count("pk"))
        .values_list("leaguebranch_id", "themeactivity__series_id", "n")
    )
    return checks.theme_coverage([b.pk for b in branches], [s.pk for s in series], rows)


def search_theme_activities(school: School, school_year: SchoolYear | None, *, series=None, q=""):
    qs = ThemeActivity.objects.filter(series__school=school, school_year=school_year)
    if series is not None:
        qs = qs.filter(series=series)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(guide__name__icontains=q))
    return (
        qs.select_related("series__school", "guide")
        .annotate(branch_count=Count("branches", distinct=True), photo_count=Count("photos", distinct=True))
        .order_by("-date", "-pk")
    )


def search_recommendations(school: School, school_year: SchoolYear | None, *, q="", status=""):
    qs = Recommendation.objects.filter(school=school, branch__school_year=school_year)
    if q:
        qs = qs.filter(Q(student__name__icontains=q) | Q(student__student_number__icontains=q))
    if status in RecommendationStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("school", "student__development_file", "branch").order_by("-date", "-pk")


def branch_members(branch: LeagueBranch) -> QuerySet[Student]:
    return Student.objects.filter(enrollments__school_class=branch.school_class).order_by(
        "-is_league_member", "student_number"
    )

"""Reads for imports and exports: semesters, teaching assignments and Party members."""

from collections import defaultdict

from django.db.models import Q, QuerySet

from dangjian.lib import clock
from dangjian.lib.listing import int_or_none
from dangjian.party.models import OrganizationPost, PartyMember
from dangjian.school.current import current_semester
from dangjian.school.models import SchoolYear, Semester
from dangjian.staffing.models import TeachingAssignment

from .columns import SPECS
from .values import CellError, parse_semester


def semester_from_param(value) -> Semester | None:
    """``2022-2023-1`` (or an id) from a query string or the command line; None if unknown."""
    value = str(value or "").strip()
    if not value:
        return None
    semesters = Semester.objects.select_related("school_year")
    if (pk := int_or_none(value)) is not None:
        return semesters.filter(pk=pk).first()
    try:
        parsed = parse_semester(value)
    except CellError:
        return None
    return semesters.filter(school_year__start_year=parsed[0], term=parsed[1]).first() if parsed else None


def semester_or_current(value) -> Semester | None:
    """The semester a parameter names (None if unknown), or the current one when it names none."""
    return semester_from_param(value) if value else current_semester()


def assignments_for_export(school, semester: Semester, *, grade="") -> QuerySet[TeachingAssignment]:
    qs = (
        TeachingAssignment.objects.filter(school_class__grade__school=school, semester=semester)
        .select_related("semester__school_year", "school_class__grade", "subject", "teacher")
        .order_by("school_class__grade__level", "school_class__number", "subject__order", "subject__name")
    )
    if (level := int_or_none(grade)) is not None:
        qs = qs.filter(school_class__grade__level=level)
    return qs


LIST_PAGES = {"staff": "school:staff_list", "students": "school:student_list", "classes": "school:class_list"}


AFTER_IMPORT = {**LIST_PAGES, "members": "party:org_tree"}


def list_page(kind: str) -> str:
    """The URL name of the list an import of ``kind`` lands on."""
    return AFTER_IMPORT.get(kind, "rosters:index")


def period_of(kind: str, pk) -> dict:
    """The period an upload was made for, as the importer's keyword: a semester (assignments), a school year,
    or none (the Party member roster)."""
    period = SPECS[kind].period
    if period == "semester":
        return {"semester": Semester.objects.select_related("school_year").filter(pk=pk).first() if pk else None}
    if period == "school_year":
        return {"school_year": SchoolYear.objects.filter(pk=pk).first() if pk else None}
    return {}


def members_for_export(school) -> QuerySet[PartyMember]:
    return (
        PartyMember.objects.filter(staff__school=school)
        .select_related("staff", "branch", "group")
        .order_by("branch__order", "branch__pk", "staff__staff_number")
    )


def current_party_posts(school) -> dict[int, list[OrganizationPost]]:
    """Staff id → the posts they hold today in the school's organization tree (one query)."""
    today = clock.today()
    posts = (
        OrganizationPost.objects.filter(organization__school=school, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("organization")
        .order_by("organization__order", "organization__pk", "post", "pk")
    )
    out = defaultdict(list)
    for post in posts:
        out[post.staff_id].append(post)
    return out

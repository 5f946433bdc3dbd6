"""Reads: the lists behind the pages, the API and the exports, and the figures for the dashboard."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from dangjian.meetings.enums import Kind
from dangjian.meetings.models import Activity
from dangjian.party.enums import MemberStatus, OrgKind
from dangjian.party.models import Organization, PartyMember
from dangjian.school.models import School

from .enums import Direction, TransferState
from .grading import grade_distribution, needs_follow_up
from .models import Appraisal, BranchTerm, Transfer
from .terms import TermFinding, term_due, term_findings


def transfer_rows(queryset):
    return queryset.select_related("from_school", "to_school", "member__branch", "to_branch").order_by(
        "-transfer_on", "-pk"
    )


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def transfer_figures(school: School, year: int) -> dict[str, int]:
    """Transfers of the school year starting in ``year``: members who left (out of the system, or accepted by
    another school of the county), members who arrived (from outside, or accepted from the county), and
    in-county transfers still waiting on either side. One query."""
    start, end = _year_span(year)
    in_year = Q(transfer_on__range=(start, end))
    done = Q(state__in=[TransferState.DONE, TransferState.ACCEPTED])
    county = Q(direction=Direction.COUNTY)
    counts = Transfer.objects.aggregate(
        out=Count("pk", filter=Q(from_school=school) & done & in_year),
        arrived=Count("pk", filter=Q(to_school=school) & done & Q(handled_on__range=(start, end))),
        pending_out=Count("pk", filter=Q(from_school=school, state=TransferState.PENDING) & county),
        pending_in=Count("pk", filter=Q(to_school=school, state=TransferState.PENDING) & county),
    )
    return {"in": counts.pop("arrived"), **counts}


def appraisal_figures(school: School, year: int) -> dict[str, int]:
    """The grade distribution of the school year starting in ``year`` (every grade, zeros included), and the
    number of members appraised. One query."""
    grades = Appraisal.objects.filter(activity__school=school, year=year).values_list("grade", flat=True)
    out = grade_distribution(grades)
    return out | {"total": sum(out.values())}


@dataclass
class TermRow:
    branch: Organization
    term: BranchTerm | None
    due: dt.date | None
    findings: list[TermFinding] = field(default_factory=list)


def term_rows(branches, today: dt.date) -> list[TermRow]:
    """Each branch with its latest term, its due date and its warnings. Three queries."""
    terms = BranchTerm.objects.select_related("organization").prefetch_related(Prefetch("posts", queryset=_posts()))
    rows = []
    for branch in branches.prefetch_related(Prefetch("terms", queryset=terms, to_attr="term_list")).order_by(
        "order", "pk"
    ):
        term = branch.term_list[0] if branch.term_list else None
        elected = term.elected_on if term else None
        rows.append(TermRow(branch, term, term_due(elected) if elected else None, term_findings(elected, today)))
    return rows


def _posts():
    from .models import TermPost

    return TermPost.objects.select_related("staff")


def branches(school: School):
    return Organization.objects.filter(school=school, kind=OrgKind.BRANCH)


def review_activities(school: School, org_ids=None):
    """The school's 民主评议党员 activities, newest first, with how many members were appraised."""
    qs = Activity.objects.filter(school=school, kind_rows__kind=Kind.REVIEW).select_related("organization")
    if org_ids is not None:
        qs = qs.filter(organization__in=org_ids)
    return qs.annotate(appraised=Count("appraisals", distinct=True)).order_by("-starts_at", "-pk")


def activity_members(activity: Activity, branch_ids):
    """The members the activity appraises: current members of its organization's branches, with their
    appraisal at this activity (if any). Two queries."""
    members = (
        PartyMember.objects.filter(branch__in=branch_ids, status__in=[MemberStatus.PROBATIONARY, MemberStatus.FULL])
        .select_related("staff", "branch")
        .order_by("branch__order", "staff__staff_number")
    )
    recorded = {a.member_id: a for a in Appraisal.objects.filter(activity=activity)}
    return [(member, recorded.get(member.pk)) for member in members]


def branch_review(school: School, branch: Organization, year: int) -> Activity | None:
    """The 民主评议党员 activity that appraises ``branch`` in the school year starting in ``year``: the latest
    held by the branch or an organization above it. Two queries."""
    parents = dict(Organization.objects.filter(school=school).values_list("pk", "parent_id"))
    line, org = [], branch.pk
    while org is not None and org not in line:
        line.append(org)
        org = parents.get(org)
    start, end = _year_span(year)
    return (
        review_activities(school, line)
        .filter(starts_at__date__range=(start, end))
        .select_related("school")
        .order_by("-starts_at", "-pk")
        .first()
    )


def voters(branch_ids) -> int:
    """The members with a vote at an appraisal: the full members of its organization's branches."""
    return PartyMember.objects.filter(branch__in=branch_ids, status=MemberStatus.FULL).count()


def branch_appraisals(activity: Activity, branch: Organization) -> list[Appraisal]:
    """One appraisal per current member of ``branch`` (正式 and 预备党员): the one saved at ``activity``, or a
    new one. Two queries."""
    recorded = {a.member_id: a for a in Appraisal.objects.filter(activity=activity, member__branch=branch)}
    members = PartyMember.objects.filter(
        branch=branch, status__in=[MemberStatus.PROBATIONARY, MemberStatus.FULL]
    ).select_related("staff")
    out = []
    for member in members.order_by("staff__staff_number", "pk"):
        appraisal = recorded.get(member.pk) or Appraisal(activity=activity, member=member)
        appraisal.activity, appraisal.member = activity, member
        out.append(appraisal)
    return out


@dataclass
class GradeRow:
    member: PartyMember
    grades: dict[int, Appraisal]
    flagged: bool


def member_grades(school: School, org_ids=None) -> tuple[list[int], list[GradeRow]]:
    """Each member's grades over the years (school-year starts, oldest first) and whether their latest grade
    calls for follow-up. Two queries."""
    members = PartyMember.objects.filter(branch__school=school).exclude(status=MemberStatus.TRANSFERRED_OUT)
    if org_ids is not None:
        members = members.filter(branch__in=org_ids)
    members = members.select_related("staff", "branch").order_by("branch__order", "staff__staff_number")
    by_member = defaultdict(dict)
    for appraisal in Appraisal.objects.filter(member__in=members).order_by("year", "activity__starts_at"):
        by_member[appraisal.member_id][appraisal.year] = appraisal
    years = sorted({year for grades in by_member.values() for year in grades})
    rows = []
    for member in members:
        grades = by_member[member.pk]
        latest = grades[max(grades)] if grades else None
        rows.append(GradeRow(member, grades, bool(latest and needs_follow_up(latest.grade))))
    return years, rows

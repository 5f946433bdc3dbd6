"""Reads of the personal page beyond reports.queries.due_for: mentoring pairs gone quiet and the user's own
history of the current school year. A fixed number of queries whatever the data (counts in the database)."""

import datetime as dt

from django.db.models import Max, Q
from django.urls import reverse

from dangjian.lib import clock
from dangjian.meetings.enums import ActivityStatus, AttendanceStatus
from dangjian.meetings.models import Attendance
from dangjian.mentoring.models import MentoringActivity, Mentorship
from dangjian.mentoring.queries import ACTIVE, LIVE
from dangjian.school.models import School, SchoolYear
from dangjian.school.queries import current_school_year
from dangjian.support.models import SupportRecord

from .queries import due_for

QUIET_DAYS = 30  # a mentoring pair with no activity logged in this many days is due for a log


def quiet_pairs(school: School, staff_id: int, year: SchoolYear, today: dt.date) -> list[tuple[str, str, str]]:
    """(level, message, url) for the user's confirmed, unreleased pairs of the running school year (as mentor
    or mentee) with no activity in the last QUIET_DAYS days; a pair confirmed less than QUIET_DAYS ago is not
    due yet. One query."""
    if not (year.starts_on <= today <= year.ends_on):
        return []
    since = today - dt.timedelta(days=QUIET_DAYS)
    rows = (
        Mentorship.objects.filter(school=school, school_year=year)
        .filter(ACTIVE, LIVE)
        .filter(Q(mentor_id=staff_id) | Q(mentee_id=staff_id))
        .filter(confirmed_on__lte=since)
        .annotate(last=Max("activities__date", filter=Q(activities__date__lte=today)))
        .filter(Q(last__isnull=True) | Q(last__lt=since))
        .select_related("mentor", "mentee")
        .order_by("mentee__name", "pk")
    )
    out = []
    for m in rows:
        other = f"青年教师 {m.mentee.name}" if m.mentor_id == staff_id else f"导师 {m.mentor.name}"
        if m.last:
            message = f"与{other}的结对已 {(today - m.last).days} 天没有带教活动记录，请及时记录"
        else:
            message = f"与{other}的结对本学年尚无带教活动记录，请及时记录"
        out.append(("warning", message, reverse("mentoring:pairing_detail", args=[school.code, m.pk])))
    return out


def history(user, school: School, staff_id: int | None, year: SchoolYear) -> dict:
    """Counts of the user's own records of the school year: Party activities attended, mentoring activities
    of their pairs, student support records they wrote. Three queries."""
    attended = mentoring = 0
    if staff_id:
        attended = Attendance.objects.filter(
            staff_id=staff_id,
            status=AttendanceStatus.PRESENT,
            activity__school=school,
            activity__status=ActivityStatus.HELD,
            activity__starts_at__date__gte=year.starts_on,
            activity__starts_at__date__lte=year.ends_on,
        ).count()
        mentoring = (
            MentoringActivity.objects.filter(mentorship__school=school, mentorship__school_year=year)
            .filter(Q(mentorship__mentor_id=staff_id) | Q(mentorship__mentee_id=staff_id))
            .count()
        )
    support = (
        SupportRecord.objects.alive()
        .filter(created_by=user, pairing__school=school, date__gte=year.starts_on, date__lte=year.ends_on)
        .count()
    )
    return {"year": year, "attended": attended, "mentoring_activities": mentoring, "support_records": support}


def page(user, school: School, today: dt.date | None = None) -> dict:
    """The personal page: reports.queries.due_for (meetings, staffing and the user's own support findings,
    lessons to give) plus the quiet mentoring pairs and the user's history of the current school year."""
    today = today or clock.today()
    context = due_for(user, school, today)
    context["history"] = None
    year = current_school_year(today)
    if year is not None:
        if context["staff_id"]:
            context["findings"] = [*context["findings"], *quiet_pairs(school, context["staff_id"], year, today)]
        context["history"] = history(user, school, context["staff_id"], year)
    return context

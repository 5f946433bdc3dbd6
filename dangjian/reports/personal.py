"""Reads of the personal page (我的待办): the user's to-do (todo.items, grouped by module) and their own history
of the current school year. A fixed number of queries whatever the data (counts in the database)."""

import datetime as dt

from django.db.models import Q

from dangjian.accounts.access import get_access
from dangjian.dues import nav as dues_nav
from dangjian.lib import clock
from dangjian.meetings.enums import ActivityStatus, AttendanceStatus
from dangjian.meetings.models import Attendance
from dangjian.mentoring.models import MentoringActivity, Mentorship
from dangjian.mentoring.queries import ACTIVE
from dangjian.school.models import School, SchoolYear
from dangjian.school.queries import current_school_year
from dangjian.support.models import SupportRecord

from . import todo


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
    """The personal page: the user's own items by module, the school's findings for office roles, the number
    of pairs the user has mentored and their history of the current school year."""
    today = today or clock.today()
    access = get_access(user)
    staff_id = access.staff_id if access.staff_school_id == school.pk else None
    items = todo.items(user, school, today)
    year = current_school_year(today)
    mentorships = 0
    if staff_id:
        mentorships = Mentorship.objects.filter(school=school).filter(ACTIVE).filter(mentor_id=staff_id).count()
    return {
        "today": today,
        "mine": todo.grouped([i for i in items if not i.school_wide]),
        "school_items": todo.grouped([i for i in items if i.school_wide]),
        "staff_id": staff_id,
        "mentorships": mentorships,
        "history": history(user, school, staff_id, year) if year is not None else None,
        "links": dues_nav.personal_entries(user, school),  # 我的党费: from here, so 我的 stays one tap
    }

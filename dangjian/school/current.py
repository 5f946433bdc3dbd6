"""Which school year and semester are current: one answer for every module, from the one clock."""

import datetime as dt

from dangjian.lib import clock

from .models import SchoolYear, Semester


def _current(qs, today: dt.date | None):
    today = today or clock.today()
    return (
        qs.filter(starts_on__lte=today, ends_on__gte=today).first()
        or qs.filter(starts_on__lte=today).first()
        or qs.first()
    )


def current_school_year(today: dt.date | None = None) -> SchoolYear | None:
    """The school year containing today, else the latest one that has started, else the latest."""
    return _current(SchoolYear.objects.order_by("-start_year"), today)


def semester_of_year(school_year: SchoolYear, today: dt.date | None = None) -> Semester | None:
    """The semester of ``school_year`` containing today, else its latest that has started, else its latest."""
    return _current(
        Semester.objects.filter(school_year=school_year).select_related("school_year").order_by("-starts_on"), today
    )


def current_semester(today: dt.date | None = None) -> Semester | None:
    """The semester containing today, else the latest one that has started, else the latest."""
    return _current(Semester.objects.select_related("school_year").order_by("-starts_on"), today)

"""The demo opened today shows a live school year: five school years up to the current one, the current
semester half done (meetings held, some due soon, one overdue), nothing recorded after today; the same for
any date, and a second run changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from dangjian.meetings.enums import ActivityStatus, State
from dangjian.meetings.models import Activity
from dangjian.meetings.queries import school_year_compliance
from dangjian.mentoring.models import MentoringActivity
from dangjian.publicity.models import NewsItem
from dangjian.school.current import current_school_year, current_semester
from dangjian.school.models import School, SchoolYear
from dangjian.support.models import SupportRecord


def _seed() -> None:
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2", stdout=StringIO())


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize(("today", "start", "term"), [("2026-12-03", 2026, 1), ("2027-04-10", 2026, 2)])
def test_the_demo_is_live_on_any_day(db, settings, today, start, term):
    settings.DANGJIAN_TODAY = today
    day = dt.date.fromisoformat(today)
    _seed()
    years = list(SchoolYear.objects.order_by("start_year").values_list("start_year", flat=True))
    assert years == list(range(start - 4, start + 1))
    assert current_school_year().start_year == start
    assert (current_semester().school_year.start_year, current_semester().term) == (start, term)

    school = School.objects.get(code="sfyz")
    semester = current_semester()
    this_semester = Activity.objects.filter(
        school=school, starts_at__date__gte=semester.starts_on, starts_at__date__lte=semester.ends_on
    )
    end_of_today = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    assert this_semester.filter(status=ActivityStatus.HELD).count() > 10
    assert this_semester.filter(status=ActivityStatus.PLANNED, starts_at__gt=end_of_today).exists()
    assert not Activity.objects.filter(status=ActivityStatus.HELD, starts_at__gt=end_of_today).exists()
    assert not SupportRecord.objects.filter(date__gte=day).exists()
    assert not MentoringActivity.objects.filter(date__gte=day).exists()
    assert not NewsItem.objects.filter(published_at__gt=end_of_today).exists()

    rows = [r for o in school_year_compliance([school.pk], start, day).orgs for r in o.rows]
    natural = [r for r in rows if r.period.granularity == "month" and r.period.starts_on >= semester.starts_on]
    states = {r.state for r in natural}
    assert State.OK in states and State.OVERDUE in states  # held, and the deliberate miss of last month
    assert states & {State.DUE_SOON, State.OPEN}  # this month's, still to come

    before = _counts()
    _seed()
    assert _counts() == before

"""The demo seeder: five years of records, deterministic, idempotent, with the deliberate gaps."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from dangjian.demo import generate
from dangjian.meetings import demo, queries
from dangjian.meetings.models import Activity, ActivityKind, Attendance, LessonPlan, PlannedLesson
from dangjian.school.models import School

pytestmark = pytest.mark.usefixtures("base_story")


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.setattr(generate, "MODULE_SEEDERS", ["dangjian.meetings.demo.seed"])
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2")
    return School.objects.get(code="sfyz")


def counts():
    return [m.objects.count() for m in (Activity, ActivityKind, Attendance, LessonPlan, PlannedLesson)]


def test_history_from_2018_to_2023_with_attendance_and_published_plans(seeded):
    first = Activity.objects.order_by("starts_at").first().starts_at.date()
    last = Activity.objects.order_by("starts_at").last().starts_at.date()
    assert (first.year, first.month) == (2018, 9)
    assert (last.year, last.month) == (2023, 6)
    statuses = dict(Attendance.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["present"] > 10 * statuses["leave"] > 0
    assert set(LessonPlan.objects.values_list("status", flat=True)) == {"published"}
    assert ActivityKind.objects.filter(kind="general_meeting", activity__kind_rows__kind="theme_day").exists()


def test_second_run_changes_nothing(seeded):
    before = counts()
    demo.seed(school=seeded, years={})
    assert counts() == before


def test_compliance_shows_the_deliberate_gaps(seeded):
    data = queries.compliance([seeded.pk], 2022, dt.date(2023, 3, 1))
    messages = {f.message for o in data.orgs for f in o.findings}
    assert "高二年段党支部：2022年11月主题党日未按要求开展（应开展 1 次，已开展 0 次）" in messages
    assert "高二年段党支部：2022年第4季度党课未按要求开展（应开展 1 次，已开展 0 次）" in messages
    assert "行政后勤党支部：2022年组织生活会未按要求开展（应开展 1 次，已开展 0 次）" in messages
    assert [r.lecturer.post for r in data.lecturers[seeded.pk] if r.missing] == ["工会主席"]
    clean = [o.org.name for o in data.orgs if not o.findings]
    assert "高一年段党支部" in clean

"""The week view of the 三会一课 calendar: ?view=week&date=YYYY-MM-DD."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.meetings.queries import CalendarEntry, week_days
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ROLES, expect

from .test_views import MEMBERS


def _url():
    return reverse("meetings:calendar", args=["a"])


def test_week_days_groups_entries_without_the_database():
    monday = dt.date(2022, 11, 7)
    entry = CalendarEntry(dt.date(2022, 11, 10), None, None, "主题党日", "第一党支部", "", "held", "/x", "u")
    days = week_days(monday, [entry])
    assert [(d, label, [e.title for e in items]) for d, label, items in days][2:4] == [
        (dt.date(2022, 11, 9), "周三", []),
        (dt.date(2022, 11, 10), "周四", ["主题党日"]),
    ]
    assert len(days) == 7


def test_week_view_renders_the_week_of_the_date(client_for, meet):
    response = client_for("teacher").get(_url(), {"view": "week", "date": "2022-11-12"})
    assert response.status_code == 200
    assert response.context["view"] == "week"
    assert response.context["monday"] == dt.date(2022, 11, 7)
    assert response.context["sunday"] == dt.date(2022, 11, 13)
    assert [(day.isoformat(), [e.title for e in items]) for day, _, items in response.context["days"] if items] == [
        ("2022-11-10", ["十一月主题党日"])
    ]
    assert (response.context["prev"], response.context["next"]) == ("2022-10-31", "2022-11-14")
    html = response.content.decode()
    assert "十一月主题党日" in html
    assert "?view=week&amp;date=2022-10-31" in html
    assert "?view=week&amp;date=2022-11-14" in html
    assert "二支部党课" not in html  # not invited


def test_week_view_per_branch_and_bad_date(client_for, meet):
    client = client_for("secretary")
    params = {"view": "week", "date": "2022-11-10"}
    titles = [e.title for e in client.get(_url(), params).context["entries"]]
    assert titles == ["十一月主题党日", "二支部党课"]
    only = client.get(_url(), {**params, "organization": meet.other_branch.pk}).context["entries"]
    assert [e.title for e in only] == ["二支部党课"]
    response = client.get(_url(), {"view": "week", "date": "2022-13-45"})
    assert response.status_code == 200
    today = dt.date.today()
    assert response.context["monday"] <= today <= response.context["sunday"] + dt.timedelta(days=1)


def test_week_view_shows_planned_lessons(client_for, meet):
    f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader, topic="党章学习", planned_on=dt.date(2022, 11, 8))
    entries = client_for("branch").get(_url(), {"view": "week", "date": "2022-11-08"}).context["entries"]
    assert [(e.day, e.status, e.title) for e in entries] == [
        (dt.date(2022, 11, 8), "lesson", "党课：党章学习（书记甲）"),
        (dt.date(2022, 11, 10), "held", "十一月主题党日"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_week_view_permissions(client_for, meet, role):
    response = client_for(role).get(_url(), {"view": "week", "date": "2022-11-10"})
    assert response.status_code == expect(MEMBERS)[role]


def _add(meet, k):
    for _ in range(k):
        activity = f.ActivityFactory(
            organization=meet.activity.organization, kinds=["lesson", "theme_day"], lecturer=meet.leader
        )
        f.AttendanceFactory(activity=activity, staff=meet.teacher)
        f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader, planned_on=dt.date(2022, 11, 9))


def test_week_view_query_count_is_constant(client_for, meet, django_assert_max_num_queries):
    client = client_for("secretary")
    params = {"view": "week", "date": "2022-11-10"}
    _add(meet, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(_url(), params).context["entries"]) == 4
    _add(meet, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(_url(), params).context["entries"]) == 12

"""/api/v1/me/todo: 我的待办 as JSON, the same list as the page, for the user alone."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.meetings.queries import day_start
from dangjian.tests import factories as f

ROLES = ["anonymous", "secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "outsider", "county"]
ROLES += ["superuser"]
TODO = dict(zip(ROLES, [401, 200, 200, 200, 200, 200, 200, 404, 404, 200], strict=True))
TODAY = dt.date(2023, 4, 10)


@pytest.fixture
def today(settings, world):
    settings.DANGJIAN_TODAY = TODAY.isoformat()
    return f.SemesterFactory(
        school_year=world.year, term=2, starts_on=dt.date(2023, 2, 15), ends_on=dt.date(2023, 7, 10)
    )


@pytest.mark.parametrize("role", ROLES)
def test_todo_permissions(api_for, role):
    assert api_for(role).get("/api/v1/me/todo", {"school": "a"}).status_code == TODO[role]


def test_todo_lists_todays_meeting_with_the_checkin_link(api_for, bearer_for, world, today):
    teacher = world.users["teacher"].staff
    activity = f.ActivityFactory(
        organization=world.branch,
        topic="四月党小组会",
        status="planned",
        starts_at=day_start(TODAY) + dt.timedelta(hours=15),
        kinds=["group_meeting"],
    )
    f.AttendanceFactory(activity=activity, staff=teacher, status="")
    body = bearer_for("teacher").get("/api/v1/me/todo").json()  # the school defaults to the user's own
    assert (body["school"], body["today"], body["count"]) == ("a", "2023-04-10", 1)
    item = body["items"][0]
    assert (item["module"], item["title"], item["day"], item["level"], item["school_wide"]) == (
        "三会一课",
        "党小组会：四月党小组会",
        "2023-04-10",
        "warning",
        False,
    )
    assert item["url"] == reverse("meetings:activity_detail", args=["a", activity.pk])
    assert item["action_url"] == reverse("meetings:checkin", args=["a", activity.pk])
    # another member of the school sees none of it
    assert api_for("jiaowu").get("/api/v1/me/todo", {"school": "a"}).json()["items"] == []


def test_todo_of_another_school_or_without_one(api_for, world):
    assert api_for("teacher").get("/api/v1/me/todo", {"school": "b"}).status_code == 404
    response = api_for("superuser").get("/api/v1/me/todo")  # works in no school of its own
    assert (response.status_code, response.json()["detail"]) == (404, "请用 school 参数指定学校")

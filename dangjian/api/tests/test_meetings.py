"""/api/v1/meetings: activities with attendance, plans and compliance, behind the same checks as the pages."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from dangjian.meetings.models import Activity, Attendance
from dangjian.tests import factories as f

from ..errors import NOT_FOUND


@pytest.fixture
def meet(world):
    world.branch.established_on = dt.date(2018, 9, 1)
    world.branch.save()
    teacher = world.users["teacher"].staff
    member = f.PartyMemberFactory(branch=world.branch, staff__name="李党员").staff
    other_branch = f.OrganizationFactory(school=world.school, name="第二党支部")
    stranger = f.PartyMemberFactory(branch=other_branch, staff__name="赵党员").staff
    activity = f.ActivityFactory(
        organization=world.branch, topic="十一月主题党日", kinds=["theme_day", "general_meeting"]
    )
    f.AttendanceFactory(activity=activity, staff=teacher)
    other = f.ActivityFactory(organization=other_branch, topic="二支部党课", kinds=["lesson"], lecturer=stranger)
    plan = f.LessonPlanFactory(organization=world.branch, semester=f.SemesterFactory(school_year=world.year))
    f.PlannedLessonFactory(plan=plan, lecturer=member, topic="党课甲")
    return {
        "teacher": teacher,
        "member": member,
        "stranger": stranger,
        "activity": activity,
        "other": other,
        "plan": plan,
    }


PAYLOAD = {
    "organization": None,
    "kinds": ["lesson", "theme_day"],
    "topic": "学习党的二十大精神",
    "status": "held",
    "day": "2022-11-11",
    "start_time": "15:00",
    "end_time": "16:30",
}


def test_list_by_role(api_for, meet):
    def topics(role):
        response = api_for(role).get("/api/v1/meetings/activities", {"school": "a"})
        assert response.status_code == 200
        return sorted(item["topic"] for item in response.json()["items"])

    assert topics("secretary") == ["二支部党课", "十一月主题党日"]
    assert topics("branch") == ["十一月主题党日"]
    assert topics("teacher") == ["十一月主题党日"]
    assert topics("jiaowu") == []
    assert api_for("county").get("/api/v1/meetings/activities", {"school": "a"}).status_code == 404
    assert api_for("outsider").get("/api/v1/meetings/activities", {"school": "a"}).status_code == 404


def test_detail_has_kinds_and_attendance(api_for, meet):
    body = api_for("teacher").get(f"/api/v1/meetings/activities/{meet['activity'].pk}").json()
    assert body["kinds"] == ["general_meeting", "theme_day"]
    assert body["kinds_display"] == ["支部党员大会", "主题党日"]
    assert body["attendance"] == [
        {
            "staff_id": meet["teacher"].pk,
            "name": "王老师",
            "status": "present",
            "status_display": "出席",
            "reason": "",
            "checked_in_at": None,
        }
    ]
    assert body["quorum"] == ["到会正式党员 1 名，未超过应到 2 名的半数：支部党员大会不符合表决有效人数。"]
    assert api_for("teacher").get(f"/api/v1/meetings/activities/{meet['other'].pk}").json() == {"detail": NOT_FOUND}


def test_create_with_attendance(api_for, world, meet):
    payload = {
        **PAYLOAD,
        "organization": world.branch.pk,
        "lecturer": meet["member"].pk,
        "attendance": [
            {"staff": meet["teacher"].pk, "status": "present"},
            {"staff": meet["member"].pk, "status": "leave", "reason": "外出培训"},
        ],
    }
    response = api_for("branch").post("/api/v1/meetings/activities?school=a", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kinds"], body["invited"], body["present"], body["on_leave"]) == (["lesson", "theme_day"], 2, 1, 1)
    assert body["lecturer_name"] == "李党员"


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"day": "2030-01-01"}, {"日期": ["日期不能晚于一年以后，请核对。"]}),
        ({"day": "2017-01-01"}, {"日期": ["早于第一党支部的成立日期（2018-09-01），请核对。"]}),
        ({"kinds": ["meeting"]}, {"活动类型": ["活动类型“meeting”不存在。"]}),
        ({"lecturer": None}, {"授课人": ["党课须填写授课人。"]}),
    ],
)
def test_create_refuses_bad_input(api_for, world, meet, change, errors):
    payload = {**PAYLOAD, "organization": world.branch.pk, "lecturer": meet["member"].pk, **change}
    response = api_for("secretary").post("/api/v1/meetings/activities?school=a", payload)
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert Activity.objects.count() == 2


def test_lecturer_from_another_school_and_attendee_outside_the_organization(api_for, world, meet):
    stranger = f.StaffFactory(school=world.other_school)
    payload = {**PAYLOAD, "organization": world.branch.pk, "lecturer": stranger.pk}
    response = api_for("secretary").post("/api/v1/meetings/activities?school=a", payload)
    assert response.json()["errors"] == {"授课人": ["请选择本校在职教职工（所选人员不存在或不属于本校）。"]}
    payload = {
        **PAYLOAD,
        "organization": world.branch.pk,
        "lecturer": meet["member"].pk,
        "attendance": [{"staff": meet["teacher"].pk, "status": "present"}, {"staff": meet["stranger"].pk}],
    }
    response = api_for("secretary").post("/api/v1/meetings/activities?school=a", payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "出勤": [f"第 2 行：编号 {meet['stranger'].pk} 的人员不是第一党支部的党员，不能登记出勤。"]
    }
    assert Activity.objects.count() == 2  # nothing half-saved


def test_patch_records_attendance_and_branch_writes_only_its_own(api_for, meet):
    url = f"/api/v1/meetings/activities/{meet['activity'].pk}"
    response = api_for("branch").patch(
        url, {"attendance": [{"staff": meet["member"].pk, "status": "leave", "reason": "病假"}]}
    )
    assert response.status_code == 200, response.json()
    assert dict(Attendance.objects.filter(activity=meet["activity"]).values_list("staff__name", "status")) == {
        "王老师": "present",
        "李党员": "leave",
    }
    assert api_for("branch").patch(f"/api/v1/meetings/activities/{meet['other'].pk}", {"topic": "x"}).status_code == 404
    assert api_for("teacher").patch(url, {"topic": "x"}).status_code == 403
    assert api_for("teacher").post("/api/v1/meetings/activities?school=a", PAYLOAD).status_code == 403


def test_plans(api_for, meet):
    body = api_for("branch").get("/api/v1/meetings/plans", {"school": "a"}).json()
    assert body["count"] == 1
    assert [lesson["topic"] for lesson in body["items"][0]["lessons"]] == ["党课甲"]
    assert api_for("teacher").get("/api/v1/meetings/plans", {"school": "a"}).json()["count"] == 0  # a draft
    detail = api_for("secretary").get(f"/api/v1/meetings/plans/{meet['plan'].pk}").json()
    assert (detail["status"], detail["semester"]) == ("draft", "2022-2023-1")


def test_compliance(api_for, world, meet):
    response = api_for("branch").get("/api/v1/meetings/compliance", {"organization": world.branch.pk, "year": 2022})
    assert response.status_code == 200
    body = response.json()
    rows = {(r["period"], r["kind"]): r for r in body["rows"]}
    assert {k: rows[("2022-11", "theme_day")][k] for k in ("required", "held", "missing", "state")} == {
        "required": 1,
        "held": 1,
        "missing": 0,
        "state": "ok",
    }
    assert {k: rows[("2022-Q4", "general_meeting")][k] for k in ("required", "held", "missing")} == {
        "required": 1,
        "held": 1,
        "missing": 0,
    }
    assert rows[("2022", "theme_day")]["missing"] == 8
    other = meet["other"].organization_id
    assert (
        api_for("branch").get("/api/v1/meetings/compliance", {"organization": other, "year": 2022}).status_code == 403
    )
    assert (
        api_for("teacher").get("/api/v1/meetings/compliance", {"organization": other, "year": 2022}).status_code == 403
    )
    assert (
        api_for("county").get("/api/v1/meetings/compliance", {"organization": other, "year": 2022}).status_code == 404
    )
    bad = api_for("secretary").get("/api/v1/meetings/compliance", {"organization": other, "year": 1900})
    assert bad.status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/meetings/activities", "/api/v1/meetings/plans"])
def test_list_query_count_is_constant(api_for, world, meet, path, django_assert_max_num_queries):
    client = api_for("secretary")

    def add(k):
        for _ in range(k):
            activity = f.ActivityFactory(organization=world.branch, kinds=["lesson", "theme_day"])
            f.AttendanceFactory(activity=activity, staff=meet["teacher"])
            plan = f.LessonPlanFactory(
                organization=f.OrganizationFactory(school=world.school), semester=meet["plan"].semester
            )
            f.PlannedLessonFactory(plan=plan, lecturer=meet["member"])

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path, {"school": "a"}).status_code == 200
    add(4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(path, {"school": "a"}).json()["count"] >= 5


def test_a_list_makes_answers_for_its_page_only(api_for, world, meet, monkeypatch):
    """The rows of the page asked for, not of the whole school, become answers (the list of 1,300 activities of
    the demo took 240 ms for a page of 25), with the same counts as before."""
    from dangjian.api import meetings

    made = []
    monkeypatch.setattr(meetings, "_row", lambda a, row=meetings._row: made.append(a.pk) or row(a))
    for _ in range(6):
        f.AttendanceFactory(activity=f.ActivityFactory(organization=world.branch), staff=meet["teacher"])
    body = api_for("secretary").get("/api/v1/meetings/activities", {"school": "a", "page_size": 3}).json()
    assert (body["count"], len(body["items"]), len(made)) == (8, 3, 3)
    invited = {
        a["id"]: a["invited"] for a in api_for("secretary").get("/api/v1/meetings/activities?school=a").json()["items"]
    }
    assert sorted(invited.values()) == sorted(
        Activity.objects.annotate(n=Count("attendances")).values_list("n", flat=True)
    )


def test_bearer_token_reads(bearer_for, meet):
    assert bearer_for("secretary").get("/api/v1/meetings/activities", {"school": "a"}).json()["count"] == 2

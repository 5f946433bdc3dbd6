"""/api/v1/meetings/plans writes and /activities/{id}/check-in: the same forms, services and
permission checks as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.meetings.models import Attendance, LessonPlan, PlannedLesson
from dangjian.tests import factories as f


@pytest.fixture
def plans(world):
    world.branch.established_on = dt.date(2018, 9, 1)
    world.branch.save()
    member = f.PartyMemberFactory(branch=world.branch, staff__name="李党员").staff
    autumn = f.SemesterFactory(school_year=world.year, term=1)
    spring = f.SemesterFactory(
        school_year=world.year, term=2, starts_on=dt.date(2023, 2, 20), ends_on=dt.date(2023, 7, 10)
    )
    plan = f.LessonPlanFactory(organization=world.branch, semester=autumn)
    lesson = f.PlannedLessonFactory(plan=plan, lecturer=member, topic="党课甲", planned_on=dt.date(2022, 10, 12))
    return {"member": member, "autumn": autumn, "spring": spring, "plan": plan, "lesson": lesson}


def _new_plan(world, plans, **change):
    return {
        "organization": world.branch.pk,
        "semester": plans["spring"].pk,
        "note": "本学期党课安排",
        "lessons": [
            {"planned_on": "2023-03-15", "lecturer": plans["member"].pk, "topic": "学习二十大报告"},
            {"week": 8, "lecturer": plans["member"].pk, "topic": "党章第一讲"},
        ],
        **change,
    }


CREATE = {"anonymous": 401, "secretary": 201, "party_staff": 201, "branch": 201, "superuser": 201}
CREATE |= {"jiaowu": 403, "counsellor": 403, "teacher": 403, "outsider": 404, "county": 404}


@pytest.mark.parametrize("role", sorted(CREATE))
def test_create_by_role(api_for, world, plans, role):
    response = api_for(role).post("/api/v1/meetings/plans?school=a", _new_plan(world, plans))
    assert response.status_code == CREATE[role], response.json()
    assert LessonPlan.objects.count() == (2 if CREATE[role] == 201 else 1)


def test_create_with_lessons(api_for, world, plans):
    response = api_for("branch").post("/api/v1/meetings/plans?school=a", _new_plan(world, plans))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["semester"], body["note"]) == ("draft", "2022-2023-2", "本学期党课安排")
    # Week 8 of a semester starting on Monday 2023-02-20 is the week of 2023-04-10.
    assert [(x["planned_on"], x["week"], x["topic"], x["lecturer_name"]) for x in body["lessons"]] == [
        ("2023-03-15", None, "学习二十大报告", "李党员"),
        ("2023-04-10", 8, "党章第一讲", "李党员"),
    ]
    assert LessonPlan.objects.get(pk=body["id"]).created_by.username == "branch"


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"semester": None}, {"学期": ["这个字段是必填项。"]}),
        ({"semester": "autumn"}, {"学期": ["应为整数。"]}),
        ({"colour": "red"}, {"colour": ["不支持此字段。"]}),
        (
            {"lessons": [{"planned_on": "2022-10-01", "topic": "x"}, {"topic": "y", "lecturer": 0}]},
            {
                "第 1 节党课·计划日期": ["应在2022-2023学年第二学期内（2023-02-20 至 2023-07-10）。"],
                "第 1 节党课·授课人": ["这个字段是必填项。"],
                "第 2 节党课·计划日期": ["请填写计划日期或教学周。"],
                "第 2 节党课·授课人": ["请选择本校在职教职工（所选人员不存在或不属于本校）。"],
            },
        ),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(api_for, world, plans, change, errors):
    response = api_for("secretary").post("/api/v1/meetings/plans?school=a", _new_plan(world, plans, **change))
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert (LessonPlan.objects.count(), PlannedLesson.objects.count()) == (1, 1)


def test_create_refuses_a_second_plan_and_a_lecturer_of_another_school(api_for, world, plans):
    response = api_for("secretary").post(
        "/api/v1/meetings/plans?school=a", _new_plan(world, plans, semester=plans["autumn"].pk)
    )
    assert response.json()["errors"] == {"学期": ["第一党支部2022-2023学年第一学期已有党课计划。"]}
    stranger = f.StaffFactory(school=world.other_school)
    payload = _new_plan(world, plans, lessons=[{"planned_on": "2023-03-15", "lecturer": stranger.pk, "topic": "x"}])
    response = api_for("secretary").post("/api/v1/meetings/plans?school=a", payload)
    assert response.json()["errors"] == {"第 1 节党课·授课人": ["请选择本校在职教职工（所选人员不存在或不属于本校）。"]}
    assert LessonPlan.objects.count() == 1


PATCH = {"anonymous": 401, "secretary": 200, "party_staff": 200, "branch": 200, "superuser": 200}
PATCH |= {"jiaowu": 404, "counsellor": 404, "teacher": 404, "outsider": 404, "county": 404}


@pytest.mark.parametrize("role", sorted(PATCH))
def test_patch_by_role(api_for, plans, role):
    response = api_for(role).patch(f"/api/v1/meetings/plans/{plans['plan'].pk}", {"note": "已修改"})
    assert response.status_code == PATCH[role], response.json()
    plans["plan"].refresh_from_db()
    assert plans["plan"].note == ("已修改" if PATCH[role] == 200 else "")


def test_patch_moves_a_lesson_and_adds_one(api_for, plans):
    url = f"/api/v1/meetings/plans/{plans['plan'].pk}"
    lesson = plans["lesson"]
    moved = {"id": lesson.pk, "planned_on": "2022-10-19"}
    response = api_for("branch").patch(url, {"lessons": [moved]})
    assert response.json()["errors"] == {"第 1 节党课·调整/取消说明": ["调整日期或取消党课时请说明原因。"]}
    added = {"planned_on": "2022-12-07", "lecturer": plans["member"].pk, "topic": "党课乙"}
    response = api_for("branch").patch(url, {"lessons": [{**moved, "change_note": "与期中考试冲突"}, added]})
    assert response.status_code == 200, response.json()
    assert [(x["topic"], x["planned_on"], x["originally_on"]) for x in response.json()["lessons"]] == [
        ("党课甲", "2022-10-19", "2022-10-12"),
        ("党课乙", "2022-12-07", None),
    ]
    other = f.PlannedLessonFactory(
        plan=f.LessonPlanFactory(organization=f.OrganizationFactory(school=plans["plan"].school))
    )
    response = api_for("secretary").patch(url, {"lessons": [{"id": other.pk, "topic": "x"}]})
    assert response.json()["errors"] == {"第 1 节党课": [f"编号 {other.pk} 的党课不属于该计划。"]}


def test_branch_cannot_edit_an_approved_plan(api_for, plans):
    plans["plan"].status = "approved"
    plans["plan"].save()
    url = f"/api/v1/meetings/plans/{plans['plan'].pk}"
    assert api_for("branch").patch(url, {"note": "x"}).status_code == 403
    assert api_for("secretary").patch(url, {"note": "x"}).status_code == 200


# Transitions: submit by whoever edits the plan; approve/publish/return by the school's secretary only.
TRANSITION = {
    "submit": {"secretary": 200, "party_staff": 200, "branch": 200, "superuser": 200, "teacher": 404},
    "approve": {"secretary": 200, "party_staff": 403, "branch": 403, "superuser": 200, "teacher": 404},
}


@pytest.mark.parametrize("role", ["secretary", "party_staff", "branch", "superuser", "teacher", "county", "anonymous"])
@pytest.mark.parametrize("action", ["submit", "approve"])
def test_transition_by_role(api_for, plans, action, role):
    expected = TRANSITION[action].get(role, 401 if role == "anonymous" else 404)
    response = api_for(role).post(f"/api/v1/meetings/plans/{plans['plan'].pk}/transition", {"action": action})
    assert response.status_code == expected, response.json()
    plans["plan"].refresh_from_db()
    want = {"submit": "submitted", "approve": "approved"}[action] if expected == 200 else "draft"
    assert plans["plan"].status == want


def test_submit_approve_publish(api_for, plans):
    url = f"/api/v1/meetings/plans/{plans['plan'].pk}/transition"
    assert api_for("branch").post(url, {"action": "submit"}).json()["status"] == "submitted"
    response = api_for("secretary").post(url, {"action": "publish"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"状态": ["计划当前为“已提交”，不能发布。"]}
    body = api_for("secretary").post(url, {"action": "approve"}).json()
    assert (body["status"], body["approved_by"]) == ("approved", "secretary")
    assert api_for("party_staff").post(url, {"action": "publish"}).status_code == 403
    body = api_for("secretary").post(url, {"action": "publish"}).json()
    assert body["status"] == "published" and body["published_at"]
    assert api_for("teacher").get(f"/api/v1/meetings/plans/{plans['plan'].pk}").status_code == 200
    response = api_for("secretary").post(url, {"action": "archive"})
    assert response.json()["errors"] == {"操作": ["应为以下值之一：submit、approve、publish、return。"]}


def test_empty_plan_cannot_be_submitted(api_for, plans):
    plans["lesson"].delete()
    response = api_for("branch").post(f"/api/v1/meetings/plans/{plans['plan'].pk}/transition", {"action": "submit"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"状态": ["计划中还没有党课，请先添加。"]}


# Check-in ------------------------------------------------------------------------------------------


@pytest.fixture
def live(world):
    start = timezone.now() - dt.timedelta(minutes=10)
    activity = f.ActivityFactory(organization=world.branch, topic="主题党日", starts_at=start)
    f.AttendanceFactory(activity=activity, staff=world.users["teacher"].staff, status="")
    return activity


def test_check_in_by_the_invited_member(api_for, live):
    url = f"/api/v1/meetings/activities/{live.pk}/check-in"
    response = api_for("teacher").post(url, {})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["name"], body["status"], body["status_display"]) == ("王老师", "present", "出席")
    assert body["checked_in_at"]
    row = Attendance.objects.get(activity=live)
    assert (row.status, row.checked_in_at is not None) == ("present", True)
    assert api_for("teacher").post(url, {}).status_code == 200  # twice is harmless


def test_check_in_refused_outside_the_window_or_when_not_invited(api_for, live):
    url = f"/api/v1/meetings/activities/{live.pk}/check-in"
    response = api_for("secretary").post(url, {})  # sees the activity, was not invited
    assert response.status_code == 409
    assert response.json() == {"detail": "您不在本次活动的参会名单中，不能签到。请联系支部书记。"}
    live.starts_at = timezone.now() - dt.timedelta(hours=3)
    live.ends_at = timezone.now() - dt.timedelta(hours=2)
    live.save()
    response = api_for("teacher").post(url, {})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("签到已结束")
    assert Attendance.objects.get(activity=live).status == ""


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("jiaowu", 404), ("outsider", 404), ("county", 404)])
def test_check_in_hidden_from_others(api_for, live, role, status):
    assert api_for(role).post(f"/api/v1/meetings/activities/{live.pk}/check-in", {}).status_code == status


DELETE = {"anonymous": 401, "secretary": 204, "party_staff": 204, "branch": 204, "superuser": 204}
DELETE |= {"jiaowu": 404, "counsellor": 404, "teacher": 404, "outsider": 404, "county": 404}


@pytest.mark.parametrize("role", sorted(DELETE))
def test_delete_a_draft_by_role(api_for, plans, role):
    response = api_for(role).delete(f"/api/v1/meetings/plans/{plans['plan'].pk}")
    assert response.status_code == DELETE[role]
    assert LessonPlan.objects.filter(pk=plans["plan"].pk).exists() == (DELETE[role] != 204)
    assert PlannedLesson.objects.filter(pk=plans["lesson"].pk).exists() == (DELETE[role] != 204)


def test_delete_refuses_a_plan_in_the_approval_flow_or_with_a_given_lesson(api_for, world, plans):
    from dangjian.accounts.models import AuditLog

    plan, lesson = plans["plan"], plans["lesson"]
    LessonPlan.objects.filter(pk=plan.pk).update(status="submitted")
    response = api_for("secretary").delete(f"/api/v1/meetings/plans/{plan.pk}")
    assert response.status_code == 422
    assert "只有草稿状态的党课计划可以删除" in str(response.json())
    LessonPlan.objects.filter(pk=plan.pk).update(status="draft")
    lesson.activity = f.ActivityFactory(organization=world.branch, kinds=["lesson"])
    lesson.save()
    response = api_for("secretary").delete(f"/api/v1/meetings/plans/{plan.pk}")
    assert response.status_code == 422
    assert "已有党课登记了讲授记录" in str(response.json())
    assert LessonPlan.objects.filter(pk=plan.pk).exists()
    lesson.activity = None
    lesson.save()
    assert api_for("secretary").delete(f"/api/v1/meetings/plans/{plan.pk}").status_code == 204
    assert AuditLog.objects.filter(action="meetings.plan.delete").count() == 1

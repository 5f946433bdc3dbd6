"""Every 三会一课 page against every role; query counts; exports opened back."""

import datetime as dt
import io

import icalendar
import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.meetings.models import Activity, CalendarToken
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ROLES, expect

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}
WRITERS = ADMINS | {"branch"}


def case(name, args, allowed, hidden=frozenset()):
    return (name, args, expect(allowed, hidden=hidden))


CASES = {
    "list": case("activity_list", lambda m: [], MEMBERS),
    "create": case("activity_create", lambda m: [], WRITERS),
    "detail_own": case(
        "activity_detail", lambda m: [m.activity.pk], WRITERS | {"teacher"}, hidden={"jiaowu", "counsellor"}
    ),
    "detail_other": case(
        "activity_detail", lambda m: [m.other_activity.pk], ADMINS, hidden={"branch", "teacher", "jiaowu", "counsellor"}
    ),
    "edit_own": case("activity_edit", lambda m: [m.activity.pk], WRITERS, hidden={"jiaowu", "counsellor"}),
    "edit_other": case(
        "activity_edit", lambda m: [m.other_activity.pk], ADMINS, hidden={"branch", "teacher", "jiaowu", "counsellor"}
    ),
    "attendance": case("attendance", lambda m: [m.activity.pk], WRITERS, hidden={"jiaowu", "counsellor"}),
    "docx": case("activity_docx", lambda m: [m.activity.pk], WRITERS | {"teacher"}, hidden={"jiaowu", "counsellor"}),
    "qr": case("activity_qr", lambda m: [m.activity.pk], WRITERS | {"teacher"}, hidden={"jiaowu", "counsellor"}),
    "checkin": case("checkin", lambda m: [m.activity.pk], WRITERS | {"teacher"}, hidden={"jiaowu", "counsellor"}),
    "plan_list": case("plan_list", lambda m: [], MEMBERS),
    "plan_create": case("plan_create", lambda m: [], WRITERS),
    "plan_detail_draft": case(
        "plan_detail", lambda m: [m.plan.pk], WRITERS, hidden={"teacher", "jiaowu", "counsellor"}
    ),
    "plan_edit": case("plan_edit", lambda m: [m.plan.pk], WRITERS, hidden={"teacher", "jiaowu", "counsellor"}),
    "plan_docx": case("plan_docx", lambda m: [m.plan.pk], WRITERS, hidden={"teacher", "jiaowu", "counsellor"}),
    "lesson_create": case("lesson_create", lambda m: [m.plan.pk], WRITERS, hidden={"teacher", "jiaowu", "counsellor"}),
    "compliance": case("compliance", lambda m: [], WRITERS),
    "members": case("members", lambda m: [], WRITERS),
    "calendar": case("calendar", lambda m: [], MEMBERS),
    "settings": case("settings", lambda m: [], ADMINS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(CASES))
def test_page_permissions(client_for, meet, page, role):
    name, args, statuses = CASES[page]
    url = reverse(f"meetings:{name}", args=["a", *args(meet)])
    response = client_for(role).get(url)
    assert response.status_code == statuses[role], (page, role, response.status_code)


def test_published_plan_is_visible_to_every_member(client_for, meet):
    meet.plan.status = "published"
    meet.plan.save()
    url = reverse("meetings:plan_detail", args=["a", meet.plan.pk])
    assert client_for("teacher").get(url).status_code == 200
    assert client_for("jiaowu").get(url).status_code == 200
    assert client_for("county").get(url).status_code == 404


def test_teacher_list_shows_only_invited_activities(client_for, meet):
    response = client_for("teacher").get(reverse("meetings:activity_list", args=["a"]))
    assert [a.topic for a in response.context["object_list"]] == ["十一月主题党日"]
    response = client_for("branch").get(reverse("meetings:activity_list", args=["a"]))
    assert [a.topic for a in response.context["object_list"]] == ["十一月主题党日"]
    response = client_for("secretary").get(reverse("meetings:activity_list", args=["a"]))
    assert sorted(a.topic for a in response.context["object_list"]) == ["二支部党课", "十一月主题党日"]


def test_branch_secretary_cannot_record_for_another_branch(client_for, meet, world):
    response = client_for("branch").post(
        reverse("meetings:activity_create", args=["a"]),
        {
            "organization": meet.other_branch.pk,
            "kinds": ["theme_day"],
            "topic": "越权记录",
            "status": "held",
            "day": "2022-11-01",
            "start_time": "15:00",
            "end_time": "16:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == ["请选择您可以记录的本校党组织。"]
    assert not Activity.objects.filter(topic="越权记录").exists()


def test_post_views_refuse_readers(client_for, meet):
    teacher = client_for("teacher")
    assert (
        teacher.post(reverse("meetings:activity_cancel", args=["a", meet.activity.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert (
        teacher.post(reverse("meetings:plan_action", args=["a", meet.plan.pk]), {"action": "approve"}).status_code
        == 404
    )
    branch = client_for("branch")
    assert (
        branch.post(reverse("meetings:plan_action", args=["a", meet.plan.pk]), {"action": "approve"}).status_code == 403
    )
    assert branch.post(reverse("meetings:evidence_upload", args=["a", meet.other_activity.pk])).status_code == 404


def test_xlsx_export_opens_with_the_filtered_rows(client_for, meet):
    response = client_for("secretary").get(
        reverse("meetings:activity_list", args=["a"]), {"export": "xlsx", "year": "2022", "kind": "theme_day"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("日期", "开始", "结束", "组织单位", "活动类型", "主题")
    assert len(rows) == 2
    assert rows[1][1:7] == ("15:00", "16:30", "第一党支部", "支部党员大会、主题党日", "十一月主题党日", "已举行")
    assert rows[1][10:13] == (2, 1, 1)


def test_record_docx_has_the_minutes_layout(client_for, meet):
    meet.activity.minutes = "一、学习党章。\n二、交流发言。"
    meet.activity.resolutions = "同意推荐王老师为优秀党员。"
    meet.activity.save()
    response = client_for("teacher").get(reverse("meetings:activity_docx", args=["a", meet.activity.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert doc.paragraphs[0].text == "甲中学第一党支部会议记录"
    assert cells["会议类型"] == "支部党员大会、主题党日"
    assert cells["会议主题"] == "十一月主题党日"
    assert cells["参会情况"] == "应到 2 人，实到 1 人，请假 1 人，缺席 0 人"
    assert cells["请假人员"] == "李党员（外出培训）"
    assert "一、学习党章。\n二、交流发言。" in text
    assert "同意推荐王老师为优秀党员。" in text
    assert "说明：到会正式党员 1 名，未超过应到 3 名的半数：支部党员大会不符合表决有效人数。" in text


def test_plan_docx_lists_the_lessons(client_for, meet):
    f.PlannedLessonFactory(
        plan=meet.plan, lecturer=meet.leader, topic="学习党的二十大精神", planned_on=dt.date(2022, 10, 20)
    )
    response = client_for("secretary").get(reverse("meetings:plan_docx", args=["a", meet.plan.pk]))
    doc = Document(io.BytesIO(response.content))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "日期", "教学周", "授课人", "主题", "状态"]
    assert [c.text for c in table.rows[1].cells] == ["1", "2022-10-20", "", "书记甲", "学习党的二十大精神", "待讲授"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2022-2023学年第一学期党课计划" in text
    assert "党组织书记 书记甲：已安排 1 次" in text


def test_qr_is_an_svg_of_the_checkin_url(client_for, meet):
    response = client_for("teacher").get(reverse("meetings:activity_qr", args=["a", meet.activity.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content


def test_ics_feed_is_valid_and_private(client, client_for, meet):
    client_for("teacher").get(reverse("meetings:calendar", args=["a"]))
    token = CalendarToken.objects.get(user__username="teacher").token
    client.logout()
    response = client.get(reverse("meetings:feed", args=["a", token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == []  # the fixture's activity is in 2022, outside the window
    meet.activity.starts_at = meet.activity.ends_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    meet.activity.save()
    cal = icalendar.Calendar.from_ical(client.get(reverse("meetings:feed", args=["a", token])).content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["十一月主题党日"]
    assert str(events[0]["uid"]) == f"activity-{meet.activity.pk}@dangjian"
    assert client.get(reverse("meetings:feed", args=["a", "wrong-token"])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["b", token])).status_code == 404


def test_calendar_month_grid_shows_the_activity(client_for, meet):
    response = client_for("teacher").get(reverse("meetings:calendar", args=["a"]), {"month": "2022-11"})
    assert response.status_code == 200
    assert [e.title for e in response.context["entries"]] == ["十一月主题党日"]
    assert len(response.context["weeks"][0]) == 7
    assert client_for("teacher").get(reverse("meetings:calendar", args=["a"]), {"month": "abc"}).status_code == 200


def _add_activities(meet, k):
    for i in range(k):
        activity = f.ActivityFactory(
            organization=meet.activity.organization, kinds=["lesson", "theme_day"], lecturer=meet.leader
        )
        f.AttendanceFactory(activity=activity, staff=meet.teacher)
        f.AttendanceFactory(activity=activity, staff=meet.member, status="leave", reason="病假")
        f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader, activity=activity if i % 2 else None)
        f.LessonPlanFactory(
            organization=f.OrganizationFactory(school=meet.activity.school), semester=meet.plan.semester
        )


PAGES = ["activity_list", "plan_list", "compliance", "compliance_school_year", "members", "calendar"]


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_constant(client_for, meet, name, django_assert_max_num_queries):
    client = client_for("secretary")
    url = reverse(f"meetings:{name.removesuffix('_school_year')}", args=["a"])
    params = {"month": "2022-11"} if name == "calendar" else {"year": "2022"}
    if name == "compliance_school_year":
        params = {"school_year": "2022", "organization": str(meet.activity.organization_id)}
    _add_activities(meet, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url, params).status_code == 200
    _add_activities(meet, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url, params).status_code == 200


def test_home_page_shows_findings_with_constant_queries(client_for, meet, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("secretary")
    url = reverse("school:home", args=["a"])
    _add_activities(meet, 1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert "三会一课提醒" in response.content.decode()
    _add_activities(meet, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
    assert "三会一课提醒" not in client_for("teacher").get(url).content.decode()


PLAN_DELETE = dict.fromkeys(ROLES, 404) | dict.fromkeys(WRITERS, 302) | {"anonymous": 302}


@pytest.mark.parametrize("role", ROLES)
def test_plan_delete_permissions(client_for, meet, role):
    from dangjian.meetings.models import LessonPlan

    url = reverse("meetings:plan_delete", args=["a", meet.plan.pk])
    response = client_for(role).post(url)
    assert response.status_code == PLAN_DELETE[role]
    deleted = role in WRITERS
    assert LessonPlan.objects.filter(pk=meet.plan.pk).exists() != deleted
    if deleted:
        assert response["Location"] == reverse("meetings:plan_list", args=["a"])
    elif role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_plan_delete_is_post_only_and_shown_on_drafts(client_for, meet):
    client = client_for("secretary")
    assert client.get(reverse("meetings:plan_delete", args=["a", meet.plan.pk])).status_code == 405
    detail = reverse("meetings:plan_detail", args=["a", meet.plan.pk])
    assert reverse("meetings:plan_delete", args=["a", meet.plan.pk]) in client.get(detail).content.decode()
    meet.plan.status = "published"
    meet.plan.save()
    assert "meetings/plans/" + str(meet.plan.pk) + "/delete/" not in client.get(detail).content.decode()
    response = client.post(reverse("meetings:plan_delete", args=["a", meet.plan.pk]), follow=True)
    assert "只有草稿状态的党课计划可以删除" in response.content.decode()


def test_record_docx_keeps_user_text_with_markup_and_tags_as_text(client_for, meet):
    hostile = "<w:p>A & B {{ cycler.__init__.__globals__ }} {% if 1 %}x{% endif %}"
    meet.activity.topic = hostile
    meet.activity.minutes = hostile
    meet.activity.save()
    response = client_for("teacher").get(reverse("meetings:activity_docx", args=["a", meet.activity.pk]))
    doc = Document(io.BytesIO(response.content))
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["会议主题"] == hostile
    assert hostile in [p.text for p in doc.paragraphs]


def test_plan_docx_keeps_user_text_with_markup_as_text(client_for, meet):
    f.PlannedLessonFactory(
        plan=meet.plan, lecturer=meet.leader, topic="<党课> & 学习", planned_on=dt.date(2022, 10, 20)
    )
    response = client_for("secretary").get(reverse("meetings:plan_docx", args=["a", meet.plan.pk]))
    assert Document(io.BytesIO(response.content)).tables[0].rows[1].cells[4].text == "<党课> & 学习"


# Routes with a file or a side effect: every role once (a fresh fixture per role).


@pytest.fixture
def evidence(meet, settings, tmp_path):
    from django.core.files.base import ContentFile

    from dangjian.meetings.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    row = Evidence(activity=meet.activity, name="签到表.pdf", content_type="application/pdf", size=9)
    row.file.save("sign.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    row.save()
    return row


@pytest.mark.parametrize("role", ROLES)
def test_lesson_edit_and_evidence_file_permissions(client_for, meet, evidence, role):
    lesson = f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader)
    client = client_for(role)
    file_response = client.get(reverse("meetings:evidence_file", args=["a", evidence.pk]))
    if file_response.streaming:  # read it to the end: the test client then closes the file
        b"".join(file_response.streaming_content)
    got = {
        "lesson_edit": client.get(reverse("meetings:lesson_edit", args=["a", lesson.pk])).status_code,
        "evidence_file": file_response.status_code,
    }
    assert got == {
        "lesson_edit": expect(WRITERS, hidden={"teacher", "jiaowu", "counsellor"})[role],
        "evidence_file": expect(WRITERS | {"teacher"}, hidden={"jiaowu", "counsellor"})[role],
    }


def _posts(meet, evidence):
    return {
        "activity_cancel": (reverse("meetings:activity_cancel", args=["a", meet.activity.pk]), {"reason": "天气"}),
        "evidence_upload": (reverse("meetings:evidence_upload", args=["a", meet.activity.pk]), {}),
        "evidence_delete": (reverse("meetings:evidence_delete", args=["a", evidence.pk]), {}),
        "plan_action": (reverse("meetings:plan_action", args=["a", meet.plan.pk]), {"action": "submit"}),
        "calendar_reset": (reverse("meetings:calendar_reset", args=["a"]), {}),
    }


# A writer is sent back to the page (302); a member who sees the object but may not change it 403; the rest 404.
POST_ALLOWED = {
    "activity_cancel": expect(WRITERS, hidden={"jiaowu", "counsellor"}) | {"teacher": 403},
    "evidence_upload": expect(WRITERS, hidden={"jiaowu", "counsellor"}) | {"teacher": 403},
    "evidence_delete": expect(WRITERS, hidden={"jiaowu", "counsellor"}) | {"teacher": 403},
    "plan_action": expect(WRITERS, hidden={"teacher", "jiaowu", "counsellor"}),
    "calendar_reset": expect(MEMBERS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POST_ALLOWED))
def test_post_routes_per_role(client_for, meet, evidence, name, role):
    url, data = _posts(meet, evidence)[name]
    response = client_for(role).post(url, data)
    expected = POST_ALLOWED[name][role]
    assert response.status_code == (302 if expected == 200 else expected), (name, role)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_feed_needs_its_token_not_a_login(client_for, meet, role):
    """The .ics feed answers only to a valid token; a session, any session, gives nothing without it."""
    client = client_for(role)
    assert client.get(reverse("meetings:feed", args=["a", "not-a-token"])).status_code == 404
    token = CalendarToken.objects.create(user=meet.teacher.user, token="t" * 32).token
    assert client.get(reverse("meetings:feed", args=["a", token])).status_code == 200


def test_new_record_form_opens_on_the_organization_saved_last_and_today(client_for, meet, world, settings):
    settings.DANGJIAN_TODAY = "2022-11-08"
    client = client_for("secretary")
    url = reverse("meetings:activity_create", args=["a"])
    assert client.get(url).context["form"]["organization"].value() is None
    assert client.get(url).context["form"]["day"].value() == dt.date(2022, 11, 8)
    data = {"kinds": ["theme_day"], "topic": "二支部主题党日", "status": "held", "day": "2022-11-01"}
    data |= {"start_time": "15:00", "end_time": "16:00", "organization": meet.other_branch.pk}
    assert client.post(url, data).status_code == 302
    assert client.get(url).context["form"]["organization"].value() == meet.other_branch.pk
    plan_form = client.get(reverse("meetings:plan_create", args=["a"])).context["form"]
    assert plan_form["organization"].value() == meet.other_branch.pk


@pytest.mark.parametrize(("status", "goes_to"), [("held", "attendance"), ("planned", "detail")])
def test_a_new_meeting_starts_today_and_a_held_one_opens_its_attendance(client_for, meet, settings, status, goes_to):
    """Issue 18, "Forms that take seconds": the date defaults to today, and a meeting recorded as held goes on
    to its attendance (one click fewer for the secretary's journey)."""
    settings.DANGJIAN_TODAY = "2022-11-10"
    client = client_for("secretary")
    url = reverse("meetings:activity_create", args=["a"])
    assert client.get(url).context["form"]["day"].value() == dt.date(2022, 11, 10)
    response = client.post(
        url,
        {
            "organization": meet.activity.organization_id,
            "kinds": ["group_meeting"],
            "topic": "十一月党小组会",
            "status": status,
            "day": "2022-11-10",
            "start_time": "15:00",
            "end_time": "16:00",
            "invite_all": "on",
        },
    )
    activity = Activity.objects.get(topic="十一月党小组会")
    name = "meetings:attendance" if goes_to == "attendance" else "meetings:activity_detail"
    assert response.url == reverse(name, args=["a", activity.pk])

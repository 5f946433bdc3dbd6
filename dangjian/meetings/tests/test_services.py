"""Forms refusing bad input, and the services writing records, attendance, plans and check-ins."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.models import AuditLog
from dangjian.meetings import queries
from dangjian.meetings.forms import ActivityForm, AttendanceForm, EvidenceForm, PlannedLessonForm, RuleSettingsForm
from dangjian.meetings.models import Activity, Attendance, Evidence
from dangjian.meetings.permissions import editable_organizations
from dangjian.meetings.services import (
    Refused,
    activity_save,
    attendance_save,
    check_in,
    evidence_add,
    plan_transition,
    planned_lesson_save,
)
from dangjian.tests import factories as f

TODAY = dt.date(2022, 11, 20)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%..."


def activity_form(world, data=None, **kwargs):
    base = {
        "organization": world.branch.pk,
        "kinds": ["theme_day", "general_meeting"],
        "topic": "重温入党誓词",
        "status": "held",
        "day": "2022-11-11",
        "start_time": "15:00",
        "end_time": "16:30",
        "place": "党员活动室",
        "invite_all": "on",
    }
    user = world.users["secretary"]
    return ActivityForm(
        {**base, **(data or {})},
        school=world.school,
        organizations=editable_organizations(user, world.school),
        today=TODAY,
        **kwargs,
    )


def test_new_activity_counts_as_two_kinds_and_invites_the_members(world, meet):
    form = activity_form(world)
    assert form.is_valid(), form.errors
    activity = activity_save(form=form, actor=world.users["secretary"])
    assert sorted(activity.kind_rows.values_list("kind", flat=True)) == ["general_meeting", "theme_day"]
    invited = set(activity.attendances.values_list("staff__name", flat=True))
    assert invited == {"王老师", "李党员", "书记甲"}
    assert timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M") == "2022-11-11 15:00"
    assert AuditLog.objects.filter(action="meetings.activity.create", object_id=str(activity.pk)).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": "2024-01-01"}, "day", "日期不能晚于一年以后，请核对。"),
        ({"day": "2018-08-31"}, "day", "早于第一党支部的成立日期（2018-09-01），请核对。"),
        ({"day": "2022-11-25"}, "status", "活动日期在今天之后，不能标记为“已举行”。"),
        ({"end_time": "14:00"}, "end_time", "结束时间应晚于开始时间。"),
        ({"kinds": ["lesson"]}, "lecturer", "党课须填写授课人。"),
        ({"kinds": []}, "kinds", "请至少选择一种活动类型。"),
        ({"kinds": ["party"]}, "kinds", "活动类型“party”不存在。"),
        ({"day": "2022-02-30"}, "day", "输入一个有效的日期。"),
    ],
)
def test_activity_form_refuses_bad_input(world, meet, data, field, message):
    form = activity_form(world, data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_lecturer_from_another_school_is_refused(world, meet):
    stranger = f.StaffFactory(school=world.other_school, name="外校讲师")
    form = activity_form(world, {"kinds": ["lesson"], "lecturer": stranger.pk})
    assert not form.is_valid()
    assert form.errors["lecturer"] == ["请选择本校在职教职工（所选人员不存在或不属于本校）。"]


def test_planned_activity_in_the_future_is_fine(world, meet):
    form = activity_form(world, {"status": "planned", "day": "2022-12-09"})
    assert form.is_valid(), form.errors


def attendance_form(activity, data, candidates=()):
    invited = {a.staff_id: a for a in activity.attendances.select_related("staff")}
    people = [a.staff for a in invited.values()]
    return AttendanceForm(data, people=people, invited=invited, candidates=list(candidates), org_name="第一党支部")


def test_attendance_needs_a_reason_for_leave_and_refuses_strangers(world, meet):
    activity = meet.activity
    form = attendance_form(activity, {f"s{meet.teacher.pk}": "leave", f"r{meet.teacher.pk}": ""})
    assert not form.is_valid()
    assert form.non_field_errors() == ["第 1 行：王老师请假，须填写原因。"]
    form = attendance_form(activity, {"add": [str(meet.other_member.pk)]}, candidates=[meet.member])
    assert not form.is_valid()
    assert form.errors["add"] == [f"选择一个有效的选项。 {meet.other_member.pk} 不在可用的选项中。"]


def test_attendance_saves_statuses_and_adds_members(world, meet):
    activity = meet.activity
    activity.attendances.filter(staff=meet.member).delete()
    data = {f"s{meet.teacher.pk}": "absent", f"r{meet.teacher.pk}": "未请假", "add": [str(meet.member.pk)]}
    form = attendance_form(activity, data, candidates=[meet.member])
    assert form.is_valid(), form.errors
    attendance_save(activity=activity, rows=form.clean_rows, actor=world.users["branch"])
    assert dict(activity.attendances.values_list("staff__name", "status")) == {"王老师": "absent", "李党员": ""}


def test_a_held_meeting_shows_unregistered_members_as_present_and_all_present_records_them(world, meet):
    """Only the exceptions are touched: an unregistered member of a held meeting shows as 出席 (a planned one's
    stays 未登记), and 全部出席 records every unregistered row as 出席, keeping the 请假 and 缺席 chosen."""
    activity, leader = meet.activity, meet.leader
    f.AttendanceFactory(activity=activity, staff=leader, status="")
    invited = {a.staff_id: a for a in activity.attendances.select_related("staff")}
    people = [a.staff for a in invited.values()]
    kwargs = {"people": people, "invited": invited, "candidates": [], "org_name": "第一党支部"}
    held = AttendanceForm(held=True, **kwargs).fields
    shown = {held[f"s{p.pk}"].label: held[f"s{p.pk}"].initial for p in people}
    assert shown == {"王老师": "present", "李党员": "leave", "书记甲": "present"}
    assert AttendanceForm(held=False, **kwargs).fields[f"s{leader.pk}"].initial == ""
    data = {f"s{meet.member.pk}": "leave", f"r{meet.member.pk}": "外出培训", f"s{meet.teacher.pk}": "absent"}
    form = AttendanceForm(data, all_present=True, **kwargs)
    assert form.is_valid(), form.errors
    assert sorted(form.clean_rows) == sorted(
        [(meet.teacher.pk, "absent", ""), (meet.member.pk, "leave", "外出培训"), (leader.pk, "present", "")]
    )


def test_quorum_flag_for_a_general_meeting(world, meet):
    detail = queries.activity_detail(meet.activity)
    assert detail.quorum == ["到会正式党员 1 名，未超过应到 3 名的半数：支部党员大会不符合表决有效人数。"]
    Attendance.objects.filter(activity=meet.activity).update(status="present")
    f.AttendanceFactory(activity=meet.activity, staff=meet.leader)
    assert queries.activity_detail(meet.activity).quorum == []


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "photo.png",
            b"hello world, not an image",
            "只接受 JPG、PNG、GIF、WebP 图片或 PDF 文件（文件内容不是这些格式）。",
        ),
        ("photo.jpg", PNG, "文件扩展名“.jpg”与内容（image/png）不符，请使用 .png。"),
        ("script.exe", PDF, "文件扩展名“.exe”与内容（application/pdf）不符，请使用 .pdf。"),
        ("big.png", PNG + b"\x00" * (10 * 1024 * 1024), "文件 10.0 MB，超过 10 MB 的上限。"),
    ],
)
def test_evidence_refuses_oversize_and_mistyped_files(name, content, message):
    form = EvidenceForm({}, {"file": upload(name, content)})
    assert not form.is_valid()
    assert form.errors["file"] == [message]


def test_evidence_is_stored_and_served_to_those_who_see_the_activity(world, meet, settings, tmp_path, client_for):
    settings.MEDIA_ROOT = tmp_path
    form = EvidenceForm({}, {"file": upload("现场.png", PNG)})
    assert form.is_valid(), form.errors
    evidence = evidence_add(activity=meet.activity, form=form, actor=world.users["branch"])
    assert (evidence.name, evidence.content_type, evidence.size) == ("现场.png", "image/png", len(PNG))
    url = reverse("meetings:evidence_file", args=["a", evidence.pk])
    response = client_for("teacher").get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert b"".join(response.streaming_content) == PNG
    assert client_for("jiaowu").get(url).status_code == 404
    response = client_for("branch").post(reverse("meetings:evidence_delete", args=["a", evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_evidence_upload_page_refuses_a_bad_file(world, meet, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("branch")
    response = client.post(
        reverse("meetings:evidence_upload", args=["a", meet.activity.pk]),
        {"file": upload("a.pdf", b"plain text")},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "上传失败：只接受 JPG、PNG、GIF、WebP 图片或 PDF 文件（文件内容不是这些格式）。"
    ]
    assert not Evidence.objects.exists()


def test_check_in_inside_the_window_only_and_only_for_invitees(world, meet):
    activity = meet.activity
    teacher = world.users["teacher"]
    start = activity.starts_at
    with pytest.raises(Refused, match="签到尚未开始"):
        check_in(activity=activity, user=teacher, now=start - dt.timedelta(minutes=31))
    with pytest.raises(Refused, match="签到已结束"):
        check_in(activity=activity, user=teacher, now=activity.ends_at + dt.timedelta(minutes=31))
    outsider = f.UserFactory(username="not-invited")
    f.PartyMemberFactory(branch=world.branch, staff__user=outsider)
    with pytest.raises(Refused, match="您不在本次活动的参会名单中"):
        check_in(activity=activity, user=outsider, now=start)
    Attendance.objects.filter(activity=activity).update(status="")
    row = check_in(activity=activity, user=world.users["teacher"], now=start - dt.timedelta(minutes=20))
    assert (row.status, row.checked_in_at) == ("present", start - dt.timedelta(minutes=20))


def test_check_in_page(world, meet, client_for):
    now = timezone.now()
    meet.activity.starts_at, meet.activity.ends_at = now - dt.timedelta(minutes=10), now + dt.timedelta(minutes=50)
    meet.activity.save()
    Attendance.objects.filter(activity=meet.activity).update(status="")
    url = reverse("meetings:checkin", args=["a", meet.activity.pk])
    response = client_for("teacher").post(url)
    assert response.status_code == 200
    assert Attendance.objects.get(activity=meet.activity, staff=meet.teacher).status == "present"
    response = client_for("secretary").post(url)  # sees the activity but was not invited
    assert response.status_code == 409
    assert response.context["error"] == "您不在本次活动的参会名单中，不能签到。请联系支部书记。"
    assert client_for("jiaowu").post(url).status_code == 404


def test_plan_lifecycle(world, meet):
    plan, secretary, branch = meet.plan, world.users["secretary"], world.users["branch"]
    with pytest.raises(Refused, match="计划中还没有党课"):
        plan_transition(plan=plan, action="submit", actor=branch, may_approve=False)
    f.PlannedLessonFactory(plan=plan, lecturer=meet.leader)
    plan_transition(plan=plan, action="submit", actor=branch, may_approve=False)
    with pytest.raises(Refused, match="只有学校党组织书记"):
        plan_transition(plan=plan, action="approve", actor=branch, may_approve=False)
    with pytest.raises(Refused, match="不能发布"):
        plan_transition(plan=plan, action="publish", actor=secretary, may_approve=True)
    plan_transition(plan=plan, action="approve", actor=secretary, may_approve=True)
    assert (plan.status, plan.approved_by) == ("approved", secretary)
    plan_transition(plan=plan, action="publish", actor=secretary, may_approve=True)
    assert plan.status == "published"
    assert list(AuditLog.objects.filter(object_id=str(plan.pk)).values_list("action", flat=True).order_by("pk")) == [
        "meetings.plan.submit",
        "meetings.plan.approve",
        "meetings.plan.publish",
    ]


def lesson_form(plan, data, instance=None):
    return PlannedLessonForm(data, plan=plan, instance=instance)


def test_planned_lesson_by_week_inside_the_semester(world, meet):
    plan = meet.plan  # 2022-09-01 (a Thursday) .. 2023-01-31
    form = lesson_form(plan, {"week": 3, "lecturer": meet.leader.pk, "topic": "党史学习"})
    assert form.is_valid(), form.errors
    lesson = planned_lesson_save(form=form, actor=world.users["secretary"])
    assert lesson.planned_on == dt.date(2022, 9, 12)  # Monday of the third week
    form = lesson_form(plan, {"planned_on": "2023-03-01", "lecturer": meet.leader.pk, "topic": "x"})
    assert not form.is_valid()
    assert form.errors["planned_on"] == ["应在2022-2023学年第一学期内（2022-09-01 至 2023-01-31）。"]
    form = lesson_form(plan, {"lecturer": meet.leader.pk, "topic": "x"})
    assert not form.is_valid()
    assert form.errors["planned_on"] == ["请填写计划日期或教学周。"]
    stranger = f.StaffFactory(school=world.other_school)
    form = lesson_form(plan, {"planned_on": "2022-10-10", "lecturer": stranger.pk, "topic": "x"})
    assert form.errors["lecturer"] == ["请选择本校在职教职工（所选人员不存在或不属于本校）。"]


def test_moved_lesson_keeps_its_first_date_and_a_cancelled_one_needs_a_reason(world, meet):
    lesson = f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader, planned_on=dt.date(2022, 10, 10))
    data = {"planned_on": "2022-10-17", "lecturer": meet.leader.pk, "topic": lesson.topic, "status": "planned"}
    form = lesson_form(meet.plan, data, lesson)
    assert form.errors["change_note"] == ["调整日期或取消党课时请说明原因。"]
    form = lesson_form(meet.plan, {**data, "change_note": "与期中考试冲突"}, lesson)
    assert form.is_valid(), form.errors
    planned_lesson_save(form=form, actor=world.users["secretary"])
    form = lesson_form(meet.plan, {**data, "planned_on": "2022-10-24", "change_note": "再次顺延"}, lesson)
    assert form.is_valid()
    planned_lesson_save(form=form, actor=world.users["secretary"])
    lesson.refresh_from_db()
    assert (lesson.planned_on, lesson.originally_on, lesson.change_note) == (
        dt.date(2022, 10, 24),
        dt.date(2022, 10, 10),
        "再次顺延",
    )
    form = lesson_form(
        meet.plan, {**data, "planned_on": "2022-10-24", "status": "cancelled", "change_note": ""}, lesson
    )
    assert form.errors["change_note"] == ["调整日期或取消党课时请说明原因。"]


def test_recording_a_planned_lesson_links_it_and_marks_it_held(world, meet, client_for):
    lesson = f.PlannedLessonFactory(
        plan=meet.plan, lecturer=meet.leader, planned_on=dt.date(2022, 10, 20), topic="党课甲"
    )
    client = client_for("branch")
    url = reverse("meetings:activity_create", args=["a"]) + f"?lesson={lesson.pk}"
    # A draft plan binds nothing: its lessons cannot be recorded yet.
    refused = client.get(url, follow=True)
    assert refused.redirect_chain[-1][0] == meet.plan.get_absolute_url()
    assert "尚未审批通过，不能据此记录党课" in refused.content.decode()
    meet.plan.status = "approved"
    meet.plan.save()
    page = client.get(url)
    assert page.context["form"].initial["topic"] == "党课甲"
    response = client.post(
        url,
        {
            "organization": world.branch.pk,
            "kinds": ["lesson"],
            "topic": "党课甲",
            "status": "held",
            "day": "2022-10-20",
            "start_time": "15:30",
            "end_time": "17:00",
            "lecturer": meet.leader.pk,
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == "held"
    assert lesson.activity.topic == "党课甲"
    activity = lesson.activity
    activity_form_data = ActivityForm(
        None,
        instance=activity,
        school=world.school,
        organizations=editable_organizations(world.users["branch"], world.school),
    ).initial
    assert activity_form_data["kinds"] == ["lesson"]


def test_cancel_keeps_the_record(world, meet, client_for):
    planned = f.ActivityFactory(organization=world.branch, status="planned", topic="计划中的党日")
    response = client_for("branch").post(
        reverse("meetings:activity_cancel", args=["a", planned.pk]), {"reason": "台风停课"}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.cancel_reason) == ("cancelled", "台风停课")
    client_for("branch").post(reverse("meetings:activity_cancel", args=["a", meet.activity.pk]), {"reason": "x"})
    assert Activity.objects.get(pk=meet.activity.pk).status == "held"


def test_rule_settings_form_refuses_bad_holiday_months(world):
    form = RuleSettingsForm({"holiday_months": "2,13"}, school=world.school)
    assert not form.is_valid()
    assert form.errors["holiday_months"] == ["“13”不是 1 到 12 之间的月份。"]


def test_settings_change_the_rules(world, meet, client_for):
    data = {
        "general_meetings_per_quarter": 1,
        "committee_meetings_per_month": 1,
        "group_meetings_per_month": 1,
        "lessons_per_quarter": 2,
        "theme_days_per_month": 1,
        "life_meetings_per_year": 1,
        "reviews_per_year": 1,
        "talks_per_member_per_year": 1,
        "secretary_lessons_per_year": 1,
        "leader_lessons_per_year": 1,
        "holiday_months": "1，2、7,8",
        "due_soon_days": 10,
        "checkin_before_minutes": 30,
        "checkin_after_minutes": 30,
    }
    response = client_for("secretary").post(reverse("meetings:settings", args=["a"]), data)
    assert response.status_code == 302
    rules = queries.to_rules(queries.rule_settings(world.school))
    assert (rules.lessons_per_quarter, rules.holiday_months) == (2, frozenset({1, 2, 7, 8}))


def test_findings_for_the_people_responsible(world, meet, django_assert_max_num_queries):
    today = dt.date(2022, 12, 5)
    with django_assert_max_num_queries(12):
        findings = queries.findings_for(world.users["secretary"], world.school, today)
    messages = [m for _, m, _ in findings]
    assert "第一党支部：2022年11月主题党日未按要求开展（应开展 1 次，已开展 0 次）" not in messages
    assert "第二党支部：2022年11月等 8 期主题党日未按要求开展（应开展 1 次，已开展 0 次）" in messages
    assert "党组织书记书记甲本年度讲党课 1 次，应讲 1 次" not in messages
    assert all(url.startswith("/s/a/meetings/compliance/") for _, _, url in findings)
    branch = queries.findings_for(world.users["branch"], world.school, today)
    assert {m.split("：")[0] for _, m, _ in branch} == {"第一党支部"}
    assert queries.findings_for(world.users["teacher"], world.school, today) == []
    assert queries.findings_for(world.users["county"], world.school, today) == []


def test_member_gaps_lists_who_missed(world, meet):
    gaps = queries.member_gaps(world.school, None, dt.date(2022, 11, 30))
    assert [(g.name, g.kind, g.excused) for g in gaps] == [
        ("李党员", "theme_day", True),
        ("李党员", "general_meeting", True),
        ("书记甲", "theme_day", False),
        ("书记甲", "general_meeting", False),
    ]  # the other branch's 党课 is not theirs to miss


def test_only_plans_in_force_count_and_an_edit_sends_an_approved_plan_back(world, meet, client_for):
    """A draft plan's lessons are no requirement; approved, they are; Party staff editing the approved plan
    send it back for approval (audited), while the secretary, who approves, may adjust it in force."""
    from dangjian.accounts.models import AuditLog
    from dangjian.meetings.queries import compliance

    for day in (dt.date(2022, 9, 20), dt.date(2022, 10, 20), dt.date(2022, 11, 20)):
        f.PlannedLessonFactory(plan=meet.plan, lecturer=meet.leader, planned_on=day)

    def semester_lessons_required():
        data = compliance([world.school.pk], 2022, dt.date(2023, 3, 1))
        item = next(o for o in data.orgs if o.org.id == world.branch.pk)
        return next(r.required for r in item.rows if r.kind == "lesson" and r.period.granularity == "semester")

    base = semester_lessons_required()  # the quarters' own requirement in the semester
    assert base < 3
    meet.plan.status = "approved"
    meet.plan.save()
    assert semester_lessons_required() == 3  # the plan asks for more
    lesson = meet.plan.lessons.first()
    edit = reverse("meetings:lesson_edit", args=["a", lesson.pk])
    data = {
        "planned_on": "2022-09-27",
        "lecturer": meet.leader.pk,
        "topic": "改期的党课",
        "status": "planned",
        "change_note": "与期中考试冲突",
    }
    response = client_for("secretary").post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    meet.plan.refresh_from_db()
    assert meet.plan.status == "approved"
    assert client_for("party_staff").post(edit, {**data, "topic": "再次修改"}).status_code == 302
    meet.plan.refresh_from_db()
    assert meet.plan.status == "submitted"
    assert AuditLog.objects.filter(action="meetings.plan.resubmit").count() == 1
    assert semester_lessons_required() == base

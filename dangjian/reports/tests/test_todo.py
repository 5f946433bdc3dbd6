"""我的待办 (reports.todo.items): each source of items, who sees what, the page, the .ics feed and query counts."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from dangjian.meetings.models import CalendarToken
from dangjian.meetings.queries import day_start
from dangjian.mentoring.models import Reflection
from dangjian.reports import todo
from dangjian.tests import factories as f

TODAY = dt.date(2023, 4, 10)  # a Monday of the second semester of the world's 2022-2023 school year


@pytest.fixture
def semester(settings, world):
    settings.DANGJIAN_TODAY = TODAY.isoformat()
    return f.SemesterFactory(
        school_year=world.year, term=2, starts_on=dt.date(2023, 2, 15), ends_on=dt.date(2023, 7, 10)
    )


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return day_start(day) + dt.timedelta(hours=hour)


def _meeting(world, day: dt.date, *, invite=(), topic="学习党章", status="planned", **kw):
    activity = f.ActivityFactory(
        organization=world.branch, topic=topic, status=status, starts_at=_at(day), kinds=["group_meeting"], **kw
    )
    for staff in invite:
        f.AttendanceFactory(activity=activity, staff=staff, status="")
    return activity


def _titles(user, school, **kw) -> list[str]:
    return [item.title for item in todo.items(user, school, TODAY, **kw)]


def test_invited_teacher_finds_todays_group_meeting_with_the_checkin_link(client_for, world, semester):
    """The reported defect: a teacher invited to a 党小组会 today read "暂无需要处理的事项" on 我的待办."""
    teacher = world.users["teacher"].staff
    activity = _meeting(world, TODAY, invite=[teacher, f.StaffFactory(school=world.school)], topic="四月党小组会")
    page = client_for("teacher").get(reverse("reports:me", args=["a"])).content.decode()
    assert "暂无需要处理的事项" not in page
    assert "党小组会：四月党小组会" in page
    assert f'href="{reverse("meetings:checkin", args=["a", activity.pk])}">签到</a>' in page


def test_meetings_invited_hosted_or_lectured_in_the_coming_weeks(world, semester):
    user, me = world.users["teacher"], world.users["teacher"].staff
    other = f.StaffFactory(school=world.school)
    _meeting(world, TODAY + dt.timedelta(days=3), invite=[me], topic="受邀")
    _meeting(world, TODAY + dt.timedelta(days=5), invite=[other], topic="主持", host=me)
    _meeting(world, TODAY + dt.timedelta(days=6), topic="讲课", lecturer=me)
    _meeting(world, TODAY + dt.timedelta(days=40), invite=[me], topic="太远")
    _meeting(world, TODAY - dt.timedelta(days=1), invite=[me], topic="昨天")
    _meeting(world, TODAY + dt.timedelta(days=2), invite=[me], topic="取消", status="cancelled")
    _meeting(world, TODAY + dt.timedelta(days=2), invite=[other], topic="没请我")
    checked = _meeting(world, TODAY, topic="已签", status="held")
    f.AttendanceFactory(activity=checked, staff=me, status="present")
    items = todo.items(user, world.school, TODAY)
    assert [(i.module, i.day, i.title, i.action_url) for i in items] == [
        ("三会一课", TODAY, "党小组会：已签（已签到）", ""),
        ("三会一课", TODAY + dt.timedelta(days=3), "党小组会：受邀", ""),
        ("三会一课", TODAY + dt.timedelta(days=5), "党小组会：主持（我主持）", ""),
        ("三会一课", TODAY + dt.timedelta(days=6), "党小组会：讲课（我授课）", ""),
    ]


def test_a_host_and_a_lecturer_may_open_the_meeting_the_todo_links_to(client_for, world, semester):
    me = world.users["teacher"].staff
    hosted = _meeting(world, TODAY + dt.timedelta(days=2), host=me)
    lectured = _meeting(world, TODAY + dt.timedelta(days=2), lecturer=me)
    strange = _meeting(world, TODAY + dt.timedelta(days=2))
    client = client_for("teacher")
    for activity, status in ((hosted, 200), (lectured, 200), (strange, 404)):
        assert client.get(reverse("meetings:activity_detail", args=["a", activity.pk])).status_code == status


def test_lessons_i_give(client_for, world, semester):
    me = world.users["teacher"].staff
    plan = f.LessonPlanFactory(organization=world.branch, semester=semester, status="approved")
    f.PlannedLessonFactory(plan=plan, lecturer=me, planned_on=TODAY + dt.timedelta(days=4), topic="初心")
    f.PlannedLessonFactory(
        plan=plan, lecturer=me, planned_on=TODAY + dt.timedelta(days=4), topic="取消了", status="cancelled"
    )
    f.PlannedLessonFactory(plan=plan, planned_on=TODAY + dt.timedelta(days=4), topic="别人讲")
    league = f.LeagueLessonFactory(
        school=world.school, school_year=world.year, lecturer=me, date=TODAY, topic="团史", status="planned"
    )
    f.LeagueLessonFactory(school=world.school, school_year=world.year, lecturer=me, date=TODAY, status="held")
    items = [i for i in todo.items(world.users["teacher"], world.school, TODAY) if i.module == "党课团课"]
    assert [(i.day, i.title, i.url) for i in items] == [
        (TODAY, "团课：团史", reverse("league:lesson_detail", args=["a", league.pk])),
        (
            TODAY + dt.timedelta(days=4),
            "党课：初心（第一党支部）",
            reverse("meetings:plan_detail", args=["a", plan.pk]),
        ),
    ]
    # the plan is approved, not yet published: its lecturer may open it all the same
    assert client_for("teacher").get(items[1].url).status_code == 200


def test_plans_awaiting_my_approval(world, semester):
    plan = f.LessonPlanFactory(organization=world.branch, semester=semester, status="submitted")
    f.LessonPlanFactory(semester=semester, organization=f.OrganizationFactory(school=world.school), status="draft")
    f.LessonPlanFactory(
        semester=semester, organization=f.OrganizationFactory(school=world.other_school), status="submitted"
    )
    mine = [i for i in todo.items(world.users["secretary"], world.school, TODAY) if not i.school_wide]
    assert [(i.title, i.url) for i in mine] == [
        (f"审批党课计划：第一党支部 {semester}", reverse("meetings:plan_detail", args=["a", plan.pk]))
    ]
    assert not [i for i in todo.items(world.users["party_staff"], world.school, TODAY) if "审批" in i.title]


def test_mentoring_pairs_gone_quiet_and_term_reflections_due(world, semester):
    me = world.users["teacher"].staff
    pair = {"school": world.school, "school_year": world.year}
    quiet = f.MentorshipFactory(**pair, mentor=me, mentee__name="小钱")
    f.MentoringActivityFactory(mentorship=quiet, date=dt.date(2023, 1, 5))
    busy = f.MentorshipFactory(**pair, mentor=me, mentee__name="小孙")
    f.MentoringActivityFactory(mentorship=busy, date=dt.date(2023, 4, 1))
    f.MentorshipFactory(**pair, mentee__name="小郑")  # not mine
    items = [i for i in todo.items(world.users["teacher"], world.school, TODAY) if i.module == "青年教师培养"]
    assert [(i.day, i.title) for i in items] == [
        (dt.date(2023, 2, 4), "与青年教师 小钱的结对已 95 天没有带教活动记录，请及时记录")
    ]
    # as a young teacher with a confirmed pair: the reflection of the term ending within 30 days is due
    f.MentorshipFactory(**pair, mentee=me, mentor__name="老吴", confirmed_on=dt.date(2023, 4, 1))
    f.SemesterFactory(school_year=world.year, term=1, starts_on=dt.date(2022, 9, 1), ends_on=dt.date(2023, 1, 20))
    Reflection.objects.create(
        school=world.school, school_year=world.year, term=1, mentee=me, content="…", written_on=TODAY
    )
    assert _titles(world.users["teacher"], world.school) == [
        "与青年教师 小钱的结对已 95 天没有带教活动记录，请及时记录"
    ]
    items = todo.items(world.users["teacher"], world.school, dt.date(2023, 6, 20))
    reflections = [i for i in items if "成长反思" in i.title]
    assert [(i.day, i.title, i.url) for i in reflections] == [
        (dt.date(2023, 7, 10), f"撰写{semester}成长反思", reverse("mentoring:reflection_create", args=["a"]))
    ]


def test_support_contacts_due_to_the_helper_only_by_name(client_for, world, semester):
    me = world.users["teacher"].staff
    mine = f.StudentFactory(school=world.school, name="甲同学")
    f.SpecialStudentCaseFactory(student=mine, school_year=world.year, categories="psych", referred_by="心理辅导中心")
    f.PairingFactory(student=mine, semester=semester, kind="special", helper=me)
    other = f.StudentFactory(school=world.school, name="乙同学")
    f.SpecialStudentCaseFactory(student=other, school_year=world.year)
    f.PairingFactory(student=other, semester=semester, kind="special")
    items = [i for i in todo.items(world.users["teacher"], world.school, TODAY) if i.module == "学生帮扶"]
    assert [(i.title, i.url, i.private, i.school_wide) for i in items] == [
        (
            "甲同学（帮扶人 王老师）结对 54 天尚无联系记录，要求每 30 天至少一次",
            reverse("support:student", args=["a", mine.pk]),
            True,
            False,
        )
    ]
    page = client_for("teacher").get(reverse("reports:me", args=["a"])).content.decode()
    assert "甲同学" in page and "乙同学" not in page
    assert "心理" not in page  # the case (categories, referral) never shows
    # the counselling centre sees both as the school's items, not as its own
    counsellor = todo.items(world.users["counsellor"], world.school, TODAY)
    assert {(i.school_wide, i.title[:3]) for i in counsellor if i.module == "学生帮扶"} == {
        (True, "甲同学"),
        (True, "乙同学"),
    }


def test_office_roles_get_the_schools_findings_and_teachers_do_not(world, semester):
    f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year)  # no Party group, no teachers
    for role in ("secretary", "party_staff", "jiaowu", "branch"):
        assert any(i.school_wide for i in todo.items(world.users[role], world.school, TODAY)), role
    assert not any(i.school_wide for i in todo.items(world.users["teacher"], world.school, TODAY))


def test_no_leakage_between_users_or_schools(world, semester):
    me, outsider = world.users["teacher"].staff, world.users["outsider"]
    _meeting(world, TODAY, invite=[me], topic="甲校会议")
    other_branch = f.OrganizationFactory(school=world.other_school)
    theirs = f.ActivityFactory(organization=other_branch, topic="乙校会议", status="planned", starts_at=_at(TODAY))
    f.AttendanceFactory(activity=theirs, staff=outsider.staff, status="")
    assert _titles(outsider, world.school) == []  # not a member of school a
    assert _titles(world.users["teacher"], world.other_school) == []  # nor the teacher of school b
    assert _titles(outsider, world.other_school) == ["主题党日：乙校会议"]
    assert [t for t in _titles(world.users["jiaowu"], world.school) if "会议" in t] == []  # not invited


def test_the_feed_holds_the_dated_items_and_nothing_about_students(client, world, semester):
    me = world.users["teacher"].staff
    activity = _meeting(world, TODAY + dt.timedelta(days=1), invite=[me], topic="明天的会")
    student = f.StudentFactory(school=world.school, name="甲同学")
    f.SpecialStudentCaseFactory(student=student, school_year=world.year)
    f.PairingFactory(student=student, semester=semester, kind="special", helper=me)
    token = CalendarToken.objects.create(user=world.users["teacher"], token=CalendarToken.new_token()).token
    response = client.get(reverse("reports:todo_feed", args=["a", token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), str(e["uid"])) for e in events] == [
        ("党小组会：明天的会", f"activity-{activity.pk}@dangjian")
    ]
    assert "甲同学" not in response.content.decode()
    assert client.get(reverse("reports:todo_feed", args=["a", "nope"])).status_code == 404
    assert client.get(reverse("reports:todo_feed", args=["b", token])).status_code == 404


@pytest.mark.parametrize("n", [1, 6])
def test_items_take_a_fixed_number_of_queries(world, semester, django_assert_max_num_queries, n):
    user, me = world.users["secretary"], world.users["teacher"].staff
    f.MentorshipFactory(school=world.school, school_year=world.year, mentee=me)  # reflections are due too
    for i in range(n):
        _meeting(world, TODAY + dt.timedelta(days=i), invite=[me], host=me)
        plan = f.LessonPlanFactory(organization=f.OrganizationFactory(school=world.school), semester=semester)
        plan.status = "submitted"
        plan.save()
        f.PlannedLessonFactory(plan=plan, lecturer=me, planned_on=TODAY + dt.timedelta(days=i))
        f.LeagueLessonFactory(school=world.school, school_year=world.year, lecturer=me, date=TODAY, status="planned")
        f.MentorshipFactory(school=world.school, school_year=world.year, mentor=me)
        student = f.StudentFactory(school=world.school)
        f.SpecialStudentCaseFactory(student=student, school_year=world.year)
        f.PairingFactory(student=student, semester=semester, kind="special", helper=me)
    with django_assert_max_num_queries(16):  # 2 of them for the development files
        teacher = todo.items(world.users["teacher"], world.school, TODAY)
    assert len([i for i in teacher if i.module == "三会一课"]) == n
    assert len([i for i in teacher if i.module == "学生帮扶"]) == n
    with django_assert_max_num_queries(32):
        secretary = todo.items(user, world.school, TODAY)
    assert len([i for i in secretary if i.title.startswith("审批")]) == n


def test_home_page_leads_with_the_today_panel(client_for, world, semester):
    me = world.users["teacher"].staff
    activity = _meeting(world, TODAY, invite=[me], topic="今天的会")
    _meeting(world, TODAY + dt.timedelta(days=10), invite=[me], topic="下下周的会")
    page = client_for("teacher").get(reverse("school:home", args=["a"])).content.decode()
    panel = page[page.index('id="today-panel"') : page.index("快捷入口") if "快捷入口" in page else None]
    assert "党小组会：今天的会" in panel
    assert reverse("meetings:checkin", args=["a", activity.pk]) in panel
    assert "下下周的会" not in panel  # beyond the next three days: on 我的待办
    assert page.index('id="today-panel"') < page.index("dj-stat")
    # the Party office also sees the school's overdue items there
    secretary = client_for("secretary").get(reverse("school:home", args=["a"])).content.decode()
    assert "学校逾期事项" in secretary


def test_home_page_computes_each_modules_findings_once(client_for, world, semester):
    """The today panel and the module cards below it show the same findings: the home page reads them once
    per request (it computed the coverage, the compliance and the support checks twice)."""
    from unittest import mock

    from dangjian.meetings import queries as meetings_queries
    from dangjian.staffing import queries as staffing_queries
    from dangjian.support import queries as support_queries

    with (
        mock.patch.object(staffing_queries, "semester_coverage", wraps=staffing_queries.semester_coverage) as cov,
        mock.patch.object(meetings_queries, "compliance", wraps=meetings_queries.compliance) as comp,
        mock.patch.object(support_queries, "semester_checks", wraps=support_queries.semester_checks) as checks,
    ):
        page = client_for("secretary").get(reverse("school:home", args=["a"]))
    assert page.status_code == 200
    assert (cov.call_count, comp.call_count, checks.call_count) == (1, 1, 1)


def test_development_files_due_for_the_branch_secretary_the_office_and_the_contacts(world, settings, tmp_path):
    """Issue 18: 我的待办 lists the development files whose next step is due, for whoever answers for them."""
    from dangjian.development.enums import StepKind
    from dangjian.development.models import DevelopmentStep
    from dangjian.development.tests.conftest import open_file

    settings.DANGJIAN_TODAY = "2024-06-30"
    settings.MEDIA_ROOT = tmp_path
    today = dt.date(2024, 6, 30)
    late = open_file(world.school, world.branch, "李申请", dt.date(2024, 5, 1))  # the talk was due by 06-01
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    activist = open_file(world.school, other, "赵积极", dt.date(2023, 5, 1))
    contact = world.users["teacher"].staff
    DevelopmentStep.objects.create(file=activist, kind=StepKind.TALK, date=dt.date(2023, 5, 20))
    DevelopmentStep.objects.create(  # the half-year assessment was due by 2024-01-01
        file=activist, kind=StepKind.ACTIVIST, date=dt.date(2023, 7, 1), contact_1=contact, contact_2=late.staff
    )

    def development_items(role):
        return [
            (i.title, i.url, i.level)
            for i in todo.items(world.users[role], world.school, today)
            if i.module == "发展党员"
        ]

    assert [t for t, _, _ in development_items("branch")] == ["李申请：派人谈话"]
    assert {t for t, _, _ in development_items("secretary")} == {"李申请：派人谈话", "赵积极：积极分子半年考察"}
    ((title, url, level),) = development_items("teacher")  # a 培养联系人 of the other branch, without its files
    assert (title, level) == ("培养联系：赵积极（积极分子半年考察）", "danger")
    assert url == reverse("reports:me", args=["a"])
    assert development_items("jiaowu") == []


def test_a_students_development_file_is_named_in_the_to_do_list(world, settings):
    from dangjian.development.tests.conftest import open_student_file, recommended_student

    settings.DANGJIAN_TODAY = "2024-06-30"
    student = recommended_student(world.school, "王同学", dt.date(2006, 1, 1))
    file = open_student_file(world.school, world.branch, student, dt.date(2024, 6, 20))  # the talk due by 07-20
    items = todo.items(world.users["branch"], world.school, dt.date(2024, 6, 30))
    assert [(i.title, i.url) for i in items if i.module == "发展党员"] == [
        ("王同学：派人谈话", file.get_absolute_url())
    ]


def test_a_students_development_file_stays_out_of_the_feed_and_the_digest(client, world, settings):
    """A student's file names the student: like every item about a student it never leaves the product."""
    from dangjian.development.tests.conftest import open_student_file, recommended_student
    from dangjian.notifications.events import digest_text

    settings.DANGJIAN_TODAY = "2024-06-30"
    student = recommended_student(world.school, "王同学", dt.date(2006, 1, 1))
    open_student_file(world.school, world.branch, student, dt.date(2024, 6, 20))  # the talk due by 07-20
    user = world.users["branch"]
    token = CalendarToken.objects.create(user=user, token=CalendarToken.new_token()).token
    response = client.get(reverse("reports:todo_feed", args=["a", token]))
    assert response.status_code == 200
    assert "王同学" not in response.content.decode()
    body = digest_text(todo.items(user, world.school, dt.date(2024, 6, 30)))
    assert "王同学" not in body
    assert "您有 1 项学生发展党员工作待完成" in body

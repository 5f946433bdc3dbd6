"""Demo 三会一课 history for a demo school: five school years up to today, and the rest of this month and the
next one planned (dates of the base story 2018-09 .. 2023-07, moved by ``demo.timeline``).

Every branch: a monthly 主题党日 (the one in the last month of a quarter is also the 支部党员大会), a monthly
支委会 where the branch has a committee, a monthly 党小组会 in each of its groups, a 党课 every quarter with
the school leaders lecturing in turn, a yearly 组织生活会 with 民主评议党员, and 谈心谈话 twice a year; no
monthly activities in February, July and August. Attendance is mostly 出席 with a few 请假. Each semester's
lessons sit in a published plan. A few gaps are deliberate so that the compliance pages have something to
show (years of the base story): 高二年段党支部 skips its November 2022 主题党日 and 党课 (in the current
school year, before November: the last month before today instead, so something is overdue now), 行政后勤党支部
its 2022 组织生活会, one leader gives no lesson in 2022, 示范县第二中学 skips its 2022 Q2 党员大会, and one 党员大会
lacks a quorum.

Deterministic (its own random.Random seeded from the school code) and idempotent (a school that already has
activities is left alone). Everything is written with bulk inserts."""

import calendar
import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from dangjian.accounts.models import User
from dangjian.demo import timeline
from dangjian.party.enums import COMMITTEE_POSTS, MemberStatus, OrgKind, Post
from dangjian.party.models import Organization, OrganizationPost, PartyMember
from dangjian.school.enums import PARTY_STATUSES, LeaderPost
from dangjian.school.models import Semester, Staff

from .enums import ActivityStatus, AttendanceStatus, Kind, LessonStatus, PlanStatus
from .models import Activity, ActivityKind, Attendance, LessonPlan, PlannedLesson, RuleSettings

HOLIDAYS = {2, 7, 8}
LESSON_MONTHS = {3: 4, 5: 4, 9: 4, 11: 4}  # month -> week of the month
LEADER_ORDER = list(LeaderPost.values)
PLACES = ("党员活动室", "学校报告厅", "行政楼三楼会议室", "图书馆多功能厅")
LEAVE_REASONS = ("外出培训", "病假", "带学生参加竞赛", "家中有事", "公差")

LESSON_TOPICS = (
    "学习贯彻党的二十大精神，办好人民满意的教育",
    "从党史中汲取奋进力量",
    "立德树人，做“四有”好老师",
    "弘扬“三特”精神，争做新时代先锋",
    "加强师德师风建设，坚守教育初心",
    "新时代基础教育改革与党员教师的责任",
    "学习《中国共产党支部工作条例（试行）》",
    "红色校史中的初心与使命",
    "以高质量党建引领学校高质量发展",
    "全面从严治党永远在路上",
)
THEME_TOPICS = (
    "重温入党誓词",
    "参观革命纪念馆",
    "“我为师生办实事”志愿服务",
    "学习党章党规",
    "走进社区开展助学活动",
    "观看主题教育片并交流",
    "清明祭扫革命烈士墓",
    "“学习强国”知识竞赛",
    "结对帮扶困难学生家访",
)


def _weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[min(n, len(days)) - 1]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _last_month(tl: timeline.Timeline) -> tuple[int, int]:
    """The last month with activities: the month after today's (planned ones), at most July of the school year."""
    after = (tl.today.year + 1, 1) if tl.today.month == 12 else (tl.today.year, tl.today.month + 1)
    return min(after, (tl.last + 1, 7))


def _months(tl: timeline.Timeline):
    year, month = tl.first, 9
    while (year, month) <= _last_month(tl):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _gap_months(tl: timeline.Timeline) -> set[tuple[int, int]]:
    """高二年段党支部's missed months: November of the current school year once it is over (the base story),
    and while the school year's teaching runs, the last teaching month before today's (so that something is
    overdue in the current semester; none in its first month)."""
    gaps = {(tl.last, 11)} if tl.today >= dt.date(tl.last, 12, 1) else set()
    if tl.today <= dt.date(tl.last + 1, 7, 15):
        year, month = tl.today.year, tl.today.month
        while (year, month) >= (tl.last, 9):
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            if (year, month) >= (tl.last, 9) and month not in HOLIDAYS:
                gaps.add((year, month))
                break
    return gaps


def seed(*, school, years, log=lambda message: None) -> None:
    if Activity.objects.filter(school=school).exists():
        log(f"{school.name}：三会一课记录已存在，跳过。")
        return
    RuleSettings.objects.get_or_create(school=school)
    rng = random.Random(f"dangjian-meetings-{school.code}")
    tl = timeline.now()
    orgs = list(Organization.objects.filter(school=school).order_by("order", "pk"))
    branches = [o for o in orgs if o.kind == OrgKind.BRANCH]
    if not branches:
        return
    groups = defaultdict(list)
    for org in orgs:
        if org.kind == OrgKind.GROUP and org.parent_id:
            groups[org.parent_id].append(org)
    members = list(
        PartyMember.objects.filter(branch__school=school, status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY))
        .order_by("staff__staff_number")
        .values("staff_id", "branch_id", "group_id", "status", "admitted_on")
    )
    posts = list(
        OrganizationPost.objects.filter(organization__school=school, ended_on__isnull=True).values(
            "organization_id", "staff_id", "post"
        )
    )
    committee = defaultdict(list)
    head = {}
    for post in posts:
        if post["post"] in COMMITTEE_POSTS:
            committee[post["organization_id"]].append(post["staff_id"])
        if post["post"] in (Post.SECRETARY, Post.GROUP_LEADER):
            head.setdefault(post["organization_id"], post["staff_id"])
    leaders = sorted(
        Staff.objects.filter(school=school, political_status__in=PARTY_STATUSES)
        .exclude(leader_post="")
        .values("pk", "leader_post", "staff_number"),
        key=lambda s: (LEADER_ORDER.index(s["leader_post"]), s["staff_number"]),
    )
    leader_ids = [s["pk"] for s in leaders]
    skipped_leader = leader_ids[-1] if len(leader_ids) > 2 else None
    full_count = defaultdict(int)
    for m in members:
        if m["status"] == MemberStatus.FULL:
            full_count[m["branch_id"]] += 1

    def invitees(org_ids: set[int], day: dt.date, only=None) -> list[int]:
        out = []
        for m in members:
            if (m["branch_id"] in org_ids or m["group_id"] in org_ids) and (
                m["admitted_on"] is None or m["admitted_on"] <= day
            ):
                out.append(m["staff_id"])
        return [s for s in out if only is None or s in only]

    activities: list[Activity] = []
    kinds: list[set[str]] = []
    invited: list[list[int]] = []
    quorum_breaks: set[int] = set()
    lecturer_turn = 0
    branch_names = {b.pk: b.name for b in branches}

    def add(org, day, kind_set, topic, start=(15, 30), hours=1.5, lecturer=None, people=None, minutes=""):
        starts = _at(day, *start)
        activities.append(
            Activity(
                school=school,
                organization=org,
                topic=topic,
                status=ActivityStatus.HELD if day < tl.today else ActivityStatus.PLANNED,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=hours),
                place=rng.choice(PLACES),
                host_id=head.get(org.pk) or head.get(org.parent_id),
                lecturer_id=lecturer,
                minutes=minutes or f"{org.name}开展“{topic}”。与会党员认真学习、交流发言，会议达到预期效果。",
                resolutions="",
            )
        )
        kinds.append(set(kind_set))
        invited.append(people if people is not None else invitees({org.pk}, day))
        return len(activities) - 1

    gap_months = _gap_months(tl)
    for year, month in _months(tl):
        if month in HOLIDAYS:
            continue
        first_day = dt.date(year, month, 1)
        for branch in branches:
            if branch.established_on and branch.established_on > first_day + dt.timedelta(days=14):
                continue
            gap_2022 = (year, month) in gap_months and branch.name.startswith("高二")
            # 主题党日 (and the quarter's 支部党员大会 in its last month)
            if not gap_2022:
                kind_set = {Kind.THEME_DAY}
                if month in (3, 6, 9, 12) and not (school.code == "sfez" and year == tl.year(2022) and month == 6):
                    kind_set.add(Kind.GENERAL_MEETING)
                topic = THEME_TOPICS[(year * 12 + month) % len(THEME_TOPICS)]
                if Kind.GENERAL_MEETING in kind_set:
                    topic = f"支部党员大会暨主题党日：{topic}"
                index = add(branch, _weekday(year, month, 4, 2), kind_set, topic, start=(15, 0), hours=2)
                if year == tl.year(2021) and month == 6 and branch.name.startswith("高三"):
                    quorum_breaks.add(index)
            # 支委会
            if full_count[branch.pk] >= 7 and committee[branch.pk]:
                add(
                    branch,
                    _weekday(year, month, 0, 1),
                    {Kind.COMMITTEE_MEETING},
                    f"{month}月支委会：研究本月党建工作安排",
                    start=(12, 30),
                    hours=1,
                    people=list(committee[branch.pk]),
                )
            # 党小组会
            for group in groups[branch.pk]:
                add(
                    group,
                    _weekday(year, month, 2, 3),
                    {Kind.GROUP_MEETING},
                    f"{month}月党小组学习会",
                    start=(17, 10),
                    hours=1,
                )
            # 党课
            if month in LESSON_MONTHS and not gap_2022:
                pool = [s for s in leader_ids if not (year == tl.year(2022) and s == skipped_leader)] or [
                    head.get(branch.pk)
                ]
                lecturer = pool[lecturer_turn % len(pool)] if pool and pool[0] else None
                lecturer_turn += 1
                if month == 5 and head.get(branch.pk):  # the branch secretary's own 党课 of the year
                    lecturer = head[branch.pk]
                topic = LESSON_TOPICS[(year * 5 + month + branch.pk) % len(LESSON_TOPICS)]
                add(
                    branch,
                    _weekday(year, month, 3, LESSON_MONTHS[month]),
                    {Kind.LESSON},
                    topic,
                    start=(15, 30),
                    hours=1.5,
                    lecturer=lecturer,
                )
            # 组织生活会 + 民主评议党员
            if month == 12 and not (year == tl.year(2022) and branch.name.startswith("行政后勤")):
                add(
                    branch,
                    _weekday(year, month, 1, 4),
                    {Kind.LIFE_MEETING, Kind.REVIEW},
                    f"{year}年度组织生活会暨民主评议党员",
                    start=(14, 30),
                    hours=3,
                )
            # 谈心谈话: half of the members in April, everyone else (new members too) in November
            if month in (4, 11):
                orgs_of_branch = {branch.pk} | {g.pk for g in groups[branch.pk]}
                april = invitees(orgs_of_branch, dt.date(year, 4, 1))[0::2]
                if month == 4:
                    half = april
                else:
                    half = [s for s in invitees(orgs_of_branch, dt.date(year, 12, 31)) if s not in set(april)]
                if half:
                    add(
                        branch,
                        _weekday(year, month, 1, 2),
                        {Kind.TALK},
                        f"{branch_names[branch.pk]}谈心谈话",
                        people=half,
                    )

    Activity.objects.bulk_create(activities, batch_size=500)
    ActivityKind.objects.bulk_create(
        [ActivityKind(activity=a, kind=k) for a, ks in zip(activities, kinds, strict=True) for k in sorted(ks)],
        batch_size=1000,
    )
    rows = []
    for index, (activity, people) in enumerate(zip(activities, invited, strict=True)):
        for staff_id in people:
            r = rng.random()
            if activity.status == ActivityStatus.PLANNED:
                status = AttendanceStatus.PENDING  # invited; recorded after the meeting
            elif Kind.TALK in kinds[index]:
                status = AttendanceStatus.PRESENT  # a talk is recorded with the members it reached
            elif index in quorum_breaks:
                status = AttendanceStatus.PRESENT if r < 0.4 else AttendanceStatus.LEAVE
            else:
                status = (
                    AttendanceStatus.PRESENT
                    if r < 0.93
                    else AttendanceStatus.LEAVE
                    if r < 0.985
                    else AttendanceStatus.ABSENT
                )
            reason = rng.choice(LEAVE_REASONS) if status == AttendanceStatus.LEAVE else ""
            rows.append(Attendance(activity=activity, staff_id=staff_id, status=status, reason=reason))
    Attendance.objects.bulk_create(rows, batch_size=2000)
    _seed_plans(school, years, activities, kinds, branches)
    log(f"{school.name}：三会一课记录 {len(activities)} 条，出勤 {len(rows)} 条。")


def _seed_plans(school, years, activities, kinds, branches) -> None:
    tl = timeline.now()
    semesters = list(Semester.objects.filter(school_year__in=list(years.values())).order_by("starts_on"))
    secretary = (
        User.objects.filter(staff__school=school, staff__leader_post=LeaderPost.SECRETARY).order_by("pk").first()
    )
    lessons_of = defaultdict(list)  # (branch id, semester id) -> activities
    for activity, kind_set in zip(activities, kinds, strict=True):
        if Kind.LESSON not in kind_set:
            continue
        day = timezone.localtime(activity.starts_at).date()
        semester = next((s for s in semesters if s.starts_on <= day <= s.ends_on), None)
        if semester:
            lessons_of[(activity.organization_id, semester.pk)].append(activity)
    plans, plan_lessons = [], []
    for semester in semesters:
        if (semester.starts_on.year, semester.starts_on.month) > _last_month(tl):
            continue
        for branch in branches:
            held = lessons_of.get((branch.pk, semester.pk), [])
            if not held and not (branch.established_on is None or branch.established_on <= semester.starts_on):
                continue
            approved = timezone.make_aware(dt.datetime.combine(semester.starts_on, dt.time(10)))
            plan = LessonPlan(
                school=school,
                organization=branch,
                semester=semester,
                status=PlanStatus.PUBLISHED,
                note="学校领导带头讲党课；各支部结合“三会一课”按计划落实。",
                created_by=secretary,
                submitted_at=approved - dt.timedelta(days=3),
                approved_by=secretary,
                approved_at=approved,
                published_at=approved + dt.timedelta(hours=2),
            )
            plans.append(plan)
            for activity in held:
                plan_lessons.append(
                    (
                        plan,
                        PlannedLesson(
                            planned_on=timezone.localtime(activity.starts_at).date(),
                            lecturer_id=activity.lecturer_id,
                            topic=activity.topic,
                            status=LessonStatus.HELD
                            if activity.status == ActivityStatus.HELD
                            else LessonStatus.PLANNED,
                            activity=activity,
                        ),
                    )
                )
            skipped_november = (tl.last, 11) in _gap_months(tl) and semester.starts_on == dt.date(tl.last, 9, 1)
            if branch.name.startswith("高二") and skipped_november and held:
                plan_lessons.append(
                    (
                        plan,
                        PlannedLesson(
                            planned_on=tl.shift(dt.date(2022, 11, 24)),
                            lecturer_id=held[0].lecturer_id,
                            topic="以高质量党建引领学校高质量发展",
                            status=LessonStatus.CANCELLED,
                            originally_on=tl.shift(dt.date(2022, 11, 10)),
                            change_note="原定期中考试后讲授，因疫情防控改期后取消，未补讲。",
                        ),
                    )
                )
    LessonPlan.objects.bulk_create(plans)
    for plan, lesson in plan_lessons:
        lesson.plan = plan
    PlannedLesson.objects.bulk_create(
        [lesson for _, lesson in plan_lessons if lesson.lecturer_id is not None], batch_size=500
    )

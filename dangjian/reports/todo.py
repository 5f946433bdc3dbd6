"""我的待办: everything the logged-in person has to do in a school, as one list of items.

Their own items: the meetings they are invited to, host or lecture in the coming weeks (with the check-in link
on the day), the Party and League lessons they give, the lesson plans awaiting their approval, their mentoring
pairs gone quiet and their term reflections due, their support pairings' contacts due (a special student by
name and link only, never the case). For those who answer for the school (the Party office, 教务处, the
counselling centre, a branch secretary for their branch): the school's findings, marked ``school_wide``.

The page, the home page's "today" panel, ``GET /api/v1/me/todo`` and the .ics feed all read ``items``. A fixed
number of queries whatever the data."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse

from dangjian.accounts.access import get_access
from dangjian.development import permissions as development_perms
from dangjian.development.enums import StepKind
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.development.queries import pipeline as development_pipeline
from dangjian.league.enums import LessonStatus as LeagueLessonStatus
from dangjian.league.models import LeagueLesson
from dangjian.lib import clock
from dangjian.lib.memo import Memo
from dangjian.meetings.enums import ActivityStatus, AttendanceStatus, LessonStatus, PlanStatus
from dangjian.meetings.models import Activity, Attendance, LessonPlan, PlannedLesson
from dangjian.meetings.permissions import can_approve_plans
from dangjian.meetings.queries import CalendarEntry, day_start, kind_labels, local_day
from dangjian.meetings.queries import findings_for as meeting_findings
from dangjian.mentoring.models import Mentorship, Reflection
from dangjian.mentoring.queries import ACTIVE, LIVE
from dangjian.school.current import current_school_year
from dangjian.school.models import School, Semester
from dangjian.staffing.queries import findings_for as staffing_findings
from dangjian.support.checks import Finding as SupportFinding
from dangjian.support.queries import checks_for as support_checks

MEETINGS, LESSONS, MENTORING, SUPPORT, STAFFING = "三会一课", "党课团课", "青年教师培养", "学生帮扶", "教师配备"
DEVELOPMENT = "发展党员"
MODULES = (MEETINGS, LESSONS, MENTORING, SUPPORT, STAFFING, DEVELOPMENT)  # the order of the groups on the page

AHEAD_DAYS = 28  # meetings and lessons of the coming four weeks
QUIET_DAYS = 30  # a mentoring pair with no activity logged in this many days is due for a log
REFLECTION_AHEAD_DAYS = 30  # a term reflection is due from this many days before the term ends


@dataclass(frozen=True)
class TodoItem:
    module: str  # one of MODULES
    title: str
    url: str  # the page where it is done
    day: dt.date | None = None  # when it takes place or falls due; None for a standing finding
    level: str = "info"  # "danger" overdue, "warning" due soon, "info"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    place: str = ""
    action_url: str = ""  # the check-in link, on the day only
    action_label: str = ""
    school_wide: bool = False  # the school's item, shown to those who answer for it
    private: bool = False  # about a student: never leaves the product (no calendar feed)
    uid: str = ""

    @property
    def overdue(self) -> bool:
        return self.level == "danger"


def items(user, school: School, today: dt.date | None = None, memo: Memo | None = None) -> list[TodoItem]:
    """The user's to-do in ``school``: their own items by module then date, then the school's findings.
    ``memo`` keeps the findings for the request's other readers (the home page's module cards)."""
    today = today or clock.today()
    memo = memo or Memo()
    access = get_access(user)
    if not access.is_member_of(school.pk):
        return []
    staff_id = access.staff_id if access.staff_school_id == school.pk else None
    out: list[TodoItem] = []
    if staff_id:
        out += meetings(school, staff_id, today)
        out += lessons(school, staff_id, today)
        out += mentoring(school, staff_id, today)
    if can_approve_plans(user, school):
        out += approvals(school)
    out += development(user, school, staff_id, today)
    findings = memo(support_checks, user, school) or []
    out += support(findings, staff_id)
    out += school_findings(user, school, today, findings, staff_id, memo)
    start = day_start(today)
    return sorted(out, key=lambda i: (i.school_wide, MODULES.index(i.module), i.day or today, i.start or start))


def grouped(todo: list[TodoItem]) -> list[tuple[str, list[TodoItem]]]:
    """(module, items) in the order of MODULES, for the page."""
    by_module = defaultdict(list)
    for item in todo:
        by_module[item.module].append(item)
    return [(module, by_module[module]) for module in MODULES if by_module[module]]


def today_panel(todo: list[TodoItem], today: dt.date, days: int = 3) -> dict:
    """The home page's panel: the user's items of today and the next ``days`` days and their overdue ones,
    and the school's overdue findings."""
    last = today + dt.timedelta(days=days)
    mine = [i for i in todo if not i.school_wide and (i.overdue or (i.day is not None and i.day <= last))]
    school = [i for i in todo if i.school_wide and i.overdue]
    return {"mine": mine, "school": school, "today": today}


def calendar_entries(todo: list[TodoItem]) -> list[CalendarEntry]:
    """The dated items as entries of the meetings' .ics export; items about students stay out."""
    return [
        CalendarEntry(
            day=i.day,
            start=i.start,
            end=i.end,
            title=i.title,
            org_name=i.module,
            place=i.place,
            status="",
            url=i.url,
            uid=i.uid,
        )
        for i in todo
        if i.day is not None and not i.private
    ]


# Sources -----------------------------------------------------------------------------------------


def meetings(school: School, staff_id: int, today: dt.date) -> list[TodoItem]:
    """Activities of the coming AHEAD_DAYS days (not cancelled) the person is invited to, hosts or lectures;
    on the day an invitee who has not checked in gets the check-in link. Two queries."""
    mine = Attendance.objects.filter(activity=OuterRef("pk"), staff_id=staff_id)
    rows = (
        Activity.objects.filter(
            school=school,
            starts_at__gte=day_start(today),
            starts_at__lt=day_start(today + dt.timedelta(days=AHEAD_DAYS + 1)),
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .annotate(invited=Exists(mine), my_status=Subquery(mine.values("status")[:1]))
        .filter(Q(invited=True) | Q(host_id=staff_id) | Q(lecturer_id=staff_id))
        .select_related("organization")
        .prefetch_related("kind_rows")
        .order_by("starts_at", "pk")
    )
    out = []
    for a in rows:
        day = local_day(a.starts_at)
        role = "主持" if a.host_id == staff_id else "授课" if a.lecturer_id == staff_id else ""
        present = a.my_status == AttendanceStatus.PRESENT
        can_check_in = a.invited and day == today and not present
        title = f"{'、'.join(kind_labels(a)) or '组织生活'}：{a.topic}"
        if role:
            title += f"（我{role}）"
        if present:
            title += "（已签到）"
        out.append(
            TodoItem(
                MEETINGS,
                title,
                reverse("meetings:activity_detail", args=[school.code, a.pk]),
                day,
                "warning" if day == today else "info",
                start=a.starts_at,
                end=a.ends_at,
                place=a.place,
                action_url=reverse("meetings:checkin", args=[school.code, a.pk]) if can_check_in else "",
                action_label="签到" if can_check_in else "",
                uid=f"activity-{a.pk}@dangjian",
            )
        )
    return out


def lessons(school: School, staff_id: int, today: dt.date) -> list[TodoItem]:
    """The Party lessons of a plan and the League lessons the person is to give in the coming weeks and has
    not given yet. Two queries."""
    last = today + dt.timedelta(days=AHEAD_DAYS)
    party = (
        PlannedLesson.objects.filter(
            plan__school=school,
            lecturer_id=staff_id,
            status=LessonStatus.PLANNED,
            activity__isnull=True,
            planned_on__gte=today,
            planned_on__lte=last,
        )
        .select_related("plan__organization")
        .order_by("planned_on", "pk")
    )
    league = LeagueLesson.objects.filter(
        school=school, lecturer_id=staff_id, status=LeagueLessonStatus.PLANNED, date__gte=today, date__lte=last
    ).order_by("date", "pk")
    out = [
        TodoItem(
            LESSONS,
            f"党课：{lesson.topic}（{lesson.plan.organization.name}）",
            reverse("meetings:plan_detail", args=[school.code, lesson.plan_id]),
            lesson.planned_on,
            "warning" if lesson.planned_on == today else "info",
            uid=f"lesson-{lesson.pk}@dangjian",
        )
        for lesson in party
    ]
    out += [
        TodoItem(
            LESSONS,
            f"团课：{lesson.topic}",
            reverse("league:lesson_detail", args=[school.code, lesson.pk]),
            lesson.date,
            "warning" if lesson.date == today else "info",
            uid=f"league-lesson-{lesson.pk}@dangjian",
        )
        for lesson in league
    ]
    return out


def approvals(school: School) -> list[TodoItem]:
    """Lesson plans submitted for the secretary's approval, oldest first. One query."""
    plans = (
        LessonPlan.objects.filter(school=school, status=PlanStatus.SUBMITTED)
        .select_related("organization", "semester__school_year")
        .order_by("submitted_at", "pk")
    )
    return [
        TodoItem(
            MEETINGS,
            f"审批党课计划：{plan.organization.name} {plan.semester}",
            reverse("meetings:plan_detail", args=[school.code, plan.pk]),
            local_day(plan.submitted_at) if plan.submitted_at else None,
            "warning",
            uid=f"plan-{plan.pk}@dangjian",
        )
        for plan in plans
    ]


def development(user, school: School, staff_id: int | None, today: dt.date) -> list[TodoItem]:
    """Development files whose next step is overdue or due within a month: those of the branches the person
    may move files for (every branch, for the Party office) with a link to the file, and those where they are
    a 培养联系人 (who keeps in touch and gives an opinion, but does not open the file). Two queries, none for
    a person with neither."""
    ids = development_perms.branch_ids(user, school)  # None: every branch
    if ids is not None and not ids and not staff_id:
        return []
    contact = DevelopmentStep.objects.filter(kind=StepKind.ACTIVIST).filter(
        Q(contact_1_id=staff_id) | Q(contact_2_id=staff_id)
    )
    files = DevelopmentFile.objects.filter(school=school)
    if ids is not None:
        files = files.filter(Q(branch_id__in=ids) | Q(pk__in=contact.values("file_id") if staff_id else []))
    out = []
    for row in development_pipeline(files, today):
        if not (row.overdue or row.due_soon):
            continue
        mine = ids is None or row.file.branch_id in ids
        out.append(
            TodoItem(
                DEVELOPMENT,
                f"{row.file.person_name}：{row.next.label}"
                if mine
                else f"培养联系：{row.file.person_name}（{row.next.label}）",
                row.file.get_absolute_url() if mine else reverse("reports:me", args=[school.code]),
                row.next.deadline,
                "danger" if row.overdue else "warning",
                private=row.file.is_student,
                uid=f"development-{row.file.pk}-{row.next.kind}@dangjian",
            )
        )
    return out


def mentoring(school: School, staff_id: int, today: dt.date) -> list[TodoItem]:
    """The person's confirmed pairs of the running school year (as mentor or mentee) with no activity logged
    in QUIET_DAYS days (a pair confirmed less than QUIET_DAYS ago is not due yet), and, for a young teacher
    with a confirmed pair, the term reflections not yet written of the terms ended or ending within
    REFLECTION_AHEAD_DAYS. Four queries."""
    year = current_school_year(today)
    if year is None or not (year.starts_on <= today <= year.ends_on):
        return []
    since = today - dt.timedelta(days=QUIET_DAYS)
    pairs = list(
        Mentorship.objects.filter(school=school, school_year=year)
        .filter(ACTIVE, LIVE)
        .filter(Q(mentor_id=staff_id) | Q(mentee_id=staff_id))
        .annotate(last=Max("activities__date", filter=Q(activities__date__lte=today)))
        .select_related("mentor", "mentee")
        .order_by("mentee__name", "pk")
    )
    out = []
    for m in pairs:
        started = m.last or m.confirmed_on
        if started > since:
            continue
        other = f"青年教师 {m.mentee.name}" if m.mentor_id == staff_id else f"导师 {m.mentor.name}"
        if m.last:
            title = f"与{other}的结对已 {(today - m.last).days} 天没有带教活动记录，请及时记录"
        else:
            title = f"与{other}的结对本学年尚无带教活动记录，请及时记录"
        out.append(
            TodoItem(
                MENTORING,
                title,
                reverse("mentoring:pairing_detail", args=[school.code, m.pk]),
                started + dt.timedelta(days=QUIET_DAYS),
                "danger",
                uid=f"mentoring-{m.pk}-{started:%Y%m%d}@dangjian",
            )
        )
    if any(m.mentee_id == staff_id for m in pairs):
        written = Reflection.objects.filter(mentee_id=staff_id, school_year=year, term=OuterRef("term"))
        terms = (
            Semester.objects.filter(school_year=year, ends_on__lte=today + dt.timedelta(days=REFLECTION_AHEAD_DAYS))
            .annotate(written=Exists(written))
            .filter(written=False)
            .select_related("school_year")
            .order_by("starts_on")
        )
        out += [
            TodoItem(
                MENTORING,
                f"撰写{term}成长反思",
                reverse("mentoring:reflection_create", args=[school.code]),
                term.ends_on,
                "danger" if term.ends_on < today else "warning",
                uid=f"reflection-{staff_id}-{term.pk}@dangjian",
            )
            for term in terms
        ]
    return out


def support(findings: list[SupportFinding], staff_id: int | None) -> list[TodoItem]:
    """The findings of the person's own pairings this semester: a special student not contacted within the
    school's interval, a poor student lacking one of the three kinds of support. The student's name and the
    link only; private (never in the calendar feed)."""
    return [
        TodoItem(SUPPORT, f.message, f.url, None, f.level, private=True)
        for f in findings
        if staff_id and f.helper_id == staff_id
    ]


def school_findings(
    user,
    school: School,
    today: dt.date,
    support_findings: list[SupportFinding],
    staff_id: int | None,
    memo: Memo,
) -> list[TodoItem]:
    """The school's findings for those who answer for them (each module decides who: the Party office and a
    branch secretary the 三会一课, 教务处 the staffing, the secretary and the counselling centre the student
    support); nothing for everyone else. The person's own support pairings are theirs, not listed here."""
    out = [
        TodoItem(MEETINGS, message, url, None, level, school_wide=True)
        for level, message, url in memo(meeting_findings, user, school, today)
    ]
    out += [
        TodoItem(STAFFING, message, url, None, level, school_wide=True)
        for level, message, url in memo(staffing_findings, user, school)
    ]
    out += [
        TodoItem(SUPPORT, f.message, f.url, None, f.level, school_wide=True, private=True)
        for f in support_findings
        if not (staff_id and f.helper_id == staff_id)
    ]
    return out

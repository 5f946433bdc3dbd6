"""The 343 mechanism in figures: plain functions over queries, one dataclass per school and school year.

Every figure is computed from the records (never typed) with the modules' own definitions
(docs/domain.md); the help texts below are shown on the dashboard, the county view and the report.
A fixed number of queries for any number of schools and school years (the 三会一课 compliance of all the
calendar years at once)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from dangjian.league.enums import LessonStatus as LeagueLessonStatus
from dangjian.league.models import LeagueLesson, ThemeActivity
from dangjian.lib import clock
from dangjian.meetings.compliance import NATURAL
from dangjian.meetings.enums import State
from dangjian.meetings.queries import compliance_states
from dangjian.mentoring.models import MentoringActivity, Mentorship
from dangjian.mentoring.queries import ACTIVE
from dangjian.school.enums import PARTY_STATUSES
from dangjian.school.models import SchoolClass, SchoolYear, Semester
from dangjian.staffing.models import TeachingAssignment
from dangjian.subjects.enums import LinkStatus
from dangjian.subjects.models import SubjectActivity, SubjectLink
from dangjian.support.figures import PairingFact, person_times
from dangjian.support.models import Pairing
from dangjian.support.queries import LIVE

from . import echarts


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    help: str
    part: str  # the part of the 343 mechanism


FIGURES = [
    Figure(
        "compliance_rate",
        "三会一课完成率",
        "%",
        "本学年已到期的三会一课要求中按时完成的比例：每项要求按其自然周期只计一次（支委会、党小组会、主题党日每月，"
        "党员大会、党课每季度，组织生活会、民主评议、谈心谈话每年），周期结束即到期；季度、学期、年度合计不重复计数。"
        "按《中国共产党支部工作条例（试行）》和学校规则设置计算。",
        "上好一堂党课",
    ),
    Figure(
        "coverage_rate",
        "班级党员覆盖率",
        "%",
        "当学期至少有一名任课教师（任一学科或班主任）是党员（正式或预备）的班级，占班级数的比例；"
        "学年数为各学期的班级次合计。",
        "建好一支队伍",
    ),
    Figure("subject_links", "学科挂钩", "人", "本学年已发布的领导干部、党员骨干与学科的挂钩人数。", "抓好一个学科"),
    Figure(
        "subject_activities",
        "学科活动",
        "次",
        "挂钩干部开展的示范课、教研指导、命题打磨、研讨、听评课、学科讲座次数。",
        "抓好一个学科",
    ),
    Figure(
        "young_mentored",
        "结对青年教师",
        "人",
        "本学年至少有一个有效（已确认）结对的青年教师人数，按人计，一人有三名导师只计一次。青年教师：学年 9 月 1 日"
        "未满 35 岁，或从教不满 5 年。",
        "带好一名教师",
    ),
    Figure("mentoring_activities", "导师指导活动", "次", "有效结对中记录的导师指导活动次数。", "带好一名教师"),
    Figure(
        "league_lessons",
        "党员上团课",
        "节",
        "党员教师为团支部上的已开展团课节数（一节课可面向多个团支部，只计一次）。",
        "帮好一个团支部",
    ),
    Figure("league_themes", "团委主题活动", "次", "团委主题教育系列中开展的活动次数。", "帮好一个团支部"),
    Figure(
        "support_person_times",
        "学生帮扶人次",
        "人次",
        "一名学生在一个学期内有有效结对且至少有一条帮扶记录，计一人次；既是贫困生又是特殊生的学生在合计中只计一次。",
        "帮好每名贫困生、特殊生",
    ),
]
FIGURE_BY_KEY = {f.key: f for f in FIGURES}
COUNTY_KEYS = ["compliance_rate", "coverage_rate", "young_mentored", "support_person_times"]


@dataclass(frozen=True)
class YearFigures:
    school_id: int
    start_year: int
    compliance_ok: int = 0
    compliance_due: int = 0
    classes: int = 0  # class-semesters
    classes_covered: int = 0
    subject_links: int = 0
    subject_activities: int = 0
    young_mentored: int = 0
    mentoring_pairs: int = 0
    mentoring_activities: int = 0
    league_lessons: int = 0
    league_themes: int = 0
    support_poor: int = 0
    support_special: int = 0
    support_person_times: int = 0

    @property
    def code(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def compliance_rate(self) -> float | None:
        return rate(self.compliance_ok, self.compliance_due)

    @property
    def coverage_rate(self) -> float | None:
        return rate(self.classes_covered, self.classes)

    def value(self, key: str):
        return getattr(self, key)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when nothing was due."""
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


def counts_in_rate(period, kind: str, state: str, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> bool:
    """Whether a compliance row is one requirement of the rate (docs/domain.md, 合规率): a natural
    requirement (monthly kinds per month, quarterly per quarter, yearly per year; the quarter, semester and
    year totals of monthly kinds are summaries, not more requirements) whose period has ended by today and
    ends inside the school year, and that was due (met or overdue, not 不要求)."""
    return (
        period.granularity == NATURAL[kind]
        and starts_on <= period.ends_on <= ends_on
        and period.ends_on <= today
        and state in (State.OK, State.OVERDUE)
    )


def compliance_counts(rows, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> tuple[int, int]:
    """(met on time, due) over compliance rows: each natural requirement once (``counts_in_rate``)."""
    counted = [r.state for r in rows if counts_in_rate(r.period, r.kind, r.state, starts_on, ends_on, today)]
    return counted.count(State.OK), len(counted)


def state_counts(states, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> tuple[int, int]:
    """``compliance_counts`` over the (period, kind, required, held, missing, state) tuples of
    ``meetings.compliance.organization_states``."""
    counted = [s[5] for s in states if counts_in_rate(s[0], s[1], s[5], starts_on, ends_on, today)]
    return counted.count(State.OK), len(counted)


def class_coverage(classes, party_links) -> tuple[int, int]:
    """(covered, total) over class-semesters. ``classes``: (class id, semester id, homeroom is a Party
    member); ``party_links``: (class id, semester id) pairs with a Party member among the assigned teachers."""
    covered = sum(
        1 for class_id, semester_id, homeroom in classes if homeroom or (class_id, semester_id) in party_links
    )
    return covered, len(classes)


SPAN = 5  # school years in a trend (the dashboards, the annual report, the county chart)


def school_years(last: SchoolYear | None, span: int = SPAN) -> list[SchoolYear]:
    qs = SchoolYear.objects.order_by("start_year")
    if last is not None:
        qs = qs.filter(start_year__lte=last.start_year, start_year__gt=last.start_year - span)
    return list(qs)[-span:]


def compliance_done_due(school_ids, years: list[SchoolYear], today: dt.date) -> dict[tuple[int, int], tuple[int, int]]:
    """(done, due) of the 三会一课 requirements per (school id, start year) with anything due: the compliance of
    every calendar year the school years overlap, at once (meetings.queries.compliance_states), counted
    without building rows."""
    years = sorted(years, key=lambda y: y.start_year)
    if not years:
        return {}
    done_due: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    calendar_years = [
        cal for cal in range(years[0].start_year, years[-1].start_year + 2) if dt.date(cal, 1, 1) <= today
    ]
    school_years_of = defaultdict(list)  # calendar year -> the school years it overlaps
    for year in years:
        for cal in (year.start_year, year.start_year + 1):
            school_years_of[cal].append(year)
    until = years[-1].ends_on  # nothing ending later counts in these school years
    for cal, school_id, states in compliance_states(school_ids, calendar_years, today, until=until):
        for year in school_years_of[cal]:
            done, due = state_counts(states, year.starts_on, year.ends_on, today)
            acc = done_due[(school_id, year.start_year)]
            acc[0] += done
            acc[1] += due
    return {key: (done, due) for key, (done, due) in done_due.items()}


def figures(school_ids, years: list[SchoolYear], today: dt.date | None = None) -> dict[tuple[int, int], YearFigures]:
    """Every figure for every (school id, start year)."""
    today = today or clock.today()
    school_ids = list(school_ids)
    years = sorted(years, key=lambda y: y.start_year)
    if not years or not school_ids:
        return {}
    year_ids = {y.pk: y.start_year for y in years}
    values: dict[tuple[int, int], dict] = defaultdict(dict)

    def put(school_id, start_year, **kw):
        values[(school_id, start_year)].update(kw)

    for (school_id, start_year), (done, due) in compliance_done_due(school_ids, years, today).items():
        put(school_id, start_year, compliance_ok=done, compliance_due=due)

    # 班级党员覆盖 (TeachingAssignment + 班主任 + political status)
    semesters = list(
        Semester.objects.filter(school_year_id__in=year_ids, starts_on__lte=today).values_list("pk", "school_year_id")
    )
    sem_ids = [pk for pk, _ in semesters]
    classes = defaultdict(list)
    for class_id, school_id, year_id, homeroom_status in SchoolClass.objects.filter(
        grade__school_id__in=school_ids, grade__school_year_id__in=year_ids
    ).values_list("pk", "grade__school_id", "grade__school_year_id", "homeroom_teacher__political_status"):
        for sem_id, sem_year in semesters:
            if sem_year == year_id:
                classes[(school_id, year_ids[year_id])].append((class_id, sem_id, homeroom_status in PARTY_STATUSES))
    party_links = set(
        TeachingAssignment.objects.filter(
            semester_id__in=sem_ids,
            school_class__grade__school_id__in=school_ids,
            teacher__political_status__in=PARTY_STATUSES,
        ).values_list("school_class_id", "semester_id")
    )
    for key, rows in classes.items():
        covered, total = class_coverage(rows, party_links)
        put(*key, classes=total, classes_covered=covered)

    # 抓好一个学科
    for row in (
        SubjectLink.objects.filter(school_id__in=school_ids, school_year_id__in=year_ids, status=LinkStatus.PUBLISHED)
        .values("school_id", "school_year_id")
        .annotate(n=Count("cadre", distinct=True))
    ):
        put(row["school_id"], year_ids[row["school_year_id"]], subject_links=row["n"])
    for row in (
        SubjectActivity.objects.filter(link__school_id__in=school_ids, link__school_year_id__in=year_ids)
        .values("link__school_id", "link__school_year_id")
        .annotate(n=Count("pk"))
    ):
        put(row["link__school_id"], year_ids[row["link__school_year_id"]], subject_activities=row["n"])

    # 带好一名教师 (mentoring.queries.ACTIVE: a confirmed mentorship)
    active = Mentorship.objects.filter(school_id__in=school_ids, school_year_id__in=year_ids).filter(ACTIVE)
    for row in active.values("school_id", "school_year_id").annotate(
        mentees=Count("mentee", distinct=True), pairs=Count("pk")
    ):
        put(
            row["school_id"],
            year_ids[row["school_year_id"]],
            young_mentored=row["mentees"],
            mentoring_pairs=row["pairs"],
        )
    for row in (
        MentoringActivity.objects.filter(mentorship__in=active)
        .values("mentorship__school_id", "mentorship__school_year_id")
        .annotate(n=Count("pk"))
    ):
        put(row["mentorship__school_id"], year_ids[row["mentorship__school_year_id"]], mentoring_activities=row["n"])

    # 帮好一个团支部
    for row in (
        LeagueLesson.objects.filter(
            school_id__in=school_ids, school_year_id__in=year_ids, status=LeagueLessonStatus.HELD
        )
        .values("school_id", "school_year_id")
        .annotate(n=Count("pk"))
    ):
        put(row["school_id"], year_ids[row["school_year_id"]], league_lessons=row["n"])
    for row in (
        ThemeActivity.objects.filter(series__school_id__in=school_ids, school_year_id__in=year_ids)
        .values("series__school_id", "school_year_id")
        .annotate(n=Count("pk"))
    ):
        put(row["series__school_id"], year_ids[row["school_year_id"]], league_themes=row["n"])

    # 帮好每名贫困生、特殊生 (support.figures.person_times)
    facts = defaultdict(list)
    for row in (
        Pairing.objects.filter(school_id__in=school_ids, semester__school_year_id__in=year_ids)
        .values("school_id", "semester__school_year_id", "student_id", "semester_id", "kind", "status")
        .annotate(records=Count("records", filter=LIVE))
        .order_by()
    ):
        facts[(row["school_id"], year_ids[row["semester__school_year_id"]])].append(
            PairingFact(row["student_id"], row["semester_id"], row["kind"], row["status"], row["records"])
        )
    for key, items in facts.items():
        pt = person_times(items)
        put(*key, support_poor=pt.poor, support_special=pt.special, support_person_times=pt.combined)

    return {
        (school_id, year.start_year): YearFigures(
            school_id=school_id, start_year=year.start_year, **values.get((school_id, year.start_year), {})
        )
        for school_id in school_ids
        for year in years
    }


def series(data: dict[tuple[int, int], YearFigures], school_id: int, years: list[SchoolYear]) -> list[YearFigures]:
    return [data[(school_id, y.start_year)] for y in sorted(years, key=lambda y: y.start_year)]


def trend_option(figure: Figure, rows: list[YearFigures]) -> dict:
    """An ECharts option: the figure over the school years."""
    data = [row.value(figure.key) for row in rows]
    return echarts.trend([row.code for row in rows], [(figure.label, data)], figure.unit)


def display_value(value, unit: str) -> str:
    return "—" if value is None else f"{value:g}{unit}"

"""三会一课 compliance as plain functions over dataclasses (no database).

Numbers from 《中国共产党支部工作条例（试行）》, editable per school (``Rules``):
- 支部党员大会 ≥1 per quarter; 支部委员会会议 ≥1 per month where the branch has a committee (7+ full members);
  党小组会 ≥1 per month (each 党小组); 党课 ≥1 per quarter per branch (the semester plan may ask for more);
  主题党日 monthly; 组织生活会 ≥1 and 民主评议党员 1 per year; 谈心谈话 every member ≥1 per year.
- The secretary of the school's Party organization, and every school-level leader who is a Party member,
  give ≥1 党课 a year.
- One activity may count as several kinds; only held activities count.
- Holiday months (winter, summer) carry no monthly requirement; a quarter made only of holiday months
  carries no quarterly one.
- An organization is required to hold a period's activities when it existed for at least half of the
  period (so one founded on 20 March owes nothing for March or Q1, but owes April and Q2 onwards).
"""

import bisect
import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from dangjian.party.enums import OrgKind

from .enums import Granularity, Kind, State

MONTHLY = (Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING, Kind.THEME_DAY)
QUARTERLY = (Kind.GENERAL_MEETING, Kind.LESSON)
YEARLY = (Kind.LIFE_MEETING, Kind.REVIEW, Kind.TALK)
NATURAL = {**dict.fromkeys(MONTHLY, Granularity.MONTH), **dict.fromkeys(QUARTERLY, Granularity.QUARTER)}
NATURAL.update(dict.fromkeys(YEARLY, Granularity.YEAR))
COMMITTEE_THRESHOLD = 7
KINDS = tuple(Kind.values)  # computed once: Kind.values builds a new list on every access
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
GRANULARITY_ORDER = {Granularity.MONTH: 0, Granularity.QUARTER: 1, Granularity.SEMESTER: 2, Granularity.YEAR: 3}


@dataclass(frozen=True)
class Rules:
    general_meetings_per_quarter: int = 1
    committee_meetings_per_month: int = 1
    group_meetings_per_month: int = 1
    lessons_per_quarter: int = 1
    theme_days_per_month: int = 1
    life_meetings_per_year: int = 1
    reviews_per_year: int = 1
    talks_per_member_per_year: int = 1
    secretary_lessons_per_year: int = 1
    leader_lessons_per_year: int = 1
    holiday_months: frozenset[int] = frozenset({2, 7, 8})
    due_soon_days: int = 10

    def count(self, kind: str) -> int:
        return self._counts[kind]

    @cached_property
    def _counts(self) -> dict[str, int]:  # built once per Rules (count() runs for every period and kind)
        return {
            Kind.GENERAL_MEETING: self.general_meetings_per_quarter,
            Kind.COMMITTEE_MEETING: self.committee_meetings_per_month,
            Kind.GROUP_MEETING: self.group_meetings_per_month,
            Kind.LESSON: self.lessons_per_quarter,
            Kind.THEME_DAY: self.theme_days_per_month,
            Kind.LIFE_MEETING: self.life_meetings_per_year,
            Kind.REVIEW: self.reviews_per_year,
            Kind.TALK: self.talks_per_member_per_year,
        }


def parse_months(text: str) -> frozenset[int]:
    """``"2,7,8"`` → {2, 7, 8}; raises ValueError naming the bad part."""
    months = set()
    for part in (text or "").replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 12:
            raise ValueError(f"“{part}”不是 1 到 12 之间的月份。")
        months.add(int(part))
    return frozenset(months)


@dataclass(frozen=True)
class OrgFacts:
    id: int
    name: str
    kind: str
    full_members: int = 0
    members: int = 0  # full and probationary: everyone owed a 谈心谈话
    established_on: dt.date | None = None

    @property
    def has_committee(self) -> bool:
        return self.full_members >= COMMITTEE_THRESHOLD


@dataclass(frozen=True)
class Held:
    """A held activity as the rules see it."""

    org_id: int
    day: dt.date
    kinds: frozenset[str]
    present: frozenset[int] = frozenset()  # staff ids marked 出席
    excused: frozenset[int] = frozenset()  # staff ids marked 请假
    lecturer_id: int | None = None
    credits: frozenset[int] = frozenset()  # branches it also counts for (``credited_branches``)


@dataclass(frozen=True)
class Period:
    key: str
    granularity: str
    label: str
    starts_on: dt.date
    ends_on: dt.date

    @cached_property
    def midpoint(self) -> dt.date:
        return self.starts_on + (self.ends_on - self.starts_on) / 2

    def __contains__(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def short_label(self) -> str:
        if self.granularity == Granularity.MONTH:
            return f"{self.starts_on.month}月"
        if self.granularity == Granularity.QUARTER:
            return self.key.split("-")[-1]
        if self.granularity == Granularity.YEAR:
            return "全年"
        return self.label


@dataclass(frozen=True, slots=True)
class Row:
    period: Period
    kind: str
    required: int
    held: int
    missing: int
    state: str

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def state_label(self) -> str:
        return State(self.state).label


# Periods ------------------------------------------------------------------------------------------


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(
        f"{year}-{month:02d}",
        Granularity.MONTH,
        f"{year}年{month}月",
        dt.date(year, month, 1),
        dt.date(year, month, last),
    )


def quarter_period(year: int, quarter: int) -> Period:
    first = month_period(year, 3 * quarter - 2)
    last = month_period(year, 3 * quarter)
    return Period(f"{year}-Q{quarter}", Granularity.QUARTER, f"{year}年第{quarter}季度", first.starts_on, last.ends_on)


def year_period(year: int) -> Period:
    return Period(str(year), Granularity.YEAR, f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31))


@lru_cache(maxsize=32)
def periods_of_year(year: int) -> dict[str, list[Period]]:
    """The year's months, quarters and the year itself (cached: treat as read-only)."""
    return {
        Granularity.MONTH: [month_period(year, m) for m in range(1, 13)],
        Granularity.QUARTER: [quarter_period(year, q) for q in range(1, 5)],
        Granularity.YEAR: [year_period(year)],
    }


def current_periods(today: dt.date) -> dict[str, Period]:
    return {
        Granularity.MONTH: month_period(today.year, today.month),
        Granularity.QUARTER: quarter_period(today.year, (today.month - 1) // 3 + 1),
        Granularity.YEAR: year_period(today.year),
    }


# Organization rules -------------------------------------------------------------------------------


def required_kinds(org: OrgFacts) -> list[str]:
    if org.kind == OrgKind.BRANCH:
        kinds = [Kind.GENERAL_MEETING]
        if org.has_committee:
            kinds.append(Kind.COMMITTEE_MEETING)
        return [*kinds, Kind.LESSON, Kind.THEME_DAY, Kind.LIFE_MEETING, Kind.REVIEW, Kind.TALK]
    if org.kind == OrgKind.GROUP:
        return [Kind.GROUP_MEETING]
    return []


# Organizations above the branches: their joint activities (a 党总支's 党课 or 党员大会 for all its
# branches) count for the branches whose members were invited (docs/domain.md).
UPPER_KINDS = frozenset({OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH})


def credited_branches(org_kind: str, invited_branch_ids: Iterable[int | None]) -> set[int]:
    """The branches, besides its own organization, that a held activity counts for: for an activity of a
    党委 or 党总支, every branch with at least one invited member; for any other, none."""
    if org_kind not in UPPER_KINDS:
        return set()
    return {branch_id for branch_id in invited_branch_ids if branch_id is not None}


def exists_for(org: OrgFacts, period: Period) -> bool:
    return org.established_on is None or org.established_on <= period.midpoint


def natural_required(org: OrgFacts, kind: str, period: Period, rules: Rules) -> int:
    if not exists_for(org, period):
        return 0
    if period.granularity == Granularity.MONTH and period.starts_on.month in rules.holiday_months:
        return 0
    if period.granularity == Granularity.QUARTER:
        months = range(period.starts_on.month, period.ends_on.month + 1)
        if all(m in rules.holiday_months for m in months):
            return 0
    if kind == Kind.TALK:
        return org.members * rules.talks_per_member_per_year
    return rules.count(kind)


@lru_cache(maxsize=4096)
def _natural_requirements(
    kind: str, year: int, rules: Rules, established_on: dt.date | None, members: int
) -> tuple[int, ...]:
    """``natural_required`` for each natural period of the year: it reads only these facts of the organization,
    so organizations sharing them share the result."""
    org = OrgFacts(0, "", "", members=members, established_on=established_on)
    return tuple(natural_required(org, kind, period, rules) for period in periods_of_year(year)[NATURAL[kind]])


def _state(period: Period, required: int, missing: int, today: dt.date, rules: Rules) -> str:
    if required == 0:
        return State.NOT_REQUIRED
    if missing == 0:
        return State.OK
    if period.ends_on < today:
        return State.OVERDUE
    if period.starts_on > today:
        return State.FUTURE
    if (period.ends_on - today).days < rules.due_soon_days:
        return State.DUE_SOON
    return State.OPEN


def _held_count(kind: str, activities: Sequence[Held], period: Period, rules: Rules, days=None) -> int:
    if kind != Kind.TALK and days is not None:  # sorted days: two binary searches
        return bisect.bisect_right(days, period.ends_on) - bisect.bisect_left(days, period.starts_on)
    inside = [a for a in activities if a.day in period]
    if kind != Kind.TALK:
        return len(inside)
    talks = Counter(staff for a in inside for staff in a.present)
    return sum(min(n, rules.talks_per_member_per_year) for n in talks.values())


@lru_cache(maxsize=64)
def _coarser(year: int, natural: str, semesters: tuple[Period, ...]) -> list[tuple[Period, list[int]]]:
    """The periods coarser than ``natural`` and, for each, the natural sub-periods whose midpoint lies in it."""
    periods = periods_of_year(year)
    if natural == Granularity.MONTH:
        coarser = [*periods[Granularity.QUARTER], *semesters, *periods[Granularity.YEAR]]
    elif natural == Granularity.QUARTER:
        coarser = [*semesters, *periods[Granularity.YEAR]]
    else:
        coarser = []
    subs = periods[natural]
    return [(period, [i for i, sub in enumerate(subs) if sub.midpoint in period]) for period in coarser]


def organization_states(
    org: OrgFacts,
    activities: Iterable[Held],
    rules: Rules,
    year: int,
    today: dt.date,
    *,
    semesters: Sequence[Period] = (),
    planned_lessons: dict[str, int] | None = None,
    days_by_kind: dict[str, list[dt.date]] | None = None,
    talks: Sequence[Held] = (),
    until: dt.date | None = None,
) -> list[tuple[Period, str, int, int, int, str]]:
    """``organization_rows`` as plain (period, kind, required, held, missing, state) tuples, unsorted: what
    callers that only count (the dashboards over many schools and years) need, without building rows.
    Callers running many organizations and years may pass, instead of ``activities``, the organization's
    held days per kind, sorted (``days_by_kind``), and its held 谈心谈话 (``talks``); and ``until`` to leave
    out the periods that end after it (a period's sub-periods end no later than it does)."""
    planned_lessons = planned_lessons or {}
    if days_by_kind is None:
        by_kind: dict[str, list[Held]] = defaultdict(list)
        org_id = org.id
        for activity in activities:
            if activity.org_id == org_id:
                for kind in activity.kinds:
                    by_kind[kind].append(activity)
        days_by_kind = {kind: sorted(a.day for a in held) for kind, held in by_kind.items()}
        talks = by_kind[Kind.TALK]
    periods = periods_of_year(year)
    ok, not_required, overdue, due_soon = State.OK, State.NOT_REQUIRED, State.OVERDUE, State.DUE_SOON
    out: list[tuple] = []
    for kind in required_kinds(org):
        natural = NATURAL[kind]
        is_talk = kind == Kind.TALK
        held = talks if is_talk else ()  # the other kinds are counted on their sorted days
        days = days_by_kind.get(kind, [])
        requirements = _natural_requirements(kind, year, rules, org.established_on, org.members if is_talk else 0)
        subs = []
        for period, required in zip(periods[natural], requirements, strict=True):
            if until is not None and period.ends_on > until:
                break  # in order of time: the later ones end later still
            count = (
                _held_count(kind, held, period, rules, days)
                if is_talk  # as _held_count does for the other kinds:
                else bisect.bisect_right(days, period.ends_on) - bisect.bisect_left(days, period.starts_on)
            )
            missing = max(0, required - count)
            subs.append((period, kind, required, count, missing, _state(period, required, missing, today, rules)))
        out.extend(subs)
        for period, indices in _coarser(year, natural, tuple(semesters)):
            if until is not None and period.ends_on > until:
                continue
            mine = [subs[i] for i in indices]
            required = sum(s[2] for s in mine)
            if kind == Kind.LESSON and period.granularity == Granularity.SEMESTER:
                required = max(required, planned_lessons.get(period.key, 0))
            count = (
                _held_count(kind, held, period, rules, days)
                if is_talk
                else bisect.bisect_right(days, period.ends_on) - bisect.bisect_left(days, period.starts_on)
            )
            missing = max(sum(s[4] for s in mine), required - count, 0)
            state = _state(period, required, missing, today, rules)
            if state != ok and state != not_required:
                if any(s[5] == overdue for s in mine):
                    state = overdue
                elif state != overdue and any(s[5] == due_soon for s in mine):
                    state = due_soon
            out.append((period, kind, required, count, missing, state))
    return out


def organization_rows(
    org: OrgFacts,
    activities: Iterable[Held],
    rules: Rules,
    year: int,
    today: dt.date,
    *,
    semesters: Sequence[Period] = (),
    planned_lessons: dict[str, int] | None = None,
) -> list[Row]:
    """Rows for every period of ``year`` (and the given semesters) and every kind the organization owes:
    months for monthly kinds; quarters, semesters and the year summing their natural sub-periods."""
    rows = [
        Row(*values)
        for values in organization_states(
            org, activities, rules, year, today, semesters=semesters, planned_lessons=planned_lessons
        )
    ]
    return sort_rows(rows)


def sort_rows(rows: list[Row]) -> list[Row]:
    """Months, quarters, semesters, then the year; by start and kind (in place)."""
    order, kinds = GRANULARITY_ORDER, KIND_ORDER
    rows.sort(key=lambda r: (order[r.period.granularity], r.period.starts_on, kinds[r.kind]))
    return rows


# People who must lecture ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lecturer:
    """The school Party organization's secretary, a school-level leader who is a Party member, or a
    党支部书记 (who owes the lessons of the years of their term, ``since`` .. ``until``)."""

    staff_id: int
    name: str
    post: str  # its label, e.g. 党组织书记、副校长、第一党支部书记
    is_secretary: bool = False
    since: dt.date | None = None
    until: dt.date | None = None

    def serves_in(self, period: "Period") -> bool:
        return (self.since is None or self.since <= period.ends_on) and (
            self.until is None or self.until >= period.starts_on
        )


@dataclass(frozen=True)
class LecturerRow:
    lecturer: Lecturer
    required: int
    held: int
    state: str

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held)

    @property
    def state_label(self) -> str:
        return State(self.state).label


def lecturer_rows(
    lecturers: Iterable[Lecturer], activities: Iterable[Held], rules: Rules, year: int, today: dt.date
) -> list[LecturerRow]:
    period = year_period(year)
    given = Counter(a.lecturer_id for a in activities if Kind.LESSON in a.kinds and a.day in period)
    rows = []
    for person in lecturers:
        if not person.serves_in(period):
            continue
        required = rules.leader_lessons_per_year
        if person.is_secretary:
            required = max(required, rules.secretary_lessons_per_year)
        held = given[person.staff_id]
        rows.append(
            LecturerRow(person, required, held, _state(period, required, max(0, required - held), today, rules))
        )
    return rows


# Members who missed ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    staff_id: int
    name: str
    branch_id: int
    group_id: int | None = None


@dataclass(frozen=True)
class Gap:
    staff_id: int
    name: str
    kind: str
    period: Period
    excused: bool  # 请假 at one of the activities missed

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


MEMBER_CHECKS = (
    (Kind.GROUP_MEETING, Granularity.MONTH),
    (Kind.THEME_DAY, Granularity.MONTH),
    (Kind.LESSON, Granularity.QUARTER),
    (Kind.GENERAL_MEETING, Granularity.QUARTER),
    (Kind.LIFE_MEETING, Granularity.YEAR),
)


def member_gaps(members: Iterable[MemberFacts], activities: Iterable[Held], today: dt.date) -> list[Gap]:
    """Members who missed this month's 党小组会/主题党日, this quarter's 党课/党员大会 or this year's 组织生活会:
    their branch or group held it, or a 党委/党总支 held it for their branch (``credits``: the same rule as
    compliance), and they were present at none of that kind in the period. Nothing is missed before it is held."""
    periods = current_periods(today)
    activities = [a for a in activities if a.day <= today]
    gaps = []
    for member in members:
        own = {member.branch_id, member.group_id} - {None}
        for kind, granularity in MEMBER_CHECKS:
            period = periods[granularity]
            relevant = [a for a in activities if kind in a.kinds and a.day in period]
            held_for_them = [a for a in relevant if a.org_id in own or member.branch_id in a.credits]
            if not held_for_them or any(member.staff_id in a.present for a in relevant):
                continue
            excused = any(member.staff_id in a.excused for a in held_for_them)
            gaps.append(Gap(member.staff_id, member.name, kind, period, excused))
    return gaps


# Quorum ------------------------------------------------------------------------------------------


def has_quorum(present: int, eligible: int) -> bool:
    """More than half of those with a vote present."""
    return eligible > 0 and present * 2 > eligible


def quorum_messages(
    kinds: Iterable[str], *, full_members: int, present_full: int, committee_size: int, present_committee: int
) -> list[str]:
    kinds = set(kinds)
    out = []
    if Kind.GENERAL_MEETING in kinds and not has_quorum(present_full, full_members):
        out.append(
            f"到会正式党员 {present_full} 名，未超过应到 {full_members} 名的半数：支部党员大会不符合表决有效人数。"
        )
    if Kind.COMMITTEE_MEETING in kinds and not has_quorum(present_committee, committee_size):
        out.append(f"到会支委 {present_committee} 名，未超过支委 {committee_size} 名的半数：支委会不符合表决有效人数。")
    return out


# Findings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    level: str  # danger, warning
    message: str
    org_id: int | None = None
    kind: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def row_findings(org: OrgFacts, rows: Iterable[Row]) -> list[Finding]:
    """One finding per kind: overdue natural periods (how many, the latest named), else due soon."""
    overdue: dict[str, list[Row]] = defaultdict(list)
    soon: dict[str, Row] = {}
    for row in rows:
        if row.period.granularity != NATURAL[row.kind]:
            continue
        if row.state == State.OVERDUE:
            overdue[row.kind].append(row)
        elif row.state == State.DUE_SOON:
            soon[row.kind] = row
    out = []
    for kind in KINDS:
        if kind in overdue:
            late = overdue[kind]
            last = late[-1]
            more = f"等 {len(late)} 期" if len(late) > 1 else ""
            detail = (
                f"应谈 {last.required} 人次，已谈 {last.held} 人次"
                if kind == Kind.TALK
                else f"应开展 {last.required} 次，已开展 {last.held} 次"
            )
            out.append(
                Finding(
                    "danger",
                    f"{org.name}：{last.period.label}{more}{Kind(kind).label}未按要求开展（{detail}）",
                    org.id,
                    kind,
                )
            )
        elif kind in soon:
            row = soon[kind]
            out.append(
                Finding(
                    "warning",
                    f"{org.name}：{row.period.label}{Kind(kind).label}尚未开展，{row.period.ends_on:%m月%d日}前到期",
                    org.id,
                    kind,
                )
            )
    return out


def lecturer_findings(rows: Iterable[LecturerRow], today: dt.date) -> list[Finding]:
    """Overdue (the year is over), due soon, or still open in the last quarter of the year."""
    out = []
    for row in rows:
        late = row.state == State.OVERDUE
        if row.missing and (late or row.state == State.DUE_SOON or (row.state == State.OPEN and today.month >= 10)):
            out.append(
                Finding(
                    "danger" if late else "warning",
                    f"{row.lecturer.post}{row.lecturer.name}本年度讲党课 {row.held} 次，应讲 {row.required} 次",
                )
            )
    return out

"""Reads of 三会一课 records, each a fixed number of queries whatever the data size."""

import calendar
import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from dangjian.lib import clock
from dangjian.lib.dates import LocalDays
from dangjian.lib.listing import int_or_none
from dangjian.party.enums import COMMITTEE_POSTS, MemberStatus, OrgKind, Post
from dangjian.party.membership import PARTY_HERE
from dangjian.party.models import Organization, OrganizationPost, PartyMember
from dangjian.party.permissions import branch_scope
from dangjian.school.enums import LeaderPost
from dangjian.school.models import School, Semester, Staff

from . import compliance as rules_mod
from .compliance import Finding, Held, Lecturer, LecturerRow, MemberFacts, OrgFacts, Period, Row, Rules
from .enums import PLANS_IN_FORCE, ActivityStatus, AttendanceStatus, Granularity, Kind, LessonStatus, PlanStatus, State
from .models import Activity, ActivityKind, Attendance, LessonPlan, PlannedLesson, RuleSettings

MEMBER_STATUSES = (MemberStatus.FULL, MemberStatus.PROBATIONARY)


# Rule settings -----------------------------------------------------------------------------------


def to_rules(settings: RuleSettings | None) -> Rules:
    if settings is None:
        return Rules()
    try:
        holidays = rules_mod.parse_months(settings.holiday_months)
    except ValueError:
        holidays = Rules().holiday_months
    return Rules(
        general_meetings_per_quarter=settings.general_meetings_per_quarter,
        committee_meetings_per_month=settings.committee_meetings_per_month,
        group_meetings_per_month=settings.group_meetings_per_month,
        lessons_per_quarter=settings.lessons_per_quarter,
        theme_days_per_month=settings.theme_days_per_month,
        life_meetings_per_year=settings.life_meetings_per_year,
        reviews_per_year=settings.reviews_per_year,
        talks_per_member_per_year=settings.talks_per_member_per_year,
        secretary_lessons_per_year=settings.secretary_lessons_per_year,
        leader_lessons_per_year=settings.leader_lessons_per_year,
        holiday_months=holidays,
        due_soon_days=settings.due_soon_days,
    )


def rule_settings(school: School) -> RuleSettings:
    """The school's settings, or unsaved defaults (reads never write)."""
    return RuleSettings.objects.filter(school=school).first() or RuleSettings(school=school)


def local_day(value: dt.datetime) -> dt.date:
    return value.astimezone(timezone.get_current_timezone()).date()


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# Activity lists ----------------------------------------------------------------------------------


def _attendance_count(**filters):
    """Counted per activity in a correlated subquery: a page of 25 counts 25 activities' rows (a join grouped
    over the whole school counted every activity's before the database could cut the page)."""
    rows = Attendance.objects.filter(activity=OuterRef("pk"), **filters).order_by().values("activity")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        qs.select_related("organization", "host", "lecturer")
        .prefetch_related(Prefetch("kind_rows", queryset=ActivityKind.objects.order_by("pk")))
        .annotate(
            invited=_attendance_count(),
            present=_attendance_count(status=AttendanceStatus.PRESENT),
            on_leave=_attendance_count(status=AttendanceStatus.LEAVE),
        )
    )


def search_activities(qs: QuerySet[Activity], *, q="", kind="", organization="", status="", year="", month=""):
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(place__icontains=q) | Q(lecturer__name__icontains=q))
    if kind in Kind.values:
        qs = qs.filter(pk__in=ActivityKind.objects.filter(kind=kind).values("activity_id"))
    if (org := int_or_none(organization)) is not None:
        qs = qs.filter(organization_id=org)
    if status in ActivityStatus.values:
        qs = qs.filter(status=status)
    year_n, month_n = int_or_none(year), int_or_none(month)
    if year_n and 2000 <= year_n <= 2100:
        if month_n and 1 <= month_n <= 12:
            first = dt.date(year_n, month_n, 1)
            last = dt.date(year_n, month_n, calendar.monthrange(year_n, month_n)[1])
        else:
            first, last = dt.date(year_n, 1, 1), dt.date(year_n, 12, 31)
        qs = qs.filter(starts_at__gte=day_start(first), starts_at__lt=day_start(last + dt.timedelta(days=1)))
    return with_counts(qs).order_by("-starts_at", "-pk")


def kind_labels(activity: Activity) -> list[str]:
    return [row.get_kind_display() for row in activity.kinds_in_order]


def org_member_ids(org: Organization) -> set[int]:
    """Staff ids of the members (full and probationary) of ``org`` and everything below it."""
    from dangjian.party.queries import subtree_ids

    orgs = subtree_ids(org.school, [org.pk])
    return set(
        PartyMember.objects.filter(status__in=MEMBER_STATUSES)
        .filter(Q(branch__in=orgs) | Q(group__in=orgs))
        .values_list("staff_id", flat=True)
    )


@dataclass
class ActivityDetail:
    kinds: list[str]
    attendances: list[Attendance]
    evidence: list
    quorum: list[str]
    counts: dict
    lesson: PlannedLesson | None = None


def activity_detail(activity: Activity) -> ActivityDetail:
    kinds = list(activity.kind_rows.values_list("kind", flat=True))
    attendances = list(activity.attendances.select_related("staff__party_record").order_by("staff__staff_number", "pk"))
    counts = Counter(a.status for a in attendances)
    quorum = []
    if activity.status == ActivityStatus.HELD and {Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING} & set(kinds):
        quorum = quorum_messages(activity, kinds, attendances)
    return ActivityDetail(
        kinds=[Kind(k).label for k in Kind.values if k in kinds],
        attendances=attendances,
        evidence=list(activity.evidence.all()),
        quorum=quorum,
        counts={s or "pending": counts.get(s, 0) for s in AttendanceStatus.values},
        lesson=PlannedLesson.objects.filter(activity=activity).select_related("plan").first(),
    )


def quorum_messages(activity: Activity, kinds, attendances: list[Attendance]) -> list[str]:
    from dangjian.party.queries import subtree_ids

    orgs = subtree_ids(activity.school, [activity.organization_id])
    full = set(
        PartyMember.objects.filter(status=MemberStatus.FULL)
        .filter(Q(branch__in=orgs) | Q(group__in=orgs))
        .values_list("staff_id", flat=True)
    )
    day = local_day(activity.starts_at)
    committee = set(
        OrganizationPost.objects.filter(
            organization=activity.organization, post__in=COMMITTEE_POSTS, started_on__lte=day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("staff_id", flat=True)
    )
    present = {a.staff_id for a in attendances if a.status == AttendanceStatus.PRESENT}
    return rules_mod.quorum_messages(
        kinds,
        full_members=len(full),
        present_full=len(present & full),
        committee_size=len(committee),
        present_committee=len(present & committee),
    )


# Compliance --------------------------------------------------------------------------------------


@dataclass
class OrgCompliance:
    org: OrgFacts
    school_id: int
    rows: list[Row]
    findings: list[Finding]

    def rows_of(self, granularity: str) -> list[Row]:
        return [r for r in self.rows if r.period.granularity == granularity]


@dataclass
class SchoolCompliance:
    year: int
    today: dt.date
    orgs: list[OrgCompliance] = field(default_factory=list)
    lecturers: dict[int, list[LecturerRow]] = field(default_factory=dict)  # school id -> rows
    lecturer_findings: dict[int, list[Finding]] = field(default_factory=dict)
    rules: dict[int, Rules] = field(default_factory=dict)


def semester_periods(year: int) -> list[tuple[Semester, Period]]:
    return semester_periods_of([year])[year]


def semester_periods_of(years) -> dict[int, list[tuple[Semester, Period]]]:
    """The semesters starting in each calendar year (one query for all years)."""
    years = sorted(set(years))
    out: dict[int, list[tuple[Semester, Period]]] = {y: [] for y in years}
    if not years:
        return out
    semesters = (
        Semester.objects.filter(starts_on__year__gte=years[0], starts_on__year__lte=years[-1])
        .select_related("school_year")
        .order_by("starts_on")
    )
    for s in semesters:
        if s.starts_on.year in out:
            out[s.starts_on.year].append((s, Period(s.code, Granularity.SEMESTER, str(s), s.starts_on, s.ends_on)))
    return out


def compliance(
    school_ids, year: int, today: dt.date | None = None, *, org_ids=None, lecturers: bool = True
) -> SchoolCompliance:
    """Compliance of every organization of the given schools (or only ``org_ids``) for ``year``.
    Eight queries at most whatever the number of schools, organizations or activities."""
    return compliance_by_year(school_ids, [year], today, org_ids=org_ids, lecturers=lecturers)[year]


@dataclass
class _Inputs:
    """What the compliance rules need for some schools and calendar years, loaded in a fixed number of queries."""

    school_ids: list[int]
    years: list[int]
    semesters_of: dict[int, list[tuple[Semester, Period]]]
    org_facts: list[tuple[OrgFacts, int]]  # (organization, school id), organizations owing something
    days_by_org: dict[int, dict[str, list[dt.date]]]  # organization -> kind -> held days, sorted
    talks_by_org: dict[int, list[Held]]  # organization -> held 谈心谈话
    by_school: dict[int, list[Held]]  # school -> held activities (only when lecturers are asked for)
    school_rules: dict[int, Rules]
    planned: Counter
    people: dict[int, list[Lecturer]]
    today: dt.date

    def org_states(self, year: int, until: dt.date | None = None):
        """(organization, school id, state tuples) of every organization for the calendar year (the periods
        ending by ``until`` if given)."""
        periods = [p for _, p in self.semesters_of[year]]
        for facts_, school_id in self.org_facts:
            # the rules count only what falls inside each period: activities of other years change nothing
            yield (
                facts_,
                school_id,
                rules_mod.organization_states(
                    facts_,
                    (),
                    self.school_rules[school_id],
                    year,
                    self.today,
                    semesters=periods,
                    planned_lessons={p.key: self.planned[(facts_.id, p.key)] for p in periods},
                    days_by_kind=self.days_by_org.get(facts_.id, {}),
                    talks=self.talks_by_org.get(facts_.id, ()),
                    until=until,
                ),
            )


def _compliance_inputs(school_ids, years, today: dt.date, *, org_ids=None, lecturers: bool = True) -> _Inputs:
    school_ids = list(school_ids)
    years = sorted(set(years))
    semesters_of = semester_periods_of(years)
    all_semesters = [p for y in years for _, p in semesters_of[y]]
    first = min([dt.date(years[0], 1, 1), *(p.starts_on for p in all_semesters)])
    last = max([dt.date(years[-1], 12, 31), *(p.ends_on for p in all_semesters)])
    orgs_qs = Organization.objects.filter(school_id__in=school_ids)
    if org_ids is not None:
        orgs_qs = orgs_qs.filter(pk__in=org_ids)
    orgs = list(
        orgs_qs.order_by("school_id", "order", "pk").values("id", "name", "kind", "school_id", "established_on")
    )
    full, members = Counter(), Counter()
    member_rows = (
        PartyMember.objects.filter(branch__school_id__in=school_ids, status__in=MEMBER_STATUSES)
        .values("branch_id", "group_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in member_rows:
        for org_id in {row["branch_id"], row["group_id"]} - {None}:
            members[org_id] += row["n"]
            if row["status"] == MemberStatus.FULL:
                full[org_id] += row["n"]
    kinds_of: dict[int, set[str]] = defaultdict(set)
    facts: dict[int, tuple[int, dt.date, int | None, int]] = {}  # activity -> (org, day, lecturer, school)
    days_by_org: dict[int, dict[str, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
    day_of = LocalDays(timezone.get_current_timezone())
    held_kinds = ActivityKind.objects.filter(
        activity__school_id__in=school_ids,
        activity__status=ActivityStatus.HELD,
        activity__starts_at__gte=day_start(first),
        activity__starts_at__lt=day_start(last + dt.timedelta(days=1)),
    ).annotate(starts=Cast("activity__starts_at", CharField()))  # as text: see LocalDays
    upper: dict[int, str] = {}  # activity of a 党委 or 党总支 -> its organization's kind
    for activity_id, kind, org_id, org_kind, starts, lecturer_id, school_id in held_kinds.values_list(
        "activity_id",
        "kind",
        "activity__organization_id",
        "activity__organization__kind",
        "starts",
        "activity__lecturer_id",
        "activity__school_id",
    ):
        fact = facts.get(activity_id)
        if fact is None:
            fact = facts[activity_id] = (org_id, day_of(starts), lecturer_id, school_id)
        kinds_of[activity_id].add(kind)  # (activity, kind) is unique: one day per kind row
        days_by_org[org_id][kind].append(fact[1])
        if org_kind in rules_mod.UPPER_KINDS:
            upper[activity_id] = org_kind
    if upper:  # joint activities count for the branches whose members were invited: one query
        invited = defaultdict(set)
        for activity_id, branch_id in Attendance.objects.filter(activity_id__in=upper).values_list(
            "activity_id", "staff__party_record__branch_id"
        ):
            invited[activity_id].add(branch_id)
        for activity_id, org_kind in upper.items():
            for branch_id in rules_mod.credited_branches(org_kind, invited[activity_id]):
                for kind in kinds_of[activity_id] - {Kind.TALK}:
                    days_by_org[branch_id][kind].append(facts[activity_id][1])
    for by_kind in days_by_org.values():
        for days in by_kind.values():
            days.sort()
    talked = defaultdict(set)
    talk_ids = [pk for pk, kinds in kinds_of.items() if Kind.TALK in kinds]
    if talk_ids:
        for activity_id, staff_id in Attendance.objects.filter(
            activity_id__in=talk_ids, status=AttendanceStatus.PRESENT
        ).values_list("activity_id", "staff_id"):
            talked[activity_id].add(staff_id)

    def held(activity_id):
        org_id, day, lecturer_id, _school_id = facts[activity_id]
        present = talked.get(activity_id)
        return Held(org_id, day, frozenset(kinds_of[activity_id]), frozenset(present or ()), lecturer_id=lecturer_id)

    talks_by_org: dict[int, list[Held]] = defaultdict(list)
    for activity_id in talk_ids:
        talks_by_org[facts[activity_id][0]].append(held(activity_id))
    by_school: dict[int, list[Held]] = defaultdict(list)
    if lecturers:  # the lecturers' rule reads every held activity of the school
        for activity_id, fact in facts.items():
            by_school[fact[3]].append(held(activity_id))
    settings = {s.school_id: to_rules(s) for s in RuleSettings.objects.filter(school_id__in=school_ids)}
    school_rules = {sid: settings.get(sid, Rules()) for sid in school_ids}
    planned = Counter()
    semester_key = {s.pk: p.key for y in years for s, p in semesters_of[y]}
    if semester_key:
        for row in (
            PlannedLesson.objects.filter(
                plan__school_id__in=school_ids, plan__semester_id__in=semester_key, plan__status__in=PLANS_IN_FORCE
            )
            .exclude(status=LessonStatus.CANCELLED)
            .values("plan__organization_id", "plan__semester_id")
            .annotate(n=Count("pk"))
        ):
            planned[(row["plan__organization_id"], semester_key[row["plan__semester_id"]])] = row["n"]
    people = defaultdict(list)
    if lecturers:
        staff = (
            Staff.objects.filter(PARTY_HERE, school_id__in=school_ids, is_active=True)
            .exclude(leader_post="")
            .order_by("school_id", "staff_number")
            .values("pk", "name", "leader_post", "school_id")
        )
        for person in staff:
            people[person["school_id"]].append(
                Lecturer(
                    person["pk"],
                    person["name"],
                    LeaderPost(person["leader_post"]).label,
                    is_secretary=person["leader_post"] == LeaderPost.SECRETARY,
                )
            )
        _add_branch_secretaries(people, school_ids, years)
    org_facts = [
        (
            OrgFacts(
                id=org["id"],
                name=org["name"],
                kind=org["kind"],
                full_members=full[org["id"]],
                members=members[org["id"]],
                established_on=org["established_on"],
            ),
            org["school_id"],
        )
        for org in orgs
    ]
    org_facts = [(facts_, sid) for facts_, sid in org_facts if rules_mod.required_kinds(facts_)]
    return _Inputs(
        school_ids,
        years,
        semesters_of,
        org_facts,
        days_by_org,
        talks_by_org,
        by_school,
        school_rules,
        planned,
        people,
        today,
    )


def _add_branch_secretaries(people: dict[int, list[Lecturer]], school_ids, years) -> None:
    """Each 党支部书记 owes a 党课 in every year of their term, like the school's leaders: one row per person
    (a leader who also leads a branch keeps one row, with both posts). One query."""
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    posts = (
        OrganizationPost.objects.filter(
            organization__school_id__in=school_ids,
            organization__kind=OrgKind.BRANCH,
            post=Post.SECRETARY,
            started_on__lte=last,
            staff__in=Staff.objects.filter(PARTY_HERE, is_active=True),
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .order_by("started_on", "pk")
        .values("staff_id", "staff__name", "organization__name", "organization__school_id", "started_on", "ended_on")
    )
    for post in posts:
        school_people = people[post["organization__school_id"]]
        label = f"{post['organization__name']}书记"
        known = next((i for i, p in enumerate(school_people) if p.staff_id == post["staff_id"]), None)
        if known is None:
            school_people.append(
                Lecturer(post["staff_id"], post["staff__name"], label, since=post["started_on"], until=post["ended_on"])
            )
        else:  # a leader who also leads a branch, or a second term: one row
            person = school_people[known]
            post_label = person.post if label in person.post else f"{person.post}、{label}"
            window = {}
            if person.since is not None:  # a branch secretary only: the terms together
                until = (
                    None if person.until is None or post["ended_on"] is None else max(person.until, post["ended_on"])
                )
                window = {"since": min(person.since, post["started_on"]), "until": until}
            school_people[known] = dataclasses.replace(person, post=post_label, **window)


def compliance_by_year(
    school_ids, years, today: dt.date | None = None, *, org_ids=None, lecturers: bool = True
) -> dict[int, SchoolCompliance]:
    """``compliance`` for several calendar years at once: the same queries (nine at most) whatever the number
    of years, schools, organizations or activities; the rules then run per organization and year in Python."""
    today = today or clock.today()
    years = sorted(set(years))
    if not years:
        return {}
    data = _compliance_inputs(school_ids, years, today, org_ids=org_ids, lecturers=lecturers)
    school_ids, people, by_school, school_rules = data.school_ids, data.people, data.by_school, data.school_rules
    out = {}
    for year in years:
        result = SchoolCompliance(year=year, today=today, rules=dict(school_rules))
        for facts_, school_id, states in data.org_states(year):
            rows = rules_mod.sort_rows([Row(*values) for values in states])
            result.orgs.append(OrgCompliance(facts_, school_id, rows, rules_mod.row_findings(facts_, rows)))
        if lecturers:
            for school_id in school_ids:
                rules = school_rules[school_id]
                rows = rules_mod.lecturer_rows(people[school_id], by_school[school_id], rules, year, today)
                result.lecturers[school_id] = rows
                result.lecturer_findings[school_id] = rules_mod.lecturer_findings(rows, today)
        out[year] = result
    return out


SEVERITY = [State.OVERDUE, State.DUE_SOON, State.OPEN, State.FUTURE, State.OK]


def school_year_compliance(
    school_ids, start_year: int, today: dt.date | None = None, *, org_ids=None, lecturers: bool = True
) -> SchoolCompliance:
    """The 三会一课 of a school year (1 September to 31 August): the periods of its two calendar years that
    end inside it, findings from those alone, a school-year total per kind (natural requirements only), and
    the leaders' 党课 of the calendar year that ends inside it. ``year`` of the result is the start year."""
    today = today or clock.today()
    starts_on, ends_on = dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)
    total = Period(
        f"{start_year}-{start_year + 1}", Granularity.YEAR, f"{start_year}-{start_year + 1}学年", starts_on, ends_on
    )
    years = [cal for cal in (start_year, start_year + 1) if cal == start_year or dt.date(cal, 1, 1) <= today]
    by_year = compliance_by_year(school_ids, years, today, org_ids=org_ids, lecturers=lecturers)
    result = SchoolCompliance(year=start_year, today=today, rules=by_year[start_year].rules)
    merged: dict[int, OrgCompliance] = {}
    for data in by_year.values():
        for item in data.orgs:
            rows = [
                r
                for r in item.rows
                if starts_on <= r.period.ends_on <= ends_on and r.period.granularity != Granularity.YEAR
            ]
            if item.org.id in merged:
                merged[item.org.id].rows.extend(rows)
            else:
                merged[item.org.id] = OrgCompliance(item.org, item.school_id, rows, [])
    for item in merged.values():
        natural = [r for r in item.rows if r.period.granularity == rules_mod.NATURAL[r.kind]]
        item.findings = rules_mod.row_findings(item.org, natural)
        for kind in dict.fromkeys(r.kind for r in natural):
            mine = [r for r in natural if r.kind == kind]
            states = {r.state for r in mine} - {State.NOT_REQUIRED}
            state = next((s for s in SEVERITY if s in states), State.NOT_REQUIRED)
            required, held = sum(r.required for r in mine), sum(min(r.held, r.required) for r in mine)
            item.rows.append(Row(total, kind, required, held, required - held, state))
        result.orgs.append(item)
    autumn = by_year[start_year]
    result.lecturers, result.lecturer_findings = autumn.lecturers, autumn.lecturer_findings
    return result


def compliance_states(school_ids, years, today: dt.date | None = None, *, until: dt.date | None = None):
    """(calendar year, school id, state tuples of ``compliance.organization_states``) of every organization,
    for callers that only count (no rows, findings or lecturers), leaving out the periods that end after
    ``until`` if given. Seven queries at most whatever the years and schools."""
    today = today or clock.today()
    years = sorted(set(years))
    if not years:
        return
    data = _compliance_inputs(school_ids, years, today, lecturers=False)
    for year in years:
        for _facts, school_id, states in data.org_states(year, until):
            yield year, school_id, states


def reference_year(today: dt.date) -> int:
    """The calendar year to check by default: this year, unless the school calendar has no current school
    year (e.g. demo data that ends earlier), then the year in which the latest school year started."""
    from dangjian.school.queries import current_school_year

    year = current_school_year(today)
    if year is None or year.starts_on <= today <= year.ends_on or year.starts_on > today:
        return today.year
    return year.start_year


# Members who missed ------------------------------------------------------------------------------


def member_gaps(school: School, org_ids: set[int] | None, today: dt.date | None = None) -> list[rules_mod.Gap]:
    today = today or clock.today()
    members_qs = PartyMember.objects.filter(branch__school=school, status__in=MEMBER_STATUSES)
    if org_ids is not None:
        members_qs = members_qs.filter(Q(branch__in=org_ids) | Q(group__in=org_ids))
    members = [
        MemberFacts(m["staff_id"], m["staff__name"], m["branch_id"], m["group_id"])
        for m in members_qs.order_by("branch__order", "staff__staff_number").values(
            "staff_id", "staff__name", "branch_id", "group_id"
        )
    ]
    first = dt.date(today.year, 1, 1)
    activities = {
        a["pk"]: a
        for a in Activity.objects.filter(
            school=school,
            status=ActivityStatus.HELD,
            starts_at__gte=day_start(first),
            starts_at__lt=day_start(today + dt.timedelta(days=1)),
        ).values("pk", "organization_id", "organization__kind", "starts_at")
    }
    kinds, present, excused = defaultdict(set), defaultdict(set), defaultdict(set)
    invited_branches = defaultdict(set)
    for activity_id, kind in ActivityKind.objects.filter(activity_id__in=activities).values_list("activity_id", "kind"):
        kinds[activity_id].add(kind)
    for activity_id, staff_id, status, branch_id in Attendance.objects.filter(activity_id__in=activities).values_list(
        "activity_id", "staff_id", "status", "staff__party_record__branch_id"
    ):
        invited_branches[activity_id].add(branch_id)
        if status == AttendanceStatus.PRESENT:
            present[activity_id].add(staff_id)
        elif status == AttendanceStatus.LEAVE:
            excused[activity_id].add(staff_id)
    held = [
        Held(
            a["organization_id"],
            local_day(a["starts_at"]),
            frozenset(kinds[pk]),
            frozenset(present[pk]),
            frozenset(excused[pk]),
            credits=frozenset(rules_mod.credited_branches(a["organization__kind"], invited_branches[pk])),
        )
        for pk, a in activities.items()
    ]
    return rules_mod.member_gaps(members, held, today)


# Findings for home pages -------------------------------------------------------------------------


def findings_for(user, school: School, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(level, message, url) for the people responsible: the school's Party office sees every organization
    and the lecturers; a branch secretary their subtree. Everyone else gets nothing. Constant queries."""
    from .permissions import can_view_compliance, is_school_admin

    if not can_view_compliance(user, school):
        return []
    today = today or clock.today()
    year = reference_year(today)
    org_ids = branch_scope(user, school)
    admin = is_school_admin(user, school)
    data = compliance([school.pk], year, today, org_ids=org_ids, lecturers=admin)
    base = reverse("meetings:compliance", args=[school.code])
    out = []
    for item in data.orgs:
        for finding in item.findings:
            out.append((finding.level, finding.message, f"{base}?organization={item.org.id}&year={year}#detail"))
    for finding in data.lecturer_findings.get(school.pk, []):
        out.append((finding.level, finding.message, f"{base}?year={year}#lecturers"))
    out.sort(key=lambda f: f[0] != "danger")
    return out


# Plans -------------------------------------------------------------------------------------------


def plan_list(qs: QuerySet[LessonPlan], *, semester="", status="", organization=""):
    if (sem := int_or_none(semester)) is not None:
        qs = qs.filter(semester_id=sem)
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    if (org := int_or_none(organization)) is not None:
        qs = qs.filter(organization_id=org)
    return qs.select_related("organization", "semester__school_year", "approved_by").annotate(
        lesson_count=Count("lessons", filter=~Q(lessons__status=LessonStatus.CANCELLED)),
        held_count=Count("lessons", filter=Q(lessons__status=LessonStatus.HELD)),
    )


@dataclass
class LeaderCoverage:
    staff: Staff
    post: str
    planned: int
    is_secretary: bool


def plan_lessons(plan: LessonPlan) -> list[PlannedLesson]:
    return list(plan.lessons.select_related("lecturer", "activity").order_by("planned_on", "pk"))


def leader_coverage(school: School, year_of: dt.date, including=None) -> list[LeaderCoverage]:
    """Whether each school leader who is a Party member has a lesson planned or held in the year of the
    given day (the school's plans in force, and ``including``, a plan being drafted; cancelled lessons
    excluded)."""
    year = year_of.year
    leaders = list(
        Staff.objects.filter(PARTY_HERE, school=school, is_active=True).exclude(leader_post="").order_by("staff_number")
    )
    planned = Counter(
        PlannedLesson.objects.filter(plan__school=school, planned_on__year=year, lecturer__in=leaders)
        .filter(Q(plan__status__in=PLANS_IN_FORCE) | Q(plan=including))
        .exclude(status=LessonStatus.CANCELLED)
        .values_list("lecturer_id", flat=True)
    )
    return [
        LeaderCoverage(s, s.get_leader_post_display(), planned[s.pk], s.leader_post == LeaderPost.SECRETARY)
        for s in leaders
    ]


# Calendar ----------------------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    day: dt.date
    start: dt.datetime | None
    end: dt.datetime | None
    title: str
    org_name: str
    place: str
    status: str
    url: str
    uid: str
    kinds: list[str] = field(default_factory=list)


def calendar_entries(user, school: School, first: dt.date, last: dt.date, *, org_id: int | None = None):
    """Activities the user may see and planned lessons not yet held, between two days (three queries)."""
    from .permissions import activities_for_user, plans_for_user

    activities = (
        activities_for_user(user, school)
        .filter(starts_at__gte=day_start(first), starts_at__lt=day_start(last + dt.timedelta(days=1)))
        .select_related("organization")
        .prefetch_related("kind_rows")
        .order_by("starts_at")
    )
    lessons = (
        PlannedLesson.objects.filter(
            plan__in=plans_for_user(user, school),
            planned_on__gte=first,
            planned_on__lte=last,
            activity__isnull=True,
            status=LessonStatus.PLANNED,
        )
        .select_related("plan__organization", "lecturer")
        .order_by("planned_on")
    )
    if org_id is not None:
        activities = activities.filter(organization_id=org_id)
        lessons = lessons.filter(plan__organization_id=org_id)
    entries = [
        CalendarEntry(
            day=local_day(a.starts_at),
            start=a.starts_at,
            end=a.ends_at,
            title=a.topic,
            org_name=a.organization.name,
            place=a.place,
            status=a.status,
            url=reverse("meetings:activity_detail", args=[school.code, a.pk]),
            uid=f"activity-{a.pk}@dangjian",
            kinds=kind_labels(a),
        )
        for a in activities
    ]
    entries += [
        CalendarEntry(
            day=lesson.planned_on,
            start=None,
            end=None,
            title=f"党课：{lesson.topic}（{lesson.lecturer.name}）",
            org_name=lesson.plan.organization.name,
            place="",
            status="lesson",
            url=reverse("meetings:plan_detail", args=[school.code, lesson.plan_id]),
            uid=f"lesson-{lesson.pk}@dangjian",
            kinds=[Kind.LESSON.label],
        )
        for lesson in lessons
    ]
    entries.sort(key=lambda e: (e.day, e.start is None, e.start or timezone.now()))
    return entries


def month_grid(year: int, month: int, entries: list[CalendarEntry]) -> list[list[tuple[dt.date, bool, list]]]:
    """Weeks (Monday first) of (day, in this month, entries)."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def week_days(monday: dt.date, entries: list[CalendarEntry]) -> list[tuple[dt.date, str, list[CalendarEntry]]]:
    """The seven days from ``monday`` as (day, 周X label, entries), without queries."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    return [(day, "周" + "一二三四五六日"[day.weekday()], by_day.get(day, [])) for day in days]


def organizations_in_scope(school: School, org_ids: set[int] | None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(school=school).order_by("order", "pk")
    if org_ids is not None:
        qs = qs.filter(pk__in=org_ids)
    return qs


def branch_choices(school: School, org_ids: set[int] | None):
    return organizations_in_scope(school, org_ids).filter(kind__in=(OrgKind.BRANCH, OrgKind.GROUP))

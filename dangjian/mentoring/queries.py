"""Reads for the mentoring pages, API and figures; every function runs a fixed number of queries."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum

from dangjian.lib import clock
from dangjian.lib.listing import int_or_none
from dangjian.party.models import PartyMember
from dangjian.school.enums import PARTY_STATUSES
from dangjian.school.models import School, SchoolClass, SchoolYear, Staff, StaffYear

from . import matching
from .enums import DIMENSIONS, MentorshipStatus, MilestoneKind
from .models import MentoringActivity, MentoringSettings, Mentorship, Milestone, Reflection
from .young import TeacherFacts, YoungStatus, young_status

HOMEROOM_SKILL = "班主任经验"
MORAL_WORDS = ("政教", "德育", "学生处", "团委")
# A mentorship counts as active in its school year once it has been confirmed (even if released later).
ACTIVE = Q(confirmed_on__isnull=False)
LIVE = ~Q(status=MentorshipStatus.RELEASED)


def settings_of(school: School) -> MentoringSettings:
    return MentoringSettings.objects.filter(school=school).first() or MentoringSettings(school=school)


def previous_year(year: SchoolYear) -> SchoolYear | None:
    return SchoolYear.objects.filter(start_year=year.start_year - 1).first()


# Young teachers ----------------------------------------------------------------------------------


@dataclass
class YoungRow:
    staff: Staff
    status: YoungStatus
    subjects: list[str]
    grade: str
    grade_level: int | None
    pairs: dict[str, Mentorship] = field(default_factory=dict)  # dimension -> the live pairing

    @property
    def complete(self) -> bool:
        return all(
            d.value in self.pairs and self.pairs[d.value].status == MentorshipStatus.CONFIRMED for d in DIMENSIONS
        )

    @property
    def cells(self) -> list[tuple[str, Mentorship | None]]:
        return [(d.label, self.pairs.get(d.value)) for d in DIMENSIONS]


def status_of(
    staff: Staff, year: SchoolYear, settings: MentoringSettings, *, teaches: bool | None = None
) -> YoungStatus:
    if teaches is None:
        teaches = staff.subjects.exists()
    facts = TeacherFacts(staff.pk, staff.birth_date, staff.started_teaching_on, teaches)
    return young_status(
        facts, year.start_year, age_limit=settings.young_age_limit, years_limit=settings.young_years_limit
    )


def young_rows(
    school: School, year: SchoolYear, settings: MentoringSettings, *, q="", subject="", coverage=""
) -> list[YoungRow]:
    """The young teachers of ``year`` (active staff, and former staff who were mentored that year), with
    their live pairings of the year. Four queries."""
    live = Mentorship.objects.filter(school_year=year).filter(LIVE).select_related("mentor").order_by("dimension", "pk")
    qs = (
        Staff.objects.filter(school=school)
        .filter(Q(is_active=True) | Q(mentorships_as_mentee__school_year=year))
        .filter(Q(started_teaching_on__isnull=True) | Q(started_teaching_on__lte=year.ends_on))
        .distinct()
        .prefetch_related(
            "subjects",
            Prefetch("mentorships_as_mentee", queryset=live, to_attr="year_pairs"),
            Prefetch(
                "years",
                queryset=StaffYear.objects.filter(school_year=year).select_related("grade"),
                to_attr="year_rows",
            ),
        )
        .order_by("staff_number")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(staff_number__icontains=q))
    if (subject_id := int_or_none(subject)) is not None:
        qs = qs.filter(subjects__pk=subject_id)
    rows = []
    for staff in qs:
        subjects = [s.name for s in staff.subjects.all()]
        status = status_of(staff, year, settings, teaches=bool(subjects))
        if not status.is_young:
            continue
        grade = staff.year_rows[0].grade if staff.year_rows and staff.year_rows[0].grade_id else None
        row = YoungRow(
            staff,
            status,
            subjects,
            grade.get_level_display() if grade else "",
            grade.level if grade else None,
            {p.dimension: p for p in staff.year_pairs},
        )
        if coverage == "complete" and not row.complete:
            continue
        if coverage == "incomplete" and row.complete:
            continue
        rows.append(row)
    return rows


def young_ids(school: School, year: SchoolYear, settings: MentoringSettings) -> set[int]:
    """Ids of the school's young teachers in ``year`` (one query)."""
    rows = (
        Staff.objects.filter(school=school)
        .annotate(n_subjects=Count("subjects"))
        .values_list("pk", "birth_date", "started_teaching_on", "n_subjects")
    )
    out = set()
    for pk, birth, started, n_subjects in rows:
        status = young_status(
            TeacherFacts(pk, birth, started, n_subjects > 0),
            year.start_year,
            age_limit=settings.young_age_limit,
            years_limit=settings.young_years_limit,
        )
        if status.is_young:
            out.add(pk)
    return out


# Mentors and the matching problem ----------------------------------------------------------------


def mentor_pool(school: School, year: SchoolYear, exclude_ids: set[int], *, staff_ids=None) -> list[matching.Mentor]:
    """Possible mentors: active teachers, school leaders and Party members who are not young teachers
    themselves (anyone else could mentor in no dimension)."""
    qs = (
        Staff.objects.filter(school=school, is_active=True)
        .filter(Q(subjects__isnull=False) | ~Q(leader_post="") | Q(political_status__in=PARTY_STATUSES))
        .exclude(pk__in=exclude_ids)
        .distinct()
        .select_related("department")
        .prefetch_related(
            "subjects",
            "skills",
            Prefetch(
                "years",
                queryset=StaffYear.objects.filter(school_year=year).select_related("grade"),
                to_attr="year_rows",
            ),
        )
        .order_by("staff_number")
    )
    if staff_ids is not None:
        qs = qs.filter(pk__in=staff_ids)
    homeroom = set(
        SchoolClass.objects.filter(
            grade__school=school, grade__school_year__start_year__lte=year.start_year, homeroom_teacher__isnull=False
        ).values_list("homeroom_teacher_id", flat=True)
    )
    return [_mentor(staff, homeroom) for staff in qs]


def _mentor(staff: Staff, homeroom: set[int]) -> matching.Mentor:
    skills = {s.name for s in staff.skills.all()}
    department = staff.department.name if staff.department_id else ""
    moral = any(word in department or word in staff.position for word in MORAL_WORDS)
    rows = getattr(staff, "year_rows", [])
    grade = rows[0].grade.level if rows and rows[0].grade_id else None
    return matching.Mentor(
        id=staff.pk,
        name=staff.name,
        subjects=frozenset(s.name for s in staff.subjects.all()),
        grade=grade,
        is_leader=bool(staff.leader_post),
        is_party_member=staff.political_status in PARTY_STATUSES,
        homeroom_experienced=staff.pk in homeroom or HOMEROOM_SKILL in skills,
        moral_leader=moral,
    )


def mentee_of(row: YoungRow) -> matching.Mentee:
    return matching.Mentee(row.staff.pk, row.staff.name, frozenset(row.subjects), row.grade_level)


def pair_of(mentorship: Mentorship) -> matching.Pair:
    return matching.Pair(mentorship.mentee_id, mentorship.mentor_id, mentorship.dimension)


@dataclass
class MatchingState:
    problem: matching.Problem
    rows: list[YoungRow]
    mentors: dict[int, matching.Mentor]
    continuing: dict[tuple, Mentorship]  # (mentee, mentor, dimension) -> last year's pairing


def matching_state(school: School, year: SchoolYear, settings: MentoringSettings) -> MatchingState:
    rows = young_rows(school, year, settings)
    mentee_ids = {row.staff.pk for row in rows}
    mentors = mentor_pool(school, year, mentee_ids)
    this_year = list(
        Mentorship.objects.filter(school=school, school_year=year).only("mentee_id", "mentor_id", "dimension", "status")
    )
    previous = previous_year(year)
    last_year = (
        list(
            Mentorship.objects.filter(
                school=school, school_year=previous, status=MentorshipStatus.CONFIRMED, mentee_id__in=mentee_ids
            )
        )
        if previous
        else []
    )
    problem = matching.Problem(
        mentees=tuple(mentee_of(row) for row in rows),
        mentors=tuple(mentors),
        capacity=settings.mentor_capacity,
        fixed=tuple(pair_of(m) for m in this_year if m.status != MentorshipStatus.RELEASED),
        continuing=tuple(pair_of(m) for m in last_year),
        excluded=tuple(pair_of(m) for m in this_year if m.status == MentorshipStatus.RELEASED),
    )
    return MatchingState(
        problem=problem,
        rows=rows,
        mentors={m.id: m for m in mentors},
        continuing={(m.mentee_id, m.mentor_id, m.dimension): m for m in last_year},
    )


def mentor_loads(school: School, year: SchoolYear, *, exclude_pk=None) -> dict[int, int]:
    qs = Mentorship.objects.filter(school=school, school_year=year).filter(LIVE)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return dict(qs.values("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n"))


# Lists -------------------------------------------------------------------------------------------


def search_pairings(qs: QuerySet[Mentorship], year: SchoolYear | None, *, q="", status="", dimension="", signed=""):
    qs = qs.filter(school_year=year)
    if q:
        qs = qs.filter(Q(mentee__name__icontains=q) | Q(mentor__name__icontains=q))
    if status in MentorshipStatus.values:
        qs = qs.filter(status=status)
    if dimension in [d.value for d in DIMENSIONS]:
        qs = qs.filter(dimension=dimension)
    if signed == "1":
        qs = qs.filter(signed_on__isnull=False)
    elif signed == "0":
        qs = qs.filter(signed_on__isnull=True)
    return (
        qs.select_related("school_year", "mentee", "mentor", "evaluation", "school")
        .annotate(activity_count=Count("activities"))
        .order_by("mentee__staff_number", "dimension", "pk")
    )


def search_activities(
    qs: QuerySet[MentoringActivity], year: SchoolYear | None, *, q="", dimension="", six_kind="", kind="", pairing=""
):
    if year is not None:
        qs = qs.filter(mentorship__school_year=year)
    if q:
        qs = qs.filter(
            Q(mentorship__mentee__name__icontains=q) | Q(mentorship__mentor__name__icontains=q) | Q(notes__icontains=q)
        )
    if dimension:
        qs = qs.filter(dimension=dimension)
    if six_kind:
        qs = qs.filter(six_kind=six_kind)
    if kind:
        qs = qs.filter(kind=kind)
    if (pairing_id := int_or_none(pairing)) is not None:
        qs = qs.filter(mentorship_id=pairing_id)
    return qs.select_related(
        "mentorship__mentee", "mentorship__mentor", "mentorship__school_year", "mentorship__school"
    ).order_by("-date", "-pk")


def search_reflections(qs: QuerySet[Reflection], year: SchoolYear | None, *, q=""):
    if year is not None:
        qs = qs.filter(school_year=year)
    if q:
        qs = qs.filter(mentee__name__icontains=q)
    return qs.select_related("school_year", "mentee").order_by(
        "-school_year__start_year", "-term", "mentee__staff_number"
    )


def mine(user_staff_id: int, school: School) -> dict:
    base = Mentorship.objects.filter(school=school).exclude(status=MentorshipStatus.PROPOSED)
    related = ("school_year", "mentee", "mentor", "evaluation", "school")
    return {
        "as_mentor": list(
            base.filter(mentor_id=user_staff_id)
            .select_related(*related)
            .annotate(activity_count=Count("activities"))
            .order_by("-school_year__start_year", "mentee__name")
        ),
        "as_mentee": list(
            base.filter(mentee_id=user_staff_id)
            .select_related(*related)
            .annotate(activity_count=Count("activities"))
            .order_by("-school_year__start_year", "dimension")
        ),
    }


# A teacher's development path --------------------------------------------------------------------


def teacher_path(school: School, staff: Staff, settings: MentoringSettings) -> dict:
    mentorships = list(
        Mentorship.objects.filter(school=school, mentee=staff)
        .filter(ACTIVE)
        .select_related("school_year", "mentor", "evaluation", "school")
        .annotate(activity_count=Count("activities"))
        .order_by("school_year__start_year", "dimension")
    )
    mentoring = list(
        Mentorship.objects.filter(school=school, mentor=staff)
        .filter(ACTIVE)
        .select_related("school_year", "mentee", "school")
        .annotate(activity_count=Count("activities"))
        .order_by("school_year__start_year", "mentee__name")
    )
    milestones = list(Milestone.objects.filter(school=school, staff=staff).order_by("date", "pk"))
    reflections = list(
        Reflection.objects.filter(mentee=staff)
        .select_related("school_year")
        .order_by("school_year__start_year", "term")
    )
    party = PartyMember.objects.filter(staff=staff).select_related("branch").first()
    by_year = defaultdict(list)
    for m in mentorships:
        by_year[m.school_year].append(m)
    years = []
    for year, items in sorted(by_year.items(), key=lambda kv: kv[0].start_year):
        years.append(
            {
                "year": year,
                "pairs": items,
                "activities": sum(m.activity_count for m in items),
                "reflections": [r for r in reflections if r.school_year_id == year.pk],
            }
        )
    events = [
        (m.date, m.get_kind_display(), str(m.get_level_display() if m.level else m.description), m) for m in milestones
    ]
    if party and party.admitted_on:
        events.append((party.admitted_on, "入党", f"接收为预备党员（{party.branch.name}）", None))
    if party and party.full_on:
        events.append((party.full_on, "转正", "转为正式党员", None))
    events.sort(key=lambda e: e[0])
    return {
        "years": years,
        "mentoring": mentoring,
        "milestones": milestones,
        "events": events,
        "party": party,
        "total_activities": sum(m.activity_count for m in mentorships),
    }


# Figures -----------------------------------------------------------------------------------------


@dataclass
class YearFigure:
    year: SchoolYear
    young: int
    mentored: int
    complete: int
    pairs: int
    mentors: int
    activities: int
    hours: float


def figures(
    school: School, years: list[SchoolYear], settings: MentoringSettings, *, load_year: SchoolYear | None = None
) -> dict:
    """Mentoring figures over ``years`` (definitions in docs/domain.md). A fixed number of queries."""
    year_ids = [y.pk for y in years]
    active = Mentorship.objects.filter(school=school, school_year_id__in=year_ids).filter(ACTIVE)
    facts = list(
        Staff.objects.filter(school=school)
        .annotate(n_subjects=Count("subjects"))
        .values_list("pk", "birth_date", "started_teaching_on", "n_subjects", "is_active")
    )
    per_year = {
        row["school_year_id"]: row
        for row in active.values("school_year_id").annotate(
            pairs=Count("pk"), mentees=Count("mentee", distinct=True), mentors=Count("mentor", distinct=True)
        )
    }
    dims = defaultdict(int)
    for year_id, _mentee, n in (
        active.values("school_year_id", "mentee_id")
        .annotate(n=Count("dimension", distinct=True))
        .values_list("school_year_id", "mentee_id", "n")
    ):
        if n == len(DIMENSIONS):
            dims[year_id] += 1
    acts = {
        row["mentorship__school_year_id"]: row
        for row in MentoringActivity.objects.filter(mentorship__in=active)
        .values("mentorship__school_year_id")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    }
    rows = []
    for year in sorted(years, key=lambda y: y.start_year):
        young = 0
        for pk, birth, started, n_subjects, _is_active in facts:
            status = young_status(
                TeacherFacts(pk, birth, started, n_subjects > 0),
                year.start_year,
                age_limit=settings.young_age_limit,
                years_limit=settings.young_years_limit,
            )
            young += status.is_young
        stats, act = per_year.get(year.pk, {}), acts.get(year.pk, {})
        rows.append(
            YearFigure(
                year=year,
                young=young,
                mentored=stats.get("mentees", 0),
                complete=dims.get(year.pk, 0),
                pairs=stats.get("pairs", 0),
                mentors=stats.get("mentors", 0),
                activities=act.get("n", 0),
                hours=float(act.get("hours") or 0),
            )
        )
    first = dict(
        active.values("mentee_id").annotate(first=Min("school_year__starts_on")).values_list("mentee_id", "first")
    )
    key_teachers = {
        staff_id
        for staff_id, day in Milestone.objects.filter(
            school=school, kind=MilestoneKind.KEY_TEACHER, staff_id__in=list(first)
        ).values_list("staff_id", "date")
        if day >= first[staff_id]
    }
    joined = {
        staff_id
        for staff_id, day in PartyMember.objects.filter(
            staff_id__in=list(first), admitted_on__isnull=False
        ).values_list("staff_id", "admitted_on")
        if day >= first[staff_id]
    } | {
        staff_id
        for staff_id, day in Milestone.objects.filter(
            school=school, kind=MilestoneKind.PARTY, staff_id__in=list(first)
        ).values_list("staff_id", "date")
        if day >= first[staff_id]
    }
    per_pair = list(active.annotate(n=Count("activities")).values_list("n", flat=True))
    load_year = load_year or (max(years, key=lambda y: y.start_year) if years else None)
    load_rows = list(
        Mentorship.objects.filter(school=school, school_year=load_year)
        .filter(ACTIVE)
        .values("mentor_id", "mentor__name")
        .annotate(n=Count("mentee", distinct=True), activities=Count("activities"))
        .order_by("-n", "mentor__name")
    )
    load_hist = Counter(row["n"] for row in load_rows)
    six = dict(
        MentoringActivity.objects.filter(mentorship__in=active)
        .values("six_kind")
        .annotate(n=Count("pk"))
        .values_list("six_kind", "n")
    )
    return {
        "rows": rows,
        "mentored_total": len(first),
        "key_teachers": len(key_teachers),
        "party_members": len(joined),
        "pairs_total": len(per_pair),
        "activities_per_pair": (sum(per_pair) / len(per_pair)) if per_pair else 0.0,
        "pairs_without_activity": sum(1 for n in per_pair if n == 0),
        "max_activities": max(per_pair, default=0),
        "load_year": load_year,
        "load_rows": load_rows,
        "load_hist": sorted(load_hist.items()),
        "six_kinds": six,
    }


def year_range(first: SchoolYear | None, last: SchoolYear | None) -> list[SchoolYear]:
    qs = SchoolYear.objects.order_by("start_year")
    if first:
        qs = qs.filter(start_year__gte=first.start_year)
    if last:
        qs = qs.filter(start_year__lte=last.start_year)
    return list(qs)


def today() -> dt.date:

    return clock.today()

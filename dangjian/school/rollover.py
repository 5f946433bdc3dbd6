"""新学年: start a school's next school year.

``plan_school_year`` reads (a constant number of queries) and returns what would change; ``school_year_start``
applies that plan in one transaction. Everything is "what is still missing", so running it again for the same
year finds nothing to do, and a dry run is just the plan.

The school's convention, as in the demo: classes move up a grade with their numbers, 班主任, students and 团支部
(and, 高二→高三, their 3+1+2 combination; a class entering 高二 has still to choose one);
高三 graduates (its classes stay in their year as history); staff follow their cohort, those of the graduated
高三 loop back to the new 高一; grade heads move with their cohort and the new 高一 needs a new 段长.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.league.models import LeagueBranch
from dangjian.league.services import branch_name
from dangjian.mentoring.models import MentoringSettings, Mentorship
from dangjian.mentoring.young import TeacherFacts, young_status
from dangjian.party.enums import OrgKind
from dangjian.party.models import Organization, PartyMember

from .enums import GradeLevel, StudentStatus, Term
from .models import Enrollment, Grade, School, SchoolClass, SchoolYear, Semester, Staff, StaffYear, Student

TOP = GradeLevel.THREE
MAX_NEW_CLASSES = 40
# The convention when the previous year has no semesters to copy: (term, start month/day, end month/day).
DEFAULT_TERMS = ((Term.FIRST, (9, 1), (1, 31)), (Term.SECOND, (2, 1), (7, 15)))


class RolloverRefused(ValueError):
    """The year asked for cannot be started; the message is for the user (Chinese)."""


def class_name(level: int, number: int) -> str:
    return f"{GradeLevel(level).label}（{number}）班"


def next_level(level: int | None) -> int | None:
    """A cohort's grade next year: 高一→高二→高三, and 高三's staff loop back to 高一."""
    return None if level is None else level % TOP + 1


def _next_year_date(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class ClassMove:
    """A class of the old year and what it becomes: the class one grade up (created unless it exists), its
    students still missing there, and its 团支部 (with its secretary) if the old class had one."""

    level: int  # in the new year
    number: int
    homeroom_id: int | None
    combination: str  # carried from 高二 to 高三; "" for a class entering 高二
    create_class: bool
    student_ids: tuple[int, ...]
    league: tuple[str, int | None] | None  # (old branch name, secretary id) when a branch is to be carried

    @property
    def name(self) -> str:
        return class_name(self.level, self.number)


@dataclass(frozen=True)
class PartyMove:
    member_id: int
    staff_name: str
    from_group: str
    to_group_id: int
    to_group: str
    to_branch_id: int | None  # set when the member's branch follows the group


@dataclass
class RolloverPlan:
    school: School
    start_year: int
    year: SchoolYear | None  # None until applied, when the year does not exist yet
    year_dates: tuple[dt.date, dt.date]
    semesters: list[tuple[int, dt.date, dt.date]] = field(default_factory=list)
    grades: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)  # level -> (head, deputy)
    moves: list[ClassMove] = field(default_factory=list)
    new_classes: list[int] = field(default_factory=list)  # numbers of the new 高一 classes
    graduates: list[int] = field(default_factory=list)  # student ids
    graduating_classes: list[str] = field(default_factory=list)
    staff_years: list[tuple[int, int | None]] = field(default_factory=list)  # (staff id, level)
    party_moves: list[PartyMove] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [
            ("新建学年", int(self.year is None)),
            ("新建学期", len(self.semesters)),
            ("新建年段", len(self.grades)),
            ("升级班级", sum(m.create_class for m in self.moves)),
            ("升级学生", sum(len(m.student_ids) for m in self.moves)),
            ("沿用团支部", sum(m.league is not None for m in self.moves)),
            ("毕业学生", len(self.graduates)),
            ("新开高一班级", len(self.new_classes)),
            ("教职工学年年段", len(self.staff_years)),
            ("调整年段党小组的党员", len(self.party_moves)),
        ]

    @property
    def is_empty(self) -> bool:
        return not any(n for _, n in self.counts)

    def summary(self) -> str:
        return f"{self.code}学年：" + "，".join(f"{label} {n}" for label, n in self.counts if n)


def _school_years(school: School) -> list[int]:
    return sorted(set(Grade.objects.filter(school=school).values_list("school_year__start_year", flat=True)))


def next_start_year(school: School) -> int | None:
    """The school year the school may start next: the one after its latest year with grades."""
    years = _school_years(school)
    return years[-1] + 1 if years else None


def _check_year(school: School, start_year: int | None) -> None:
    years = _school_years(school)
    if not years:
        raise RolloverRefused(f"{school.name}还没有任何学年的年段和班级，无法开始新学年。")
    latest = years[-1]
    rerun = start_year == latest and start_year - 1 in years
    if start_year is None or (start_year != latest + 1 and not rerun):
        raise RolloverRefused(
            f"只能开始 {latest + 1}-{latest + 2} 学年：本校最近的学年是 {latest}-{latest + 1} 学年，"
            "新学年必须紧接其后" + (f"（不能开始 {start_year}-{start_year + 1} 学年）。" if start_year else "。")
        )


def plan_school_year(school: School, start_year: int, new_classes: int | None = None) -> RolloverPlan:
    """What starting ``start_year`` would change for ``school`` (nothing written). ``new_classes``: how many
    高一 classes to open (default: as many as last year's 高一). Raises ``RolloverRefused``."""
    _check_year(school, start_year)
    if new_classes is not None and not 0 <= new_classes <= MAX_NEW_CLASSES:
        raise RolloverRefused(f"新高一班级数应在 0 到 {MAX_NEW_CLASSES} 之间。")
    source = SchoolYear.objects.get(start_year=start_year - 1)
    year = SchoolYear.objects.filter(start_year=start_year).first()
    plan = RolloverPlan(
        school=school,
        start_year=start_year,
        year=year,
        year_dates=(year.starts_on, year.ends_on)
        if year
        else (_next_year_date(source.starts_on), _next_year_date(source.ends_on)),
    )
    _plan_semesters(plan, source, year)
    old_grades = {g.level: g for g in Grade.objects.filter(school=school, school_year=source).select_related("head")}
    new_grades = {
        g.level: g
        for g in Grade.objects.filter(school=school, school_year__start_year=start_year).select_related("head")
    }
    for level in GradeLevel.values:
        if level not in new_grades:
            old = old_grades.get(level - 1)
            plan.grades[level] = (old.head_id, old.deputy_id) if old else (None, None)
    _plan_classes(plan, source, new_classes)
    level_of = _plan_staff_years(plan, source)
    _plan_party_groups(plan, level_of)
    _plan_decisions(plan, old_grades, new_grades)
    return plan


def _plan_semesters(plan: RolloverPlan, source: SchoolYear, year: SchoolYear | None) -> None:
    have = set(Semester.objects.filter(school_year=year).values_list("term", flat=True)) if year else set()
    old = {s.term: (s.starts_on, s.ends_on) for s in Semester.objects.filter(school_year=source)}
    start = plan.start_year
    for term, (m1, d1), (m2, d2) in DEFAULT_TERMS:
        if term in have:
            continue
        if term in old:
            plan.semesters.append((term, *map(_next_year_date, old[term])))
        else:
            first = dt.date(start if term == Term.FIRST else start + 1, m1, d1)
            plan.semesters.append((term, first, dt.date(start + 1, m2, d2)))


def _plan_classes(plan: RolloverPlan, source: SchoolYear, new_classes: int | None) -> None:
    school = plan.school
    old_classes = list(
        SchoolClass.objects.filter(grade__school=school, grade__school_year=source)
        .select_related("grade", "league_branch")
        .order_by("grade__level", "number")
    )
    students = defaultdict(list)
    for class_id, student_id in Enrollment.objects.filter(
        school_year=source, school_class__grade__school=school, student__status=StudentStatus.ENROLLED
    ).values_list("school_class_id", "student_id"):
        students[class_id].append(student_id)
    existing = {  # (level, number) -> has a 团支部, for the classes the new year already has
        (lv, n): branch is not None
        for lv, n, branch in SchoolClass.objects.filter(
            grade__school=school, grade__school_year__start_year=plan.start_year
        ).values_list("grade__level", "number", "league_branch__pk")
    }
    enrolled = set(
        Enrollment.objects.filter(school_year__start_year=plan.start_year, student__school=school).values_list(
            "student_id", flat=True
        )
    )
    for c in old_classes:
        ids = sorted(students[c.pk])
        if c.grade.level == TOP:
            plan.graduates += ids
            plan.graduating_classes.append(c.name)
            continue
        key = (c.grade.level + 1, c.number)
        branch = getattr(c, "league_branch", None)
        carry = branch is not None and not existing.get(key, False)
        move = ClassMove(
            level=key[0],
            number=c.number,
            homeroom_id=c.homeroom_teacher_id,
            combination=c.combination,
            create_class=key not in existing,
            student_ids=tuple(i for i in ids if i not in enrolled),
            league=(branch.name, branch.secretary_id) if carry else None,
        )
        if move.create_class or move.student_ids or move.league:
            plan.moves.append(move)
    if new_classes is None:
        new_classes = sum(c.grade.level == GradeLevel.ONE for c in old_classes)
    plan.new_classes = [n for n in range(1, new_classes + 1) if (GradeLevel.ONE, n) not in existing]


def _plan_staff_years(plan: RolloverPlan, source: SchoolYear) -> dict[int, tuple[int | None, int | None]]:
    """Staff years to carry; returns staff id -> (old level, new level) for those carried now."""
    done = set(
        StaffYear.objects.filter(staff__school=plan.school, school_year__start_year=plan.start_year).values_list(
            "staff_id", flat=True
        )
    )
    level_of = {}
    for staff_id, level in StaffYear.objects.filter(
        staff__school=plan.school, staff__is_active=True, school_year=source
    ).values_list("staff_id", "grade__level"):
        if staff_id not in done:
            plan.staff_years.append((staff_id, next_level(level)))
            level_of[staff_id] = (level, next_level(level))
    plan.staff_years.sort()
    return level_of


def _plan_party_groups(plan: RolloverPlan, level_of: dict[int, tuple[int | None, int | None]]) -> None:
    """Party members in a grade Party group follow their cohort into the group of their new grade (and into
    that group's branch when they were in the old group's branch)."""
    groups = {
        g.grade_level: g
        for g in Organization.objects.filter(
            school=plan.school, kind=OrgKind.GROUP, grade_level__isnull=False
        ).order_by("-pk")
    }
    if not groups or not level_of:
        return
    members = PartyMember.objects.filter(
        staff_id__in=list(level_of), group__grade_level__isnull=False, group__school=plan.school
    ).select_related("staff", "group")
    for member in members.order_by("staff__staff_number"):
        old_level, new_level = level_of[member.staff_id]
        target = groups.get(new_level)
        if member.group.grade_level != old_level or target is None or target.pk == member.group_id:
            continue
        follow = member.branch_id == member.group.parent_id and target.parent_id is not None
        plan.party_moves.append(
            PartyMove(
                member.pk,
                member.staff.name,
                member.group.name,
                target.pk,
                target.name,
                target.parent_id if follow else None,
            )
        )


def _plan_decisions(plan: RolloverPlan, old_grades: dict, new_grades: dict) -> None:
    first = new_grades.get(GradeLevel.ONE)
    if (first.head_id if first else plan.grades[GradeLevel.ONE][0]) is None:
        previous = old_grades.get(TOP)
        hint = f"（上一届高三年段长：{previous.head.name}）" if previous and previous.head else ""
        plan.decisions.append(f"新高一年段需要任命年段长{hint}")
    no_homeroom = {(GradeLevel.ONE, n) for n in plan.new_classes}
    no_homeroom |= {(m.level, m.number) for m in plan.moves if m.create_class and m.homeroom_id is None}
    no_homeroom |= set(
        SchoolClass.objects.filter(
            grade__school=plan.school, grade__school_year__start_year=plan.start_year, homeroom_teacher__isnull=True
        ).values_list("grade__level", "number")
    )
    if no_homeroom:
        names = "、".join(class_name(*key) for key in sorted(no_homeroom))
        plan.decisions.append(f"{len(no_homeroom)} 个班级需要安排班主任：{names}")
    no_combination = {(m.level, m.number) for m in plan.moves if m.create_class and not m.combination}
    no_combination |= set(
        SchoolClass.objects.filter(
            grade__school=plan.school,
            grade__school_year__start_year=plan.start_year,
            grade__level__gt=GradeLevel.ONE,
            combination="",
        ).values_list("grade__level", "number")
    )
    if no_combination:
        names = "、".join(class_name(*key) for key in sorted(no_combination))
        plan.decisions.append(f"{len(no_combination)} 个班级需要确定 3+1+2 选科组合：{names}")
    young = _new_young_teachers(plan)
    if young:
        plan.decisions.append(f"{len(young)} 名新青年教师需要结对导师：" + "、".join(young))


def _new_young_teachers(plan: RolloverPlan) -> list[str]:
    """Young teachers of the new year who have never been paired with a mentor."""
    settings = MentoringSettings.objects.filter(school=plan.school).first() or MentoringSettings(school=plan.school)
    mentored = set(Mentorship.objects.filter(school=plan.school).values_list("mentee_id", flat=True))
    rows = (
        Staff.objects.filter(school=plan.school, is_active=True, subjects__isnull=False)
        .distinct()
        .order_by("staff_number")
        .values_list("pk", "name", "birth_date", "started_teaching_on")
    )
    return [
        name
        for pk, name, birth, started in rows
        if pk not in mentored
        and young_status(
            TeacherFacts(pk, birth, started),
            plan.start_year,
            age_limit=settings.young_age_limit,
            years_limit=settings.young_years_limit,
        ).is_young
    ]


def school_year_start(
    *, school: School, start_year: int, new_classes: int | None = None, actor=None, request=None, dry_run=False
) -> RolloverPlan:
    """Plan and (unless ``dry_run``) apply the start of ``start_year`` in one transaction; returns the plan."""
    if dry_run:
        return plan_school_year(school, start_year, new_classes)
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=school.pk).first()  # one start at a time per school
        plan = plan_school_year(school, start_year, new_classes)
        if not plan.is_empty:
            summary = plan.summary()
            _apply(plan)
            audit(actor, "school_year.start", plan.year, school=school, summary=summary, request=request)
    return plan


def _apply(plan: RolloverPlan) -> None:
    school = plan.school
    if plan.year is None:
        starts_on, ends_on = plan.year_dates
        plan.year, _ = SchoolYear.objects.get_or_create(
            start_year=plan.start_year, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
    year = plan.year
    Semester.objects.bulk_create(
        [Semester(school_year=year, term=t, starts_on=s, ends_on=e) for t, s, e in plan.semesters]
    )
    Grade.objects.bulk_create(
        [Grade(school=school, school_year=year, level=lv, head_id=h, deputy_id=d) for lv, (h, d) in plan.grades.items()]
    )
    grades = dict(Grade.objects.filter(school=school, school_year=year).values_list("level", "pk"))
    SchoolClass.objects.bulk_create(
        [
            SchoolClass(
                grade_id=grades[m.level], number=m.number, homeroom_teacher_id=m.homeroom_id, combination=m.combination
            )
            for m in plan.moves
            if m.create_class
        ]
        + [SchoolClass(grade_id=grades[GradeLevel.ONE], number=n) for n in plan.new_classes]
    )
    classes = {
        (c.grade.level, c.number): c
        for c in SchoolClass.objects.filter(grade__school=school, grade__school_year=year).select_related("grade")
    }
    Enrollment.objects.bulk_create(
        [
            Enrollment(student_id=s, school_year=year, school_class=classes[(m.level, m.number)])
            for m in plan.moves
            for s in m.student_ids
        ]
    )
    LeagueBranch.objects.bulk_create(
        [
            LeagueBranch(
                school=school,
                school_year=year,
                school_class=classes[(m.level, m.number)],
                name=branch_name(classes[(m.level, m.number)]),
                secretary_id=m.league[1],
            )
            for m in plan.moves
            if m.league
        ]
    )
    Student.objects.filter(pk__in=plan.graduates).update(status=StudentStatus.GRADUATED)
    StaffYear.objects.bulk_create(
        [StaffYear(staff_id=s, school_year=year, grade_id=grades.get(lv)) for s, lv in plan.staff_years]
    )
    members = PartyMember.objects.in_bulk([m.member_id for m in plan.party_moves])
    for move in plan.party_moves:
        member = members[move.member_id]
        member.group_id = move.to_group_id
        if move.to_branch_id:
            member.branch_id = move.to_branch_id
    PartyMember.objects.bulk_update(members.values(), ["group", "branch"])

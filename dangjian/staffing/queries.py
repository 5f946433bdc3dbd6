"""Reads for teaching assignments: a semester's classes, teachers and assignments in a fixed number of
queries, turned into the facts of checks.py and the problem.json of the optimizer."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from dangjian.lib import clock
from dangjian.party.enums import OrgKind, Post
from dangjian.party.membership import party_member_ids
from dangjian.party.models import Organization, OrganizationPost
from dangjian.school.combinations import class_subjects
from dangjian.school.current import current_semester, semester_of_year
from dangjian.school.enums import PARTY_STATUSES, GradeLevel
from dangjian.school.models import Grade, School, SchoolClass, SchoolYear, Semester, Staff, StaffYear, Subject

from . import checks
from .enums import MAIN_SUBJECTS
from .models import (
    AssignmentVersion,
    OptimizerRun,
    StaffingSettings,
    TeacherLoad,
    TeachingAssignment,
    TeachingGroup,
)
from .permissions import can_manage_staffing

GRADE_NAMES = dict(GradeLevel.choices)


# --- semesters ------------------------------------------------------------------------------


def semesters():
    return Semester.objects.select_related("school_year").order_by("-school_year__start_year", "-term")


def semester_by_code(code: str | None) -> Semester | None:
    """``2022-2023-1`` (or ``2022-1``) → that semester, else None."""
    parts = str(code or "").strip().split("-")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    start, term = int(parts[0]), int(parts[-1])
    if start > 9999 or term > 2:
        return None
    return semesters().filter(school_year__start_year=start, term=term).first()


def semester_from_param(code: str | None) -> Semester | None:
    return semester_by_code(code) or current_semester()


def previous_semester(semester: Semester) -> Semester | None:
    start, term = semester.school_year.start_year, semester.term
    start, term = (start, 1) if term == 2 else (start - 1, 2)
    return semesters().filter(school_year__start_year=start, term=term).first()


# --- one semester's data --------------------------------------------------------------------


@dataclass
class SemesterData:
    school: School
    semester: Semester
    settings: StaffingSettings
    subjects: list[str]  # the school's subjects in their order
    classes: list[SchoolClass]
    staff: dict[int, Staff]
    staff_level: dict[int, int]  # staff id → grade level this school year (teachers only)
    staff_subjects: dict[int, list[str]]
    current: list[tuple[int, str, int]]  # (class id, subject, teacher id)
    grouped: list[tuple[int, str, int]]  # the same, taught in a 教学班 drawing from the class
    previous: list[tuple[int, str, int]]  # last semester's, mapped onto this semester's classes
    previous_subjects: dict[int, set[str]]  # grade level → subjects taught to that level last semester
    loads: dict[int, TeacherLoad]
    needs: dict[int, list[str]] = field(default_factory=dict)  # class id → the subjects it needs
    max_classes: dict[int, int | None] = field(default_factory=dict)
    party_ids: set[int] = field(default_factory=set)  # staff who were Party members in this semester

    @property
    def min_party(self) -> int:
        return self.settings.min_party_teachers_per_class


def staffing_settings(school: School) -> StaffingSettings:
    return StaffingSettings.objects.filter(school=school).first() or StaffingSettings(school=school)


def load_semester(school: School, semester: Semester) -> SemesterData:
    """Everything the coverage check and the optimizer need: fourteen queries whatever the size.

    Party membership is as it was in the semester (at its end, or today while it runs), not as it is now."""
    year = semester.school_year
    settings = staffing_settings(school)
    subjects = list(Subject.objects.filter(school=school).order_by("order", "name").values_list("name", flat=True))
    classes = list(
        SchoolClass.objects.filter(grade__school=school, grade__school_year=year)
        .select_related("grade")
        .order_by("grade__level", "number")
    )
    class_ids = {c.pk for c in classes}
    current = list(
        TeachingAssignment.objects.filter(semester=semester, school_class__in=class_ids)
        .order_by("school_class_id", "subject__order", "subject__name")
        .values_list("school_class_id", "subject__name", "teacher_id")
    )
    grouped = list(
        TeachingGroup.classes.through.objects.filter(
            teachinggroup__semester=semester, schoolclass__in=class_ids
        ).values_list("schoolclass_id", "teachinggroup__subject__name", "teachinggroup__teacher_id")
    )
    previous, previous_subjects = _previous(school, semester, classes)
    staff_level = dict(
        StaffYear.objects.filter(
            school_year=year, staff__school=school, staff__is_active=True, grade__isnull=False
        ).values_list("staff_id", "grade__level")
    )
    wanted = set(staff_level) | {c.homeroom_teacher_id for c in classes if c.homeroom_teacher_id}
    wanted |= {t for _, _, t in current} | {t for _, _, t in previous} | {t for _, _, t in grouped}
    staff = {s.pk: s for s in Staff.objects.filter(school=school, pk__in=wanted).order_by("staff_number")}
    staff_subjects = defaultdict(list)
    for staff_id, name in (
        Staff.subjects.through.objects.filter(staff_id__in=list(staff))
        .order_by("subject__order", "subject__name")
        .values_list("staff_id", "subject__name")
    ):
        staff_subjects[staff_id].append(name)
    loads = {load.teacher_id: load for load in TeacherLoad.objects.filter(semester=semester, teacher__school=school)}
    data = SemesterData(
        school=school,
        semester=semester,
        settings=settings,
        subjects=subjects,
        classes=classes,
        staff=staff,
        staff_level={k: v for k, v in staff_level.items() if k in staff},
        staff_subjects=dict(staff_subjects),
        current=current,
        grouped=grouped,
        previous=previous,
        previous_subjects=previous_subjects,
        loads=loads,
        party_ids=party_member_ids(staff.values(), min(clock.today(), semester.ends_on)),
    )
    data.needs = _needs(data)
    data.max_classes = _max_classes(data)
    return data


def _previous(school: School, semester: Semester, classes: list[SchoolClass]):
    """Last semester's assignments on this semester's classes: the same classes after a first term;
    after the summer a class moves up a grade and keeps its number (高一（3）班 → 高二（3）班)."""
    before = previous_semester(semester)
    if before is None:
        return [], {}
    rows = TeachingAssignment.objects.filter(
        semester=before, school_class__grade__school=school, school_class__grade__school_year=before.school_year
    ).values_list("school_class__grade__level", "school_class__number", "subject__name", "teacher_id")
    shift = 0 if before.school_year_id == semester.school_year_id else 1
    by_position = {(c.grade.level, c.number): c.pk for c in classes}
    previous, subjects = [], defaultdict(set)
    for level, number, subject, teacher_id in rows:
        subjects[level].add(subject)
        class_id = by_position.get((level + shift, number))
        if class_id is not None:
            previous.append((class_id, subject, teacher_id))
    return previous, dict(subjects)


def _needs(data: SemesterData) -> dict[int, list[str]]:
    """What each class needs (class id → subjects). A class without a 3+1+2 combination (高一, or not yet
    chosen) takes what its grade is taught this semester, else last semester, else the nine main subjects
    the school has; a class with one takes the compulsory subjects of that list and its own three."""
    order = {name: i for i, name in enumerate(data.subjects)}

    def in_order(names):
        return sorted(names, key=lambda s: order.get(s, len(order)))

    level_of = {c.pk: c.grade.level for c in data.classes}
    now = defaultdict(set)
    for class_id, subject, _ in data.current:
        now[level_of[class_id]].add(subject)
    main = {s for s in MAIN_SUBJECTS if s in order} or set(data.subjects[:9])
    by_level = {
        level: in_order(now.get(level) or data.previous_subjects.get(level) or main) for level in set(level_of.values())
    }
    out = {}
    for c in data.classes:
        grade = by_level[c.grade.level]
        if c.combination:
            own = {s for s in c.combination_subjects if s in order}
            grade = class_subjects(c.combination, in_order(set(grade) | own))
        out[c.pk] = grade
    return out


def _max_classes(data: SemesterData) -> dict[int, int | None]:
    """Each teacher's maximum (class, subject) slots: their own limit this semester, else the school's
    default, else an even share of their grade-and-subject's classes plus one (None: not a teacher)."""
    demand = Counter()
    for c in data.classes:
        for subject in data.needs.get(c.pk, []):
            demand[(c.grade.level, subject)] += 1
    eligible = Counter()
    for staff_id, level in data.staff_level.items():
        for subject in data.staff_subjects.get(staff_id, []):
            eligible[(level, subject)] += 1
    out = {}
    for staff_id in data.staff:
        if staff_id in data.loads:
            out[staff_id] = data.loads[staff_id].max_classes
            continue
        if data.settings.default_max_classes is not None:
            out[staff_id] = data.settings.default_max_classes
            continue
        level = data.staff_level.get(staff_id)
        shares = [
            math.ceil(demand[(level, s)] / eligible[(level, s)])
            for s in data.staff_subjects.get(staff_id, [])
            if level is not None and demand[(level, s)]
        ]
        out[staff_id] = max(shares) + 1 if shares else None
    return out


# --- facts for the checks -------------------------------------------------------------------


def coverage_facts(data: SemesterData):
    classes = [
        checks.ClassFacts(
            id=c.pk,
            name=c.name,
            grade_level=c.grade.level,
            grade_name=GRADE_NAMES[c.grade.level],
            homeroom_id=c.homeroom_teacher_id,
            needs=tuple(data.needs.get(c.pk, [])),
            combination=c.combination,
        )
        for c in data.classes
    ]
    teachers = {
        pk: checks.TeacherFacts(
            id=pk,
            name=s.name,
            party=pk in data.party_ids,
            subjects=frozenset(data.staff_subjects.get(pk, [])),
            grade_levels=frozenset([data.staff_level[pk]]) if pk in data.staff_level else frozenset(),
            max_classes=data.max_classes.get(pk),
        )
        for pk, s in data.staff.items()
    }
    # a class's own assignments first: the team shows them; a 教学班's teachers count for coverage too
    assignments = [checks.AssignmentFacts(c, s, t) for c, s, t in data.current + data.grouped]
    return classes, teachers, assignments


def semester_coverage(school: School, semester: Semester) -> checks.Coverage:
    data = load_semester(school, semester)
    classes, teachers, assignments = coverage_facts(data)
    return checks.coverage_check(classes, teachers, assignments, min_party=data.min_party)


@dataclass
class ClassTeam:
    """A class's teaching team in a semester, as the coverage check sees it (for the class page)."""

    semester: Semester
    row: checks.ClassRow
    outside: list[checks.Outside]
    min_party: int
    groups: list[TeachingGroup]  # the 教学班 that draw from the class

    @property
    def party_ids(self) -> set[int]:
        return {t.id for t in self.row.party_members}


def class_team(school: School, school_class: SchoolClass) -> ClassTeam | None:
    """The class's team in the current semester of its year (else the year's latest): the semester's
    coverage check, kept to this class, so that the class page and the coverage page agree. None when the
    year has no semester."""
    semester = semester_of_year(school_class.grade.school_year)
    if semester is None:
        return None
    coverage = semester_coverage(school, semester)
    row = next(r for r in coverage.rows if r.school_class.id == school_class.pk)
    outside = [o for o in coverage.outside if o.row is row]
    groups = list(
        TeachingGroup.objects.filter(semester=semester, classes=school_class)
        .select_related("subject", "teacher")
        .order_by("subject__order", "name")
    )
    return ClassTeam(semester=semester, row=row, outside=outside, min_party=coverage.min_party, groups=groups)


def problem_dict(data: SemesterData, *, pins: list[dict] | None = None) -> dict:
    """The optimizer's problem.json for a semester. Previous assignments: this semester's current
    ones where there are any (change as little as possible), else last semester's."""
    previous = data.current or data.previous
    classes = [
        {
            "id": c.pk,
            "name": c.name,
            "grade": GRADE_NAMES[c.grade.level],
            "needs": data.needs.get(c.pk, []),
            "homeroom": c.homeroom_teacher_id if c.homeroom_teacher_id in data.staff else None,
        }
        for c in data.classes
    ]
    teachers = [
        {
            "id": pk,
            "name": s.name,
            "subjects": data.staff_subjects.get(pk, []),
            "grades": [GRADE_NAMES[data.staff_level[pk]]] if pk in data.staff_level else [],
            "party_member": pk in data.party_ids,
            "max_classes": data.max_classes.get(pk) or 0,
            "min_classes": min(data.loads[pk].min_classes, data.max_classes.get(pk) or 0) if pk in data.loads else 0,
        }
        for pk, s in data.staff.items()
    ]
    return {
        "subjects": data.subjects,
        "classes": classes,
        "teachers": teachers,
        "previous": [{"class": c, "subject": s, "teacher": t} for c, s, t in previous],
        "pinned": list(pins or []),
        "rules": {"min_party_teachers_per_class": data.min_party},
    }


# --- grade Party groups ---------------------------------------------------------------------


def grade_groups(school: School, school_year: SchoolYear | None) -> list[checks.GradeGroupRow]:
    """Every grade of the year with its Party group(s): four queries."""
    today = clock.today()
    grades = [
        checks.GradeFacts(
            level=g.level,
            name=GRADE_NAMES[g.level],
            head_id=g.head_id,
            head_name=g.head.name if g.head else "",
            deputy_id=g.deputy_id,
            deputy_name=g.deputy.name if g.deputy else "",
        )
        for g in Grade.objects.filter(school=school, school_year=school_year).select_related("head", "deputy")
    ]
    leaders = defaultdict(list)
    for org_id, staff_id, name in (
        OrganizationPost.objects.filter(
            organization__school=school, organization__kind=OrgKind.GROUP, post=Post.GROUP_LEADER, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("started_on")
        .values_list("organization_id", "staff_id", "staff__name")
    ):
        leaders[org_id].append((staff_id, name))
    groups = [
        checks.GroupFacts(
            id=org.pk,
            name=org.name,
            grade_level=org.grade_level,
            leaders=tuple(leaders.get(org.pk, [])),
            member_count=org.n,
        )
        for org in Organization.objects.filter(school=school, kind=OrgKind.GROUP).annotate(
            n=Count("group_members", filter=Q(group_members__status__in=("full", "probationary")))
        )
    ]
    teachers = [
        checks.GradeTeacherFacts(id=pk, name=name, grade_level=level, group_id=group_id)
        for pk, name, level, group_id in StaffYear.objects.filter(
            school_year=school_year,
            grade__isnull=False,
            staff__school=school,
            staff__is_active=True,
            staff__political_status__in=PARTY_STATUSES,
        )
        .order_by("staff__staff_number")
        .values_list("staff_id", "staff__name", "grade__level", "staff__party_record__group_id")
    ]
    return checks.grade_group_rows(grades, groups, teachers)


# --- lists ----------------------------------------------------------------------------------


def runs_of(school: School, semester: Semester | None):
    return (
        OptimizerRun.objects.filter(school=school, semester=semester)
        .select_related("created_by", "semester__school_year", "school")
        .defer("problem", "solution", "current")
        .order_by("-created_at", "-pk")
    )


def versions_of(school: School, semester: Semester | None):
    return (
        AssignmentVersion.objects.filter(school=school, semester=semester)
        .select_related("created_by", "semester__school_year")
        .defer("cells")
        .order_by("-created_at", "-pk")
    )


# --- findings for the home page -------------------------------------------------------------


def findings_for(user, school: School) -> list[tuple[str, str, str]]:
    """(level, message, url) for the 教务处's and the secretary's home page; empty for everyone else.
    A fixed number of queries."""
    if not can_manage_staffing(user, school):
        return []
    out = []
    semester = current_semester()
    if semester is not None:
        coverage = semester_coverage(school, semester)
        url = reverse("staffing:coverage", args=[school.code]) + f"?semester={semester.code}"
        if coverage.slots and not coverage.assigned:
            out.append(("warning", f"{semester} 尚未录入任课安排", url))
        else:
            out.extend((f.level, f"{semester}：{f.message}", url) for f in coverage.findings())
        rows = grade_groups(school, semester.school_year)
        url = reverse("staffing:groups", args=[school.code])
        out.extend((f.level, f.message, url) for row in rows for f in row.findings)
    return out

"""Rule checks of 建好一支队伍, as plain functions over dataclasses (tested without a database).

- ``grade_group_rows``: every grade's Party group and its leader; warns when a grade has no group, when the
  leader is neither the grade head (段长) nor the deputy, and when a Party-member teacher of the grade is in
  no group.
- ``coverage_check``: a semester's teaching assignments: every class with its teacher team and the Party
  members in it; uncovered classes (domain.md: a class is covered when at least one of its teachers that
  semester, any subject it takes, or its 班主任, is a Party member), teachers over their load, subjects
  without a teacher, and teachers outside their subjects or grade. A 3+1+2 class takes only its own
  subjects: an assignment of another subject (物理 in a 史政地 class) is listed as outside, not counted.
  Assignments include the 教学班 (teaching groups) a class draws from: their teachers count for every
  class they draw from, each (class, subject) counting as one slot of their load.
The pages, the API and the home-page findings all show these same lists."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

DANGER, WARNING = "danger", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" or "warning"
    message: str


# --- grade Party groups ---------------------------------------------------------------------


@dataclass(frozen=True)
class GradeFacts:
    level: int
    name: str  # 高一
    head_id: int | None = None
    head_name: str = ""
    deputy_id: int | None = None
    deputy_name: str = ""


@dataclass(frozen=True)
class GroupFacts:
    id: int
    name: str
    grade_level: int | None
    leaders: tuple[tuple[int, str], ...] = ()  # current 党小组长: (staff id, name)
    member_count: int = 0


@dataclass(frozen=True)
class GradeTeacherFacts:
    """A Party-member teacher working in a grade this school year, and their Party group (if any)."""

    id: int
    name: str
    grade_level: int
    group_id: int | None


@dataclass
class GradeGroupRow:
    grade: GradeFacts
    groups: list[GroupFacts] = field(default_factory=list)
    party_teachers: int = 0
    ungrouped: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def grade_group_rows(
    grades: list[GradeFacts], groups: list[GroupFacts], teachers: list[GradeTeacherFacts]
) -> list[GradeGroupRow]:
    by_level = defaultdict(list)
    for group in groups:
        by_level[group.grade_level].append(group)
    rows = []
    for grade in sorted(grades, key=lambda g: g.level):
        row = GradeGroupRow(grade=grade, groups=sorted(by_level.get(grade.level, []), key=lambda g: g.name))
        own = [t for t in teachers if t.grade_level == grade.level]
        row.party_teachers = len(own)
        row.ungrouped = sorted(t.name for t in own if t.group_id is None)
        if not row.groups:
            row.findings.append(Finding(DANGER, f"{grade.name}没有年段党小组"))
        heads = {grade.head_id, grade.deputy_id} - {None}
        for group in row.groups:
            if not group.leaders:
                row.findings.append(Finding(WARNING, f"{group.name}未配备党小组长"))
            for staff_id, name in group.leaders:
                if staff_id not in heads:
                    row.findings.append(
                        Finding(WARNING, f"{group.name}的党小组长{name}既不是{grade.name}年段长，也不是副段长")
                    )
        if row.ungrouped:
            names = "、".join(row.ungrouped[:10]) + (f" 等 {len(row.ungrouped)} 人" if len(row.ungrouped) > 10 else "")
            row.findings.append(
                Finding(WARNING, f"{grade.name}有 {len(row.ungrouped)} 名党员教师未编入任何党小组：{names}")
            )
        rows.append(row)
    return rows


# --- coverage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeacherFacts:
    id: int
    name: str
    party: bool
    subjects: frozenset[str] = frozenset()
    grade_levels: frozenset[int] = frozenset()
    max_classes: int | None = None


@dataclass(frozen=True)
class ClassFacts:
    id: int
    name: str
    grade_level: int
    grade_name: str
    homeroom_id: int | None
    needs: tuple[str, ...]
    combination: str = ""  # 3+1+2 选科组合, "" for 高一 or not yet chosen


@dataclass(frozen=True)
class AssignmentFacts:
    class_id: int
    subject: str
    teacher_id: int


@dataclass
class ClassRow:
    school_class: ClassFacts
    homeroom: TeacherFacts | None
    team: list[tuple[str, TeacherFacts | None]]  # (subject, teacher) for each subject the class needs
    party_members: list[TeacherFacts]

    @property
    def covered(self) -> bool:
        return bool(self.party_members)

    @property
    def missing(self) -> list[str]:
        return [subject for subject, teacher in self.team if teacher is None]


@dataclass(frozen=True)
class Outside:
    row: ClassRow
    subject: str
    teacher: TeacherFacts
    reason: str


@dataclass
class Coverage:
    rows: list[ClassRow]
    min_party: int
    overloaded: list[tuple[TeacherFacts, int, int]]  # (teacher, load, max)
    outside: list[Outside]

    @property
    def uncovered(self) -> list[ClassRow]:
        return [row for row in self.rows if not row.covered]

    @property
    def below_minimum(self) -> list[ClassRow]:
        """Covered classes that still have fewer Party members than the school's rule asks."""
        return [row for row in self.rows if row.covered and len(row.party_members) < self.min_party]

    @property
    def missing(self) -> list[tuple[ClassRow, str]]:
        return [(row, subject) for row in self.rows for subject in row.missing]

    @property
    def assigned(self) -> int:
        return sum(1 for row in self.rows for _, t in row.team if t is not None)

    @property
    def slots(self) -> int:
        return sum(len(row.team) for row in self.rows)

    def findings(self) -> list[Finding]:
        out = []
        if self.uncovered:
            names = "、".join(r.school_class.name for r in self.uncovered[:6])
            more = f" 等 {len(self.uncovered)} 个班" if len(self.uncovered) > 6 else ""
            out.append(Finding(DANGER, f"{len(self.uncovered)} 个班级的任课教师和班主任中没有党员：{names}{more}"))
        if self.below_minimum:
            out.append(Finding(WARNING, f"{len(self.below_minimum)} 个班级的党员教师少于规定的 {self.min_party} 名"))
        if self.missing:
            out.append(Finding(DANGER, f"{len(self.missing)} 个班级学科尚未安排任课教师"))
        if self.overloaded:
            names = "、".join(f"{t.name}（{n}/{m}）" for t, n, m in self.overloaded[:6])
            out.append(Finding(WARNING, f"{len(self.overloaded)} 名教师任教班次超过上限：{names}"))
        if self.outside:
            out.append(Finding(WARNING, f"{len(self.outside)} 处任课安排超出教师的任教学科或所在年段"))
        return out


def coverage_check(
    classes: list[ClassFacts],
    teachers: dict[int, TeacherFacts],
    assignments: list[AssignmentFacts],
    *,
    min_party: int = 1,
) -> Coverage:
    by_class: dict[int, dict[str, int]] = defaultdict(dict)
    every: dict[int, list[AssignmentFacts]] = defaultdict(list)
    for a in assignments:
        by_class[a.class_id].setdefault(a.subject, a.teacher_id)  # the first of a subject is the team's
        every[a.class_id].append(a)  # a class split among several 教学班 of a subject: all their teachers
    load: Counter[int] = Counter(a.teacher_id for a in assignments)
    rows, outside = [], []
    for c in classes:
        taught = by_class.get(c.id, {})
        team = [(s, teachers.get(taught[s]) if s in taught else None) for s in c.needs]
        homeroom = teachers.get(c.homeroom_id) if c.homeroom_id else None
        party: dict[int, TeacherFacts] = {}
        if homeroom is not None and homeroom.party:
            party[homeroom.id] = homeroom
        for a in every.get(c.id, []):
            teacher = teachers.get(a.teacher_id)
            if a.subject in c.needs and teacher is not None and teacher.party:
                party.setdefault(teacher.id, teacher)
        row = ClassRow(school_class=c, homeroom=homeroom, team=team, party_members=list(party.values()))
        rows.append(row)
        for subject, teacher_id in taught.items():
            if subject not in c.needs and teacher_id in teachers:
                combination = f"（选科组合{c.combination}）" if c.combination else ""
                outside.append(Outside(row, subject, teachers[teacher_id], f"本班{combination}不开设{subject}"))
        for subject, teacher in team:
            if teacher is None:
                continue
            if subject not in teacher.subjects:
                outside.append(Outside(row, subject, teacher, f"不任教{subject}"))
            elif c.grade_level not in teacher.grade_levels:
                outside.append(Outside(row, subject, teacher, f"不在{c.grade_name}任教"))
    overloaded = sorted(
        (
            (t, load[t.id], t.max_classes)
            for t in teachers.values()
            if t.max_classes is not None and load[t.id] > t.max_classes
        ),
        key=lambda item: (-item[1] + item[2], item[0].name),
    )
    return Coverage(rows=rows, min_party=min_party, overloaded=overloaded, outside=outside)

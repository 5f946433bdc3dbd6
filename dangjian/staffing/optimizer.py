"""The teacher-to-class assignment optimizer (任课安排优化). A plain module: no database access.

The problem (the ``problem.json`` contract of ``manage.py assign_teachers``) is parsed into dataclasses by
``parse_problem``, which names every offending entry. ``solve`` builds an OR-Tools CP-SAT model with one
boolean per *eligible* (class, subject, teacher) triple — the teacher teaches the subject and works in the
class's grade — and solves three lexicographic stages, each fixed before the next:

1. keep as many previous (class, subject) teachers as possible (跟班走);
2. per grade, make the smallest number of distinct Party-member teachers in a class (the 班主任 counts) as
   large as possible (their sum over grades is maximised, then each grade's value is fixed);
3. balance loads: minimise the total deviation of every teacher's load from their fair share.

Hard rules: exactly one teacher per (class, subject); loads within [min_classes, max_classes] (counted in
(class, subject) slots); pinned cells kept; every class has at least ``min_party_teachers_per_class``
distinct Party members among its teachers and 班主任.

When no assignment can meet the hard rules, ``solve`` says why in 教务处 terms: cheap counting pre-checks
first, then (if CP-SAT still proves infeasibility) an assumption core over rule groups, shrunk to a minimal
set. ``validate`` is an independent checker of any assignment against the hard rules; ``greedy`` is the
baseline used by the benchmark.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

DEFAULT_MIN_PARTY = 1
DEFAULT_TIME_LIMIT = 30.0
OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "optimal", "feasible", "infeasible", "unknown"
STAGES = (
    ("kept_previous", "保留上学期任课（跟班走）", "max"),
    ("party_mix", "各年段班级党员教师数的最小值（各年段之和）", "max"),
    ("load_balance", "教师班次超出均衡范围的总和", "min"),
)
STAGE_SHARES = (0.3, 0.35, 0.35)
MAX_LISTED = 8


class ProblemError(ValueError):
    """Invalid input: ``errors`` is the list of messages, each naming the offending entry."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- the problem --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Teacher:
    id: Any
    name: str
    subjects: frozenset[str]
    grades: frozenset[str]
    party_member: bool
    max_classes: int
    min_classes: int = 0

    @property
    def key(self) -> str:
        return str(self.id)

    @property
    def label(self) -> str:
        return self.name or f"教师 {self.id}"


@dataclass(frozen=True)
class ClassInfo:
    id: Any
    grade: str
    needs: tuple[str, ...]
    homeroom: str | None = None  # a teacher key
    name: str = ""

    @property
    def key(self) -> str:
        return str(self.id)

    @property
    def label(self) -> str:
        return self.name or f"{self.grade} 班级 {self.id}"


@dataclass(frozen=True, order=True)
class Cell:
    """One (class, subject, teacher) triple, by keys (``str`` of the ids)."""

    class_key: str
    subject: str
    teacher_key: str

    @property
    def slot(self) -> tuple[str, str]:
        return self.class_key, self.subject


@dataclass
class Problem:
    subjects: tuple[str, ...]
    classes: list[ClassInfo]
    teachers: list[Teacher]
    previous: list[Cell] = field(default_factory=list)
    pinned: list[Cell] = field(default_factory=list)
    min_party: int = DEFAULT_MIN_PARTY

    def __post_init__(self):
        self.class_by_key = {c.key: c for c in self.classes}
        self.teacher_by_key = {t.key: t for t in self.teachers}

    @property
    def slots(self) -> list[tuple[str, str]]:
        return [(c.key, s) for c in self.classes for s in c.needs]

    @property
    def grades(self) -> list[str]:
        return list(dict.fromkeys(c.grade for c in self.classes))

    def is_eligible(self, teacher: Teacher, class_key: str, subject: str) -> bool:
        return subject in teacher.subjects and self.class_by_key[class_key].grade in teacher.grades

    def eligible(self) -> dict[tuple[str, str], list[str]]:
        """Slot → keys of the teachers who teach the subject and work in the class's grade."""
        by_group = defaultdict(list)
        for t in self.teachers:
            for g in t.grades:
                for s in t.subjects:
                    by_group[(g, s)].append(t.key)
        return {(c.key, s): by_group.get((c.grade, s), []) for c in self.classes for s in c.needs}

    def class_label(self, key: str) -> str:
        return self.class_by_key[key].label

    def teacher_label(self, key: str) -> str:
        return self.teacher_by_key[key].label

    def cell_dict(self, cell: Cell) -> dict:
        return {
            "class": self.class_by_key[cell.class_key].id,
            "subject": cell.subject,
            "teacher": self.teacher_by_key[cell.teacher_key].id,
        }

    def to_dict(self) -> dict:
        return {
            "subjects": list(self.subjects),
            "classes": [
                {
                    "id": c.id,
                    "name": c.name,
                    "grade": c.grade,
                    "needs": list(c.needs),
                    "homeroom": self.teacher_by_key[c.homeroom].id if c.homeroom else None,
                }
                for c in self.classes
            ],
            "teachers": [
                {
                    "id": t.id,
                    "name": t.name,
                    "subjects": sorted(t.subjects, key=self._subject_order),
                    "grades": sorted(t.grades),
                    "party_member": t.party_member,
                    "max_classes": t.max_classes,
                    "min_classes": t.min_classes,
                }
                for t in self.teachers
            ],
            "previous": [self.cell_dict(c) for c in self.previous],
            "pinned": [self.cell_dict(c) for c in self.pinned],
            "rules": {"min_party_teachers_per_class": self.min_party},
        }

    def _subject_order(self, subject: str) -> int:
        return self.subjects.index(subject) if subject in self.subjects else len(self.subjects)


# --- parsing ------------------------------------------------------------------------------------


def _is_id(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.strip() != "")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_problem(data: Any) -> Problem:
    """The problem from its JSON form; raises ProblemError listing every offending entry."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ProblemError(["problem.json 的顶层应为 JSON 对象。"])

    subjects: list[str] = []
    raw = data.get("subjects")
    if not isinstance(raw, list):
        errors.append("subjects：应为学科名称列表。")
        raw = []
    for i, name in enumerate(raw):
        if not isinstance(name, str) or not name.strip():
            errors.append(f"subjects[{i}]：学科名称应为非空字符串（现为 {name!r}）。")
        elif name in subjects:
            errors.append(f"subjects[{i}]：学科“{name}”重复。")
        else:
            subjects.append(name)
    known_subjects = set(subjects)

    # Teachers first: classes refer to them as 班主任.
    teachers: list[Teacher] = []
    seen_teachers: set[str] = set()
    raw = data.get("teachers")
    if not isinstance(raw, list):
        errors.append("teachers：应为教师列表。")
        raw = []
    for i, entry in enumerate(raw):
        where = f"teachers[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}：应为 JSON 对象。")
            continue
        tid = entry.get("id")
        name = entry.get("name", "")
        if not isinstance(name, str):
            name = str(name)
        if not _is_id(tid):
            errors.append(f"{where}（{name or '无名'}）：id 应为整数或非空字符串（现为 {tid!r}）。")
            continue
        where = f"{where}（id={tid}{' ' + name if name else ''}）"
        if str(tid) in seen_teachers:
            errors.append(f"{where}：教师 id {tid} 重复。")
            continue
        seen_teachers.add(str(tid))
        t_subjects = entry.get("subjects", [])
        if not isinstance(t_subjects, list):
            errors.append(f"{where}：subjects 应为学科名称列表。")
            t_subjects = []
        for s in t_subjects:
            if s not in known_subjects:
                errors.append(f"{where}：任教学科“{s}”不在 subjects 中。")
        grades = entry.get("grades", [])
        if not isinstance(grades, list) or not all(_is_id(g) for g in grades):
            errors.append(f"{where}：grades 应为年段列表。")
            grades = []
        party = entry.get("party_member", False)
        if not isinstance(party, bool):
            errors.append(f"{where}：party_member 应为 true 或 false。")
            party = False
        max_classes = entry.get("max_classes")
        min_classes = entry.get("min_classes", 0)
        if min_classes is None:
            min_classes = 0
        if not _is_int(max_classes):
            errors.append(f"{where}：max_classes 应为整数（现为 {max_classes!r}）。")
            max_classes = 0
        elif max_classes < 0:
            errors.append(f"{where}：max_classes 不能为负数（现为 {max_classes}）。")
        if not _is_int(min_classes):
            errors.append(f"{where}：min_classes 应为整数（现为 {min_classes!r}）。")
            min_classes = 0
        elif min_classes < 0:
            errors.append(f"{where}：min_classes 不能为负数（现为 {min_classes}）。")
        elif _is_int(max_classes) and min_classes > max_classes >= 0:
            errors.append(f"{where}：min_classes（{min_classes}）大于 max_classes（{max_classes}）。")
        teachers.append(
            Teacher(
                id=tid,
                name=name,
                subjects=frozenset(s for s in t_subjects if s in known_subjects),
                grades=frozenset(str(g) for g in grades),
                party_member=party,
                max_classes=max(0, max_classes),
                min_classes=max(0, min_classes),
            )
        )

    classes: list[ClassInfo] = []
    seen_classes: set[str] = set()
    raw = data.get("classes")
    if not isinstance(raw, list):
        errors.append("classes：应为班级列表。")
        raw = []
    for i, entry in enumerate(raw):
        where = f"classes[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}：应为 JSON 对象。")
            continue
        cid = entry.get("id")
        if not _is_id(cid):
            errors.append(f"{where}：id 应为整数或非空字符串（现为 {cid!r}）。")
            continue
        where = f"{where}（id={cid}）"
        if str(cid) in seen_classes:
            errors.append(f"{where}：班级 id {cid} 重复。")
            continue
        seen_classes.add(str(cid))
        grade = entry.get("grade")
        if not _is_id(grade):
            errors.append(f"{where}：grade 应为年段名称或编号（现为 {grade!r}）。")
            grade = ""
        needs = entry.get("needs", [])
        if not isinstance(needs, list):
            errors.append(f"{where}：needs 应为学科名称列表。")
            needs = []
        clean_needs: list[str] = []
        for s in needs:
            if s not in known_subjects:
                errors.append(f"{where}：needs 中的学科“{s}”不在 subjects 中。")
            elif s in clean_needs:
                errors.append(f"{where}：needs 中的学科“{s}”重复。")
            else:
                clean_needs.append(s)
        homeroom = entry.get("homeroom")
        if homeroom is not None and str(homeroom) not in seen_teachers:
            errors.append(f"{where}：班主任 homeroom={homeroom!r} 不是 teachers 中的教师 id。")
            homeroom = None
        name = entry.get("name", "")
        classes.append(
            ClassInfo(
                id=cid,
                grade=str(grade),
                needs=tuple(clean_needs),
                homeroom=str(homeroom) if homeroom is not None else None,
                name=name if isinstance(name, str) else str(name),
            )
        )
    needs_of = {c.key: set(c.needs) for c in classes}

    def cells(key: str, *, pinned: bool) -> list[Cell]:
        out: list[Cell] = []
        raw = data.get(key, [])
        if raw is None:
            return out
        if not isinstance(raw, list):
            errors.append(f"{key}：应为列表。")
            return out
        slots_seen: dict[tuple[str, str], int] = {}
        for i, entry in enumerate(raw):
            where = f"{key}[{i}]"
            if not isinstance(entry, dict):
                errors.append(f"{where}：应为 JSON 对象。")
                continue
            cid, subject, tid = entry.get("class"), entry.get("subject"), entry.get("teacher")
            bad = False
            if not _is_id(cid) or str(cid) not in needs_of:
                errors.append(f"{where}：未知班级 id {cid!r}。")
                bad = True
            if subject not in known_subjects:
                errors.append(f"{where}：未知学科 {subject!r}。")
                bad = True
            if not _is_id(tid) or str(tid) not in seen_teachers:
                errors.append(f"{where}：未知教师 id {tid!r}。")
                bad = True
            if bad:
                continue
            if pinned and subject not in needs_of[str(cid)]:
                errors.append(f"{where}：班级 {cid} 不开设“{subject}”，不能锁定该科任课教师。")
                continue
            slot = (str(cid), subject)
            if slot in slots_seen:
                errors.append(f"{where}：班级 {cid} 的“{subject}”与 {key}[{slots_seen[slot]}] 重复。")
                continue
            slots_seen[slot] = i
            out.append(Cell(str(cid), subject, str(tid)))
        return out

    previous = cells("previous", pinned=False)
    pinned = cells("pinned", pinned=True)

    min_party = DEFAULT_MIN_PARTY
    rules = data.get("rules", {})
    if rules is None:
        rules = {}
    if not isinstance(rules, dict):
        errors.append("rules：应为 JSON 对象。")
    elif "min_party_teachers_per_class" in rules:
        value = rules["min_party_teachers_per_class"]
        if not _is_int(value) or value < 0:
            errors.append(f"rules.min_party_teachers_per_class：应为不小于 0 的整数（现为 {value!r}）。")
        else:
            min_party = value

    if errors:
        raise ProblemError(errors)
    return Problem(
        subjects=tuple(subjects),
        classes=classes,
        teachers=teachers,
        previous=previous,
        pinned=pinned,
        min_party=min_party,
    )


# --- the solution -------------------------------------------------------------------------------


@dataclass
class StageResult:
    name: str
    label: str
    value: int
    bound: float
    optimal: bool
    seconds: float

    @property
    def gap(self) -> float:
        """Relative gap between the value found and the proven bound (0 when optimal)."""
        if self.optimal:
            return 0.0
        return abs(self.bound - self.value) / max(1.0, abs(self.bound))

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "bound": self.bound,
            "gap": round(self.gap, 6),
            "optimal": self.optimal,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class Solution:
    status: str
    assignments: list[Cell]
    kept_previous: int
    min_party_teachers_in_a_class: dict[str, int]
    explanation: list[str]
    solve_seconds: float
    stages: list[StageResult] = field(default_factory=list)

    def to_dict(self, problem: Problem) -> dict:
        return {
            "status": self.status,
            "assignments": [problem.cell_dict(c) for c in sorted(self.assignments, key=_cell_order(problem))],
            "kept_previous": self.kept_previous,
            "min_party_teachers_in_a_class": self.min_party_teachers_in_a_class,
            "explanation": self.explanation,
            "solve_seconds": round(self.solve_seconds, 3),
            "stages": [s.to_dict() for s in self.stages],
        }


def _cell_order(problem: Problem):
    class_pos = {c.key: i for i, c in enumerate(problem.classes)}
    subject_pos = {s: i for i, s in enumerate(problem.subjects)}
    return lambda cell: (class_pos.get(cell.class_key, 0), subject_pos.get(cell.subject, 0), cell.teacher_key)


def party_counts(problem: Problem, assignments: list[Cell]) -> dict[str, int]:
    """Class key → distinct Party members among its teachers and its 班主任."""
    members: dict[str, set[str]] = {c.key: set() for c in problem.classes}
    for c in problem.classes:
        if c.homeroom and problem.teacher_by_key[c.homeroom].party_member:
            members[c.key].add(c.homeroom)
    for cell in assignments:
        t = problem.teacher_by_key.get(cell.teacher_key)
        if t is not None and t.party_member and cell.class_key in members:
            members[cell.class_key].add(t.key)
    return {k: len(v) for k, v in members.items()}


def grade_minimums(problem: Problem, assignments: list[Cell]) -> dict[str, int]:
    counts = party_counts(problem, assignments)
    out: dict[str, int] = {}
    for c in problem.classes:
        out[c.grade] = min(out.get(c.grade, counts[c.key]), counts[c.key])
    return out


def kept_count(problem: Problem, assignments: list[Cell]) -> int:
    chosen = set(assignments)
    return sum(1 for cell in problem.previous if cell in chosen)


# --- the independent checker --------------------------------------------------------------------


def validate(problem: Problem, assignments: list[Cell]) -> list[str]:
    """Every violation of a hard rule by ``assignments`` (an empty list means the assignment is valid).
    Independent of the CP-SAT model: it recounts everything from the problem."""
    violations: list[str] = []
    needed = set(problem.slots)
    seen: dict[tuple[str, str], str] = {}
    load: Counter[str] = Counter()
    for cell in assignments:
        c = problem.class_by_key.get(cell.class_key)
        t = problem.teacher_by_key.get(cell.teacher_key)
        if c is None or t is None or cell.subject not in problem.subjects:
            violations.append(f"未知的班级、学科或教师：{cell.class_key} {cell.subject} {cell.teacher_key}")
            continue
        if cell.slot not in needed:
            violations.append(f"{c.label} 不开设“{cell.subject}”，却安排了 {t.label}")
            continue
        if cell.slot in seen:
            violations.append(f"{c.label} {cell.subject} 安排了不止一名教师")
            continue
        seen[cell.slot] = cell.teacher_key
        load[t.key] += 1
        if cell.subject not in t.subjects:
            violations.append(f"{c.label} {cell.subject}：{t.label} 不任教{cell.subject}")
        if c.grade not in t.grades:
            violations.append(f"{c.label} {cell.subject}：{t.label} 不在{c.grade}任教")
    for slot in problem.slots:
        if slot not in seen:
            violations.append(f"{problem.class_label(slot[0])} {slot[1]}：没有任课教师")
    for t in problem.teachers:
        if load[t.key] > t.max_classes:
            violations.append(f"{t.label}：{load[t.key]} 个班次，超过上限 {t.max_classes}")
        if load[t.key] < t.min_classes:
            violations.append(f"{t.label}：{load[t.key]} 个班次，少于下限 {t.min_classes}")
    for pin in problem.pinned:
        if seen.get(pin.slot) != pin.teacher_key:
            violations.append(
                f"已锁定的 {problem.class_label(pin.class_key)} {pin.subject}（{problem.teacher_label(pin.teacher_key)}）未被保留"
            )
    if problem.min_party:
        counts = party_counts(problem, assignments)
        for c in problem.classes:
            if counts[c.key] < problem.min_party:
                violations.append(f"{c.label}：党员教师 {counts[c.key]} 名，少于 {problem.min_party} 名")
    return violations


# --- pre-checks: infeasibility by counting ------------------------------------------------------


def _names(labels: list[str]) -> str:
    shown = "、".join(labels[:MAX_LISTED])
    return shown + (f" 等 {len(labels)} 人" if len(labels) > MAX_LISTED else "")


def precheck(problem: Problem, eligible: dict[tuple[str, str], list[str]] | None = None) -> list[str]:
    """Reasons the hard rules cannot all hold, found by counting alone (no solver)."""
    eligible = eligible if eligible is not None else problem.eligible()
    reasons: list[str] = []
    teachers = problem.teacher_by_key

    # Pinned cells the rules forbid.
    pinned_load: Counter[str] = Counter()
    for pin in problem.pinned:
        c, t = problem.class_by_key[pin.class_key], teachers[pin.teacher_key]
        pinned_load[t.key] += 1
        if pin.subject not in t.subjects:
            reasons.append(f"已锁定 {c.label} {pin.subject} 由 {t.label} 任教，但 {t.label} 不任教{pin.subject}")
        elif c.grade not in t.grades:
            reasons.append(f"已锁定 {c.label} {pin.subject} 由 {t.label} 任教，但 {t.label} 不在{c.grade}任教")
    for key, n in pinned_load.items():
        if n > teachers[key].max_classes:
            t = teachers[key]
            reasons.append(f"已锁定 {t.label} {n} 个班次，超过其上限 {t.max_classes} 个班次")

    # Demand per grade and subject against the capacity of the teachers who may teach it.
    demand: dict[tuple[str, str], int] = Counter()
    group_teachers: dict[tuple[str, str], list[str]] = {}
    for (ckey, s), keys in eligible.items():
        group = (problem.class_by_key[ckey].grade, s)
        demand[group] += 1
        group_teachers[group] = keys
    for (g, s), n in demand.items():
        keys = group_teachers[(g, s)]
        capacity = sum(teachers[k].max_classes for k in keys)
        if not keys:
            reasons.append(f"{g} {s}：需要 {n} 个班次，但没有既任教{s}又在{g}任教的教师")
        elif capacity < n:
            reasons.append(f"{g} {s}：需要 {n} 个班次，可任教教师最多可承担 {capacity} 个班次")

    # Minimum loads that cannot be reached.
    slots_of: Counter[str] = Counter()
    for keys in eligible.values():
        for k in keys:
            slots_of[k] += 1
    for t in problem.teachers:
        if t.min_classes > slots_of[t.key]:
            reasons.append(f"{t.label}：至少要任教 {t.min_classes} 个班次，但只有 {slots_of[t.key]} 个班次可由其任教")

    # Party coverage, per class and per grade.
    k = problem.min_party
    if k:
        by_grade: dict[str, list[ClassInfo]] = defaultdict(list)
        for c in problem.classes:
            by_grade[c.grade].append(c)
        for g, classes in by_grade.items():
            candidates: dict[str, set[str]] = {}
            homeroom_cover = 0
            uncoverable: list[str] = []
            for c in classes:
                party = {key for s in c.needs for key in eligible[(c.key, s)] if teachers[key].party_member}
                homeroom_party = bool(c.homeroom and teachers[c.homeroom].party_member)
                if len(party | ({c.homeroom} if homeroom_party else set())) < k:
                    uncoverable.append(c.label)
                if homeroom_party:
                    homeroom_cover += 1
                for key in party:
                    candidates.setdefault(key, set()).add(c.key)
            if uncoverable:
                reasons.append(
                    f"{g}：{_names(uncoverable)} 可任教的党员教师（含党员班主任）不足 {k} 名，无法保证每班至少 {k} 名党员"
                )
                continue
            capacity = homeroom_cover + sum(min(teachers[key].max_classes, len(cs)) for key, cs in candidates.items())
            people = len(candidates) + homeroom_cover
            if capacity < k * len(classes):
                detail = f"（最多覆盖 {capacity} 个班次）" if capacity != people else ""
                reasons.append(
                    f"{g}：{len(classes)} 个班只有 {people} 名党员教师可任教{detail}，无法保证每班至少 {k} 名党员"
                )
    return reasons


# --- the CP-SAT model ---------------------------------------------------------------------------


def _fair_shares(problem: Problem, eligible: dict[tuple[str, str], list[str]]) -> dict[str, float]:
    """Each teacher's fair share of slots: every grade-and-subject's demand split among its eligible
    teachers in proportion to their maximum loads, clamped to [min_classes, max_classes]."""
    share: dict[str, float] = defaultdict(float)
    groups: dict[tuple[str, str], list[str]] = {}
    demand: Counter = Counter()
    for (ckey, s), keys in eligible.items():
        group = (problem.class_by_key[ckey].grade, s)
        demand[group] += 1
        groups[group] = keys
    for group, n in demand.items():
        keys = groups[group]
        total = sum(problem.teacher_by_key[k].max_classes for k in keys)
        for k in keys:
            if total:
                share[k] += n * problem.teacher_by_key[k].max_classes / total
    return {t.key: min(max(share[t.key], t.min_classes), t.max_classes) for t in problem.teachers}


def _bands(problem: Problem, eligible) -> dict[str, tuple[int, int]]:
    """The balanced band of each teacher's load: the floor and ceiling of the fair share."""
    return {k: (math.floor(v + 1e-9), math.ceil(v - 1e-9)) for k, v in _fair_shares(problem, eligible).items()}


class _Model:
    """The CP-SAT model: booleans only for eligible triples."""

    def __init__(self, problem: Problem, eligible: dict[tuple[str, str], list[str]], *, relaxable: bool = False):
        self.problem = problem
        self.model = m = cp_model.CpModel()
        self.x: dict[Cell, cp_model.IntVar] = {}
        self.extra: list[cp_model.IntVar] = []  # every other variable, for complete hints
        self.rule_literals: dict[tuple, cp_model.IntVar] = {}
        by_teacher: dict[str, list] = defaultdict(list)
        by_class_teacher: dict[tuple[str, str], list] = defaultdict(list)
        for (ckey, s), keys in eligible.items():
            for tkey in keys:
                var = m.new_bool_var(f"x[{ckey},{s},{tkey}]")
                self.x[Cell(ckey, s, tkey)] = var
                by_teacher[tkey].append(var)
                by_class_teacher[(ckey, tkey)].append(var)

        def rule(key: tuple):
            if not relaxable:
                return None
            if key not in self.rule_literals:
                self.rule_literals[key] = m.new_bool_var(f"rule{key}")
            return self.rule_literals[key]

        def add(constraint, key: tuple):
            lit = rule(key)
            if lit is not None:
                constraint.only_enforce_if(lit)

        # Exactly one teacher per slot (relaxed: at most one, and at least one per rule group).
        for (ckey, s), keys in eligible.items():
            vars_ = [self.x[Cell(ckey, s, k)] for k in keys]
            if relaxable:
                m.add_at_most_one(vars_)
                add(m.add(sum(vars_) >= 1), ("cover", problem.class_by_key[ckey].grade, s))
            else:
                m.add_exactly_one(vars_)
        # Loads.
        self.load = {}
        for t in problem.teachers:
            vars_ = by_teacher.get(t.key, [])
            load = m.new_int_var(0, len(vars_), f"load[{t.key}]")
            self.extra.append(load)
            m.add(load == sum(vars_))
            self.load[t.key] = load
            # Load rules are grouped by the kind of teacher (grades and subjects): a 教务处 relaxes
            # "the 高一 physics teachers' limits", not one person's.
            kind = (tuple(sorted(t.grades)), tuple(sorted(t.subjects)))
            if len(vars_) > t.max_classes:
                add(m.add(load <= t.max_classes), ("max", kind))
            if t.min_classes:
                add(m.add(load >= t.min_classes), ("min", kind))
        # Pinned cells.
        for i, pin in enumerate(problem.pinned):
            var = self.x.get(pin)
            if var is None:  # not eligible: the pre-check explains it; here it simply cannot hold
                add(m.add_bool_or([]), ("pin", i))
            else:
                add(m.add(var == 1), ("pin", i))
        # Party coverage: y[c,t] may be true only if t teaches in c.
        self.party_count = {}
        k = problem.min_party
        for c in problem.classes:
            homeroom_party = bool(c.homeroom and problem.teacher_by_key[c.homeroom].party_member)
            ys = []
            for tkey in dict.fromkeys(tk for s in c.needs for tk in eligible[(c.key, s)]):
                if not problem.teacher_by_key[tkey].party_member or (homeroom_party and tkey == c.homeroom):
                    continue
                y = m.new_bool_var(f"y[{c.key},{tkey}]")
                self.extra.append(y)
                m.add(y <= sum(by_class_teacher[(c.key, tkey)]))
                ys.append(y)
            count = m.new_int_var(0, len(ys) + 1, f"party[{c.key}]")
            self.extra.append(count)
            m.add(count == sum(ys) + int(homeroom_party))
            self.party_count[c.key] = count
            if k:
                add(m.add(count >= k), ("party", c.grade))

    def assignments(self, solver: cp_model.CpSolver) -> list[Cell]:
        return [cell for cell, var in self.x.items() if solver.boolean_value(var)]

    def hint(self, cells: set[Cell]) -> None:
        self.model.clear_hints()
        for cell, var in self.x.items():
            self.model.add_hint(var, cell in cells)

    def hint_from(self, solver: cp_model.CpSolver) -> None:
        """A complete hint (every variable) from the last solution: the next stage starts from it."""
        self.model.clear_hints()
        for var in (*self.x.values(), *self.extra):
            self.model.add_hint(var, solver.value(var))


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    return solver


def solve(problem: Problem, *, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2) -> Solution:
    """Solve ``problem`` lexicographically within ``time_limit`` seconds.

    Counting pre-checks first. Then the problem is split into independent parts — grades that share no
    teacher — and each part is solved on its own (every objective is a sum over the parts, so the union
    of the parts' lexicographic optima is the lexicographic optimum of the whole); the time limit is
    split across the parts by size and, within a part, across the three stages."""
    started = time.perf_counter()
    eligible = problem.eligible()
    reasons = precheck(problem, eligible)
    if reasons:
        return _without_solution(INFEASIBLE, reasons, started)
    parts = _components(problem)
    total = sum(len(p.slots) for p in parts) or 1
    done = 0
    cells: list[Cell] = []
    stages: dict[str, list[StageResult]] = {name: [] for name, _, _ in STAGES}
    for part in parts:
        remaining = time_limit - (time.perf_counter() - started)
        size = len(part.slots)
        budget = max(0.2, remaining * size / max(1, total - done))
        done += size
        result = _solve_part(part, part.eligible(), budget, workers)
        if result.status in (INFEASIBLE, UNKNOWN):
            return _without_solution(result.status, result.explanation, started)
        cells.extend(result.assignments)
        for stage in result.stages:
            stages[stage.name].append(stage)
    merged = []
    for name, label, _ in STAGES:
        parts_ = stages[name]
        merged.append(
            StageResult(
                name,
                label,
                sum(s.value for s in parts_),
                float(sum(s.bound for s in parts_)),
                all(s.optimal for s in parts_),
                sum(s.seconds for s in parts_),
            )
        )
    return Solution(
        status=OPTIMAL if all(s.optimal for s in merged) else FEASIBLE,
        assignments=sorted(cells),
        kept_previous=kept_count(problem, cells),
        min_party_teachers_in_a_class=grade_minimums(problem, cells),
        explanation=[],
        solve_seconds=time.perf_counter() - started,
        stages=merged,
    )


def _components(problem: Problem) -> list[Problem]:
    """Independent parts: groups of grades linked by teachers who may teach in several of them."""
    grades = problem.grades
    parent = {g: g for g in grades}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for t in problem.teachers:
        mine = [g for g in t.grades if g in parent] if t.subjects else []
        for g in mine[1:]:
            parent[find(g)] = find(mine[0])
    groups: dict[str, list[str]] = {}
    for g in grades:
        groups.setdefault(find(g), []).append(g)
    if len(groups) <= 1:
        return [problem]
    parts = []
    for members in groups.values():
        wanted = set(members)
        classes = [c for c in problem.classes if c.grade in wanted]
        keys = {c.key for c in classes}
        homerooms = {c.homeroom for c in classes if c.homeroom}
        teachers = []
        for t in problem.teachers:
            if t.subjects and t.grades & wanted:
                teachers.append(t)
            elif t.key in homerooms:  # only their Party membership matters here
                teachers.append(Teacher(t.id, t.name, frozenset(), frozenset(), t.party_member, t.max_classes))
        owned = {t.key for t in teachers}
        parts.append(
            Problem(
                subjects=problem.subjects,
                classes=classes,
                teachers=teachers,
                previous=[c for c in problem.previous if c.class_key in keys and c.teacher_key in owned],
                pinned=[c for c in problem.pinned if c.class_key in keys],
                min_party=problem.min_party,
            )
        )
    return parts


def _objectives(problem: Problem, cells: list[Cell]) -> dict[str, int]:
    return {
        "kept_previous": kept_count(problem, cells),
        "party_mix": sum(grade_minimums(problem, cells).values()),
        "load_balance": load_deviation(problem, cells),
    }


def _solve_part(problem: Problem, eligible, time_limit: float, workers: int) -> Solution:
    """One independent part, three lexicographic stages, each fixed before the next."""
    started = time.perf_counter()

    built = _Model(problem, eligible)
    m, x = built.model, built.x
    bands = _bands(problem, eligible)
    prev_vars = [x[cell] for cell in problem.previous if cell in x]
    kept_expr = sum(prev_vars)
    grade_min = {}
    for g in problem.grades:
        counts = [built.party_count[c.key] for c in problem.classes if c.grade == g]
        var = m.new_int_var(0, max(1, len(problem.teachers) + 1), f"min_party[{g}]")
        built.extra.append(var)
        for count in counts:
            m.add(var <= count)
        grade_min[g] = var
    deviations = []
    for t in problem.teachers:
        low, high = bands[t.key]
        dev = m.new_int_var(0, max(t.max_classes, low, 1), f"dev[{t.key}]")
        built.extra.append(dev)
        m.add(dev >= built.load[t.key] - high)
        m.add(dev >= low - built.load[t.key])
        deviations.append(dev)
    objectives = (kept_expr, sum(grade_min.values()), sum(deviations))

    built.hint(set(problem.previous) | set(problem.pinned))
    stages: list[StageResult] = []
    best: list[Cell] | None = None
    all_optimal = True
    for i, ((name, label, sense), expr) in enumerate(zip(STAGES, objectives, strict=True)):
        remaining = time_limit - (time.perf_counter() - started)
        budget = remaining * STAGE_SHARES[i] / sum(STAGE_SHARES[i:])
        if isinstance(expr, int):  # nothing to optimise (e.g. no previous assignments)
            expr_const = expr
            stages.append(StageResult(name, label, expr_const, float(expr_const), True, 0.0))
            continue
        (m.maximize if sense == "max" else m.minimize)(expr)
        solver = _solver(budget, workers)
        t0 = time.perf_counter()
        status = solver.solve(m)
        seconds = time.perf_counter() - t0
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value = round(solver.objective_value)
            bound = solver.best_objective_bound
            optimal = status == cp_model.OPTIMAL
            all_optimal &= optimal
            stages.append(StageResult(name, label, value, bound, optimal, seconds))
            best = built.assignments(solver)
            # Fix this stage's value before the next one.
            if name == "kept_previous":
                m.add(kept_expr >= value)
            elif name == "party_mix":
                for var in grade_min.values():
                    m.add(var >= solver.value(var))
            built.hint_from(solver)
            continue
        if status == cp_model.INFEASIBLE:  # proven: explain it with the time that is left
            left = time_limit - (time.perf_counter() - started)
            return _without_solution(INFEASIBLE, _explain_core(problem, eligible, left, workers), started)
        # UNKNOWN: out of time.
        if best is None:
            return _without_solution(
                UNKNOWN,
                [f"在 {time_limit:g} 秒时限内未找到满足全部硬性规则的方案，也未能证明无解；请增加求解时间后重试。"],
                started,
            )
        all_optimal = False
        value = _objectives(problem, best)[name]
        bound = solver.best_objective_bound if math.isfinite(solver.best_objective_bound) else float(value)
        stages.append(StageResult(name, label, value, bound, False, seconds))

    assert best is not None
    return Solution(
        status=OPTIMAL if all_optimal else FEASIBLE,
        assignments=sorted(best),
        kept_previous=kept_count(problem, best),
        min_party_teachers_in_a_class=grade_minimums(problem, best),
        explanation=[],
        solve_seconds=time.perf_counter() - started,
        stages=stages,
    )


def _without_solution(status: str, reasons: list[str], started: float) -> Solution:
    """A proven-infeasible (``INFEASIBLE``) or undecided (``UNKNOWN``, out of time) answer."""
    return Solution(
        status=status,
        assignments=[],
        kept_previous=0,
        min_party_teachers_in_a_class={},
        explanation=reasons,
        solve_seconds=time.perf_counter() - started,
    )


def _explain_core(problem: Problem, eligible, time_limit: float, workers: int) -> list[str]:
    """The smallest set of rule groups that cannot hold together, from CP-SAT assumptions."""
    started = time.perf_counter()
    built = _Model(problem, eligible, relaxable=True)
    lits = built.rule_literals
    index_of = {lit.index: key for key, lit in lits.items()}

    def core_of(keys: list[tuple], seconds: float) -> tuple[int, list[tuple]]:
        """(status, core among ``keys``) with ``keys`` assumed."""
        built.model.clear_assumptions()
        built.model.add_assumptions([lits[k] for k in keys])
        solver = _solver(seconds, 1)  # assumption cores need a single worker
        solver.parameters.linearization_level = 2  # the LP proves most of these counting conflicts at once
        status = solver.solve(built.model)
        if status != cp_model.INFEASIBLE:
            return status, []
        return status, [index_of[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index_of]

    if time_limit < 0.1:
        return ["没有方案能同时满足全部硬性规则；时限已用完，未能找出冲突的规则，请增加求解时间后重试。"]
    status, core = core_of(list(lits), time_limit / 2)
    if status != cp_model.INFEASIBLE:
        return ["没有方案能同时满足全部硬性规则，但未能在时限内找出冲突的规则，请增加求解时间后重试。"]
    minimal = True
    i = 0
    while i < len(core):
        remaining = time_limit - (time.perf_counter() - started)
        if remaining <= 0:
            minimal = False
            break
        trial = core[:i] + core[i + 1 :]
        status, smaller = core_of(trial, min(2.0, remaining)) if trial else (cp_model.FEASIBLE, [])
        if status == cp_model.INFEASIBLE:  # the element at i is not needed: drop it (and whatever else)
            keep = set(smaller)
            core = [k for k in trial if k in keep]
        else:
            minimal &= status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
            i += 1
    head = (
        "以下规则不能同时满足（去掉其中任何一条即可排出方案）："
        if minimal
        else "以下规则不能同时满足（可能还可以更少）："
    )
    return [head, *_describe(problem, eligible, core)]


def _describe(problem: Problem, eligible, core: list[tuple]) -> list[str]:
    lines: list[str] = []
    demand: Counter = Counter()
    group_teachers: dict[tuple[str, str], list[str]] = {}
    for (ckey, s), keys in eligible.items():
        group = (problem.class_by_key[ckey].grade, s)
        demand[group] += 1
        group_teachers[group] = keys
    teachers = problem.teacher_by_key
    maxes, mins = [], []
    for key in core:
        kind = key[0]
        if kind == "cover":
            g, s = key[1], key[2]
            keys = group_teachers[(g, s)]
            capacity = sum(teachers[k].max_classes for k in keys)
            lines.append(
                f"{g} {s}：{demand[(g, s)]} 个班次都要有教师任教（可任教教师 {len(keys)} 名，上限合计 {capacity} 个班次）"
            )
        elif kind in ("max", "min"):
            grades, subjects = key[1]
            group = [t for t in problem.teachers if (tuple(sorted(t.grades)), tuple(sorted(t.subjects))) == key[1]]
            limits = (
                [f"{t.label}≤{t.max_classes}" for t in group]
                if kind == "max"
                else [f"{t.label}≥{t.min_classes}" for t in group if t.min_classes]
            )
            who = f"{'、'.join(grades)} {'、'.join(subjects)}教师"
            (maxes if kind == "max" else mins).append(f"{who}（{_names(limits)}）")
        elif kind == "party":
            lines.append(f"{key[1]}：每班至少 {problem.min_party} 名党员教师（含党员班主任）")
        elif kind == "pin":
            pin = problem.pinned[key[1]]
            lines.append(
                f"已锁定：{problem.class_label(pin.class_key)} {pin.subject} 由 {problem.teacher_label(pin.teacher_key)} 任教"
            )
    lines.extend(f"班次上限：{text}" for text in maxes)
    lines.extend(f"班次下限：{text}" for text in mins)
    return lines


# --- the greedy baseline ------------------------------------------------------------------------


def greedy(problem: Problem) -> list[Cell]:
    """A simple baseline: pins, then previous teachers, then the least-loaded eligible teacher,
    preferring a Party member while the class has fewer than the minimum. May leave slots empty."""
    eligible = problem.eligible()
    teachers = problem.teacher_by_key
    load: Counter[str] = Counter()
    chosen: dict[tuple[str, str], str] = {}
    for pin in problem.pinned:
        chosen[pin.slot] = pin.teacher_key
        load[pin.teacher_key] += 1
    for cell in problem.previous:
        keepable = cell.slot in eligible and cell.slot not in chosen and cell.teacher_key in eligible[cell.slot]
        if keepable and load[cell.teacher_key] < teachers[cell.teacher_key].max_classes:
            chosen[cell.slot] = cell.teacher_key
            load[cell.teacher_key] += 1
    party_in: dict[str, set[str]] = defaultdict(set)
    for c in problem.classes:
        if c.homeroom and teachers[c.homeroom].party_member:
            party_in[c.key].add(c.homeroom)
    for (ckey, _s), tkey in chosen.items():
        if teachers[tkey].party_member:
            party_in[ckey].add(tkey)
    for c in problem.classes:
        for s in c.needs:
            if (c.key, s) in chosen:
                continue
            free = [k for k in eligible[(c.key, s)] if load[k] < teachers[k].max_classes]
            if not free:
                continue
            need_party = len(party_in[c.key]) < problem.min_party
            key = min(
                free,
                key=lambda k: (
                    need_party and not (teachers[k].party_member and k not in party_in[c.key]),
                    load[k] / max(1, teachers[k].max_classes),
                    k,
                ),
            )
            chosen[(c.key, s)] = key
            load[key] += 1
            if teachers[key].party_member:
                party_in[c.key].add(key)
    return sorted(Cell(ckey, s, tkey) for (ckey, s), tkey in chosen.items())


def solution_from_cells(problem: Problem, cells: list[Cell], *, seconds: float, status: str) -> Solution:
    return Solution(
        status=status,
        assignments=sorted(cells),
        kept_previous=kept_count(problem, cells),
        min_party_teachers_in_a_class=grade_minimums(problem, cells),
        explanation=[],
        solve_seconds=seconds,
    )


def load_deviation(problem: Problem, cells: list[Cell]) -> int:
    """The load-balance objective (stage 3) of any assignment, for side-by-side comparisons."""
    bands = _bands(problem, problem.eligible())
    load = Counter(c.teacher_key for c in cells)
    return sum(max(0, load[t.key] - bands[t.key][1], bands[t.key][0] - load[t.key]) for t in problem.teachers)


def fair_share(problem: Problem) -> dict[str, float]:
    return _fair_shares(problem, problem.eligible())


__all__ = [
    "INFEASIBLE",
    "FEASIBLE",
    "OPTIMAL",
    "Cell",
    "ClassInfo",
    "Problem",
    "ProblemError",
    "Solution",
    "StageResult",
    "Teacher",
    "greedy",
    "parse_problem",
    "precheck",
    "solve",
    "validate",
]

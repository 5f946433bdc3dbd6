"""Planning an import: read the file, parse every cell, validate every row through the school's forms,
and say for each row whether it creates, updates or leaves a record unchanged, or what is wrong with it.

Planning reads the database (a constant number of queries whatever the file size) and never writes;
``services.roster_import`` applies a plan without problems in one transaction."""

import datetime as dt
from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms

from dangjian.lib import clock
from dangjian.party.enums import OrgKind
from dangjian.party.models import MemberStatusChange, Organization, OrganizationPost, PartyMember
from dangjian.party.services import follow_stage, stage_change
from dangjian.school.enums import GradeLevel, PoliticalStatus, StudentStatus
from dangjian.school.models import (
    Department,
    Enrollment,
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Skill,
    Staff,
    StaffYear,
    Student,
    Subject,
)
from dangjian.staffing.models import TeachingAssignment

from . import queries
from . import values as v
from .columns import (
    BOOL,
    CHECK,
    CHOICE,
    CLASS,
    CODE,
    COMBINATION,
    DATE,
    GRADE,
    NAME,
    NAMES,
    PHONE,
    POSTS,
    SEMESTER,
    SPECS,
    STAFF,
    Column,
    RosterSpec,
)
from .forms import AssignmentForm, MemberRowForm, SchoolClassRowForm, StaffRowForm, StudentRowForm, row_form_class
from .party_posts import parse_posts
from .reader import ReadError, read_table

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
# The open lists (Column.open_list) a confirmed import may add names to: vocabulary → (model, per school).
OPEN_LISTS = {"skills": (Skill, False), "departments": (Department, True)}
OP_LABELS = {CREATE: "新增", UPDATE: "更新", UNCHANGED: "不变"}
BATCH = 500


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number as the spreadsheet shows it; None for the whole file
    column: str  # the column header, or ""
    message: str

    @property
    def row_text(self) -> str:
        return f"第 {self.row} 行" if self.row is not None else ""

    @property
    def column_text(self) -> str:
        return f"「{self.column}」" if self.column else ""

    def __str__(self):
        if self.column:
            return f"{self.row_text}{self.column_text}{self.message}"
        return f"{self.row_text}：{self.message}" if self.row_text else self.message


@dataclass
class Action:
    op: str
    row: int
    key: tuple
    label: str
    changes: tuple[str, ...] = ()
    values: dict = field(default_factory=dict)  # the row's clean values (form-data shape)
    obj: object = None  # the existing record, for updates
    diffs: tuple[tuple[str, str, str], ...] = ()  # (column, old, new) as people read them, for updates


@dataclass
class Plan:
    spec: RosterSpec
    school: School
    filename: str
    school_year: SchoolYear | None = None
    semester: Semester | None = None
    actions: list[Action] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # never block the import
    notices: list[str] = field(default_factory=list)
    importer: object = None
    # Names of open lists the file uses that are not in them: vocabulary → names (list header → names in
    # ``unknown_labels``); ``added``: the names a confirmed import added to the lists.
    unknown: dict[str, list[str]] = field(default_factory=dict)
    unknown_labels: dict[str, str] = field(default_factory=dict)
    added: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((CREATE, UPDATE, UNCHANGED), 0)
        for action in self.actions:
            out[action.op] += 1
        return out

    @property
    def changed(self) -> list[Action]:
        return [a for a in self.actions if a.op != UNCHANGED]

    def summary(self) -> str:
        c = self.counts
        return f"{self.spec.label}：新增 {c[CREATE]} 行，更新 {c[UPDATE]} 行，不变 {c[UNCHANGED]} 行，问题 {len(self.problems)} 个"


def class_name(level: int, number: int) -> str:
    return f"{GradeLevel(level).label}（{number}）班"


class Readable:
    """A stored or imported value as the spreadsheet would show it: names for ids (each field's choices read once
    per import), 是/否, labels of choices, dates as 2023-05-26, （空） for nothing."""

    def __init__(self):
        self.labels: dict[str, dict] = {}

    def __call__(self, form, name: str, value) -> str:
        if value in (None, "", [], ()):
            return "（空）"
        field_ = form.fields.get(name)
        if isinstance(field_, forms.ModelChoiceField):
            if name not in self.labels:
                queryset = field_.queryset.all() if field_.queryset is not None else []
                self.labels[name] = {obj.pk: str(obj) for obj in queryset}
            cleaned = form.cleaned_data.get(name)
            for obj in cleaned if hasattr(cleaned, "model") or isinstance(cleaned, list | tuple) else [cleaned]:
                if hasattr(obj, "pk"):
                    self.labels[name].setdefault(obj.pk, str(obj))
            ids = value if isinstance(value, list | tuple) else [value]
            return "、".join(self.labels[name].get(pk, str(pk)) for pk in ids)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dt.date):
            return value.isoformat()
        choices = dict(getattr(field_, "choices", None) or [])
        return str(choices.get(value, value))


def changes_of(importer, form, base: dict, clean: dict, readable: Readable):
    """The headers of the columns a row changes, and (header, old, new) of each as people read them."""
    changed = [name for name in clean if clean[name] != base.get(name)]
    diffs = tuple(
        (importer.header_for(name, form), readable(form, name, base.get(name)), readable(form, name, clean[name]))
        for name in changed
    )
    return tuple(header for header, _, _ in diffs), diffs


# Import driver ---------------------------------------------------------------------------------


def plan_import(
    kind: str,
    *,
    school: School,
    data: bytes,
    filename: str,
    school_year: SchoolYear | None = None,
    semester: Semester | None = None,
) -> Plan:
    spec = SPECS[kind]
    if school_year is None and semester is not None:
        school_year = semester.school_year
    if spec.period != "semester":
        semester = None  # the other rosters belong to a school year, or to none
    if not spec.period:
        school_year = None
    plan = Plan(spec=spec, school=school, filename=filename, school_year=school_year, semester=semester)
    if spec.period == "school_year" and school_year is None:
        plan.problems.append(Problem(None, "", "尚未设置学年，请先在后台添加学年。"))
        return plan
    try:
        table = read_table(data, filename, headers=spec.headers, find_by=spec.find_by)
    except ReadError as exc:
        plan.problems.append(Problem(None, "", str(exc)))
        return plan
    importer = IMPORTERS[kind](spec=spec, school=school, school_year=school_year, semester=semester)
    plan.importer = importer
    if table.ignored:
        plan.notices.append("以下列不属于模板，已忽略：" + "、".join(f"「{h}」" for h in table.ignored))
    for column in importer.required_columns():
        if column.key not in table.columns:
            plan.problems.append(Problem(None, column.header, "缺少必填列。"))
    if plan.problems:
        return plan
    present = [c for c in spec.columns if c.key in table.columns]
    importer.load()
    readable = Readable()
    example = {c.key: v.normalise_text(c.example) for c in spec.columns}
    parsed, seen = [], {}
    for row, cells in table.rows:
        if all(v.normalise_text(cells[c.key]) == example[c.key] for c in present):
            plan.notices.append(f"第 {row} 行是模板的示例行，已跳过。")
            continue
        problems: list[Problem] = []
        values, failed = {}, set()
        for column in present:
            raw = cells[column.key]
            if v.is_error_value(raw):
                problems.append(
                    Problem(row, column.header, f"是错误值 {v.normalise_text(raw)}，请修正公式或填写实际内容。")
                )
                failed.add(column.key)
                continue
            try:
                values[column.key] = importer.parse_cell(column, raw)
            except v.CellError as exc:
                problems.append(Problem(row, column.header, str(exc)))
                failed.add(column.key)
            unknown = importer.take_unknown()
            if unknown and column.key in values:
                _warn_unknown(plan, row, column, unknown)
                if column.type == NAME:
                    del values[column.key]  # the cell keeps the stored value
        overlay = importer.to_form(
            values, failed, lambda col, msg, row=row, out=problems: out.append(Problem(row, col, msg))
        )
        key = importer.key(overlay, values)
        if key is None:
            if not any(spec.column(k).header == p.column for p in problems for k in spec.key_columns):
                problems.append(Problem(row, spec.column(spec.key_columns[-1]).header, "不能为空。"))
        elif key in seen:
            problems.append(
                Problem(row, importer.key_header(), f"与第 {seen[key]} 行重复：{importer.key_label(key)}。")
            )
        else:
            seen[key] = row
        plan.problems.extend(problems)
        if key is not None and seen.get(key) == row:
            parsed.append((row, key, overlay, failed, {p.column for p in problems}))
    importer.load_existing([key for _, key, *_ in parsed])
    for row, key, overlay, failed, flagged in parsed:
        obj = importer.existing(key)
        base = importer.base(obj)
        form = importer.form({**base, **overlay}, obj)
        if not form.is_valid():
            for name, errors in form.errors.items():
                header = importer.header_for(name, form)
                if name in failed or header in flagged:
                    continue
                for error in errors:
                    plan.problems.append(Problem(row, header, str(error)))
            continue
        if flagged:
            continue
        clean = importer.canonical(form)
        label = importer.key_label(key) + (f" {clean['name']}" if clean.get("name") else "")
        if obj is None:
            plan.actions.append(Action(CREATE, row, key, label, values=clean))
            continue
        changes, diffs = changes_of(importer, form, base, clean, readable)
        op = UPDATE if changes else UNCHANGED
        plan.actions.append(Action(op, row, key, label, changes, clean if changes else {}, obj, diffs))
    plan.problems.extend(importer.finish(plan.actions))
    order = {c.header: i for i, c in enumerate(spec.columns)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    for vocabulary, names in plan.unknown.items():
        plan.notices.append(f"{plan.unknown_labels[vocabulary]}列表中没有：{'、'.join(names)}（见下方提示）。")
    return plan


def _warn_unknown(plan: Plan, row: int, column: Column, names: list[str]) -> None:
    """A name not in an open list: a warning, and (if it fits the list) a name to add on confirmation."""
    model, _ = OPEN_LISTS[column.vocabulary]
    limit = model._meta.get_field("name").max_length
    kept = "否则忽略该值" if column.type == NAMES else "否则该格不导入（保留原有内容）"
    for name in names:
        if len(name) > limit:
            message = f"“{name}”不在{column.header}列表中，且超过 {limit} 字，不能加入列表，已忽略。"
        else:
            listed = plan.unknown.setdefault(column.vocabulary, [])
            if name not in listed:
                listed.append(name)
            plan.unknown_labels[column.vocabulary] = column.header
            message = f"“{name}”不在{column.header}列表中：确认导入时选择“加入列表”则加入并导入，{kept}。"
        plan.warnings.append(Problem(row, column.header, message))


# Importers -------------------------------------------------------------------------------------


class Importer(ABC):
    """What differs between rosters: look-ups, the natural key, the form, and how to write."""

    form_class = None

    def __init__(self, *, spec: RosterSpec, school: School, school_year, semester):
        self.spec, self.school, self.school_year, self.semester = spec, school, school_year, semester
        self.vocabularies: dict[str, dict[str, object]] = {}
        self._indexes: dict[str, dict[str, object]] = {}
        self._unknown: list[str] = []

    # Reading -------------------------------------------------------------------------------

    def required_columns(self) -> list[Column]:
        return self.spec.required

    def load(self) -> None:
        """Bulk look-ups needed to parse rows (vocabularies, classes, staff by 工号); none by default."""
        return None

    def load_existing(self, keys) -> None:
        """The records the file's keys refer to, in one go; none by default."""
        return None

    def parse_cell(self, column: Column, raw):
        if column.type == DATE:
            return v.parse_date(raw)
        if column.type == CHOICE:
            value = v.parse_choice(raw, column.mapping, column.labels)
            return None if value == "" and column.keep_if_blank else value
        if column.type == BOOL:
            return v.parse_bool(raw, blank=None if column.keep_if_blank else False)
        if column.type == GRADE:
            return v.parse_grade(raw)
        if column.type == CLASS:
            return v.parse_class(raw)
        if column.type == SEMESTER:
            return v.parse_semester(raw)
        if column.type == COMBINATION:
            return v.parse_combination(raw)
        if column.type in (CODE, STAFF):
            return v.parse_code(raw)
        if column.type == PHONE:
            return v.parse_code(raw).replace("-", "")
        if column.type == NAMES:
            pks = (self.vocabulary_pk(column, name) for name in v.split_names(raw))
            return sorted({pk for pk in pks if pk is not None})
        if column.type == NAME:
            name = v.normalise_text(raw)
            return self.vocabulary_pk(column, name) if name else None
        return v.normalise_text(raw)  # TEXT, CHECK

    def vocabulary_pk(self, column: Column, name: str) -> int | None:
        """The id of ``name`` in the column's list, whatever its case, width or spaces, or by one of the
        column's aliases. Not in a closed list: an error; not in an open list: None, kept for take_unknown."""
        index = self._indexes.get(column.key)
        if index is None:
            index = {_fold(n): obj for n, obj in self.vocabularies[column.vocabulary].items()}
            for alias, target in column.value_aliases.items():
                if _fold(target) in index:
                    index.setdefault(_fold(alias), index[_fold(target)])
            self._indexes[column.key] = index
        entry = index.get(_fold(name))
        if entry is not None:
            return entry.pk
        if not column.open_list:
            names = "、".join(list(self.vocabularies[column.vocabulary])[:30]) or "无"
            raise v.CellError(f"找不到“{name}”（可选：{names}）")
        if _fold(name) not in map(_fold, self._unknown):
            self._unknown.append(name)
        return None

    def take_unknown(self) -> list[str]:
        """The names of an open list that the last parsed cell used and the list does not have."""
        names, self._unknown = self._unknown, []
        return names

    def to_form(self, values: dict, failed: set, problem) -> dict:
        """The row's parsed values as form data; columns left blank that keep their value are left out."""
        out = {}
        for key, value in values.items():
            column = self.spec.column(key)
            if column.type == CHECK or (column.keep_if_blank and value is None):
                continue
            out[key] = value
        return out

    def key(self, data: dict, values: dict) -> tuple | None:
        key = tuple(data.get(k) for k in self.spec.key_columns)
        return None if any(part in (None, "") for part in key) else key

    def key_header(self) -> str:
        return self.spec.column(self.spec.key_columns[0]).header

    def key_label(self, key: tuple) -> str:
        return " ".join(str(part) for part in key)

    def header_for(self, name: str, form) -> str:
        for column in self.spec.columns:
            if column.key == name:
                return column.header
        field_ = form.fields.get(name)
        return str(field_.label) if field_ is not None else ""

    # Validating ----------------------------------------------------------------------------

    def existing(self, key):
        return self.by_key.get(key)

    @abstractmethod
    def base(self, obj) -> dict:
        """The stored values of ``obj`` (or of an empty row when None), keyed by form field."""

    @abstractmethod
    def form(self, data: dict, obj):
        """The bound form that validates one row."""

    def canonical(self, form) -> dict:
        """The form's cleaned values in the shape of ``base``: ids for objects, sorted id lists."""
        out = {}
        for name in self.base(None):
            value = form.cleaned_data.get(name)
            if hasattr(value, "model") or isinstance(value, list | tuple):
                value = sorted(obj.pk for obj in value)
            elif hasattr(value, "pk"):
                value = value.pk
            out[name] = value
        return out

    def finish(self, actions: list[Action]) -> list[Problem]:
        """Problems that only show across rows."""
        return []

    # Writing -------------------------------------------------------------------------------

    @abstractmethod
    def apply(self, actions: list[Action]) -> None:
        """Write the planned creates and updates (inside the caller's transaction)."""


def _fold(name: str) -> str:
    return v.compact(name).lower()


def _by_pk(objects) -> dict:
    return {obj.pk: obj for obj in objects}


FOREIGN_KEYS = frozenset({"department", "homeroom_teacher", "teacher", "branch", "group"})  # set by id


def _set_fields(obj, values: dict, names) -> None:
    for name in names:
        setattr(obj, f"{name}_id" if name in FOREIGN_KEYS else name, values[name])


class StaffImporter(Importer):
    SCALAR = (
        "staff_number",
        "name",
        "gender",
        "birth_date",
        "started_teaching_on",
        "political_status",
        "joined_party_on",
        "department",
        "leader_post",
        "position",
        "title",
        "key_teacher_level",
        "phone",
        "is_active",
    )

    def load(self):
        school = self.school
        self.subjects = list(Subject.objects.filter(school=school))
        self.departments = list(Department.objects.filter(school=school))
        self.skills = list(Skill.objects.all())
        self.vocabularies = {
            "subjects": {s.name: s for s in self.subjects},
            "departments": {d.name: d for d in self.departments},
            "skills": {s.name: s for s in self.skills},
        }
        self.lookups = {"subjects": _by_pk(self.subjects), "department": _by_pk(self.departments)}
        self.lookups["skills"] = _by_pk(self.skills)
        self.form_class = row_form_class(StaffRowForm, self.lookups)

    def load_existing(self, keys):
        staff = Staff.objects.filter(school=self.school).prefetch_related("subjects", "skills")
        self.by_key = {(s.staff_number,): s for s in staff}
        self.staff_years = {
            sy.staff_id: sy
            for sy in StaffYear.objects.filter(staff__school=self.school, school_year=self.school_year).select_related(
                "grade"
            )
        }

    def key_label(self, key):
        return f"工号 {key[0]}"

    def base(self, obj):
        if obj is None:
            return {
                "staff_number": "",
                "name": "",
                "gender": "",
                "birth_date": None,
                "started_teaching_on": None,
                "subjects": [],
                "political_status": PoliticalStatus.MASSES.value,
                "joined_party_on": None,
                "grade_level": None,
                "department": None,
                "leader_post": "",
                "position": "",
                "title": "",
                "key_teacher_level": "",
                "phone": "",
                "skills": [],
                "is_active": True,
            }
        year = self.staff_years.get(obj.pk)
        return {
            "staff_number": obj.staff_number,
            "name": obj.name,
            "gender": obj.gender,
            "birth_date": obj.birth_date,
            "started_teaching_on": obj.started_teaching_on,
            "subjects": sorted(s.pk for s in obj.subjects.all()),
            "political_status": obj.political_status,
            "joined_party_on": obj.joined_party_on,
            "grade_level": year.grade.level if year and year.grade else None,
            "department": obj.department_id,
            "leader_post": obj.leader_post,
            "position": obj.position,
            "title": obj.title,
            "key_teacher_level": obj.key_teacher_level,
            "phone": obj.phone,
            "skills": sorted(s.pk for s in obj.skills.all()),
            "is_active": obj.is_active,
        }

    def form(self, data, obj):
        instance = obj if obj is not None else Staff(school=self.school)
        return self.form_class(data, instance=instance, school=self.school)

    def apply(self, actions):
        created, updated = [], []
        for action in actions:
            if action.op == CREATE:
                staff = Staff(school=self.school)
                _set_fields(staff, action.values, self.SCALAR)
                created.append((action, staff))
            elif action.op == UPDATE:
                _set_fields(action.obj, action.values, self.SCALAR)
                updated.append((action, action.obj))
        Staff.objects.bulk_create([s for _, s in created], batch_size=BATCH)
        _ensure_pks(Staff, [s for _, s in created], "staff_number", school=self.school)
        Staff.objects.bulk_update([s for _, s in updated], list(self.SCALAR), batch_size=BATCH)
        both = created + updated
        for name in ("subjects", "skills"):
            through = getattr(Staff, name).through
            column = "subject_id" if name == "subjects" else "skill_id"
            changed = [(a, s) for a, s in both if a.op == CREATE or _header(self, name) in a.changes]
            through.objects.filter(staff_id__in=[s.pk for a, s in changed if a.op == UPDATE]).delete()
            through.objects.bulk_create(
                [through(staff_id=s.pk, **{column: pk}) for a, s in changed for pk in a.values[name]],
                batch_size=BATCH,
            )
        grades = _grades(self.school, self.school_year, {a.values["grade_level"] for a, _ in both} - {None})
        new_years, changed_years = [], []
        for action, staff in both:
            level = action.values["grade_level"]
            current = self.staff_years.get(staff.pk)
            if current is None:
                if level is not None:
                    new_years.append(StaffYear(staff=staff, school_year=self.school_year, grade=grades[level]))
            elif (current.grade.level if current.grade else None) != level:
                current.grade = grades[level] if level is not None else None
                changed_years.append(current)
        StaffYear.objects.bulk_create(new_years, batch_size=BATCH)
        StaffYear.objects.bulk_update(changed_years, ["grade"], batch_size=BATCH)


def _header(importer, name):
    return importer.spec.column(name).header


def _ensure_pks(model, objects, key, **scope):
    """Databases that cannot return ids from a bulk insert: look them up by natural key."""
    missing = [obj for obj in objects if obj.pk is None]
    if missing:
        pks = dict(
            model.objects.filter(**scope, **{f"{key}__in": [getattr(o, key) for o in missing]}).values_list(key, "pk")
        )
        for obj in missing:
            obj.pk = pks[getattr(obj, key)]


def _grades(school, school_year, levels) -> dict[int, Grade]:
    grades = {g.level: g for g in Grade.objects.filter(school=school, school_year=school_year)}
    for level in levels:
        if level not in grades:
            grades[level] = Grade.objects.create(school=school, school_year=school_year, level=level)
    return grades


def _resolve_class(values: dict, failed: set, problem, classes: dict, year_label: str, year_key=()):
    """年段 + 班级 cells → the class, or None when 班级 is blank. ``classes``: (*year_key, level, number) → class."""
    if "school_class" in failed or "grade_level" in failed:
        return None
    parsed = values.get("school_class")
    if parsed is None:
        return None
    level, number = parsed
    grade_level = values.get("grade_level")
    if level is not None and grade_level is not None and level != grade_level:
        problem("班级", f"{class_name(level, number)}与年段「{GradeLevel(grade_level).label}」不一致。")
        failed.add("school_class")
        return None
    level = level or grade_level
    if level is None:
        problem("班级", f"无法确定年段：请填写「年段」列，或写成 高一（{number}）班。")
        failed.add("school_class")
        return None
    school_class = classes.get((*year_key, level, number))
    if school_class is None:
        problem("班级", f"找不到{year_label}的班级：{class_name(level, number)}。")
        failed.add("school_class")
    return school_class


class StudentImporter(Importer):
    SCALAR = ("student_number", "name", "gender", "birth_date", "is_league_member", "status")

    def load(self):
        classes = SchoolClass.objects.filter(grade__school=self.school, grade__school_year=self.school_year)
        self.classes = {(c.grade.level, c.number): c for c in classes.select_related("grade")}
        self.lookups = {"school_class": {c.pk: c for c in self.classes.values()}}
        self.form_class = row_form_class(StudentRowForm, self.lookups)

    def load_existing(self, keys):
        self.by_key = {(s.student_number,): s for s in Student.objects.filter(school=self.school)}
        self.enrollments = {
            e.student_id: e
            for e in Enrollment.objects.filter(student__school=self.school, school_year=self.school_year)
        }

    def to_form(self, values, failed, problem):
        out = super().to_form(values, failed, problem)
        out.pop("grade_level", None)
        if "school_class" in values or "grade_level" in values:
            out.pop("school_class", None)
            school_class = _resolve_class(values, failed, problem, self.classes, str(self.school_year))
            if "school_class" not in failed:
                out["school_class"] = school_class.pk if school_class else None
        return out

    def key_label(self, key):
        return f"学号 {key[0]}"

    def base(self, obj):
        if obj is None:
            return {
                "student_number": "",
                "name": "",
                "gender": "",
                "birth_date": None,
                "is_league_member": False,
                "status": StudentStatus.ENROLLED.value,
                "school_class": None,
            }
        enrollment = self.enrollments.get(obj.pk)
        return {
            "student_number": obj.student_number,
            "name": obj.name,
            "gender": obj.gender,
            "birth_date": obj.birth_date,
            "is_league_member": obj.is_league_member,
            "status": obj.status,
            "school_class": enrollment.school_class_id if enrollment else None,
        }

    def header_for(self, name, form):
        return "班级" if name == "school_class" else super().header_for(name, form)

    def form(self, data, obj):
        instance = obj if obj is not None else Student(school=self.school)
        return self.form_class(data, instance=instance, school=self.school, school_year=self.school_year)

    def apply(self, actions):
        created, updated = [], []
        for action in actions:
            if action.op == CREATE:
                student = Student(school=self.school)
                _set_fields(student, action.values, self.SCALAR)
                created.append((action, student))
            elif action.op == UPDATE:
                _set_fields(action.obj, action.values, self.SCALAR)
                updated.append((action, action.obj))
        Student.objects.bulk_create([s for _, s in created], batch_size=BATCH)
        _ensure_pks(Student, [s for _, s in created], "student_number", school=self.school)
        Student.objects.bulk_update([s for _, s in updated], list(self.SCALAR), batch_size=BATCH)
        new, changed, gone = [], [], []
        for action, student in created + updated:
            class_id = action.values["school_class"]
            current = self.enrollments.get(student.pk)
            if current is None:
                if class_id is not None:
                    new.append(Enrollment(student=student, school_year=self.school_year, school_class_id=class_id))
            elif class_id is None:
                gone.append(current.pk)
            elif current.school_class_id != class_id:
                current.school_class_id = class_id
                changed.append(current)
        Enrollment.objects.bulk_create(new, batch_size=BATCH)
        Enrollment.objects.bulk_update(changed, ["school_class"], batch_size=BATCH)
        Enrollment.objects.filter(pk__in=gone).delete()


def _active_staff(school) -> dict[str, Staff]:
    return {s.staff_number: s for s in Staff.objects.filter(school=school, is_active=True)}


def _teacher(
    values, failed, problem, staff_by_number, code_key, name_key, code_header, name_header, missing="本校在职教职工"
):
    """A teacher by 工号, checked against the name written next to it."""
    if code_key in failed:
        return None
    number, name = values.get(code_key) or "", values.get(name_key) or ""
    if not number:
        if name:
            problem(code_header, f"请填写“{name}”的工号。")
            failed.add(code_key)
        return None
    teacher = staff_by_number.get(number)
    if teacher is None:
        problem(code_header, f"找不到{missing}：工号 {number}。")
        failed.add(code_key)
        return None
    if name and name != teacher.name:
        problem(name_header, f"“{name}”与工号 {number} 的姓名“{teacher.name}”不一致。")
        failed.add(code_key)
        return None
    return teacher


class ClassImporter(Importer):
    def load(self):
        classes = SchoolClass.objects.filter(grade__school=self.school, grade__school_year=self.school_year)
        self.by_key = {(c.grade.level, c.number): c for c in classes.select_related("grade", "homeroom_teacher")}
        self.staff = _active_staff(self.school)
        self.lookups = {"homeroom_teacher": {s.pk: s for s in self.staff.values()}}
        self.form_class = row_form_class(SchoolClassRowForm, self.lookups)

    def to_form(self, values, failed, problem):
        out = {}
        if "number" not in failed and "level" not in failed and values.get("number"):
            level, number = values["number"]
            if level and values.get("level") and level != values["level"]:
                problem("班级", f"{class_name(level, number)}与年段「{GradeLevel(values['level']).label}」不一致。")
                failed.add("number")
            elif not (level or values.get("level")):
                problem("年段", f"无法确定年段：请填写「年段」列，或写成 高一（{number}）班。")
                failed.add("level")
            else:
                out["level"], out["number"] = level or values["level"], number
        if "homeroom_teacher" in values:
            teacher = _teacher(
                values, failed, problem, self.staff, "homeroom_teacher", "homeroom_name", "班主任工号", "班主任姓名"
            )
            if "homeroom_teacher" not in failed:
                out["homeroom_teacher"] = teacher.pk if teacher else None
        if "combination" in values and "combination" not in failed:
            out["combination"] = values["combination"]
        return out

    def key(self, data, values):
        if data.get("level") and data.get("number"):
            return (data["level"], data["number"])
        return None

    def key_header(self):
        return "班级"

    def key_label(self, key):
        return class_name(*key)

    def base(self, obj):
        if obj is None:
            return {"level": None, "number": None, "homeroom_teacher": None, "combination": ""}
        return {
            "level": obj.grade.level,
            "number": obj.number,
            "homeroom_teacher": obj.homeroom_teacher_id,
            "combination": obj.combination,
        }

    def form(self, data, obj):
        instance = obj if obj is not None else SchoolClass()
        return self.form_class(data, instance=instance, school=self.school, school_year=self.school_year)

    def finish(self, actions):
        """A teacher leads at most one class a year, in the state after the import."""
        final = {key: c.homeroom_teacher_id for key, c in self.by_key.items()}
        rows = {}
        for action in actions:
            final[action.key] = (
                action.values.get("homeroom_teacher", final.get(action.key))
                if action.values
                else (final.get(action.key))
            )
            rows[action.key] = action.row
        classes_of = defaultdict(list)
        for key, teacher_id in final.items():
            if teacher_id:
                classes_of[teacher_id].append(key)
        problems = []
        for teacher_id, keys in classes_of.items():
            if len(keys) < 2:
                continue
            teacher = self.lookups["homeroom_teacher"].get(teacher_id)
            names = "、".join(class_name(*k) for k in sorted(keys))
            for key in keys:
                if key in rows:
                    who = f"{teacher.name}（{teacher.staff_number}）" if teacher else "该教师"
                    problems.append(Problem(rows[key], "班主任工号", f"{who}将同时担任{names}的班主任。"))
        return problems

    def apply(self, actions):
        grades = _grades(self.school, self.school_year, {a.key[0] for a in actions if a.op == CREATE})
        created = [
            SchoolClass(
                grade=grades[a.key[0]],
                number=a.key[1],
                homeroom_teacher_id=a.values["homeroom_teacher"],
                combination=a.values["combination"],
            )
            for a in actions
            if a.op == CREATE
        ]
        updated = []
        for action in actions:
            if action.op == UPDATE:
                action.obj.homeroom_teacher_id = action.values["homeroom_teacher"]
                action.obj.combination = action.values["combination"]
                updated.append(action.obj)
        SchoolClass.objects.bulk_create(created, batch_size=BATCH)
        SchoolClass.objects.bulk_update(updated, ["homeroom_teacher", "combination"], batch_size=BATCH)


class AssignmentImporter(Importer):
    def required_columns(self):
        columns = list(self.spec.required)
        if self.semester is None:
            columns.insert(0, self.spec.column("semester"))
        return columns

    def load(self):
        self.semesters = {(s.school_year.start_year, s.term): s for s in Semester.objects.select_related("school_year")}
        classes = SchoolClass.objects.filter(grade__school=self.school).select_related("grade__school_year")
        self.classes = {(c.grade.school_year.start_year, c.grade.level, c.number): c for c in classes}
        self.subjects = list(Subject.objects.filter(school=self.school))
        self.vocabularies = {"subjects": {s.name: s for s in self.subjects}}
        self.staff = _active_staff(self.school)
        self.lookups = {
            "semester": {s.pk: s for s in self.semesters.values()},
            "school_class": {c.pk: c for c in self.classes.values()},
            "subject": _by_pk(self.subjects),
            "teacher": {s.pk: s for s in self.staff.values()},
        }
        self.form_class = row_form_class(AssignmentForm, self.lookups)

    def load_existing(self, keys):
        semester_ids = {key[0] for key in keys}
        assignments = TeachingAssignment.objects.filter(
            school_class__grade__school=self.school, semester_id__in=semester_ids
        )
        self.by_key = {(a.semester_id, a.school_class_id, a.subject_id): a for a in assignments}

    def to_form(self, values, failed, problem):
        out = {}
        semester = self.semester
        if "semester" in failed:
            semester = None
        elif values.get("semester"):
            semester = self.semesters.get(values["semester"])
            if semester is None:
                start, term = values["semester"]
                problem("学期", f"找不到学期：{start}-{start + 1}-{term}。")
                failed.add("semester")
        elif semester is None:
            problem("学期", "不能为空（导入时也未选择学期）。")
            failed.add("semester")
        if semester is not None:
            out["semester"] = semester.pk
            school_class = _resolve_class(
                values, failed, problem, self.classes, str(semester.school_year), (semester.school_year.start_year,)
            )
            if school_class is not None:
                out["school_class"] = school_class.pk
        if values.get("subject"):
            out["subject"] = values["subject"]
        teacher = _teacher(values, failed, problem, self.staff, "teacher", "teacher_name", "教师工号", "教师姓名")
        if teacher is not None:
            out["teacher"] = teacher.pk
        return out

    def key_header(self):
        return "学科"

    def key_label(self, key):
        semester, school_class = self.lookups["semester"][key[0]], self.lookups["school_class"][key[1]]
        subject = self.lookups["subject"][key[2]]
        return f"{semester.code} {school_class.name} {subject.name}"

    def base(self, obj):
        if obj is None:
            return {"semester": None, "school_class": None, "subject": None, "teacher": None}
        return {
            "semester": obj.semester_id,
            "school_class": obj.school_class_id,
            "subject": obj.subject_id,
            "teacher": obj.teacher_id,
        }

    def form(self, data, obj):
        instance = obj if obj is not None else TeachingAssignment()
        return self.form_class(data, instance=instance, school=self.school)

    def apply(self, actions):
        created = [
            TeachingAssignment(
                semester_id=a.values["semester"],
                school_class_id=a.values["school_class"],
                subject_id=a.values["subject"],
                teacher_id=a.values["teacher"],
            )
            for a in actions
            if a.op == CREATE
        ]
        updated = []
        for action in actions:
            if action.op == UPDATE:
                action.obj.teacher_id = action.values["teacher"]
                updated.append(action.obj)
        TeachingAssignment.objects.bulk_create(created, batch_size=BATCH)
        TeachingAssignment.objects.bulk_update(updated, ["teacher"], batch_size=BATCH)


class MemberImporter(Importer):
    """Party member records by 工号 of a staff member of the school; 党内职务 are the posts held today."""

    SCALAR = ("branch", "group", "status", "applied_on", "activist_on", "candidate_on", "admitted_on", "full_on")

    def load(self):
        self.organizations = list(Organization.objects.filter(school=self.school))
        branches = [o for o in self.organizations if o.kind == OrgKind.BRANCH]
        groups = [o for o in self.organizations if o.kind == OrgKind.GROUP]
        self.vocabularies = {"branches": {o.name: o for o in branches}, "groups": {o.name: o for o in groups}}
        self.staff = {s.staff_number: s for s in Staff.objects.filter(school=self.school)}
        self.lookups = {
            "staff": {s.pk: s for s in self.staff.values()},
            "branch": _by_pk(branches),
            "group": _by_pk(groups),
        }
        self.form_class = row_form_class(MemberRowForm, self.lookups)

    def load_existing(self, keys):
        members = PartyMember.objects.filter(staff__school=self.school).select_related("staff")
        self.by_key = {(m.staff.staff_number,): m for m in members}
        self.posts = queries.current_party_posts(self.school)

    def parse_cell(self, column, raw):
        return parse_posts(raw) if column.type == POSTS else super().parse_cell(column, raw)

    def to_form(self, values, failed, problem):
        out = super().to_form(values, failed, problem)
        staff = _teacher(
            values,
            failed,
            problem,
            self.staff,
            "staff_number",
            "name",
            "工号",
            "姓名",
            missing="本校教职工（请先导入教职工名册）",
        )
        if staff is not None:
            out["staff"] = staff.pk
        elif "staff_number" in failed:
            failed.add("staff")  # reported against 工号 or 姓名 already
        if values.get("staff_number"):
            out["staff_number"] = values["staff_number"]  # the key, also of rows with a problem
        return out

    def key_label(self, key):
        return f"工号 {key[0]}"

    def header_for(self, name, form):
        return "工号" if name == "staff" else super().header_for(name, form)

    def base(self, obj):
        if obj is None:
            return {"staff": None, **dict.fromkeys(self.SCALAR), "status": "", "posts": ()}
        posts = self.posts.get(obj.staff_id, [])
        return {
            "staff": obj.staff_id,
            **{name: getattr(obj, f"{name}_id" if name in ("branch", "group") else name) for name in self.SCALAR},
            "posts": tuple(sorted({(p.organization_id, p.post) for p in posts})),
        }

    def form(self, data, obj):
        instance = obj if obj is not None else PartyMember()
        return self.form_class(data, instance=instance, school=self.school, organizations=self.organizations)

    def canonical(self, form):
        posts = form.cleaned_data.pop("posts", ())
        return {**super().canonical(form), "posts": posts}

    def apply(self, actions):
        created, updated, stage_changed = [], [], []
        for action in actions:
            member = (
                PartyMember(staff=self.lookups["staff"][action.values["staff"]]) if action.op == CREATE else action.obj
            )
            _set_fields(member, action.values, self.SCALAR)
            (created if action.op == CREATE else updated).append(member)
            if action.op == CREATE or "状态" in action.changes:
                stage_changed.append(member)
        PartyMember.objects.bulk_create(created, batch_size=BATCH)
        _ensure_pks(PartyMember, created, "staff_id", staff__school=self.school)
        PartyMember.objects.bulk_update(updated, list(self.SCALAR), batch_size=BATCH)
        MemberStatusChange.objects.bulk_create([stage_change(m) for m in stage_changed], batch_size=BATCH)
        staff = [m.staff for m in stage_changed if follow_stage(m, m.staff)]
        Staff.objects.bulk_update(staff, ["political_status", "joined_party_on"], batch_size=BATCH)
        self._apply_posts([a for a in actions if a.op == CREATE or "党内职务" in a.changes])

    def _apply_posts(self, actions):
        """New posts start today; posts no longer listed end yesterday (or go, if they started today)."""
        today = clock.today()
        new, ended, gone = [], [], []
        for action in actions:
            staff_id, wanted = action.values["staff"], set(action.values["posts"])
            held = {(p.organization_id, p.post): p for p in self.posts.get(staff_id, [])}
            new += [
                OrganizationPost(organization_id=org_id, staff_id=staff_id, post=post, started_on=today)
                for org_id, post in sorted(wanted - set(held))
            ]
            for key in set(held) - wanted:
                post = held[key]
                if post.started_on < today:
                    post.ended_on = today - dt.timedelta(days=1)
                    ended.append(post)
                else:
                    gone.append(post.pk)
        OrganizationPost.objects.bulk_create(new, batch_size=BATCH)
        OrganizationPost.objects.bulk_update(ended, ["ended_on"], batch_size=BATCH)
        OrganizationPost.objects.filter(pk__in=gone).delete()


IMPORTERS = {
    "staff": StaffImporter,
    "students": StudentImporter,
    "classes": ClassImporter,
    "assignments": AssignmentImporter,
    "members": MemberImporter,
}

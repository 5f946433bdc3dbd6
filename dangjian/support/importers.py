"""Importing the poor-student and special-student registers from Excel or CSV, the roster way.

The file is read by the roster reader (encodings, header row below titles, aliases, blank rows) and
its cells parsed by the roster parsers; each row is keyed by 学号 and validated through the same
forms as the register pages. Planning never writes: it says which rows create, update or leave an
entry unchanged, and names every problem as 第 N 行「列」…; ``services.register_import`` applies a
plan without problems in one transaction. The template is the roster template (example row,
drop-down lists, 说明 sheet) over the columns below."""

import datetime as dt

from dangjian.rosters import values as v
from dangjian.rosters.columns import CHECK, CHOICE, CODE, DATE, NAMES, TEXT, Column, RosterSpec
from dangjian.rosters.exports import template_bytes
from dangjian.rosters.importers import CREATE, UNCHANGED, UPDATE, Action, Importer, Plan, Problem
from dangjian.rosters.reader import ReadError, read_table
from dangjian.school.models import School, SchoolYear, Student

from .enums import CaseOutcome, PoorType, SpecialCategory
from .forms import PoorStudentRecordForm, SpecialStudentCaseForm
from .models import PoorStudentRecord, SpecialStudentCase

REGISTER_LABELS = {"poor": "贫困生名册", "special": "特殊生名册"}
CATEGORIES = "special_categories"  # the drop-down vocabulary of 类别

_NUMBER = Column(
    "student_number",
    "学号",
    CODE,
    ("学生学号", "学籍号"),
    required=True,
    note="本校学生的学号，必填；该生本学年已在名册中则更新，否则新增。",
    example="2022001",
)
_NAME = Column(
    "name",
    "姓名",
    CHECK,
    ("学生姓名",),
    note="可不填；填写时须与该学号的学生姓名一致（用于核对，不会写入）。",
    example="张小明",
    width=10,
)

POOR_SPEC = RosterSpec(
    kind="support-poor",
    label="贫困生名册",
    intro="每行一名贫困生，按「学号」识别：该生本学年已在名册中则更新，否则新增。学年在上传时选择。",
    find_by=("student_number", "type"),
    key_columns=("student_number",),
    columns=(
        _NUMBER,
        _NAME,
        Column(
            "type",
            "困难类型",
            CHOICE,
            ("类型", "贫困类型", "困难类别"),
            required=True,
            note="必填：" + "、".join(str(label) for _, label in PoorType.choices) + "。",
            example=str(PoorType.FILED.label),
            choices=tuple(PoorType.choices),
            value_aliases={"建档立卡户": PoorType.FILED, "低保户": PoorType.SUBSISTENCE, "特困": PoorType.DESTITUTE},
        ),
        Column(
            "recognition_source",
            "认定来源",
            TEXT,
            ("认定部门", "来源"),
            note="如：县乡村振兴局建档立卡名单、民政局低保证明。",
            example="县乡村振兴局建档立卡名单",
            width=24,
        ),
        Column(
            "recognized_on",
            "认定日期",
            DATE,
            ("认定时间",),
            required=True,
            note="必填，日期，如 2022-09-01，不晚于今天。",
            example=dt.date(2022, 9, 1),
        ),
        Column(
            "family_note",
            "家庭情况",
            TEXT,
            note="加密保存，仅帮扶人和书记可见；空白则保留已登记的内容。",
            keep_if_blank=True,
            width=30,
        ),
    ),
)

SPECIAL_SPEC = RosterSpec(
    kind="support-special",
    label="特殊生名册",
    intro="每行一名特殊生，按「学号」识别：该生本学年已在名册中则更新，否则新增。学年在上传时选择。",
    find_by=("student_number", "categories"),
    key_columns=("student_number",),
    columns=(
        _NUMBER,
        _NAME,
        Column(
            "categories",
            "类别",
            NAMES,
            ("特殊类别", "类型"),
            required=True,
            note="必填："
            + "、".join(str(label) for _, label in SpecialCategory.choices)
            + "，多个用顿号分隔，如 心理、家庭。",
            example=str(SpecialCategory.PSYCHOLOGICAL.label),
            choices=tuple(SpecialCategory.choices),
            vocabulary=CATEGORIES,
        ),
        Column(
            "description",
            "简要情况",
            TEXT,
            ("情况说明",),
            note="加密保存；请只写帮扶所需的情况。空白则保留已登记的内容。",
            keep_if_blank=True,
            width=30,
        ),
        Column("referred_by", "转介人", TEXT, note="如：班主任、心理辅导中心。", example="班主任"),
        Column(
            "referred_on",
            "转介日期",
            DATE,
            ("转介时间",),
            required=True,
            note="必填，日期，如 2022-10-08，不晚于今天。",
            example=dt.date(2022, 10, 8),
        ),
        Column(
            "outcome",
            "帮扶成效",
            CHOICE,
            ("成效",),
            note="、".join(str(label) for _, label in CaseOutcome.choices)
            + "；空白：新登记为跟踪帮扶中，已登记的不变。",
            example=str(CaseOutcome.ONGOING.label),
            choices=tuple(CaseOutcome.choices),
            keep_if_blank=True,
            width=16,
        ),
    ),
)

SPECS = {"poor": POOR_SPEC, "special": SPECIAL_SPEC}


def template(register: str) -> bytes:
    """The import template of a register: it holds no data, only the example row."""
    return template_bytes(SPECS[register], {CATEGORIES: [str(label) for _, label in SpecialCategory.choices]})


class RegisterImporter(Importer):
    """Rows of one register in one school year, keyed by 学号."""

    model = None
    form_class = None

    def __init__(self, *, spec: RosterSpec, school: School, school_year: SchoolYear):
        super().__init__(spec=spec, school=school, school_year=school_year, semester=None)
        self.by_key, self.students, self.forms = {}, {}, {}

    def parse_cell(self, column: Column, raw):
        if column.type == NAMES:  # 类别: several labels of one vocabulary
            mapping = column.mapping
            chosen = []
            for name in v.split_names(raw):
                try:
                    chosen.append(mapping[v.compact(name).lower()])
                except KeyError:
                    raise v.CellError(f"不在可选范围内：{name}（可选：{'、'.join(column.labels)}）") from None
            return list(dict.fromkeys(chosen))
        value = super().parse_cell(column, raw)
        return None if column.keep_if_blank and value == "" else value

    def load_existing(self, keys) -> None:
        numbers = [key[0] for key in keys]
        self.students = {
            s.student_number: s for s in Student.objects.filter(school=self.school, student_number__in=numbers)
        }
        self.by_key = {
            (r.student.student_number,): r
            for r in self.model.objects.filter(
                school=self.school, school_year=self.school_year, student__student_number__in=numbers
            ).select_related("student")
        }

    def check_name(self, key, name: str) -> str | None:
        student = self.students.get(key[0])
        if name and student is not None and v.compact(name) != v.compact(student.name):
            return f"与学号 {key[0]} 的学生姓名（{student.name}）不一致，请核对学号。"
        return None

    def form(self, data: dict, obj):
        return self.form_class(data=data, instance=obj, school=self.school, school_year=self.school_year)

    def apply(self, actions: list[Action], *, actor, request=None) -> None:
        from . import services  # services imports this module

        save = services.poor_record_save if self.model is PoorStudentRecord else services.special_case_save
        for action in actions:
            save(form=self.forms[action.row], actor=actor, request=request)


class PoorImporter(RegisterImporter):
    model = PoorStudentRecord
    form_class = PoorStudentRecordForm

    def base(self, obj) -> dict:
        if obj is None:
            return {"type": "", "recognition_source": "", "recognized_on": None, "family_note": ""}
        return {
            "type": obj.type,
            "recognition_source": obj.recognition_source,
            "recognized_on": obj.recognized_on,
            "family_note": obj.family_note,
        }


class SpecialImporter(RegisterImporter):
    model = SpecialStudentCase
    form_class = SpecialStudentCaseForm

    def base(self, obj) -> dict:
        if obj is None:
            return {
                "categories": "",
                "description": "",
                "referred_by": "",
                "referred_on": None,
                "outcome": CaseOutcome.ONGOING,
            }
        return {
            "categories": obj.categories,
            "description": obj.description,
            "referred_by": obj.referred_by,
            "referred_on": obj.referred_on,
            "outcome": obj.outcome,
        }

    def form(self, data: dict, obj):
        if isinstance(data.get("categories"), str):
            data = {**data, "categories": [c for c in data["categories"].split(",") if c]}
        return super().form(data, obj)


IMPORTERS = {"poor": PoorImporter, "special": SpecialImporter}


def plan_register_import(register: str, *, school: School, school_year: SchoolYear, data: bytes, filename: str) -> Plan:
    """What importing the file would do; reads the database, never writes."""
    spec = SPECS[register]
    plan = Plan(spec=spec, school=school, filename=filename, school_year=school_year)
    try:
        table = read_table(data, filename, headers=spec.headers, find_by=spec.find_by)
    except ReadError as exc:
        plan.problems.append(Problem(None, "", str(exc)))
        return plan
    importer = IMPORTERS[register](spec=spec, school=school, school_year=school_year)
    plan.importer = importer
    if table.ignored:
        plan.notices.append("以下列不属于模板，已忽略：" + "、".join(f"「{h}」" for h in table.ignored))
    for column in spec.required:
        if column.key not in table.columns:
            plan.problems.append(Problem(None, column.header, "缺少必填列。"))
    if plan.problems:
        return plan
    present = [c for c in spec.columns if c.key in table.columns]
    example = {c.key: v.normalise_text(c.example) for c in spec.columns}
    parsed, seen = [], {}
    for row, cells in table.rows:
        if all(v.normalise_text(cells[c.key]) == example[c.key] for c in present):
            plan.notices.append(f"第 {row} 行是模板的示例行，已跳过。")
            continue
        problems, values, failed = [], {}, set()
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
        overlay = importer.to_form(values, failed, None)
        key = importer.key(overlay, values)
        if key is None:
            if "student_number" not in failed:
                problems.append(Problem(row, _NUMBER.header, "不能为空。"))
        elif key in seen:
            problems.append(Problem(row, _NUMBER.header, f"与第 {seen[key]} 行重复：{key[0]}。"))
        else:
            seen[key] = row
        plan.problems.extend(problems)
        if key is not None and seen.get(key) == row:
            parsed.append((row, key, overlay, values.get("name", ""), failed, {p.column for p in problems}))
    importer.load_existing([key for _, key, *_ in parsed])
    for row, key, overlay, name, failed, flagged in parsed:
        mismatch = importer.check_name(key, name)
        if mismatch:
            plan.problems.append(Problem(row, _NAME.header, mismatch))
            flagged = flagged | {_NAME.header}
        obj = importer.existing(key)
        base = importer.base(obj)
        form = importer.form({**base, **overlay}, obj)
        if not form.is_valid():
            for field_name, errors in form.errors.items():
                header = importer.header_for(field_name, form)
                if field_name in failed or header in flagged:
                    continue
                for error in errors:
                    plan.problems.append(Problem(row, header, str(error)))
            continue
        if flagged:
            continue
        clean = importer.canonical(form)
        student = importer.students.get(key[0])
        label = f"{key[0]} {student.name}" if student else key[0]
        if obj is None:
            importer.forms[row] = form
            plan.actions.append(Action(CREATE, row, key, label, values=clean))
            continue
        changes = tuple(importer.header_for(n, form) for n in clean if clean[n] != base.get(n))
        if changes:
            importer.forms[row] = form
        plan.actions.append(Action(UPDATE if changes else UNCHANGED, row, key, label, changes, {}, obj))
    order = {c.header: i for i, c in enumerate(spec.columns)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    return plan

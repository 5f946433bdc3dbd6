"""Registers to and from Excel. Import rows go through the same forms as the pages; a file with any
bad row saves nothing and names every bad row and field. Exports leave out the encrypted free text
(family situation, case description): a register sheet is for lists, not for case files."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import load_workbook

from dangjian.accounts.services import audit
from dangjian.school.models import School, SchoolYear

from .enums import CaseOutcome, FundSource, PairingStatus, PoorType, SpecialCategory
from .forms import PoorStudentRecordForm, SpecialStudentCaseForm
from .services import poor_record_save, special_case_save

MAX_ROWS = 2000

# header -> (form field, required)
POOR_COLUMNS = {
    "学号": ("student_number", True),
    "困难类型": ("type", True),
    "认定来源": ("recognition_source", False),
    "认定日期": ("recognized_on", True),
    "家庭情况": ("family_note", False),
}
SPECIAL_COLUMNS = {
    "学号": ("student_number", True),
    "类别": ("categories", True),
    "简要情况": ("description", False),
    "转介人": ("referred_by", False),
    "转介日期": ("referred_on", True),
    "帮扶成效": ("outcome", False),
}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _choice(value: str, choices) -> str:
    """A choice by its Chinese label or its code; anything else passes through for the form to refuse."""
    by_label = {label: code for code, label in choices}
    return by_label.get(value, value)


def read_rows(upload) -> tuple[list[str], list[tuple[int, list]]]:
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValueError("无法读取该文件，请确认是 .xlsx 格式的 Excel 文件。") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    body = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or _text(v) == "" for v in row):
            continue
        body.append((number, list(row)))
        if len(body) > MAX_ROWS:
            raise ValueError(f"一次最多导入 {MAX_ROWS} 行。")
    wb.close()
    return header, body


def import_register(
    *, school: School, school_year: SchoolYear, register: str, upload, actor, request=None
) -> ImportResult:
    columns = POOR_COLUMNS if register == "poor" else SPECIAL_COLUMNS
    form_class = PoorStudentRecordForm if register == "poor" else SpecialStudentCaseForm
    try:
        header, rows = read_rows(upload)
    except ValueError as exc:
        return ImportResult(errors=[str(exc)])
    position = {name: i for i, name in enumerate(header) if name in columns}
    missing = [name for name, (_, required) in columns.items() if required and name not in position]
    if missing:
        return ImportResult(errors=[f"第 1 行（表头）缺少列：{'、'.join(missing)}。"])
    if not rows:
        return ImportResult(errors=["文件中没有数据行。"])
    forms, errors, seen = [], [], {}
    for number, row in rows:
        data = {}
        for name, (field_name, _) in columns.items():
            i = position.get(name)
            data[field_name] = _text(row[i]) if i is not None and i < len(row) else ""
        if register == "poor":
            data["type"] = _choice(data["type"], PoorType.choices)
        else:
            parts = [p for p in re.split(r"[、,，;；/\s]+", data["categories"]) if p]
            data["categories"] = [_choice(p, SpecialCategory.choices) for p in parts]
            data["outcome"] = _choice(data["outcome"], CaseOutcome.choices) or CaseOutcome.ONGOING
        form = form_class(data=data, school=school, school_year=school_year)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for message in messages:
                    errors.append(f"第 {number} 行：{label + '：' if label else ''}{message}")
        number_key = data["student_number"]
        if number_key in seen:
            errors.append(f"第 {number} 行：学号：{number_key} 与第 {seen[number_key]} 行重复。")
        seen.setdefault(number_key, number)
        forms.append(form)
    if errors:
        return ImportResult(errors=errors)
    save = poor_record_save if register == "poor" else special_case_save
    with transaction.atomic():
        for form in forms:
            save(form=form, actor=actor, request=request)
        label = "贫困生名册" if register == "poor" else "特殊生名册"
        audit(
            actor,
            f"support.import.{register}",
            school=school,
            summary=f"导入{school_year.code}学年{label} {len(forms)} 行",
            request=request,
        )
    return ImportResult(created=len(forms))


# Export ---------------------------------------------------------------------------------------------


def _class_name(row) -> str:
    if row.grade_level is None:
        return ""
    return f"{['', '高一', '高二', '高三'][row.grade_level] if row.grade_level <= 3 else row.grade_level}（{row.class_number}）班"


def _helper(row) -> str:
    if not row.helper_name:
        return ""
    return row.helper_name + ("" if row.pairing_status == PairingStatus.CONFIRMED else "（待确认）")


def poor_sheet(rows) -> tuple[str, list[str], list[list]]:
    headers = ["学年", "学号", "姓名", "班级", "困难类型", "认定来源", "认定日期", "本学期帮扶人"]
    return (
        "贫困生名册",
        headers,
        [
            [
                r.school_year.code,
                r.student.student_number,
                r.student.name,
                _class_name(r),
                r.get_type_display(),
                r.recognition_source,
                r.recognized_on,
                _helper(r),
            ]
            for r in rows
        ],
    )


def special_sheet(rows) -> tuple[str, list[str], list[list]]:
    headers = ["学年", "学号", "姓名", "班级", "类别", "转介人", "转介日期", "帮扶成效", "本学期帮扶人"]
    return (
        "特殊生名册",
        headers,
        [
            [
                r.school_year.code,
                r.student.student_number,
                r.student.name,
                _class_name(r),
                "、".join(r.category_labels),
                r.referred_by,
                r.referred_on,
                r.get_outcome_display(),
                _helper(r),
            ]
            for r in rows
        ],
    )


def aid_sheets(entries, totals: dict) -> list[tuple[str, list[str], list[list]]]:
    sources = dict(FundSource.choices)
    detail = [
        [
            e.record.date,
            str(e.record.pairing.semester),
            e.record.pairing.student.student_number,
            e.record.pairing.student.name,
            e.record.pairing.helper.name,
            e.amount,
            e.goods,
            e.goods_value,
            e.total,
            sources.get(e.fund_source, e.fund_source),
        ]
        for e in entries
    ]
    sheets = [
        (
            "资助明细",
            [
                "日期",
                "学期",
                "学号",
                "姓名",
                "帮扶人",
                "金额（元）",
                "物品",
                "物品折价（元）",
                "合计（元）",
                "资金来源",
            ],
            detail,
        )
    ]
    for title, key_header, rows in totals:
        sheets.append(
            (
                title,
                [key_header, "笔数", "现金（元）", "物品折价（元）", "合计（元）"],
                [[label, t.entries, t.money, t.goods, t.total] for label, t in rows],
            )
        )
    return sheets

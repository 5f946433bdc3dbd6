"""Registers to Excel (imports: importers.py). Exports leave out the encrypted free text (family
situation, case description): a register sheet is for lists, not for case files; their columns are
read back by the import (extra columns are ignored, a blank free-text cell keeps what is stored)."""

from .enums import FundSource, PairingStatus

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

"""党费收缴 workbooks: one row per member (base, rate, monthly dues, what was paid each month, totals,
arrears), and the quarterly totals per branch."""

from dangjian.lib.xlsx import xlsx_response

from . import ledger, rules

MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]
LEDGER_HEADERS = [
    "序号",
    "党支部",
    "姓名",
    "人员类别",
    "月工资基数",
    "交纳比例",
    "月应交",
    *MONTH_HEADERS,
    "应交合计",
    "已交合计",
    "欠交",
    "备注",
]
TOTAL_HEADERS = [
    "党支部",
    "党员数",
    *[f"第{q}季度应交" for q in "一二三四"],
    *[f"第{q}季度实交" for q in "一二三四"],
    "全年应交",
    "全年实交",
    "欠交",
    "连续6个月未交人数",
]


def _rate_text(base) -> str:
    if base is None:
        return ""
    if base.special:
        return base.get_special_display()
    rate = rules.rate(base.monthly_base, base.category)
    return "每月 0.2 元" if rate is None else f"{(rate * 100).normalize():f}%"


def _note(row) -> str:
    parts = [row.base.note] if row.base is not None and row.base.note else []
    if not row.current:
        parts.append("已转出")
    if row.missing_base:
        parts.append("未录入基数")
    if row.behind:
        parts.append(f"连续 {row.streak} 个月未交")
    return "；".join(parts)


def _month_value(cell):
    if cell.carried:
        return "原单位已交"
    if cell.payment is not None:
        return cell.payment.amount
    return "欠" if cell.unpaid else ""


def member_rows(rows):
    for i, row in enumerate(rows, 1):
        base = row.base
        yield [
            i,
            row.member.branch.name,
            row.member.staff.name,
            base.get_category_display() if base else "",
            base.monthly_base if base else None,
            _rate_text(base),
            base.monthly_dues if base else None,
            *[_month_value(c) for c in row.cells],
            row.due,
            row.paid,
            row.arrears,
            _note(row),
        ]


def total_rows(branches, rows_by_branch):
    for branch in branches:
        rows = rows_by_branch.get(branch.pk, [])
        t = ledger.totals(rows)
        yield [
            branch.name,
            sum(r.current for r in rows),
            *[d for d, _ in t.quarters],
            *[p for _, p in t.quarters],
            t.due,
            t.paid,
            t.arrears,
            sum(r.behind for r in rows),
        ]


def ledger_xlsx(school, branches, year: int):
    rows = ledger.build_rows(ledger.ledger_members(branches, year), year)
    by_branch = {}
    for row in rows:
        by_branch.setdefault(row.member.branch_id, []).append(row)
    name = branches[0].name if len(branches) == 1 else school.name
    return xlsx_response(
        f"{name}{year}年党费收缴.xlsx",
        [
            (f"{year}年党费收缴明细", LEDGER_HEADERS, member_rows(rows)),
            ("季度汇总", TOTAL_HEADERS, total_rows(branches, by_branch)),
        ],
    )

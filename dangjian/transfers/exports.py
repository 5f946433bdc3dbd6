"""The lists as .xlsx: the same rows as the pages."""

from dangjian.lib.xlsx import xlsx_response

from .enums import Grade


def transfers_xlsx(school, transfers):
    headers = [
        "姓名",
        "类型",
        "状态",
        "转出学校/单位",
        "接收学校/单位",
        "接收支部",
        "介绍信编号",
        "转出（转入）日期",
        "接收/退回日期",
        "退回原因",
    ]
    rows = (
        [
            t.name,
            t.get_direction_display(),
            t.get_state_display(),
            t.from_school.name if t.from_school else t.origin,
            t.to_school.name if t.to_school else t.destination,
            t.to_branch.name if t.to_branch else "",
            t.letter_number,
            t.transfer_on,
            t.handled_on,
            t.return_reason,
        ]
        for t in transfers
    )
    return xlsx_response(f"{school.name}组织关系转接.xlsx", [("组织关系转接", headers, rows)])


def terms_xlsx(school, rows):
    headers = ["党支部", "换届选举日期", "任期届满日期", "支部委员会", "提醒"]
    data = (
        [
            row.branch.name,
            row.term.elected_on if row.term else None,
            row.due,
            "、".join(f"{p.get_post_display()}{p.staff.name}" for p in row.term.posts.all()) if row.term else "",
            "；".join(f.message for f in row.findings),
        ]
        for row in rows
    )
    return xlsx_response(f"{school.name}支部换届.xlsx", [("支部换届", headers, data)])


def grades_xlsx(school, years, rows):
    headers = ["姓名", "工号", "支部", *[f"{y}-{y + 1}学年" for y in years], "需跟进"]
    data = (
        [
            row.member.staff.name,
            row.member.staff.staff_number,
            row.member.branch.name,
            *[Grade(row.grades[y].grade).label if y in row.grades else "" for y in years],
            "是" if row.flagged else "",
        ]
        for row in rows
    )
    return xlsx_response(f"{school.name}民主评议党员.xlsx", [("民主评议党员", headers, data)])

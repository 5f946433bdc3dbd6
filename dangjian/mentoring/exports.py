"""Excel exports of the mentoring lists (through lib.xlsx)."""

from dangjian.lib.xlsx import xlsx_response

from .enums import DIMENSIONS


def young_xlsx(school, year, rows):
    headers = ["工号", "姓名", "任教学科", "年段", "青年教师依据", *[d.label for d in DIMENSIONS], "三类导师配齐"]
    data = []
    for row in rows:
        mentors = []
        for d in DIMENSIONS:
            pair = row.pairs.get(d.value)
            mentors.append(f"{pair.mentor.name}（{pair.get_status_display()}）" if pair else "")
        data.append(
            [
                row.staff.staff_number,
                row.staff.name,
                "、".join(row.subjects),
                row.grade,
                row.status.reason,
                *mentors,
                row.complete,
            ]
        )
    return xlsx_response(f"{school.name}_{year.code}_青年教师.xlsx", [("青年教师", headers, data)])


def pairings_xlsx(school, year, qs):
    headers = [
        "学年",
        "青年教师",
        "导师类别",
        "导师",
        "状态",
        "确认日期",
        "协议签订日期",
        "有扫描件",
        "带教活动（次）",
        "年终考核",
    ]
    rows = (
        [
            m.school_year.code,
            m.mentee.name,
            m.get_dimension_display(),
            m.mentor.name,
            m.get_status_display(),
            m.confirmed_on,
            m.signed_on,
            bool(m.scan),
            m.activity_count,
            _evaluation(m),
        ]
        for m in qs
    )
    return xlsx_response(f"{school.name}_{year.code}_结对帮扶.xlsx", [("结对帮扶", headers, rows)])


def _evaluation(m):
    try:
        return m.evaluation.get_result_display()
    except Exception:  # RelatedObjectDoesNotExist: not evaluated yet
        return ""


def activities_xlsx(school, year, qs):
    headers = [
        "日期",
        "学年",
        "青年教师",
        "导师",
        "导师类别",
        "“六子”类别",
        "活动形式",
        "时长（小时）",
        "内容与收获",
        "有佐证",
    ]
    rows = (
        [
            a.date,
            a.mentorship.school_year.code,
            a.mentorship.mentee.name,
            a.mentorship.mentor.name,
            a.get_dimension_display(),
            a.get_six_kind_display(),
            a.get_kind_display(),
            float(a.hours),
            a.notes,
            bool(a.evidence),
        ]
        for a in qs
    )
    label = year.code if year else "全部学年"
    return xlsx_response(f"{school.name}_{label}_带教活动.xlsx", [("带教活动", headers, rows)])


def figures_xlsx(school, data):
    headers = [
        "学年",
        "青年教师",
        "受带教青年教师",
        "三类导师配齐",
        "结对数",
        "导师人数",
        "带教活动（次）",
        "带教时长（小时）",
    ]
    rows = [
        [r.year.code, r.young, r.mentored, r.complete, r.pairs, r.mentors, r.activities, r.hours] for r in data["rows"]
    ]
    summary = [
        ["期间受带教青年教师（去重）", data["mentored_total"]],
        ["其中成为骨干教师", data["key_teachers"]],
        ["其中入党", data["party_members"]],
        ["每对平均带教活动（次）", round(data["activities_per_pair"], 1)],
        ["没有带教活动的结对", data["pairs_without_activity"]],
    ]
    load = [[row["mentor__name"], row["n"], row["activities"]] for row in data["load_rows"]]
    return xlsx_response(
        f"{school.name}_青年教师培养统计.xlsx",
        [
            ("逐学年", headers, rows),
            ("汇总", ["指标", "数值"], summary),
            ("导师带教量", ["导师", "带教人数", "带教活动（次）"], load),
        ],
    )

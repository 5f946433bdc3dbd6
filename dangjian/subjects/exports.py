"""Excel exports of the links (with their figures) and of the activity log."""

from dangjian.lib.xlsx import xlsx_response

from .checks import TermWindow, term_of

LINK_HEADERS = ["学年", "学科", "挂钩干部", "工号", "校级职务", "状态", "活动次数", "示范课次数"]
ACTIVITY_HEADERS = [
    "日期",
    "学期",
    "学科",
    "挂钩干部",
    "活动类型",
    "主题",
    "参加人数",
    "评课人数",
    "平均分",
    "内容记录",
]


def links_xlsx(links, school_year):
    rows = (
        [
            str(school_year),
            link.subject.name,
            link.cadre.name,
            link.cadre.staff_number,
            link.cadre.get_leader_post_display() if link.cadre.leader_post else "",
            link.get_status_display(),
            link.activity_count,
            link.demo_count,
        ]
        for link in links
    )
    return xlsx_response(f"学科挂钩-{school_year.code}.xlsx", [("学科挂钩", LINK_HEADERS, rows)])


def activities_xlsx(activities, school_year, terms: list[TermWindow]):
    term_names = {1: "第一学期", 2: "第二学期"}
    rows = (
        [
            a.date,
            term_names.get(term_of(a.date, terms), "假期"),
            a.link.subject.name,
            a.link.cadre.name,
            a.get_kind_display(),
            a.topic,
            a.participant_count,
            a.evaluation_count,
            round(a.average_score, 1) if a.average_score is not None else None,
            a.notes,
        ]
        for a in activities
    )
    return xlsx_response(f"学科活动-{school_year.code}.xlsx", [("学科活动", ACTIVITY_HEADERS, rows)])

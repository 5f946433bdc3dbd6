"""The 党员队伍 figures of a school year, read from the member-life modules: members developed by stage,
dues due and collected, transfers in and out, and the 民主评议 grades. Small tables of counts (no names) for
the dashboard, the annual report, its spreadsheet and the API."""

from dataclasses import dataclass

from dangjian.development.enums import Stage
from dangjian.development.queries import development_figures
from dangjian.dues.ledger import dues_figures
from dangjian.school.models import School, SchoolYear
from dangjian.transfers.enums import Grade
from dangjian.transfers.queries import appraisal_figures, transfer_figures


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headline: str  # the one figure the card leads with
    help: str
    rows: list[tuple[str, str]]  # (label, value as shown)


def _yuan(amount) -> str:
    return f"{amount:.2f} 元"


def development_table(school: School, year: SchoolYear) -> Table:
    developed = development_figures(school, year.start_year)
    return Table(
        "development",
        "发展党员",
        f"{developed[Stage.PROBATIONARY]} 名预备党员",
        "本学年（9 月 1 日至次年 8 月 31 日）进入各阶段的人数：预备党员自支部大会通过之日、正式党员自预备期满之日计；"
        "含推优学生的发展档案。",
        [(Stage(stage).label, f"{n} 人") for stage, n in developed.items()],
    )


def dues_table(school: School, year: SchoolYear) -> Table:
    """Dues are kept by calendar year: the year in which the school year starts."""
    dues = dues_figures(school, year.start_year)
    rate = "—" if dues["rate"] is None else f"{dues['rate']:.1%}"
    return Table(
        "dues",
        f"党费收缴（{year.start_year} 年）",
        f"收缴率 {rate}",
        "党费按自然年度统计，应缴只计已开始的月份；连续 6 个月未交的党员按规定提醒支部。",
        [
            ("应缴", _yuan(dues["due"])),
            ("已缴", _yuan(dues["collected"])),
            ("欠缴", _yuan(dues["arrears"])),
            ("连续 6 个月未交", f"{dues['members_behind']} 人"),
            ("缺少缴费基数", f"{dues['missing_bases']} 人"),
        ],
    )


def transfers_table(school: School, year: SchoolYear) -> Table:
    moved = transfer_figures(school, year.start_year)
    return Table(
        "transfers",
        "组织关系转接",
        f"转入 {moved['in']} · 转出 {moved['out']}",
        "本学年办结的转入、转出（含县内学校之间）；待接收为尚未办结的县内转接。",
        [
            ("转入", f"{moved['in']} 人"),
            ("转出", f"{moved['out']} 人"),
            ("待对方接收", f"{moved['pending_out']} 人"),
            ("待本校接收", f"{moved['pending_in']} 人"),
        ],
    )


def appraisal_table(school: School, year: SchoolYear) -> Table:
    grades = appraisal_figures(school, year.start_year)
    total = grades.pop("total")
    return Table(
        "appraisal",
        "民主评议党员",
        f"{total} 人参评",
        "本学年民主评议党员的评定等次；不合格的党员须按规定处置。",
        [(Grade(grade).label, f"{n} 人") for grade, n in grades.items()],
    )


def tables(school: School, year: SchoolYear) -> list[Table]:
    return [
        development_table(school, year),
        dues_table(school, year),
        transfers_table(school, year),
        appraisal_table(school, year),
    ]

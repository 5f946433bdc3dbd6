"""Reads of the reports app: the dashboard and the county table (the personal page: personal.py, todo.py)."""

import datetime as dt

from django.urls import reverse

from dangjian.lib import clock
from dangjian.school.models import County, School, SchoolYear

from . import echarts
from . import figures as fig

LIST_URLS = {
    "compliance_rate": "meetings:compliance",
    "coverage_rate": "staffing:coverage",
    "subject_links": "subjects:link_list",
    "subject_activities": "subjects:activity_list",
    "young_mentored": "mentoring:pairing_list",
    "mentoring_activities": "mentoring:activity_list",
    "league_lessons": "league:lesson_list",
    "league_themes": "league:theme_activity_list",
    "support_person_times": "support:figures",
}


# The list behind a figure opens on the same school year: compliance in its school-year view, coverage on
# the school year's first semester, the others by their ``year`` (a school year's start) parameter.
LIST_QUERIES = {
    "compliance_rate": "school_year={start}",
    "coverage_rate": "semester={start}-{end}-1",
}


def list_url(school: School, key: str, start_year: int) -> str:
    query = LIST_QUERIES.get(key, "year={start}").format(start=start_year, end=start_year + 1)
    return f"{reverse(LIST_URLS[key], args=[school.code])}?{query}"


def display(value, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:g}{unit}" if unit == "%" else f"{value}"


def cards(school: School, rows: list[fig.YearFigures], *, keys=None, links: bool = True) -> list[dict]:
    """One card per figure: this year's value, its trend chart and the list behind it."""
    out = []
    for figure in fig.FIGURES:
        if keys is not None and figure.key not in keys:
            continue
        current = rows[-1].value(figure.key) if rows else None
        out.append(
            {
                "figure": figure,
                "value": display(current, figure.unit),
                "below_target": figure.unit == "%" and current is not None and current < echarts.TARGET_RATE,
                "chart_id": f"chart-{figure.key}",
                "chart": fig.trend_option(figure, rows),
                "url": list_url(school, figure.key, rows[-1].start_year) if links and rows else "",
                "rows": [(row.code, display(row.value(figure.key), figure.unit)) for row in rows],
            }
        )
    return out


def dashboard(school: School, year: SchoolYear, today: dt.date | None = None) -> dict:
    years = fig.school_years(year)
    data = fig.figures([school.pk], years, today)
    rows = fig.series(data, school.pk, years)
    return {"years": years, "rows": rows, "current": rows[-1] if rows else None}


# County ------------------------------------------------------------------------------------------


COUNTY_SPAN = fig.SPAN  # school years in the county trend chart: as many as the school dashboards
COUNTY_CHART_SCHOOLS = 10  # the leading schools drawn in it


def county_table(county: County, year: SchoolYear, today: dt.date | None = None, *, span: int = COUNTY_SPAN) -> dict:
    """Every school of the county side by side (counts only, the school year's figures), ranked by compliance
    then coverage, and the compliance trend of the leading schools. Two passes: every figure of the school
    year for every school, then the compliance of the earlier years for the charted ones; a fixed number
    of queries."""
    today = today or clock.today()
    schools = list(School.objects.filter(county=county).order_by("code"))
    data = fig.figures([s.pk for s in schools], [year], today)
    rows = [{"school": school, "current": data[(school.pk, year.start_year)]} for school in schools]

    def rank_key(row):
        cur = row["current"]
        return (-(cur.compliance_rate or 0), -(cur.coverage_rate or 0), row["school"].code)

    rows.sort(key=rank_key)
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    totals = {
        key: sum(getattr(row["current"], key) for row in rows) for key in ("young_mentored", "support_person_times")
    }
    charted = rows[:COUNTY_CHART_SCHOOLS]
    years = fig.school_years(year, span)
    earlier = [y for y in years if y.start_year != year.start_year]
    history = fig.compliance_done_due([row["school"].pk for row in charted], earlier, today)
    rates = {key: fig.rate(*done_due) for key, done_due in history.items()}
    rates.update({key: figures.compliance_rate for key, figures in data.items()})
    chart = echarts.trend(
        [y.code for y in years],
        [
            (
                row["school"].short_name or row["school"].name,
                [rates.get((row["school"].pk, y.start_year)) for y in years],
            )
            for row in charted
        ],
        "%",
    )
    return {"rows": rows, "years": years, "totals": totals, "chart": chart}


def county_xlsx_rows(table: dict) -> list[list]:
    return [
        [
            row["rank"],
            row["school"].name,
            row["current"].compliance_rate,
            row["current"].coverage_rate,
            row["current"].young_mentored,
            row["current"].support_person_times,
            row["current"].league_lessons,
            row["current"].subject_activities,
        ]
        for row in table["rows"]
    ]


COUNTY_HEADERS = [
    "排名",
    "学校",
    "三会一课完成率(%)",
    "班级党员覆盖率(%)",
    "结对青年教师",
    "学生帮扶人次",
    "党员上团课",
    "学科活动",
]

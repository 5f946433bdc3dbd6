"""/api/v1/stats: every dashboard figure of a school over the school years, and the county table
(counts only), through the same permission helpers and figure functions as the pages."""

from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dangjian.jobs.services import job_start
from dangjian.reports import figures as fig
from dangjian.reports import membership, queries
from dangjian.reports.permissions import get_county_for_user, get_dashboard_school_for_user
from dangjian.school.models import SchoolYear
from dangjian.school.queries import school_year_from_param

from .common import ERRORS, SchoolParam, Text
from .jobs import JobOut

YearParam = Annotated[Text, Query("", title="学年（year）", description="如 2022 或 2022-2023；默认当前学年")]
CountyParam = Annotated[Text, Query(..., title="县（区）代码（county）")]

router = Router(tags=["统计"])


def _year(value: str) -> SchoolYear:
    year = school_year_from_param(value)
    if year is None:
        raise Http404("学年不存在")
    return year


class DefinitionOut(Schema):
    key: str
    label: str
    unit: str
    part: str = Field(description="“343”机制中的部分")
    help: str = Field(description="统计口径（docs/domain.md）")


class YearOut(Schema):
    year: str
    compliance_rate: float | None = Field(description="三会一课完成率（%）")
    compliance_ok: int
    compliance_due: int
    coverage_rate: float | None = Field(description="班级党员覆盖率（%），按班级学期计")
    classes: int
    classes_covered: int
    subject_links: int
    subject_activities: int
    young_mentored: int
    mentoring_pairs: int
    mentoring_activities: int
    league_lessons: int
    league_themes: int
    support_poor: int
    support_special: int
    support_person_times: int


class MembershipRowOut(Schema):
    label: str
    value: str = Field(description="带单位的数值，如“3 人”“1234.50 元”")


class MembershipOut(Schema):
    key: str = Field(description="development 发展党员、dues 党费收缴、transfers 组织关系转接、appraisal 民主评议党员")
    title: str
    headline: str
    help: str = Field(description="统计口径")
    rows: list[MembershipRowOut]


class SchoolStatsOut(Schema):
    school: str
    year: str
    definitions: list[DefinitionOut]
    years: list[YearOut] = Field(description="逐学年，最后一项为所选学年")
    membership: list[MembershipOut] = Field(description="所选学年的党员队伍数据（发展党员等）")


class CountyRowOut(Schema):
    rank: int
    school: str = Field(description="学校代码")
    name: str
    compliance_rate: float | None
    coverage_rate: float | None
    young_mentored: int
    support_person_times: int
    league_lessons: int
    subject_activities: int


class CountyStatsOut(Schema):
    county: str
    year: str
    items: list[CountyRowOut]
    count: int


def year_out(row: fig.YearFigures) -> dict:
    return {
        "year": row.code,
        "compliance_rate": row.compliance_rate,
        "coverage_rate": row.coverage_rate,
        **{k: getattr(row, k) for k in YearOut.model_fields if k not in ("year", "compliance_rate", "coverage_rate")},
    }


@router.get("/school", response={200: SchoolStatsOut, **ERRORS}, summary="学校党建数据看板")
def school_stats(request, school: SchoolParam, year: YearParam = ""):
    """书记、党务干部可用。各项指标逐学年（近 5 个学年），口径见 definitions。"""
    school_obj = get_dashboard_school_for_user(request.user, school)
    school_year = _year(year)
    data = queries.dashboard(school_obj, school_year)
    return {
        "school": school_obj.code,
        "year": school_year.code,
        "definitions": [vars(f) for f in fig.FIGURES],
        "years": [year_out(row) for row in data["rows"]],
        "membership": [
            {**vars(t), "rows": [{"label": label, "value": value} for label, value in t.rows]}
            for t in membership.tables(school_obj, school_year)
        ],
    }


@router.get("/county", response={200: CountyStatsOut, **ERRORS}, summary="县域学校对比")
def county_stats(request, county: CountyParam, year: YearParam = ""):
    """县教育工委（本县）可用；只含数量，按三会一课完成率、班级党员覆盖率排名。"""
    county_obj = get_county_for_user(request.user, county)
    school_year = _year(year)
    table = queries.county_table(county_obj, school_year)
    items = [
        {
            "rank": row["rank"],
            "school": row["school"].code,
            "name": row["school"].name,
            "compliance_rate": row["current"].compliance_rate,
            "coverage_rate": row["current"].coverage_rate,
            "young_mentored": row["current"].young_mentored,
            "support_person_times": row["current"].support_person_times,
            "league_lessons": row["current"].league_lessons,
            "subject_activities": row["current"].subject_activities,
        }
        for row in table["rows"]
    ]
    return {"county": county_obj.code, "year": school_year.code, "items": items, "count": len(items)}


class ReportIn(Schema):
    year: Text = Field("", title="学年", description="如 2022 或 2022-2023；默认当前学年")
    format: Literal["docx", "xlsx"] = Field("docx", description="docx：年度党建工作报告；xlsx：其中的数据")


@router.post(
    "/report", response={202: JobOut, **ERRORS}, summary="在后台生成年度报告（返回任务，完成后由 /jobs/{id}/file 下载）"
)
def report_create(request, payload: ReportIn, school: SchoolParam):
    school_obj = get_dashboard_school_for_user(request.user, school)
    params = {"year": _year(payload.year).start_year, "format": payload.format}
    job = job_start(kind="reports.annual", school=school_obj, actor=request.user, params=params, request=request)
    return Status(202, job)

"""Pages of the reports app: the school dashboard, the personal page, the county view and downloads.
Thin: access helper → query → render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.lib.access import not_found
from dangjian.lib.downloads import DOCX_CONTENT_TYPE, attachment
from dangjian.lib.xlsx import xlsx_response
from dangjian.school.models import SchoolYear
from dangjian.school.permissions import get_member_school_for_user
from dangjian.school.queries import school_year_from_param

from . import figures as fig
from . import personal, queries, report
from .permissions import get_county_for_user, get_county_school_for_user, get_dashboard_school_for_user


def _year(request) -> SchoolYear:
    year = school_year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    return year


def _years():
    return SchoolYear.objects.order_by("-start_year")


@login_required
def dashboard(request, code):
    school = get_dashboard_school_for_user(request.user, code)
    request.current_school = school
    year = _year(request)
    data = queries.dashboard(school, year)
    return render(
        request,
        "reports/dashboard.html",
        {
            "school": school,
            "school_year": year,
            "years": _years(),
            "cards": queries.cards(school, data["rows"]),
            "data": data,
        },
    )


@login_required
def report_docx(request, code):
    school = get_dashboard_school_for_user(request.user, code)
    year = _year(request)
    body = report.annual_docx(report.report_data(school, year))
    return attachment(body, f"{school.name}{year.code}学年党建工作报告.docx", DOCX_CONTENT_TYPE)


@login_required
def report_xlsx(request, code):
    school = get_dashboard_school_for_user(request.user, code)
    year = _year(request)
    data = report.report_data(school, year)
    return xlsx_response(f"{school.name}{year.code}学年党建数据.xlsx", report.figure_sheets(data))


@login_required
def me(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    return render(request, "reports/me.html", {"school": school, **personal.page(request.user, school)})


@login_required
def county(request, county_code):
    county = get_county_for_user(request.user, county_code)
    year = _year(request)
    table = queries.county_table(county, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{county.name}{year.code}学年学校党建数据.xlsx",
            [(f"{year.code}", queries.COUNTY_HEADERS, queries.county_xlsx_rows(table))],
        )
    return render(
        request,
        "reports/county.html",
        {"county": county, "school_year": year, "years": _years(), "table": table},
    )


@login_required
def county_school(request, county_code, code):
    county = get_county_for_user(request.user, county_code)
    school = get_county_school_for_user(request.user, county, code)
    year = _year(request)
    data = queries.dashboard(school, year)
    return render(
        request,
        "reports/county_school.html",
        {
            "county": county,
            "school": school,
            "school_year": year,
            "years": _years(),
            "cards": queries.cards(school, data["rows"], keys=fig.COUNTY_KEYS, links=False),
        },
    )

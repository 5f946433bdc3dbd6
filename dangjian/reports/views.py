"""Pages of the reports app: the school dashboard, the personal page, the county view and downloads.
Thin: access helper → query → render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.jobs.services import job_start
from dangjian.lib.access import not_found
from dangjian.lib.xlsx import xlsx_response
from dangjian.meetings.exports import ics_bytes
from dangjian.meetings.permissions import get_feed_user
from dangjian.meetings.services import calendar_token
from dangjian.school.models import SchoolYear
from dangjian.school.permissions import get_member_school_for_user
from dangjian.school.queries import school_year_from_param

from . import figures as fig
from . import membership, personal, queries, todo
from .jobs import FORMATS
from .permissions import get_county_for_user, get_county_school_for_user, get_dashboard_school_for_user


def _year(params) -> SchoolYear:
    year = school_year_from_param(params.get("year"))
    if year is None:
        not_found()
    return year


def _years():
    return SchoolYear.objects.order_by("-start_year")


@login_required
def dashboard(request, code):
    school = get_dashboard_school_for_user(request.user, code)
    request.current_school = school
    year = _year(request.GET)
    data = queries.dashboard(school, year)
    return render(
        request,
        "reports/dashboard.html",
        {
            "school": school,
            "school_year": year,
            "years": _years(),
            "cards": queries.cards(school, data["rows"]),
            "membership": membership.tables(school, year),
            "data": data,
        },
    )


@require_POST
@login_required
def report_start(request, code):
    """The annual report (.docx) or its figures (.xlsx), made by the worker: the page shows its progress."""
    school = get_dashboard_school_for_user(request.user, code)
    year = _year(request.POST)
    fmt = request.POST.get("format")
    if fmt not in FORMATS:
        not_found()
    params = {"year": year.start_year, "format": fmt}
    job = job_start(kind="reports.annual", school=school, actor=request.user, params=params, request=request)
    return redirect(job)


@login_required
def me(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    token = calendar_token(user=request.user)
    feed_url = request.build_absolute_uri(reverse("reports:todo_feed", args=[school.code, token.token]))
    return render(
        request, "reports/me.html", {"school": school, "feed_url": feed_url, **personal.page(request.user, school)}
    )


def todo_feed(request, code, token):
    """我的待办 as a private .ics feed (the meetings calendar's token is the key): the dated items, never
    those about students."""
    user = get_feed_user(token)
    school = get_member_school_for_user(user, code)
    body = ics_bytes(
        f"{school.short_name or school.name} 我的待办",
        todo.calendar_entries(todo.items(user, school)),
        request.build_absolute_uri("/")[:-1],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dangjian-todo.ics"'
    return response


@login_required
def county(request, county_code):
    county = get_county_for_user(request.user, county_code)
    year = _year(request.GET)
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
    year = _year(request.GET)
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

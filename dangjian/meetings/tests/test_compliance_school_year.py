"""The dashboard's drill-down opens the same school year: /meetings/compliance/?school_year=2022 shows the
periods of 2022-09-01 .. 2023-08-31 (not the calendar year 2022), with findings and totals of that year."""

import datetime as dt

from django.urls import reverse

from dangjian.meetings.queries import school_year_compliance
from dangjian.tests import factories as f


def test_school_year_view_keeps_only_its_periods(world, settings):
    settings.DANGJIAN_TODAY = "2024-10-01"
    group = f.OrganizationFactory(
        school=world.school, parent=world.branch, kind="group", name="第一党小组", established_on=dt.date(2018, 9, 1)
    )
    data = school_year_compliance([world.school.pk], 2022)
    item = next(o for o in data.orgs if o.org.id == group.pk)
    ends = [r.period.ends_on for r in item.rows]
    assert min(ends) >= dt.date(2022, 9, 1) and max(ends) <= dt.date(2023, 8, 31)
    months = [r for r in item.rows if r.period.granularity == "month"]
    assert [r.period.label for r in months][:2] == ["2022年9月", "2022年10月"]
    assert len(months) == 12  # September to August; February, July and August owe nothing
    assert sum(r.required for r in months) == 9
    (total,) = [r for r in item.rows if r.period.granularity == "year"]
    assert (total.period.label, total.required, total.held, total.state) == ("2022-2023学年", 9, 0, "overdue")
    assert [f.message for f in item.findings] == [
        "第一党小组：2023年6月等 9 期党小组会未按要求开展（应开展 1 次，已开展 0 次）"
    ]


def test_page_and_dashboard_link(client_for, world, settings):
    settings.DANGJIAN_TODAY = "2024-10-01"
    client = client_for("secretary")
    response = client.get(reverse("meetings:compliance", args=["a"]) + "?school_year=2022")
    assert response.status_code == 200
    assert "三会一课落实情况 · 2022-2023 学年" in response.content.decode()
    dashboard = client.get(reverse("reports:dashboard", args=["a"]) + "?year=2022").content.decode()
    assert reverse("meetings:compliance", args=["a"]) + "?school_year=2022" in dashboard
    assert reverse("staffing:coverage", args=["a"]) + "?semester=2022-2023-1" in dashboard

"""The batched 三会一课 compliance (every calendar year and school at once) gives the same figures as the
per-year computation it replaced, in a number of queries that grows with neither years nor schools."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.demo import generate
from dangjian.meetings import queries as mq
from dangjian.reports import figures as fig
from dangjian.school.models import School, SchoolYear
from dangjian.tests import factories as f

pytestmark = pytest.mark.usefixtures("base_story")

TODAY = dt.date(2023, 3, 1)


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.setattr(generate, "MODULE_SEEDERS", ["dangjian.meetings.demo.seed"])
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2")
    return School.objects.get(code="sfyz")


def per_year_compliance_counts(school_ids, years, today):
    """The former computation: ``compliance`` once per calendar year, ``compliance_counts`` over its rows."""
    out = {}
    for year in years:
        for cal in (year.start_year, year.start_year + 1):
            if dt.date(cal, 1, 1) > today:
                continue
            for item in mq.compliance(school_ids, cal, today, lecturers=False).orgs:
                done, due = fig.compliance_counts(item.rows, year.starts_on, year.ends_on, today)
                acc = out.setdefault((item.school_id, year.start_year), [0, 0])
                acc[0] += done
                acc[1] += due
    return out


def test_batched_figures_equal_the_per_year_ones(seeded):
    years = list(SchoolYear.objects.order_by("start_year"))
    assert len(years) >= 4
    for today in (TODAY, dt.date(2023, 8, 31), dt.date(2030, 1, 1)):
        data = fig.figures([seeded.pk], years, today)
        expected = per_year_compliance_counts([seeded.pk], years, today)
        got = {k: [v.compliance_ok, v.compliance_due] for k, v in data.items() if k in expected}
        assert got == expected
        assert all(v.compliance_due > 0 for v in data.values() if (v.school_id, v.start_year) in expected)


def test_compliance_by_year_equals_compliance_of_each_year(seeded):
    years = [2019, 2020, 2021, 2022]
    batched = mq.compliance_by_year([seeded.pk], years, TODAY)
    for year in years:
        single = mq.compliance([seeded.pk], year, TODAY)
        assert [(o.org, o.rows, o.findings) for o in batched[year].orgs] == [
            (o.org, o.rows, o.findings) for o in single.orgs
        ]
        assert batched[year].lecturers == single.lecturers
        assert batched[year].lecturer_findings == single.lecturer_findings


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_compliance_queries_do_not_grow_with_years(seeded):
    one = _count(lambda: mq.compliance_by_year([seeded.pk], [2022], TODAY))
    three = _count(lambda: mq.compliance_by_year([seeded.pk], [2020, 2021, 2022], TODAY))
    assert one == three <= 9
    assert _count(lambda: list(mq.compliance_states([seeded.pk], [2020, 2021, 2022], TODAY))) == one - 2


def _dashboard_queries(client, n):
    return _count(lambda: client.get(reverse("reports:dashboard", args=["a"]) + f"?year={2022}"))


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_queries_are_constant_in_years(client_for, world, django_assert_max_num_queries, n):
    for i in range(n):
        year = world.year if i == 0 else f.SchoolYearFactory(start_year=2022 - i)
        f.SemesterFactory(school_year=year)
        f.LeagueLessonFactory(school=world.school, school_year=year)
    client = client_for("secretary")
    client.get(reverse("reports:dashboard", args=["a"]) + "?year=2022")  # warm the session
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("reports:dashboard", args=["a"]) + "?year=2022").status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_county_queries_are_constant_in_schools(client_for, world, django_assert_max_num_queries, n):
    for start_year in (2020, 2021):  # earlier years: the trend chart of the leading schools reads them
        f.SemesterFactory(school_year=f.SchoolYearFactory(start_year=start_year))
    for i in range(n):
        school = f.SchoolFactory(county=world.school.county, code=f"x{i}")
        f.LeagueLessonFactory(school=school, school_year=world.year)
    client = client_for("county")
    client.get(reverse("reports:county", args=["sfx"]))
    with django_assert_max_num_queries(COUNTY_QUERIES):
        assert client.get(reverse("reports:county", args=["sfx"]) + "?year=2022").status_code == 200


def test_county_chart_draws_the_leading_schools_over_the_years(world):
    from dangjian.reports.queries import COUNTY_CHART_SCHOOLS, county_table

    earlier = f.SchoolYearFactory(start_year=2021)
    f.SemesterFactory(school_year=earlier)
    for i in range(COUNTY_CHART_SCHOOLS + 2):
        f.SchoolFactory(county=world.school.county, code=f"x{i:02d}")
    table = county_table(world.school.county, world.year, TODAY)
    base = School.objects.filter(county=world.school.county).count() - COUNTY_CHART_SCHOOLS - 2
    assert len(table["rows"]) == COUNTY_CHART_SCHOOLS + 2 + base  # every school is ranked
    assert [row["rank"] for row in table["rows"]] == list(range(1, len(table["rows"]) + 1))
    series = table["chart"]["series"]
    assert len(series) == COUNTY_CHART_SCHOOLS
    assert table["chart"]["xAxis"]["data"] == ["2021-2022", "2022-2023"]
    years = [earlier, world.year]
    for row, line in zip(table["rows"], series, strict=False):
        expected = fig.series(fig.figures([row["school"].pk], years, TODAY), row["school"].pk, years)
        assert line["data"] == [r.compliance_rate for r in expected]
        assert row["current"] == expected[-1]


DASHBOARD_QUERIES = 32  # the same for 1 and 3 school years of history (7 for the 党员队伍 tables, 1 for the bell)
COUNTY_QUERIES = 32  # the bell's unread count; the same for 1 and 12 schools (every figure of the year, then the chart's compliance history)


def _random_case(rng):
    from dangjian.meetings.compliance import Held, OrgFacts, Period

    kinds = ["general_meeting", "committee_meeting", "group_meeting", "lesson", "theme_day", "life_meeting"]
    kinds += ["review", "talk"]
    org = OrgFacts(
        id=1,
        name="支部",
        kind=rng.choice(["branch", "group"]),
        full_members=rng.randint(0, 10),
        members=rng.randint(0, 12),
        established_on=rng.choice([None, dt.date(2021, rng.randint(1, 12), rng.randint(1, 28))]),
    )
    activities = [
        Held(
            rng.choice([1, 1, 1, 2]),
            dt.date(2020, 12, 1) + dt.timedelta(days=rng.randint(0, 800)),
            frozenset(rng.sample(kinds, rng.randint(1, 3))),
            frozenset(rng.sample(range(1, 15), rng.randint(0, 5))),
        )
        for _ in range(rng.randint(0, 120))
    ]
    semesters = (
        Period("s1", "semester", "上学期", dt.date(2021, 9, 1), dt.date(2022, 1, 20)),
        Period("s2", "semester", "下学期", dt.date(2021, 2, 20), dt.date(2021, 7, 10)),
    )
    return org, activities, semesters


def test_states_and_state_counts_equal_rows_and_compliance_counts():
    """Pure: organization_states (with or without pre-grouped days) is organization_rows without the rows."""
    import random

    from dangjian.meetings import compliance as c

    rng = random.Random(343)
    for _ in range(200):
        org, activities, semesters = _random_case(rng)
        rules = c.Rules(holiday_months=rng.choice([frozenset({2, 7, 8}), frozenset({1, 2, 3})]))
        today = dt.date(2021, rng.randint(1, 12), rng.randint(1, 28))
        planned = {"s1": rng.randint(0, 6)}
        rows = c.organization_rows(org, activities, rules, 2021, today, semesters=semesters, planned_lessons=planned)
        mine = [a for a in activities if a.org_id == org.id]
        days = {k: sorted(a.day for a in mine if k in a.kinds) for k in {k for a in mine for k in a.kinds}}
        talks = [a for a in mine if "talk" in a.kinds]
        for states in (
            c.organization_states(org, activities, rules, 2021, today, semesters=semesters, planned_lessons=planned),
            c.organization_states(
                org,
                (),
                rules,
                2021,
                today,
                semesters=semesters,
                planned_lessons=planned,
                days_by_kind=days,
                talks=talks,
            ),
        ):
            assert c.sort_rows([c.Row(*s) for s in states]) == rows
            until = dt.date(2021, rng.randint(1, 12), rng.randint(1, 28))
            early = c.organization_states(
                org, activities, rules, 2021, today, semesters=semesters, planned_lessons=planned, until=until
            )
            assert c.sort_rows([c.Row(*s) for s in early]) == [r for r in rows if r.period.ends_on <= until]
            for first, last in (
                (dt.date(2020, 9, 1), dt.date(2021, 8, 31)),
                (dt.date(2021, 9, 1), dt.date(2022, 8, 31)),
            ):
                assert fig.state_counts(states, first, last, today) == fig.compliance_counts(rows, first, last, today)

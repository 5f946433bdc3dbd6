"""One clock: every page agrees on "today" and on the current school year and semester.

The home page, 我的待办 and support used to pick the latest school year in the calendar while the calendar
and compliance used the real date, so they disagreed whenever the calendar did not reach today."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from dangjian.tests import factories as f

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def years(world, settings):
    settings.DANGJIAN_TODAY = "2024-10-15"
    for start in (2022, 2023, 2024, 2025):
        year = f.SchoolYearFactory(start_year=start)
        f.SemesterFactory(school_year=year, term=1)
        f.SemesterFactory(
            school_year=year, term=2, starts_on=dt.date(start + 1, 2, 1), ends_on=dt.date(start + 1, 8, 31)
        )
    return world


def test_every_page_agrees_on_the_pinned_day(client_for, years):
    secretary = client_for("secretary")
    home = secretary.get(reverse("school:home", args=["a"])).context
    todo = secretary.get(reverse("reports:me", args=["a"])).context
    support = secretary.get(reverse("support:home", args=["a"])).context
    compliance = secretary.get(reverse("meetings:compliance", args=["a"])).context
    calendar = secretary.get(reverse("meetings:calendar", args=["a"])).context
    assert home["school_year"].start_year == 2024
    assert todo["history"]["year"].start_year == 2024
    assert (support["semester"].school_year.start_year, support["semester"].term) == (2024, 1)
    assert compliance["year"] == 2024
    assert (calendar["year"], calendar["month"]) == (2024, 10)


def test_the_current_semester_follows_the_day(settings, years):
    from dangjian.school.current import current_school_year, current_semester

    settings.DANGJIAN_TODAY = "2025-03-01"
    assert current_school_year().start_year == 2024
    assert (current_semester().school_year.start_year, current_semester().term) == (2024, 2)
    settings.DANGJIAN_TODAY = "2031-01-01"  # beyond the calendar: the latest that has started
    assert current_school_year().start_year == 2025


CLOCK_CALLS = {("timezone", "localdate"), ("date", "today"), ("dt.date", "today"), ("datetime.date", "today")}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield ast.unparse(node.func.value), node.func.attr, node.lineno


def test_no_module_reads_the_date_but_the_clock():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == ROOT / "lib" / "clock.py":
            continue
        for owner, name, line in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if (owner, name) in CLOCK_CALLS or (name == "date" and owner.endswith("now()")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []

"""The demo seeder: one in-county transfer sfyz → sfez, every branch's term (one due soon), a year of appraisals."""

import datetime as dt

import pytest
from django.core.management import call_command

from dangjian.conftest import BASE_STORY_DAY, module_writes
from dangjian.demo import generate
from dangjian.lib import clock
from dangjian.school.models import School
from dangjian.transfers import demo
from dangjian.transfers.models import Appraisal, BranchTerm, TermPost, Transfer
from dangjian.transfers.queries import appraisal_figures, branches, member_grades, term_rows, transfer_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_story")]


@pytest.fixture(scope="module")
def seeded(module_transaction, django_db_blocker):
    """The demo with the meetings, dues and transfers seeders, seeded once for the tests of this module."""
    seeders = ["dangjian.meetings.demo.seed", "dangjian.dues.demo.seed", "dangjian.transfers.demo.seed"]
    with module_writes(django_db_blocker, {"DANGJIAN_TODAY": BASE_STORY_DAY}), pytest.MonkeyPatch.context() as mp:
        mp.setattr(generate, "MODULE_SEEDERS", seeders)
        call_command("seed_demo", "--quiet", "--classes-per-grade", "2")
        return School.objects.get(code="sfyz"), School.objects.get(code="sfez")


def test_one_accepted_in_county_transfer(seeded):
    sfyz, sfez = seeded
    [transfer] = Transfer.objects.all()
    assert (transfer.direction, transfer.state, transfer.from_school, transfer.to_school) == (
        "county",
        "accepted",
        sfyz,
        sfez,
    )
    assert (transfer.member.status, transfer.new_member.status, transfer.new_member.staff.school) == (
        "transferred_out",
        "full",
        sfez,
    )
    assert transfer_figures(sfyz, 2022) == {"out": 1, "in": 0, "pending_out": 0, "pending_in": 0}
    assert transfer_figures(sfez, 2022)["in"] == 1
    # The months paid at sfyz moved with the member, counted at sfyz only.
    paid = set(transfer.member.dues_payments.values_list("month", flat=True))
    carried = transfer.new_member.dues_payments.filter(carried_from__isnull=False)
    assert paid and set(carried.values_list("month", flat=True)) == paid
    assert not transfer.new_member.dues_payments.filter(carried_from__isnull=True).exists()


def test_terms_one_due_soon_and_the_overdue_branch(seeded):
    sfyz, _ = seeded
    rows = term_rows(branches(sfyz), clock.today())
    levels = {row.branch.name: [f.level for f in row.findings] for row in rows}
    assert levels == {
        "高一年段党支部": ["warning"],
        "高二年段党支部": [],
        "高三年段党支部": [],
        "行政后勤党支部": ["danger"],
    }
    assert rows[0].due == dt.date(2024, 1, 31)  # elected 2021-01-31, today 2023-08-31
    assert TermPost.objects.filter(term__organization__school=sfyz).count() > 0


def test_a_year_of_appraisals_with_one_to_follow_up(seeded):
    sfyz, sfez = seeded
    figures = appraisal_figures(sfyz, 2022)
    assert (figures["basic"], figures["unqualified"]) == (1, 1)
    assert figures["total"] > 5
    assert appraisal_figures(sfez, 2022)["total"] > 0
    assert set(Appraisal.objects.values_list("year", flat=True)) == {2022}
    years, rows = member_grades(sfyz)
    assert years == [2022]
    [flagged] = [row for row in rows if row.flagged]
    assert flagged.grades[2022].follow_up.startswith(("限期改正", "取消预备"))


def test_second_run_changes_nothing(seeded):
    before = [m.objects.count() for m in (Transfer, BranchTerm, TermPost, Appraisal)]
    sfyz, sfez = seeded
    for school in (sfez, sfyz):
        demo.seed(school=school, years=None)
    assert [m.objects.count() for m in (Transfer, BranchTerm, TermPost, Appraisal)] == before

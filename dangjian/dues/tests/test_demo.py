"""The dues demo: a year of dues with a few arrears and one member flagged, deterministic and idempotent."""

import pytest
from django.core.management import call_command

from dangjian.demo import generate
from dangjian.dues import demo, ledger
from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.lib import clock
from dangjian.school.models import School


@pytest.fixture
def seeded(db, monkeypatch, settings):
    settings.DANGJIAN_TODAY = "2026-11-20"
    monkeypatch.setattr(generate, "MODULE_SEEDERS", ["dangjian.dues.demo.seed"])
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2")
    return School.objects.get(code="sfyz")


def test_a_year_of_dues_with_a_few_arrears_and_one_member_flagged(seeded):
    figures = ledger.dues_figures(seeded, clock.today().year)
    assert figures["members"] > 20 and figures["missing_bases"] == 0
    assert 0 < figures["arrears"] < figures["due"] / 5
    assert figures["members_behind"] == 1
    assert (
        DuesBase.objects.filter(member__branch__school=seeded, special="exempt", year=clock.today().year).count() == 1
    )
    assert DuesPayment.objects.filter(month__year=clock.today().year - 1).exists()


def test_second_run_changes_nothing(seeded):
    before = (DuesBase.objects.count(), DuesPayment.objects.count())
    demo.seed(school=seeded)
    assert (DuesBase.objects.count(), DuesPayment.objects.count()) == before

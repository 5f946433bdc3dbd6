import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.dues import ledger
from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.dues.services import payments_record
from dangjian.tests import factories as f


def test_the_ledger_owes_up_to_this_month_and_from_admission(world, dues):
    rows = {r.member.staff.name: r for r in ledger.build_rows(ledger.members_of([world.branch]), 2026)}
    teacher, probationary = rows["王老师"], rows["李预备"]
    assert (teacher.due, teacher.paid, teacher.arrears, teacher.unpaid_months) == (
        Decimal("720.00"),
        Decimal("540.00"),
        Decimal("180.00"),
        2,
    )
    # 2800 → 14.00 a month from April (admitted 20 April) to August.
    assert (probationary.due, probationary.arrears, probationary.streak) == (Decimal("70.00"), Decimal("70.00"), 5)
    assert not probationary.behind and not teacher.behind


def test_six_unpaid_months_in_a_row_across_the_new_year_are_flagged(world, dues):
    member = f.PartyMemberFactory(branch=world.branch, staff__name="陈欠交")
    for year in (2025, 2026):
        DuesBase.objects.create(member=member, year=year, monthly_base=Decimal("4000"))
    for m in range(1, 11):  # paid to October 2025; November 2025 to August 2026 unpaid: ten months
        DuesPayment.objects.create(member=member, month=dt.date(2025, m, 1), amount=40, paid_on=dt.date(2025, m, 5))
    row = next(r for r in ledger.build_rows([member], 2026))
    assert (row.streak, row.behind) == (10, True)


def test_an_exempt_member_owes_nothing_and_is_never_behind(world):
    member = f.PartyMemberFactory(branch=world.branch)
    DuesBase.objects.create(member=member, year=2026, monthly_base=5000, special="exempt", note="重病，党委批准免交")
    row = ledger.build_rows([member], 2026)[0]
    assert (row.due, row.arrears, row.streak) == (Decimal("0.00"), Decimal("0.00"), 0)


def test_quarter_totals_and_the_figures(world, dues):
    per_branch, total = ledger.school_summary(world.school, 2026)
    assert [b.name for b, _, _ in per_branch] == ["第一党支部", "第二党支部"]
    first = per_branch[0][1]
    assert first.quarters[0] == (Decimal("270.00"), Decimal("270.00"))
    assert first.quarters[1] == (Decimal("270.00") + Decimal("42.00"), Decimal("270.00"))
    figures = ledger.dues_figures(world.school, 2026)
    assert figures["due"] == Decimal("790.00")  # the other branch's member has no base: not counted
    assert (figures["collected"], figures["members"], figures["missing_bases"]) == (Decimal("540.00"), 3, 1)


def test_the_ledger_reads_three_queries_whatever_the_members(world, dues, django_assert_num_queries):
    members = ledger.members_of([world.branch])
    with django_assert_num_queries(2):
        ledger.build_rows(members, 2026)


def test_the_figures_read_amounts_only_and_agree_with_the_ledger(world, dues):
    """dues_figures reads the payments as amounts (PaidMonth), not records: the same sums and runs."""
    members = ledger.members_of(ledger.branches_with_members(world.school, 2026))
    full, light = ledger.build_rows(members, 2026), ledger.build_rows(members, 2026, totals_only=True)
    assert ledger.totals(light) == ledger.totals(full)
    assert [(r.member.pk, r.paid, r.behind, r.missing_base) for r in light] == [
        (r.member.pk, r.paid, r.behind, r.missing_base) for r in full
    ]
    assert all(isinstance(c.payment, ledger.PaidMonth) for r in light for c in r.cells if c.payment)


def test_recording_payments_locks_the_members_a_transfer_accept_locks(world, dues):
    """Old code listed the members before its transaction and without a lock: a transfer accepted meanwhile
    copied the member's payments without the new one, which then counted at the old school and was owed again
    at the new one. (SQLite has no row locks; the PostgreSQL run checks the lock.)"""
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks")
    with CaptureQueriesContext(connection) as queries:
        payments_record(
            branch=world.branch,
            month=dt.date(2026, 7, 1),
            member_ids=[dues["teacher"].pk],
            paid_on=dt.date(2026, 7, 10),
            channel="",
            actor=None,
        )
    assert any("FOR UPDATE" in q["sql"] and "party_partymember" in q["sql"] for q in queries.captured_queries)
    assert DuesPayment.objects.filter(member=dues["teacher"], month=dt.date(2026, 7, 1)).exists()

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.dues import rules
from dangjian.dues.enums import Category, Special

D = Decimal


@pytest.mark.parametrize(
    "base, expected",
    [
        ("0", "0.00"),
        ("2999.99", "15.00"),
        ("3000", "15.00"),  # ≤3000: 0.5%
        ("3000.01", "30.00"),  # above 3000: 1%
        ("5000", "50.00"),
        ("5000.01", "75.00"),  # above 5000: 1.5%
        ("6789", "101.84"),  # 101.835 rounds half up to the fen
        ("10000", "150.00"),
        ("10000.01", "200.00"),  # above 10000: 2%
        ("12345.67", "246.91"),
    ],
)
def test_in_service_brackets_at_their_boundaries(base, expected):
    assert rules.monthly_dues(D(base), Category.IN_SERVICE) == D(expected)


@pytest.mark.parametrize("base, expected", [("5000", "25.00"), ("5000.01", "50.00"), ("8000", "80.00")])
def test_retirees_pay_half_a_percent_up_to_5000_then_one(base, expected):
    assert rules.monthly_dues(D(base), Category.RETIRED) == D(expected)


@pytest.mark.parametrize("category", [Category.STUDENT, Category.SUBSISTENCE])
def test_students_and_subsistence_pay_twenty_fen_whatever_the_base(category):
    assert rules.monthly_dues(D("9000"), category) == D("0.20")
    assert rules.rate(D("9000"), category) is None


def test_exempt_pays_nothing_and_reduced_pays_the_approved_amount():
    assert rules.monthly_dues(D("9000"), Category.IN_SERVICE, Special.EXEMPT) == D("0.00")
    assert rules.monthly_dues(D("9000"), Category.IN_SERVICE, Special.REDUCED, D("10.005")) == D("10.01")


def test_a_probationary_member_owes_from_the_month_of_admission_up_to_the_current_month():
    today = dt.date(2026, 7, 15)
    admitted = dt.date(2026, 3, 31)
    owed = [m.month for m in rules.months_of(2026) if rules.owes_month(m, admitted_on=admitted, today=today)]
    assert owed == [3, 4, 5, 6, 7]
    assert rules.owes_month(dt.date(2026, 1, 1), admitted_on=None, today=today)


def test_the_unpaid_streak_counts_back_from_the_latest_owed_month():
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    assert rules.unpaid_streak(months, set(months[:6])) == 6
    assert rules.unpaid_streak(months, set(months)) == 0
    assert rules.unpaid_streak(months, {months[-1]}) == 0


def test_quarters():
    assert [rules.quarter_of(m) for m in rules.months_of(2026)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]

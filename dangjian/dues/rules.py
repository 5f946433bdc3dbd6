"""The 党费 rules of docs/domain.md as plain functions: the monthly dues of a base, and which months a
member owes. Money is Decimal, rounded half up to the fen (0.01 yuan)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .enums import Category, Special

FEN = Decimal("0.01")
FLAT_AMOUNT = Decimal("0.20")  # students, members on subsistence allowance: 0.2 yuan a month
BEHIND_MONTHS = 6  # 连续六个月不交纳党费: a warning for the branch
YEARS = range(2000, 2101)  # the years a ledger can be kept for

# (upper bound inclusive, rate): ≤3000 0.5%; 3000–5000 (inclusive) 1%; 5000–10000 (inclusive) 1.5%; above 2%.
IN_SERVICE_BRACKETS = (
    (Decimal(3000), Decimal("0.005")),
    (Decimal(5000), Decimal("0.01")),
    (Decimal(10000), Decimal("0.015")),
)
IN_SERVICE_TOP = Decimal("0.02")
RETIRED_BRACKETS = ((Decimal(5000), Decimal("0.005")),)
RETIRED_TOP = Decimal("0.01")


def rate(base: Decimal, category: str) -> Decimal | None:
    """The percentage of the monthly base; None for the categories that pay a flat amount."""
    if category in (Category.STUDENT, Category.SUBSISTENCE):
        return None
    brackets, top = (
        (RETIRED_BRACKETS, RETIRED_TOP) if category == Category.RETIRED else (IN_SERVICE_BRACKETS, IN_SERVICE_TOP)
    )
    for upper, bracket_rate in brackets:
        if base <= upper:
            return bracket_rate
    return top


def monthly_dues(
    base: Decimal | None, category: str, special: str = Special.NONE, reduced_amount: Decimal | None = None
) -> Decimal:
    """The dues of one month. An exempt member owes 0; a reduced one the amount the committee approved."""
    if special == Special.EXEMPT:
        return Decimal("0.00")
    if special == Special.REDUCED:
        return (reduced_amount or Decimal(0)).quantize(FEN, ROUND_HALF_UP)
    bracket_rate = rate(base or Decimal(0), category)
    if bracket_rate is None:
        return FLAT_AMOUNT
    return ((base or Decimal(0)) * bracket_rate).quantize(FEN, ROUND_HALF_UP)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def owes_month(
    month: dt.date,
    *,
    admitted_on: dt.date | None,
    today: dt.date,
    left_on: dt.date | None = None,
    moved: bool = False,
    paid_here: bool = False,
) -> bool:
    """Whether a member record owes ``month`` to its school. A member owes a month from the month of admission
    (预备党员 pay from admission) to the current month. A record that left (``left_on``, the transfer date)
    owes the months before the month it left, and any month it paid here; one whose file moved to another
    school of the county (``moved``) owes here only the months it paid here: the unpaid ones moved with the
    member and are owed at the new school, so that each month is owed (and counted) at one school only."""
    if left_on is not None:
        if moved or paid_here:
            return paid_here
        if month >= month_start(left_on):
            return False
    if month > month_start(today):
        return False
    return admitted_on is None or month >= month_start(admitted_on)


def quarter_of(month: dt.date) -> int:
    return (month.month - 1) // 3 + 1


def unpaid_streak(owed: list[dt.date], paid: set[dt.date]) -> int:
    """The number of owed months left unpaid in a row, counting back from the latest owed month."""
    streak = 0
    for month in sorted(owed, reverse=True):
        if month in paid:
            break
        streak += 1
    return streak

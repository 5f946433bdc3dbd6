"""The 党费 ledger: for each member and month of a year, what is due and what was paid.

Three queries whatever the number of members: the members, their bases and their payments (the payments
of the year before too, so that a run of unpaid months is counted across the new year).

A member who moved to another school of the county takes their paid months with them as carried copies
(已在原单位缴纳): the new school's ledger shows them settled but counts neither their dues nor their amount;
the former school keeps the record (已转出) with the months it collected. Each month is owed, and each
payment counted, at one school only, so that school, branch and county totals add up."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import OuterRef, Q, Subquery

from dangjian.lib import clock
from dangjian.party.enums import MemberStatus
from dangjian.party.membership import MEMBER_STAGES
from dangjian.party.models import Organization, PartyMember
from dangjian.transfers.enums import Direction, TransferState
from dangjian.transfers.models import Transfer

from . import rules
from .models import DuesBase, DuesPayment

ZERO = Decimal("0.00")


@dataclass
class Cell:
    month: dt.date
    owed: bool
    due: Decimal | None  # None: owed but no base recorded for the year
    payment: DuesPayment | None

    @property
    def carried(self) -> bool:
        """Paid at the member's former school: settled here, counted there."""
        return self.payment is not None and self.payment.carried

    @property
    def collected(self) -> Decimal:
        return self.payment.amount if self.payment and not self.carried else ZERO

    @property
    def unpaid(self) -> bool:
        return self.owed and self.payment is None and self.due != ZERO


@dataclass
class Row:
    member: PartyMember
    base: DuesBase | None
    cells: list[Cell]
    streak: int

    @property
    def due(self) -> Decimal:
        return sum((c.due or ZERO for c in self.cells if c.owed), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((c.collected for c in self.cells), ZERO)

    @property
    def arrears(self) -> Decimal:
        return sum((c.due or ZERO for c in self.cells if c.unpaid), ZERO)

    @property
    def current(self) -> bool:
        """A member of the branch now (not a record kept after a transfer out): counted among its members."""
        return self.member.status != MemberStatus.TRANSFERRED_OUT

    @property
    def carried_months(self) -> int:
        return sum(1 for c in self.cells if c.carried)

    @property
    def unpaid_months(self) -> int:
        return sum(1 for c in self.cells if c.unpaid)

    @property
    def behind(self) -> bool:
        return self.streak >= rules.BEHIND_MONTHS

    @property
    def missing_base(self) -> bool:
        return self.base is None and any(c.owed for c in self.cells)


@dataclass
class Totals:
    due: Decimal = ZERO
    paid: Decimal = ZERO
    quarters: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (due, paid) per quarter

    @property
    def arrears(self) -> Decimal:
        return self.due - self.paid if self.due > self.paid else ZERO

    @property
    def rate(self) -> float | None:
        return float(self.paid / self.due) if self.due else None


def members_of(branches, *, lock: bool = False) -> list[PartyMember]:
    """The branches' current members (those who pay now). ``lock``: inside a transaction, lock their records
    until it ends, so that a transfer accepted at the same time (which locks the record) either comes first and
    takes the member out of the list, or waits and carries what is written."""
    members = PartyMember.objects.filter(branch__in=branches, status__in=MEMBER_STAGES)
    if lock:
        members = members.select_for_update(of=("self",))
    return list(members.select_related("staff", "branch").order_by("branch__order", "branch_id", "staff__name", "pk"))


def with_leaving(members):
    """Annotate member records with the transfer that took them away (if any): ``left_on``, its date, and
    ``moved``, whether it was an in-county transfer (their unpaid months moved with them)."""
    left = Transfer.objects.filter(
        member=OuterRef("pk"), state__in=[TransferState.DONE, TransferState.ACCEPTED]
    ).order_by("-transfer_on", "-pk")
    return members.annotate(
        left_on=Subquery(left.values("transfer_on")[:1]), left_direction=Subquery(left.values("direction")[:1])
    )


def listed_members(branches, year: int):
    """The member records a ledger of ``year`` lists, unordered: the current ones, and those who transferred
    out since the year before began (for the months they owed or paid here)."""
    return (
        with_leaving(PartyMember.objects.filter(branch__in=branches))
        .filter(
            Q(status__in=MEMBER_STAGES) | Q(status=MemberStatus.TRANSFERRED_OUT, left_on__gte=dt.date(year - 1, 1, 1))
        )
        .select_related("staff", "branch")
    )


def ledger_members(branches, year: int) -> list[PartyMember]:
    return list(listed_members(branches, year).order_by("branch__order", "branch_id", "staff__name", "pk"))


class PaidMonth(NamedTuple):
    """A payment as the totals see it: its amount, and whether it was paid at a former school."""

    amount: Decimal
    carried: bool


def build_rows(members: list[PartyMember], year: int, today: dt.date | None = None, *, totals_only=False) -> list[Row]:
    """Each member's months of ``year`` (and the unpaid run back into the year before). ``totals_only``: the
    payments are read as amounts (``PaidMonth``), not as records, for figures that show sums and counts."""
    today = today or clock.today()
    ids = [m.pk for m in members]
    bases = {(b.member_id, b.year): b for b in DuesBase.objects.filter(member_id__in=ids, year__in=(year - 1, year))}
    paid = DuesPayment.objects.filter(
        member_id__in=ids, month__gte=dt.date(year - 1, 1, 1), month__lte=dt.date(year, 12, 1)
    )
    if totals_only:
        payments = {
            (m, month): PaidMonth(amount, carried is not None)
            for m, month, amount, carried in paid.values_list("member_id", "month", "amount", "carried_from")
        }
    else:
        payments = {(p.member_id, p.month): p for p in paid}
    monthly = {key: base.monthly_dues for key, base in bases.items()}  # the rules once per member and year
    months = {y: rules.months_of(y) for y in (year - 1, year)}
    rows = []
    for member in members:
        cells_by_year = {
            y: [_cell(member, month, monthly.get((member.pk, y)), payments, today) for month in months[y]]
            for y in (year - 1, year)
        }
        history = cells_by_year[year - 1] + cells_by_year[year]
        # An exempt month, or one paid at the former school, is settled like a paid one: it ends a run of
        # unpaid months. A record that left owes nothing any more: no warning.
        streak = 0
        if member.status != MemberStatus.TRANSFERRED_OUT:
            streak = rules.unpaid_streak(
                [c.month for c in history if c.owed or c.carried], {c.month for c in history if not c.unpaid}
            )
        rows.append(Row(member, bases.get((member.pk, year)), cells_by_year[year], streak))
    return rows


def _cell(member, month, due, payments, today) -> Cell:
    payment = payments.get((member.pk, month))
    carried = payment is not None and payment.carried
    owed = not carried and rules.owes_month(
        month,
        admitted_on=member.admitted_on,
        today=today,
        left_on=getattr(member, "left_on", None),
        moved=getattr(member, "left_direction", None) == Direction.COUNTY,
        paid_here=payment is not None,
    )
    return Cell(month, owed, due if owed else None, payment)


def totals(rows: list[Row]) -> Totals:
    out = Totals(quarters=[(ZERO, ZERO)] * 4)
    quarters = [[ZERO, ZERO] for _ in range(4)]
    for row in rows:
        for cell in row.cells:
            q = rules.quarter_of(cell.month) - 1
            if cell.owed and cell.due:
                quarters[q][0] += cell.due
            quarters[q][1] += cell.collected
    out.quarters = [(due, paid) for due, paid in quarters]
    out.due = sum((d for d, _ in out.quarters), ZERO)
    out.paid = sum((p for _, p in out.quarters), ZERO)
    return out


def _listed(year: int) -> Q:
    """The member records a ledger of ``year`` lists (see ``ledger_members``), from their branch's side."""
    return Q(members__status__in=MEMBER_STAGES) | Q(
        members__status=MemberStatus.TRANSFERRED_OUT,
        members__transfers_out__state__in=[TransferState.DONE, TransferState.ACCEPTED],
        members__transfers_out__transfer_on__gte=dt.date(year - 1, 1, 1),
    )


def branches_with_members(school, year: int) -> list[Organization]:
    return list(Organization.objects.filter(_listed(year), school=school).distinct().order_by("order", "pk"))


def school_summary(school, year: int, branch_ids=None) -> tuple[list[tuple[Organization, Totals, int]], Totals]:
    """Totals per branch (with the number of members six months behind) and for the school."""
    branches = branches_with_members(school, year)
    if branch_ids is not None:
        branches = [b for b in branches if b.pk in branch_ids]
    rows = build_rows(ledger_members(branches, year), year)
    by_branch = defaultdict(list)
    for row in rows:
        by_branch[row.member.branch_id].append(row)
    per_branch = [(b, totals(by_branch[b.pk]), sum(r.behind for r in by_branch[b.pk])) for b in branches]
    return per_branch, totals(rows)


def dues_figures(school, year: int) -> dict:
    """Dues due and collected in a calendar year of the school (for the dashboard; totals only, no names)."""
    rows = build_rows(ledger_members(branches_with_members(school, year), year), year, totals_only=True)
    total = totals(rows)
    return {
        "year": year,
        "due": total.due,
        "collected": total.paid,
        "arrears": total.arrears,
        "rate": total.rate,
        "members": sum(r.current for r in rows),
        "members_behind": sum(r.behind for r in rows),
        "missing_bases": sum(r.missing_base for r in rows),
    }

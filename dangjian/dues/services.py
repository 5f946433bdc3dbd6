"""Writes of 党费. Each owns its transaction and writes the audit log; amounts are computed from the
member's base (never typed) except for what a finance spreadsheet says was actually paid."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.party.models import Organization

from . import rules
from .ledger import members_of
from .models import DuesBase, DuesPayment


@dataclass
class Recorded:
    created: int
    already: int
    no_base: list[str]  # names of the members left out because their year has no base


def payments_record(
    *, branch: Organization, month: dt.date, member_ids, paid_on: dt.date, channel: str, actor, request=None
) -> Recorded:
    """Mark ``month`` paid for the chosen members of ``branch``, each with their computed dues. Members
    already paid for the month are left as they are (a second submit changes nothing)."""
    month = rules.month_start(month)
    wanted = set(member_ids)
    members = [m for m in members_of([branch]) if m.pk in wanted]
    bases = {b.member_id: b for b in DuesBase.objects.filter(member__in=members, year=month.year)}
    paid = set(DuesPayment.objects.filter(member__in=members, month=month).values_list("member_id", flat=True))
    new, no_base = [], []
    for member in members:
        if member.pk in paid:
            continue
        if member.pk not in bases:
            no_base.append(member.staff.name)
            continue
        new.append(
            DuesPayment(
                member=member,
                month=month,
                amount=bases[member.pk].monthly_dues,
                paid_on=paid_on,
                channel=channel,
                recorded_by=actor,
            )
        )
    with transaction.atomic():
        DuesPayment.objects.bulk_create(new)
        if new:
            audit(
                actor,
                "dues_payment.record",
                school=branch.school,
                summary=f"{branch.name} {month:%Y-%m} 党费登记 {len(new)} 人",
                request=request,
            )
    return Recorded(len(new), len(paid), no_base)


def payment_delete(*, payment: DuesPayment, actor, request=None) -> None:
    with transaction.atomic():
        audit(
            actor,
            "dues_payment.delete",
            school=payment.member.branch.school,
            summary=f"撤销 {payment.member.staff.name} {payment.month:%Y-%m} 党费记录",
            request=request,
        )
        payment.delete()


def base_save(*, form, actor, request=None) -> DuesBase:
    with transaction.atomic():
        base = form.save()
        audit(
            actor,
            "dues_base.save",
            school=base.member.branch.school,
            summary=f"{base.member.staff.name} {base.year} 年党费基数",
            request=request,
        )
    return base

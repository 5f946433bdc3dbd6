"""Writes of 党费. Each owns its transaction and writes the audit log; amounts are computed from the
member's base (never typed) except for what a finance spreadsheet says was actually paid."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.lib.copies import copy_for
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
    with transaction.atomic():
        members = [m for m in members_of([branch], lock=True) if m.pk in wanted]
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


def dues_carry(*, old, new) -> int:
    """The dues record moves with an in-county transfer: ``new`` (the member's record at the school that
    accepted them) gets a copy of every month ``old`` paid, each pointing at the payment the former school
    collected (a month paid at a school before that points at the first one), and ``old``'s yearly bases for
    the years the new school collects for (the new school may correct them): this year on, and any year with a
    month left unpaid. The pay of a year settled at the former school stays there. Called inside the
    transfer's transaction; returns the months carried."""
    paid = list(DuesPayment.objects.filter(member=old).order_by("month"))
    settled, today = {p.month for p in paid}, clock.today()

    def collected_here(year: int) -> bool:
        return year >= today.year or any(
            m not in settled and rules.owes_month(m, admitted_on=old.admitted_on, today=today)
            for m in rules.months_of(year)
        )

    DuesBase.objects.bulk_create(
        [copy_for(b, member=new) for b in DuesBase.objects.filter(member=old) if collected_here(b.year)]
    )
    copies = [copy_for(p, member=new, carried_from_id=p.carried_from_id or p.pk) for p in paid]
    DuesPayment.objects.bulk_create(copies)
    return len(copies)


def payment_delete(*, payment: DuesPayment, actor, request=None) -> None:
    if payment.carried:
        raise ValidationError("该月党费已在原单位缴纳，只能由原单位撤销。")
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

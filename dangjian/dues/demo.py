"""Demo data of 党费: the last twelve months of dues for every member of the school. Bases for this year
and last (in-service brackets, one exempt and one reduced member with their notes), payments by payroll
or WeChat on the 10th, a few members two or three months behind and one seven months behind (the
branch's warning). Deterministic (random.Random seeded from the school code), relative to
clock.today(), and idempotent (skipped when the school already has bases)."""

import datetime as dt
import random
from decimal import Decimal

from dangjian.lib import clock
from dangjian.party.membership import MEMBER_STAGES
from dangjian.party.models import PartyMember
from dangjian.school.models import School

from . import rules
from .enums import Channel, Special
from .models import DuesBase, DuesPayment

SPECIAL_NOTES = {
    Special.EXEMPT: "长期患病、生活困难，经学校党组织研究同意免交",
    Special.REDUCED: "家庭遭遇重大变故，经学校党组织研究同意少交",
}


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    month = rules.month_start(today)
    out = []
    for _ in range(count):
        out.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return sorted(out)


def seed(*, school: School, years=None, log=lambda message: None) -> None:
    if DuesBase.objects.filter(member__branch__school=school).exists():
        log(f"{school.name}：党费数据已存在，跳过。")
        return
    rng = random.Random(f"dues-{school.code}")
    today = clock.today()
    members = list(
        PartyMember.objects.filter(branch__school=school, status__in=MEMBER_STAGES).order_by("staff__staff_number")
    )
    if not members:
        return
    bases, specials = [], {}
    for i, member in enumerate(members):
        base = Decimal(rng.randrange(280, 1050) * 10)
        special = Special.EXEMPT if i == 7 else Special.REDUCED if i == 13 else Special.NONE
        specials[member.pk] = special
        for year in (today.year - 1, today.year):
            raise_ = Decimal(0) if year < today.year else Decimal(rng.choice((0, 0, 100, 200)))
            bases.append(
                DuesBase(
                    member=member,
                    year=year,
                    monthly_base=base + raise_,
                    special=special,
                    reduced_amount=Decimal("5.00") if special == Special.REDUCED else None,
                    note=SPECIAL_NOTES.get(special, ""),
                )
            )
    DuesBase.objects.bulk_create(bases)
    due = {(b.member_id, b.year): b.monthly_dues for b in bases}

    months = _months_back(today, 12)
    behind = {members[i].pk: n for i, n in ((3, 2), (11, 3), (19, 2)) if i < len(members)}
    # One member seven months behind: someone admitted before the twelve months, with no special case.
    long_standing = [
        m
        for m in members
        if m.pk not in behind and specials[m.pk] == Special.NONE and (m.admitted_on or months[0]) < months[0]
    ]
    if long_standing:
        behind[long_standing[len(long_standing) // 2].pk] = 7
    payments = []
    for member in members:
        owed = [m for m in months if rules.owes_month(m, admitted_on=member.admitted_on, today=today)]
        skip = behind.get(member.pk, 0)
        for month in owed[: len(owed) - skip] if skip else owed:
            amount = due[(member.pk, month.year)]
            if amount == 0 or (month == months[-1] and rng.random() < 0.4):
                continue  # exempt; or this month not yet paid
            paid_on = min(month.replace(day=10), today)
            payments.append(
                DuesPayment(
                    member=member,
                    month=month,
                    amount=amount,
                    paid_on=paid_on,
                    channel=Channel.PAYROLL if rng.random() < 0.8 else Channel.WECHAT,
                )
            )
    DuesPayment.objects.bulk_create(payments, batch_size=1000)
    log(f"{school.name}：党费基数 {len(bases)} 条，交纳记录 {len(payments)} 条，{len(behind)} 人欠交。")

"""/api/v1/dues: 党费 totals, branch ledgers, a member's own dues, recording payments and typing bases.
The same permission helpers, forms and services as the pages; amounts are strings in yuan ("90.00")."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.accounts.access import get_access
from dangjian.dues import ledger, rules
from dangjian.dues import permissions as perms
from dangjian.dues.enums import Channel
from dangjian.dues.forms import BaseForm, RecordForm
from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.dues.services import base_save, payment_delete, payments_record
from dangjian.lib import clock
from dangjian.lib.access import require
from dangjian.party.models import PartyMember

from .common import ERRORS, Mapped, Pagination, PayloadSchema, SchoolParam, school_for, school_of, validated
from .errors import NOT_FOUND

router = Router(tags=["党费"])
PaymentId = Annotated[int, Path(..., title="交纳记录编号")]
YearQuery = Annotated[int | None, Query(None, ge=2000, le=2100, title="年度（year）", description="默认今年")]


class DuesQuarterOut(Schema):
    quarter: int
    due: Decimal
    paid: Decimal


class DuesTotalsOut(Schema):
    due: Decimal = Field(description="已到期月份的应交合计")
    paid: Decimal
    arrears: Decimal
    quarters: list[DuesQuarterOut]


class DuesBranchTotalsOut(DuesTotalsOut):
    id: int
    name: str
    members_behind: int = Field(description="连续 6 个月及以上未交的人数（提醒，不自动处理）")


class DuesSummaryOut(Schema):
    school: str
    year: int
    total: DuesTotalsOut
    branches: list[DuesBranchTotalsOut]


class DuesMonthOut(Schema):
    month: dt.date
    owed: bool = Field(description="该月是否应交（已到期、接收为预备党员之后）")
    due: Decimal | None = Field(description="应交额；未录入基数时为空")
    paid: Decimal | None
    paid_on: dt.date | None
    channel: str
    carried: bool = Field(
        description="已在原单位缴纳（县内转接随党员转来；原单位已收，本单位不计入实交；金额仅本人可见，台账中 paid 为空）"
    )


class MemberDuesOut(Schema):
    member: int
    name: str
    branch: int
    status: str
    monthly_base: Decimal | None
    category: str
    special: str
    note: str
    monthly_dues: Decimal | None
    due: Decimal
    paid: Decimal
    arrears: Decimal
    unpaid_streak: int
    behind: bool
    months: list[DuesMonthOut]


def _totals(t: ledger.Totals) -> dict:
    return {
        "due": t.due,
        "paid": t.paid,
        "arrears": t.arrears,
        "quarters": [{"quarter": i, "due": d, "paid": p} for i, (d, p) in enumerate(t.quarters, 1)],
    }


def _member_row(row: ledger.Row, *, own=False) -> dict:
    """A member's ledger row. What a former school collected (a carried month) is shown as settled, with its
    amount to the member only (``own``): to the new school's keepers it would give away that year's base."""
    base = row.base
    return {
        "member": row.member.pk,
        "name": row.member.staff.name,
        "branch": row.member.branch_id,
        "status": row.member.status,
        "monthly_base": base.monthly_base if base else None,
        "category": base.category if base else "",
        "special": base.special if base else "",
        "note": base.note if base else "",
        "monthly_dues": base.monthly_dues if base else None,
        "due": row.due,
        "paid": row.paid,
        "arrears": row.arrears,
        "unpaid_streak": row.streak,
        "behind": row.behind,
        "months": [
            {
                "month": c.month,
                "owed": c.owed,
                "due": c.due,
                "paid": c.payment.amount if c.payment and (own or not c.carried) else None,
                "paid_on": c.payment.paid_on if c.payment else None,
                "channel": c.payment.channel if c.payment else "",
                "carried": c.carried,
            }
            for c in row.cells
        ],
    }


def _year(year: int | None) -> int:
    return year or clock.today().year


@router.get("/summary", response={200: DuesSummaryOut, **ERRORS}, summary="党费收缴汇总（按支部、季度；县里只见合计）")
def summary(request, school: SchoolParam, year: YearQuery = None):
    school_obj = school_for(request.user, school, member=False)
    require(perms.can_view_totals(request.user, school_obj))
    per_branch, total = ledger.school_summary(school_obj, _year(year), perms.totals_scope(request.user, school_obj))
    return {
        "school": school_obj.code,
        "year": _year(year),
        "total": _totals(total),
        "branches": [
            {"id": b.pk, "name": b.name, "members_behind": behind, **_totals(t)} for b, t, behind in per_branch
        ],
    }


class DuesLedgerPage(Mapped):
    """Members of the page only become ledger rows (three queries for the page, whatever its size)."""

    def __init__(self, members_qs, year: int):
        super().__init__(members_qs, row=None)
        self.year = year

    def __getitem__(self, index):
        members = list(self.queryset[index]) if isinstance(index, slice) else [self.queryset[index]]
        rows = [_member_row(r) for r in ledger.build_rows(members, self.year)]
        return rows if isinstance(index, slice) else rows[0]


@router.get("/ledger", response={200: list[MemberDuesOut], **ERRORS}, summary="支部党费台账（每名党员每月应交、实交）")
@paginate(Pagination)
def ledger_list(
    request,
    school: SchoolParam,
    branch: Annotated[int, Query(..., title="党支部编号（branch）")],
    year: YearQuery = None,
):
    school_obj = school_for(request.user, school)
    require(perms.can_keep_ledgers(request.user, school_obj))
    branch_obj = perms.get_branch_for_user(request.user, school_obj, branch)
    members = ledger.listed_members([branch_obj], _year(year)).order_by("staff__name", "pk")
    return DuesLedgerPage(members, _year(year))


@router.get("/mine", response={200: MemberDuesOut, **ERRORS}, summary="我的党费")
def mine(request, school: SchoolParam, year: YearQuery = None):
    school_obj = school_for(request.user, school)
    require(perms.can_view_own(request.user, school_obj))
    member = (
        PartyMember.objects.filter(staff_id=get_access(request.user).staff_id, branch__school=school_obj)
        .select_related("staff", "branch")
        .first()
    )
    if member is None:
        raise Http404("您不是本校的党员，没有党费记录")
    return _member_row(ledger.build_rows([member], _year(year))[0], own=True)


class DuesPaymentsIn(PayloadSchema):
    branch: int = Field(..., title="党支部编号")
    month: dt.date = Field(..., title="所属月份", description="YYYY-MM-01")
    paid_on: dt.date = Field(..., title="交纳日期")
    channel: str = Field(Channel.CASH, title="方式", description="cash、payroll、transfer、wechat、alipay")
    members: list[int] = Field(..., title="党员编号（member）", max_length=500)


class DuesRecordedOut(Schema):
    created: int
    already: int = Field(description="该月已有记录、未改动的人数")
    no_base: list[str] = Field(description="本年度没有基数、未登记的党员")


@router.post("/payments", response={201: DuesRecordedOut, **ERRORS}, summary="登记某月党费（多人一次，金额按基数计算）")
def payments_create(request, school: SchoolParam, payload: DuesPaymentsIn):
    school_obj = school_for(request.user, school)
    require(perms.can_keep_ledgers(request.user, school_obj))
    branch = perms.get_branch_for_user(request.user, school_obj, payload.branch)
    members = ledger.members_of([branch])
    form = validated(
        RecordForm(
            {
                "month": payload.month.isoformat(),
                "paid_on": payload.paid_on.isoformat(),
                "channel": payload.channel,
                "members": payload.members,
            },
            member_choices=[(m.pk, m.staff.name) for m in members],
        )
    )
    data = form.cleaned_data
    done = payments_record(
        branch=branch,
        month=data["month"],
        member_ids=data["members"],
        paid_on=data["paid_on"],
        channel=data["channel"],
        actor=request.user,
        request=request,
    )
    return Status(201, {"created": done.created, "already": done.already, "no_base": done.no_base})


@router.delete("/payments/{payment_id}", response={204: None, **ERRORS}, summary="撤销一条党费记录")
def payment_remove(request, payment_id: PaymentId):
    school_obj = school_of(request.user, DuesPayment, payment_id, "member__branch__school")
    require(perms.can_keep_ledgers(request.user, school_obj))
    payment = DuesPayment.objects.select_related("member__staff", "member__branch__school").get(pk=payment_id)
    perms.get_branch_for_user(request.user, school_obj, payment.member.branch_id)
    payment_delete(payment=payment, actor=request.user, request=request)
    return Status(204, None)


class DuesBaseIn(PayloadSchema):
    member: int = Field(..., title="党员编号")
    year: int = Field(..., ge=2000, le=2100, title="年度")
    monthly_base: Decimal = Field(..., title="月工资基数（元）")
    category: str = Field("in_service", title="人员类别", description="in_service、retired、student、subsistence")
    special: str = Field("", title="特殊情况", description="空、reduced（经批准少交）或 exempt（经批准免交）")
    reduced_amount: Decimal | None = Field(None, title="批准的月交纳额（元）")
    note: str = Field("", title="说明")


class DuesBaseOut(Schema):
    member: int
    year: int
    monthly_base: Decimal
    category: str
    special: str
    reduced_amount: Decimal | None
    note: str
    rate: Decimal | None = Field(description="交纳比例（0.015 即 1.5%）；按固定额交纳或特殊情况时为空")
    monthly_dues: Decimal


@router.put("/bases", response={200: DuesBaseOut, **ERRORS}, summary="录入或修改党员某年度的党费基数（党费自动计算）")
def base_put(request, school: SchoolParam, payload: DuesBaseIn):
    school_obj = school_for(request.user, school)
    require(perms.can_keep_ledgers(request.user, school_obj))
    member = PartyMember.objects.filter(pk=payload.member, branch__school=school_obj).first()
    if member is None:
        raise Http404(NOT_FOUND)
    perms.get_branch_for_user(request.user, school_obj, member.branch_id)
    instance = DuesBase.objects.filter(member=member, year=payload.year).first() or DuesBase(
        member=member, year=payload.year
    )
    data = payload.dict(exclude={"member", "year"})
    data["reduced_amount"] = data["reduced_amount"] if data["reduced_amount"] is not None else ""
    base = base_save(form=validated(BaseForm(data, instance=instance)), actor=request.user, request=request)
    return {
        "member": member.pk,
        "year": base.year,
        "monthly_base": base.monthly_base,
        "category": base.category,
        "special": base.special,
        "reduced_amount": base.reduced_amount,
        "note": base.note,
        "rate": None if base.special else rules.rate(base.monthly_base, base.category),
        "monthly_dues": base.monthly_dues,
    }

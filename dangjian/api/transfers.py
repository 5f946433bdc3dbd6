"""/api/v1/transfers: 组织关系转接 (list, detail, start, register in, accept, return), 支部换届 and 民主评议
results, and the figures, through the same permission helpers, forms and services as the pages.

A transfer concerns two schools: every call names the school it acts for (``?school=``), and sees the
transfer only if that school is one of its two sides and the user may read that school's transfers."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib import clock
from dangjian.lib.access import require
from dangjian.transfers import permissions as perms
from dangjian.transfers import queries
from dangjian.transfers.forms import TransferAcceptForm, TransferInForm, TransferReturnForm, TransferStartForm
from dangjian.transfers.queries import appraisal_figures, transfer_figures
from dangjian.transfers.services import transfer_accept, transfer_in_register, transfer_return, transfer_start

from .common import (
    ERRORS,
    Detail,
    Pagination,
    PayloadSchema,
    SchoolParam,
    YearParam,
    school_for,
    school_year_for,
    titled,
    validated,
)

TransferId = Annotated[int, Path(..., title="转接编号")]
REFUSED = {409: Detail}

router = Router(tags=["组织关系转接、民主评议与换届"])


class TransferOut(Schema):
    id: int
    direction: str = Field(description="out 转出（系统外），county 县内转接，in 转入（系统外）")
    direction_display: str
    state: str = Field(description="pending 待接收，accepted 已接收，returned 已退回，done 已办结")
    state_display: str
    name: str
    from_school: str | None = Field(description="转出学校代码（系统内）")
    to_school: str | None = Field(description="接收学校代码（系统内）")
    origin: str
    destination: str
    to_branch: int | None
    letter_number: str
    transfer_on: dt.date
    handled_on: dt.date | None
    return_reason: str

    @staticmethod
    def resolve_direction_display(obj):
        return obj.get_direction_display()

    @staticmethod
    def resolve_state_display(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_from_school(obj):
        return obj.from_school.code if obj.from_school else None

    @staticmethod
    def resolve_to_school(obj):
        return obj.to_school.code if obj.to_school else None

    @staticmethod
    def resolve_to_branch(obj):
        return obj.to_branch_id


class TransferStartIn(PayloadSchema):
    member: int | None = titled(TransferStartForm, "member", "党员档案编号")
    direction: str | None = titled(TransferStartForm, "direction", "county 县内转接，out 转出（系统外）")
    to_school: int | None = titled(TransferStartForm, "to_school", "县内接收学校编号")
    destination: str | None = titled(TransferStartForm, "destination")
    letter_number: str | None = titled(TransferStartForm, "letter_number")
    transfer_on: str | None = titled(TransferStartForm, "transfer_on", "YYYY-MM-DD")
    note: str | None = titled(TransferStartForm, "note")


class TransferInIn(PayloadSchema):
    staff: int | None = titled(TransferInForm, "staff", "本校教职工编号")
    branch: int | None = titled(TransferInForm, "branch", "党支部编号")
    status: str | None = titled(TransferInForm, "status", "full 正式党员，probationary 预备党员")
    admitted_on: str | None = titled(TransferInForm, "admitted_on", "YYYY-MM-DD")
    full_on: str | None = titled(TransferInForm, "full_on", "YYYY-MM-DD")
    origin: str | None = titled(TransferInForm, "origin")
    letter_number: str | None = titled(TransferInForm, "letter_number")
    transfer_on: str | None = titled(TransferInForm, "transfer_on", "YYYY-MM-DD")
    note: str | None = titled(TransferInForm, "note")


class AcceptIn(PayloadSchema):
    branch: int | None = titled(TransferAcceptForm, "branch", "本校党支部编号")
    staff: int | None = titled(TransferAcceptForm, "staff", "本校已有的教职工编号（可空）")
    staff_number: str | None = titled(TransferAcceptForm, "staff_number")
    accepted_on: str | None = titled(TransferAcceptForm, "accepted_on", "YYYY-MM-DD，默认今天")


class ReturnIn(PayloadSchema):
    return_reason: str | None = titled(TransferReturnForm, "return_reason")


class FindingsOut(Schema):
    level: str
    message: str


class TermOut(Schema):
    branch: int
    branch_name: str
    elected_on: dt.date | None
    due_on: dt.date | None
    committee: list[str] = Field(description="职务 姓名")
    findings: list[FindingsOut]


class GradeOut(Schema):
    member: int
    name: str
    branch: str
    grades: dict[str, str] = Field(description="学年（如 2022-2023）→ 等次")
    flagged: bool = Field(description="最近一次评为不合格，需跟进处置")


class TransferFiguresOut(Schema):
    school_year: str
    transfers: dict[str, int] = Field(description="out 转出，in 转入，pending_out/pending_in 待接收")
    appraisals: dict[str, int] = Field(description="各等次人数与 total")


def _readable(request, school: str):
    school_obj = school_for(request.user, school)
    require(perms.can_use(request.user, school_obj))
    return school_obj


@router.get("", response={200: list[TransferOut], **ERRORS}, summary="组织关系转接列表")
@paginate(Pagination)
def transfer_list(request, school: SchoolParam):
    """The school's transfers, sending or receiving: its secretary and Party affairs staff see all; a branch
    secretary those of their branch."""
    return queries.transfer_rows(perms.transfers_for_user(request.user, _readable(request, school)))


@router.post("/in", response={201: TransferOut, **ERRORS}, summary="登记系统外转入党员")
def transfer_in(request, payload: TransferInIn, school: SchoolParam):
    school_obj = _readable(request, school)
    require(perms.is_admin(request.user, school_obj))
    form = validated(TransferInForm(data=payload.model_dump(exclude_unset=True), school=school_obj))
    return Status(201, transfer_in_register(form=form, actor=request.user, request=request))


@router.get("/terms", response={200: list[TermOut], **ERRORS}, summary="支部换届与提醒")
def term_list(request, school: SchoolParam):
    school_obj = _readable(request, school)
    rows = queries.term_rows(perms.branches_for(request.user, school_obj), clock.today())
    return [
        {
            "branch": row.branch.pk,
            "branch_name": row.branch.name,
            "elected_on": row.term.elected_on if row.term else None,
            "due_on": row.due,
            "committee": [f"{p.get_post_display()} {p.staff.name}" for p in row.term.posts.all()] if row.term else [],
            "findings": [{"level": f.level, "message": f.message} for f in row.findings],
        }
        for row in rows
    ]


@router.get("/appraisals", response={200: list[GradeOut], **ERRORS}, summary="党员历年民主评议等次")
@paginate(Pagination)
def appraisal_list(request, school: SchoolParam):
    school_obj = _readable(request, school)
    _, rows = queries.member_grades(school_obj, perms.branch_ids(request.user, school_obj))
    return [
        {
            "member": row.member.pk,
            "name": row.member.staff.name,
            "branch": row.member.branch.name,
            "grades": {f"{y}-{y + 1}": a.get_grade_display() for y, a in row.grades.items()},
            "flagged": row.flagged,
        }
        for row in rows
    ]


@router.get("/figures", response={200: TransferFiguresOut, **ERRORS}, summary="转接与民主评议统计")
def figures(request, school: SchoolParam, year: YearParam = ""):
    school_obj = _readable(request, school)
    start = school_year_for(year).start_year
    return {
        "school_year": f"{start}-{start + 1}",
        "transfers": transfer_figures(school_obj, start),
        "appraisals": appraisal_figures(school_obj, start),
    }


@router.get("/{transfer_id}", response={200: TransferOut, **ERRORS}, summary="组织关系转接详情")
def transfer_detail(request, transfer_id: TransferId, school: SchoolParam):
    return perms.get_transfer_for_user(request.user, _readable(request, school), transfer_id)


@router.post("", response={201: TransferOut, **ERRORS}, summary="发起转出（系统外转出或县内转接）")
def transfer_create(request, payload: TransferStartIn, school: SchoolParam):
    school_obj = _readable(request, school)
    require(perms.is_admin(request.user, school_obj))
    form = validated(TransferStartForm(data=payload.model_dump(exclude_unset=True), school=school_obj))
    return Status(201, transfer_start(form=form, actor=request.user, request=request))


@router.post("/{transfer_id}/accept", response={200: TransferOut, **ERRORS, **REFUSED}, summary="接收县内转入党员")
def transfer_accept_op(request, transfer_id: TransferId, payload: AcceptIn, school: SchoolParam):
    """Only the receiving school's secretary or Party affairs staff, while the transfer waits."""
    school_obj = school_for(request.user, school)
    transfer = perms.get_pending_for_receiver(request.user, school_obj, transfer_id)
    data = {"accepted_on": clock.today().isoformat(), **payload.model_dump(exclude_unset=True)}
    form = validated(TransferAcceptForm(data=data, school=school_obj, transfer=transfer))
    try:
        return transfer_accept(transfer=transfer, form=form, actor=request.user, request=request)
    except ValidationError as exc:
        return Status(409, {"detail": exc.messages[0]})


@router.post("/{transfer_id}/return", response={200: TransferOut, **ERRORS, **REFUSED}, summary="退回县内转接")
def transfer_return_op(request, transfer_id: TransferId, payload: ReturnIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    transfer = perms.get_pending_for_receiver(request.user, school_obj, transfer_id)
    form = validated(TransferReturnForm(data=payload.model_dump(exclude_unset=True)))
    try:
        reason = form.cleaned_data["return_reason"]
        return transfer_return(transfer=transfer, reason=reason, actor=request.user, request=request)
    except ValidationError as exc:
        return Status(409, {"detail": exc.messages[0]})

"""/api/v1/development: member-development files, their steps and the year's figures. The same permission
helpers, forms, rules and services as the pages; a step the rules refuse is answered 409 with the rule."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.development import permissions as perms
from dangjian.development import queries, rules, services
from dangjian.development.forms import FileCreateForm, StepForm
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.lib import clock

from .common import ERRORS, Detail, Mapped, Pagination, PayloadSchema, SchoolParam, school_for, school_of, validated

FileId = Annotated[int, Path(..., title="档案编号")]
FiguresYear = Annotated[
    int | None, Query(None, ge=2000, le=2100, title="学年起始年份（year）", description="默认当前学年")
]
REFUSED = {409: Detail}

router = Router(tags=["发展党员"])


class StepOut(Schema):
    id: int
    kind: str
    kind_display: str
    date: dt.date
    contacts: list[int]
    introducers: list[int]
    voters_eligible: int | None
    voters_present: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    training_days: int | None
    training_hours: int | None
    extension_months: int | None
    has_document: bool
    note: str


class NextStepOut(Schema):
    kind: str
    kind_display: str
    earliest: dt.date | None
    deadline: dt.date | None
    overdue: bool
    due_soon: bool


class FileOut(Schema):
    id: int
    school: str
    staff: int | None = Field(description="教职工编号；推优学生的档案为 null")
    student: int | None = Field(description="推优学生编号；教职工的档案为 null")
    person_kind: str = Field(description="教职工 或 推优学生")
    name: str
    branch: int
    branch_name: str
    stage: str
    stage_display: str
    stage_dates: dict[str, dt.date] = Field(
        description="各阶段的开始日期：applicant、activist、candidate、probationary、full"
    )
    next: NextStepOut | None = Field(description="下一步及其最早日期、期限；程序结束时为 null")


class FileDetailOut(FileOut):
    steps: list[StepOut]


class FileFilters(Schema):
    school: SchoolParam
    branch: int | None = Field(None, title="党支部编号（branch）")


def _step(step: DevelopmentStep) -> dict:
    return {
        "id": step.pk,
        "kind": step.kind,
        "kind_display": step.get_kind_display(),
        "date": step.date,
        "contacts": [pk for pk in (step.contact_1_id, step.contact_2_id) if pk],
        "introducers": [pk for pk in (step.introducer_1_id, step.introducer_2_id) if pk],
        "voters_eligible": step.voters_eligible,
        "voters_present": step.voters_present,
        "votes_for": step.votes_for,
        "votes_against": step.votes_against,
        "votes_abstain": step.votes_abstain,
        "training_days": step.training_days,
        "training_hours": step.training_hours,
        "extension_months": step.extension_months,
        "has_document": bool(step.document),
        "note": step.note,
    }


def _file(row: queries.FileRow, *, steps: bool = False) -> dict:
    file, nxt, today = row.file, row.next, clock.today()
    out = {
        "id": file.pk,
        "school": file.school.code,
        "staff": file.staff_id,
        "student": file.student_id,
        "person_kind": file.person_kind,
        "name": file.person_name,
        "branch": file.branch_id,
        "branch_name": file.branch.name,
        "stage": row.stage,
        "stage_display": row.stage_label,
        "stage_dates": row.stage_dates,
        "next": None
        if nxt is None
        else {
            "kind": nxt.kind,
            "kind_display": nxt.label,
            "earliest": nxt.earliest,
            "deadline": nxt.deadline,
            "overdue": nxt.is_overdue(today),
            "due_soon": nxt.is_due_soon(today),
        },
    }
    if steps:
        out["steps"] = [_step(step) for step in row.steps]
    return out


def _files(user, school):
    return (
        perms.files_for_user(user, school)
        .select_related("school", "staff__party_record", "student", "branch")
        .prefetch_related(Prefetch("steps", queryset=DevelopmentStep.objects.order_by("date", "pk")))
        .order_by("branch__order", "branch", "pk")
    )


@router.get("/files", response={200: list[FileOut], **ERRORS}, summary="发展党员档案列表（含阶段与下一步）")
@paginate(Pagination)
def file_list(request, filters: Query[FileFilters]):
    school = school_for(request.user, filters.school)
    perms.require_view(request.user, school)
    qs = _files(request.user, school)
    if filters.branch is not None:
        qs = qs.filter(branch_id=filters.branch)
    today = clock.today()
    return Mapped(qs, lambda file: _file(queries.file_row(file, list(file.steps.all()), today)))


def _detail(user, school, pk: int) -> dict:
    file = perms.get_file_for_user(user, school, pk)
    return _file(queries.file_row(file, services.recorded_steps(file), clock.today()), steps=True)


@router.get("/files/{file_id}", response={200: FileDetailOut, **ERRORS}, summary="发展党员档案详情（含各步骤）")
def file_detail(request, file_id: FileId):
    school = school_of(request.user, DevelopmentFile, file_id)
    perms.require_view(request.user, school)
    return _detail(request.user, school, file_id)


class FileIn(PayloadSchema):
    staff: int | None = Field(None, title="申请人（教职工编号）", description="与 student 二选一")
    student: int | None = Field(
        None, title="申请人（推优学生编号）", description="推优入党记录已由党组织接收的在读学生；与 staff 二选一"
    )
    branch: int | None = Field(None, title="所在党支部编号")
    date: str | None = Field(None, title="递交入党申请日期", description="YYYY-MM-DD")
    note: str | None = Field(None, title="备注")


@router.post(
    "/files",
    response={201: FileDetailOut, **ERRORS, **REFUSED},
    summary="新建发展档案（登记入党申请）",
    description="申请人为教职工或推优学生（推优入党记录已由党组织接收），须年满十八岁、不是党员、没有发展档案；"
    "不符合时答 409 并说明规则。",
)
def file_create(request, payload: FileIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    perms.require_view(request.user, school_obj)
    form = validated(
        FileCreateForm(
            payload.model_dump(exclude_unset=True),
            school=school_obj,
            branches=perms.branches_for_user(request.user, school_obj),
            students=perms.can_open_student_files(request.user, school_obj),
        )
    )
    try:
        file = services.development_file_create(
            school=school_obj,
            staff=form.cleaned_data["staff"],
            student=form.cleaned_data["student"],
            branch=form.cleaned_data["branch"],
            application=form.save(commit=False),
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        return Status(409, {"detail": exc.messages[0]})
    return Status(201, _detail(request.user, school_obj, file.pk))


class StepIn(PayloadSchema):
    kind: str | None = Field(None, title="步骤", description="application、talk、activist … cancel（见 StepKind）")
    date: str | None = Field(None, title="日期", description="YYYY-MM-DD")
    contact_1: int | None = Field(None, title="培养联系人一（教职工编号）")
    contact_2: int | None = Field(None, title="培养联系人二（教职工编号）")
    introducer_1: int | None = Field(None, title="入党介绍人一（教职工编号）")
    introducer_2: int | None = Field(None, title="入党介绍人二（教职工编号）")
    voters_eligible: int | None = Field(None, title="应到会有表决权的正式党员")
    voters_present: int | None = Field(None, title="实到有表决权的正式党员")
    votes_for: int | None = Field(None, title="赞成")
    votes_against: int | None = Field(None, title="反对")
    votes_abstain: int | None = Field(None, title="弃权")
    training_days: int | None = Field(None, title="培训天数")
    training_hours: int | None = Field(None, title="培训学时")
    extension_months: int | None = Field(None, title="延长预备期（月）")
    note: str | None = Field(None, title="备注")


@router.post(
    "/files/{file_id}/steps",
    response={201: FileDetailOut, **ERRORS, **REFUSED},
    summary="登记下一步",
    description="与页面相同的规则：步骤须按顺序、不早于最早合法日期、不晚于今天；不符合时答 409 并说明所依据的规则。"
    "材料（文件）请在页面上传。",
)
def step_create(request, file_id: FileId, payload: StepIn):
    school = school_of(request.user, DevelopmentFile, file_id)
    perms.require_view(request.user, school)
    file = perms.get_file_for_user(request.user, school, file_id)
    kinds = rules.allowed_kinds([services.rule_step(step) for step in services.recorded_steps(file)])
    if not kinds:
        return Status(409, {"detail": "该发展档案的程序已结束。"})
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    form = validated(StepForm(data, file=file, kinds=kinds))
    try:
        services.step_add(file=file, step=form.save(commit=False), actor=request.user, request=request)
    except ValidationError as exc:
        return Status(409, {"detail": exc.messages[0]})
    return Status(201, _detail(request.user, school, file.pk))


class DevelopmentFiguresOut(Schema):
    year: int
    by_stage: dict[str, int] = Field(
        description="本学年进入各阶段的人数：applicant、activist、candidate、probationary、full"
    )


@router.get("/figures", response={200: DevelopmentFiguresOut, **ERRORS}, summary="本学年发展党员数（按阶段）")
def figures(request, school: SchoolParam, year: FiguresYear = None):
    school_obj = school_for(request.user, school)
    perms.require_view(request.user, school_obj)
    year = year or clock.school_year_start(clock.today())
    return {"year": year, "by_stage": queries.development_figures(school_obj, year)}

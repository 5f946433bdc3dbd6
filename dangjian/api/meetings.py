"""/api/v1/meetings: 三会一课 records with attendance, semester lesson plans, and compliance.
Reads and writes go through the same permission helpers, forms and services as the pages."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.lib.forms import form_errors
from dangjian.meetings import permissions as perms
from dangjian.meetings import queries
from dangjian.meetings.enums import Granularity
from dangjian.meetings.forms import ActivityForm, LessonPlanForm, PlannedLessonForm, clean_attendance_rows
from dangjian.meetings.models import Activity, Attendance, LessonPlan, PlannedLesson
from dangjian.meetings.services import (
    TRANSITIONS,
    Refused,
    activity_save,
    check_in,
    lesson_plan_save,
    plan_transition,
    planned_lesson_save,
)
from dangjian.meetings.services import (
    plan_delete as plan_delete_service,
)
from dangjian.party.models import Organization
from dangjian.party.permissions import branch_scope
from dangjian.school.models import Staff

from .common import (
    ERRORS,
    Detail,
    FindingOut,
    Mapped,
    Pagination,
    PayloadSchema,
    SchoolParam,
    Text,
    instance_data,
    school_for,
    school_of,
    titled,
    validated,
)
from .errors import NOT_FOUND

ActivityId = Annotated[int, Path(..., title="活动编号")]
PlanId = Annotated[int, Path(..., title="计划编号")]
ATTENDANCE_LABEL = "出勤"
STATUS_LABEL = "状态"
REFUSED = {409: Detail}

router = Router(tags=["三会一课"])


class AttendanceOut(Schema):
    staff_id: int
    name: str
    status: str = Field(description="present 出席，leave 请假，absent 缺席，空为未登记")
    status_display: str
    reason: str
    checked_in_at: dt.datetime | None


class MeetingActivityOut(Schema):
    id: int
    school: str
    organization: int
    organization_name: str
    kinds: list[str]
    kinds_display: list[str]
    topic: str
    status: str
    status_display: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host: int | None
    lecturer: int | None
    lecturer_name: str | None
    minutes: str
    resolutions: str
    invited: int
    present: int
    on_leave: int


class MeetingActivityDetailOut(MeetingActivityOut):
    attendance: list[AttendanceOut]
    quorum: list[str] = Field(description="表决有效人数不足时的提示")


class AttendanceIn(Schema):
    staff: int = Field(title="党员编号（staff）")
    status: str = Field("", title="出勤（status）", description="present、leave、absent 或空")
    reason: str = Field("", title="原因（reason）")


class MeetingActivityIn(PayloadSchema):
    organization: int | None = titled(ActivityForm, "organization", "党组织编号")
    kinds: list[str] | None = Field(
        None,
        title="活动类型",
        description="general_meeting、committee_meeting、group_meeting、lesson、theme_day、life_meeting、review、talk",
    )
    topic: str | None = titled(ActivityForm, "topic")
    status: str | None = titled(ActivityForm, "status", "planned 计划中，held 已举行，cancelled 已取消")
    day: str | None = Field(None, title="日期", description="YYYY-MM-DD")
    start_time: str | None = Field(None, title="开始时间", description="HH:MM")
    end_time: str | None = Field(None, title="结束时间", description="HH:MM")
    place: str | None = titled(ActivityForm, "place")
    host: int | None = titled(ActivityForm, "host", "教职工编号")
    lecturer: int | None = titled(ActivityForm, "lecturer", "教职工编号")
    minutes: str | None = titled(ActivityForm, "minutes")
    resolutions: str | None = titled(ActivityForm, "resolutions")
    invite_all: bool | None = Field(None, title="邀请该组织全体党员参加", description="仅新增时有效")
    attendance: list[AttendanceIn] | None = Field(None, title=ATTENDANCE_LABEL, description="登记或修改这些人的出勤")


def _row(activity: Activity) -> dict:
    rows = activity.kinds_in_order
    return {
        "id": activity.pk,
        "school": activity.school.code,
        "organization": activity.organization_id,
        "organization_name": activity.organization.name,
        "kinds": [r.kind for r in rows],
        "kinds_display": [r.get_kind_display() for r in rows],
        "topic": activity.topic,
        "status": activity.status,
        "status_display": activity.get_status_display(),
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "place": activity.place,
        "host": activity.host_id,
        "lecturer": activity.lecturer_id,
        "lecturer_name": activity.lecturer.name if activity.lecturer else None,
        "minutes": activity.minutes,
        "resolutions": activity.resolutions,
        "invited": activity.invited,
        "present": activity.present,
        "on_leave": activity.on_leave,
    }


def _detail(user, school, pk: int) -> dict:
    activity = (
        queries.with_counts(perms.activities_for_user(user, school).filter(pk=pk)).select_related("school").first()
    )
    if activity is None:  # pragma: no cover - fetched a moment ago
        raise Http404(NOT_FOUND)
    detail = queries.activity_detail(activity)
    return {
        **_row(activity),
        "attendance": [
            {
                "staff_id": a.staff_id,
                "name": a.staff.name,
                "status": a.status,
                "status_display": a.get_status_display(),
                "reason": a.reason,
                "checked_in_at": a.checked_in_at,
            }
            for a in detail.attendances
        ],
        "quorum": detail.quorum,
    }


class MeetingActivityFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    organization: Text = Field("", title="党组织编号（organization）")
    kind: Text = Field("", title="类型（kind）")
    status: Text = Field("", title="状态（status）")
    year: Text = Field("", title="年份（year）")
    month: Text = Field("", title="月份（month）")
    q: Text = Field("", title="搜索（q）", description="主题、地点或授课人")


@router.get("/activities", response={200: list[MeetingActivityOut], **ERRORS}, summary="组织生活记录列表")
@paginate(Pagination)
def activity_list(request, filters: Query[MeetingActivityFilters]):
    school_obj = school_for(request.user, filters.school)
    qs = queries.search_activities(
        perms.activities_for_user(request.user, school_obj),
        q=filters.q,
        kind=filters.kind,
        organization=filters.organization,
        status=filters.status,
        year=filters.year,
        month=filters.month,
    ).select_related("school")
    return Mapped(qs, _row)


@router.get(
    "/activities/{activity_id}", response={200: MeetingActivityDetailOut, **ERRORS}, summary="活动详情（含出勤）"
)
def activity_detail(request, activity_id: ActivityId):
    school = school_of(request.user, Activity, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id)
    return _detail(request.user, school, activity.pk)


def _base(activity: Activity) -> dict:
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    return {
        "organization": activity.organization_id,
        "kinds": list(activity.kind_rows.values_list("kind", flat=True)),
        "topic": activity.topic,
        "status": activity.status,
        "day": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "place": activity.place,
        "host": activity.host_id,
        "lecturer": activity.lecturer_id,
        "minutes": activity.minutes,
        "resolutions": activity.resolutions,
    }


def _save(request, school, payload: MeetingActivityIn, instance: Activity, base: dict) -> Activity:
    data = {**base, **payload.model_dump(exclude_unset=True, exclude={"attendance"})}
    data = {k: v for k, v in data.items() if v is not None}
    form = validated(
        ActivityForm(
            data=data,
            instance=instance,
            school=school,
            organizations=perms.editable_organizations(request.user, school),
        )
    )
    rows = None
    if payload.attendance is not None:
        org = form.cleaned_data["organization"]
        allowed_ids = queries.org_member_ids(org)
        if instance.pk:
            allowed_ids |= set(instance.attendances.values_list("staff_id", flat=True))
        allowed = dict(Staff.objects.filter(pk__in=allowed_ids).values_list("pk", "name"))
        rows, errors = clean_attendance_rows(
            [a.model_dump() for a in payload.attendance], allowed=allowed, org_name=org.name
        )
        if errors:
            raise ValidationError({ATTENDANCE_LABEL: errors})
    with transaction.atomic():
        return activity_save(form=form, actor=request.user, request=request, attendance=rows)


@router.post("/activities", response={201: MeetingActivityDetailOut, **ERRORS}, summary="新增组织生活记录（可含出勤）")
def activity_create(request, payload: MeetingActivityIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_write_records(request.user, school_obj))
    base = {"status": "held", "invite_all": False}
    activity = _save(request, school_obj, payload, Activity(school=school_obj), base)
    return Status(201, _detail(request.user, school_obj, activity.pk))


@router.patch(
    "/activities/{activity_id}", response={200: MeetingActivityDetailOut, **ERRORS}, summary="修改记录或登记出勤"
)
def activity_patch(request, activity_id: ActivityId, payload: MeetingActivityIn):
    school = school_of(request.user, Activity, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id, write=True)
    _save(request, school, payload, activity, _base(activity))
    return _detail(request.user, school, activity.pk)


@router.post(
    "/activities/{activity_id}/check-in",
    response={200: AttendanceOut, **ERRORS, **REFUSED},
    summary="扫码签到（当前登录的受邀党员）",
    description="与签到页面相同的规则：只限受邀人员，在活动开始前至结束后的签到时间窗内；"
    "时间窗外、未受邀或活动已取消时答 409，并说明原因。",
)
def activity_check_in(request, activity_id: ActivityId):
    school = school_of(request.user, Activity, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id)
    try:
        row = check_in(activity=activity, user=request.user, request=request)
    except Refused as exc:
        return Status(409, {"detail": str(exc)})
    row = Attendance.objects.select_related("staff").get(pk=row.pk)
    return {
        "staff_id": row.staff_id,
        "name": row.staff.name,
        "status": row.status,
        "status_display": row.get_status_display(),
        "reason": row.reason,
        "checked_in_at": row.checked_in_at,
    }


# Plans -------------------------------------------------------------------------------------------


class PlannedLessonOut(Schema):
    id: int
    planned_on: dt.date
    week: int | None
    lecturer: int
    lecturer_name: str
    topic: str
    status: str
    status_display: str
    originally_on: dt.date | None
    change_note: str
    activity: int | None


class PlanOut(Schema):
    id: int
    school: str
    organization: int
    organization_name: str
    semester: str = Field(description="如 2022-2023-1")
    semester_display: str
    status: str
    status_display: str
    note: str
    approved_by: str | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    lessons: list[PlannedLessonOut]


def _plan(plan: LessonPlan) -> dict:
    return {
        "id": plan.pk,
        "school": plan.school.code,
        "organization": plan.organization_id,
        "organization_name": plan.organization.name,
        "semester": plan.semester.code,
        "semester_display": str(plan.semester),
        "status": plan.status,
        "status_display": plan.get_status_display(),
        "note": plan.note,
        "approved_by": (plan.approved_by.get_full_name() or plan.approved_by.username) if plan.approved_by else None,
        "approved_at": plan.approved_at,
        "published_at": plan.published_at,
        "lessons": [
            {
                "id": lesson.pk,
                "planned_on": lesson.planned_on,
                "week": lesson.week,
                "lecturer": lesson.lecturer_id,
                "lecturer_name": lesson.lecturer.name,
                "topic": lesson.topic,
                "status": lesson.status,
                "status_display": lesson.get_status_display(),
                "originally_on": lesson.originally_on,
                "change_note": lesson.change_note,
                "activity": lesson.activity_id,
            }
            for lesson in plan.lessons.all()
        ],
    }


def _plans_qs(user, school):
    return (
        perms.plans_for_user(user, school)
        .select_related("school", "organization", "semester__school_year", "approved_by")
        .prefetch_related(
            Prefetch("lessons", queryset=PlannedLesson.objects.select_related("lecturer").order_by("planned_on", "pk"))
        )
    )


class PlanFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    semester: Text = Field("", title="学期编号（semester）")
    status: Text = Field("", title="状态（status）")
    organization: Text = Field("", title="党组织编号（organization）")


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="学期党课计划列表")
@paginate(Pagination)
def plan_list(request, filters: Query[PlanFilters]):
    school_obj = school_for(request.user, filters.school)
    qs = queries.plan_list(
        _plans_qs(request.user, school_obj),
        semester=filters.semester,
        status=filters.status,
        organization=filters.organization,
    ).order_by("-semester__starts_on", "organization__order", "organization_id")
    return Mapped(qs, _plan)


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="党课计划详情")
def plan_detail(request, plan_id: PlanId):
    school = school_of(request.user, LessonPlan, plan_id)
    perms.get_plan_for_user(request.user, school, plan_id)
    return _plan(_plans_qs(request.user, school).get(pk=plan_id))


class PlannedLessonIn(PayloadSchema):
    id: int | None = Field(None, title="党课编号", description="修改计划中已有的党课时填写；不填为新增")
    planned_on: str | None = titled(PlannedLessonForm, "planned_on", "YYYY-MM-DD；或只填教学周")
    week: int | None = titled(PlannedLessonForm, "week")
    lecturer: int | None = titled(PlannedLessonForm, "lecturer", "教职工编号")
    topic: str | None = titled(PlannedLessonForm, "topic")
    status: str | None = titled(PlannedLessonForm, "status", "planned 待讲授，cancelled 已取消（仅修改时）")
    change_note: str | None = titled(PlannedLessonForm, "change_note", "调整日期或取消时必填（仅修改时）")


class PlanIn(PayloadSchema):
    organization: int | None = titled(LessonPlanForm, "organization", "党组织编号")
    semester: int | None = titled(LessonPlanForm, "semester", "学期编号")
    note: str | None = titled(LessonPlanForm, "note")
    lessons: list[PlannedLessonIn] | None = Field(
        None, title="计划党课", description="新增或修改这些党课；未列出的已有党课保持不变"
    )


class ActionIn(PayloadSchema):
    action: str = Field(
        ..., title="操作", description="submit 提交审批，approve 审批通过，publish 发布，return 退回修改"
    )


LESSON_FIELDS = ["planned_on", "week", "lecturer", "topic", "status", "change_note"]


def _lesson_forms(plan: LessonPlan, items: list[PlannedLessonIn]) -> list[PlannedLessonForm]:
    """One bound PlannedLessonForm per item, all validated before anything is saved; errors are keyed
    "第 N 节党课·<字段>" so the client sees which row and field."""
    existing = {lesson.pk: lesson for lesson in plan.lessons.all()} if plan.pk else {}
    forms, errors = [], {}
    for number, item in enumerate(items, start=1):
        prefix = f"第 {number} 节党课"
        instance = None
        if item.id is not None:
            instance = existing.get(item.id)
            if instance is None:
                errors[prefix] = [f"编号 {item.id} 的党课不属于该计划。"]
                continue
        base = instance_data(instance, LESSON_FIELDS) if instance else {}
        data = {**base, **item.model_dump(exclude_unset=True, exclude={"id"})}
        data = {k: v for k, v in data.items() if v is not None}
        form = PlannedLessonForm(data=data, instance=instance, plan=plan)
        if form.is_valid():
            forms.append(form)
        else:
            for label, messages in form_errors(form).items():
                errors[prefix if label == "__all__" else f"{prefix}·{label}"] = messages
    if errors:
        raise ValidationError(errors)
    return forms


def _save_plan(request, form: LessonPlanForm, items: list[PlannedLessonIn] | None) -> LessonPlan:
    validated(form)
    lesson_forms = _lesson_forms(form.instance, items or [])
    with transaction.atomic():
        plan = lesson_plan_save(form=form, actor=request.user, request=request)
        for lesson_form in lesson_forms:
            lesson_form.instance.plan = plan
            planned_lesson_save(form=lesson_form, actor=request.user, request=request)
    return plan


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="制定学期党课计划（可含计划党课）")
def plan_create(request, payload: PlanIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_write_records(request.user, school_obj))
    form = LessonPlanForm(
        data={k: v for k, v in payload.model_dump(exclude_unset=True, exclude={"lessons"}).items() if v is not None},
        school=school_obj,
        organizations=perms.editable_organizations(request.user, school_obj).filter(
            kind__in=("branch", "general_branch")
        ),
    )
    plan = _save_plan(request, form, payload.lessons)
    return Status(201, _plan(_plans_qs(request.user, school_obj).get(pk=plan.pk)))


@router.patch("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="修改党课计划或其中的党课")
def plan_patch(request, plan_id: PlanId, payload: PlanIn):
    school = school_of(request.user, LessonPlan, plan_id)
    plan = perms.get_plan_for_user(request.user, school, plan_id, write=True)
    base = instance_data(plan, ["organization", "semester", "note"])
    data = {**base, **payload.model_dump(exclude_unset=True, exclude={"lessons"})}
    form = LessonPlanForm(
        data={k: v for k, v in data.items() if v is not None},
        instance=plan,
        school=school,
        organizations=perms.editable_organizations(request.user, school),
    )
    _save_plan(request, form, payload.lessons)
    return _plan(_plans_qs(request.user, school).get(pk=plan_id))


@router.delete("/plans/{plan_id}", response={204: None, **ERRORS}, summary="删除草稿党课计划")
def plan_delete(request, plan_id: PlanId):
    """Who may edit the plan; only a draft whose lessons have no record of being given (else 422)."""
    school = school_of(request.user, LessonPlan, plan_id)
    plan = perms.get_plan_for_user(request.user, school, plan_id, write=True)
    plan_delete_service(plan=plan, actor=request.user, request=request)
    return Status(204, None)


@router.post(
    "/plans/{plan_id}/transition",
    response={200: PlanOut, **ERRORS},
    summary="提交、审批、发布或退回党课计划",
    description="submit：可编辑该计划者；approve、publish、return：仅学校党组织书记（与页面相同）。",
)
def plan_action(request, plan_id: PlanId, payload: ActionIn):
    school = school_of(request.user, LessonPlan, plan_id)
    plan = perms.get_plan_for_user(request.user, school, plan_id)
    action = payload.action.strip()
    if action not in TRANSITIONS:
        raise ValidationError({"操作": [f"应为以下值之一：{'、'.join(TRANSITIONS)}。"]})
    if action == "submit":
        require(perms.can_edit_plan(request.user, plan))
    else:
        require(perms.can_approve_plans(request.user, school))
    try:
        plan_transition(
            plan=plan,
            action=action,
            actor=request.user,
            may_approve=perms.can_approve_plans(request.user, school),
            request=request,
        )
    except Refused as exc:
        raise ValidationError({STATUS_LABEL: [str(exc)]}) from None
    return _plan(_plans_qs(request.user, school).get(pk=plan_id))


# Compliance --------------------------------------------------------------------------------------


class RowOut(Schema):
    period: str = Field(description="如 2022-03、2022-Q1、2022-2023-1、2022")
    granularity: str = Field(description="month、quarter、semester、year")
    label: str
    starts_on: dt.date
    ends_on: dt.date
    kind: str
    kind_display: str
    required: int
    held: int
    missing: int
    state: str = Field(description="ok、overdue、due_soon、open、future、not_required")
    state_display: str


class ComplianceOut(Schema):
    organization: int
    organization_name: str
    year: int
    full_members: int
    members: int
    rows: list[RowOut]
    findings: list[FindingOut]


class ComplianceQuery(Schema):
    organization: int = Field(..., title="党组织编号（organization）")
    year: int = Field(..., ge=2000, le=2100, title="年份（year）")


@router.get("/compliance", response={200: ComplianceOut, **ERRORS}, summary="三会一课落实情况（按期间、类型）")
def compliance(request, params: Query[ComplianceQuery]):
    organization, year = params.organization, params.year
    school = school_of(request.user, Organization, organization)
    require(perms.can_view_compliance(request.user, school))
    org_ids = branch_scope(request.user, school)
    if org_ids is not None and organization not in org_ids:
        require(False)
    data = queries.compliance([school.pk], year, org_ids=[organization], lecturers=False)
    item = next((o for o in data.orgs if o.org.id == organization), None)
    org = Organization.objects.get(pk=organization)
    rows = item.rows if item else []
    order = list(Granularity.values)
    return {
        "organization": organization,
        "organization_name": org.name,
        "year": year,
        "full_members": item.org.full_members if item else 0,
        "members": item.org.members if item else 0,
        "rows": [
            {
                "period": r.period.key,
                "granularity": r.period.granularity,
                "label": r.period.label,
                "starts_on": r.period.starts_on,
                "ends_on": r.period.ends_on,
                "kind": r.kind,
                "kind_display": r.kind_label,
                "required": r.required,
                "held": r.held,
                "missing": r.missing,
                "state": r.state,
                "state_display": r.state_label,
            }
            for r in sorted(rows, key=lambda r: (order.index(r.period.granularity), r.period.starts_on))
        ],
        "findings": [{"level": f.level, "message": f.message} for f in (item.findings if item else [])],
    }

"""Writes of 三会一课 records. Each owns its transaction and writes the audit log."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.accounts.services import audit
from dangjian.lib.files import delete_after_commit
from dangjian.notifications.events import plan_changed

from .enums import PLANS_IN_FORCE, ActivityStatus, AttendanceStatus, LessonStatus, PlanStatus
from .forms import ActivityForm, EvidenceForm, LessonPlanForm, PlannedLessonForm, RuleSettingsForm
from .models import (
    Activity,
    ActivityKind,
    Attendance,
    CalendarToken,
    Evidence,
    LessonPlan,
    PlannedLesson,
    RuleSettings,
)
from .permissions import can_approve_plans
from .queries import org_member_ids, rule_settings


class Refused(Exception):
    """A write the rules do not allow; the message says why, in Chinese."""


def rule_settings_save(*, form: RuleSettingsForm, actor, request=None) -> RuleSettings:
    with transaction.atomic():
        settings = form.save()
        audit(actor, "meetings.rules.update", settings, school=settings.school, request=request)
    return settings


# Activities --------------------------------------------------------------------------------------


def _set_kinds(activity: Activity, kinds) -> None:
    kinds = set(kinds)
    current = set(activity.kind_rows.values_list("kind", flat=True))
    if current - kinds:
        activity.kind_rows.filter(kind__in=current - kinds).delete()
    ActivityKind.objects.bulk_create([ActivityKind(activity=activity, kind=k) for k in sorted(kinds - current)])


def activity_save(
    *, form: ActivityForm, actor, request=None, lesson: PlannedLesson | None = None, attendance=None
) -> Activity:
    """Save the activity and its kinds; a new one invites the organization's members when asked.
    ``lesson``: the planned lesson this activity holds. ``attendance``: clean rows to store as well."""
    with transaction.atomic():
        created = form.instance.pk is None
        activity = form.save(commit=False)
        if created:
            activity.created_by = actor if actor and actor.is_authenticated else None
        if activity.status != ActivityStatus.CANCELLED:
            activity.cancel_reason = ""
        activity.save()
        _set_kinds(activity, form.cleaned_data["kinds"])
        if created and form.cleaned_data.get("invite_all"):
            Attendance.objects.bulk_create(
                [Attendance(activity=activity, staff_id=pk) for pk in sorted(org_member_ids(activity.organization))]
            )
        if attendance is not None:
            _store_attendance(activity, attendance)
        if lesson is not None:
            lesson.activity = activity
            lesson.save(update_fields=["activity"])
        _sync_lesson(activity)
        audit(
            actor,
            "meetings.activity.create" if created else "meetings.activity.update",
            activity,
            school=activity.school,
            request=request,
        )
    return activity


def _sync_lesson(activity: Activity) -> None:
    """A planned lesson follows the activity that holds it."""
    status = {
        ActivityStatus.HELD: LessonStatus.HELD,
        ActivityStatus.PLANNED: LessonStatus.PLANNED,
        ActivityStatus.CANCELLED: LessonStatus.CANCELLED,
    }[activity.status]
    PlannedLesson.objects.filter(activity=activity).exclude(status=status).update(status=status)


def activity_cancel(*, activity: Activity, reason: str, actor, request=None) -> Activity:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写取消原因。")
    if activity.status == ActivityStatus.HELD:
        raise Refused("已举行的活动不能取消。")
    with transaction.atomic():
        activity.status, activity.cancel_reason = ActivityStatus.CANCELLED, reason[:200]
        activity.save(update_fields=["status", "cancel_reason", "updated_at"])
        _sync_lesson(activity)
        audit(actor, "meetings.activity.cancel", activity, school=activity.school, summary=reason, request=request)
    return activity


def _store_attendance(activity: Activity, rows) -> None:
    existing = {a.staff_id: a for a in activity.attendances.all()}
    new, changed = [], []
    for staff_id, status, reason in rows:
        row = existing.get(staff_id)
        if row is None:
            new.append(Attendance(activity=activity, staff_id=staff_id, status=status, reason=reason))
        elif (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "reason"])


def attendance_save(*, activity: Activity, rows, actor, request=None) -> Activity:
    """Store clean (staff id, status, reason) rows (see forms.clean_attendance_rows)."""
    with transaction.atomic():
        _store_attendance(activity, rows)
        audit(actor, "meetings.attendance.update", activity, school=activity.school, request=request)
    return activity


def check_in(*, activity: Activity, user, now: dt.datetime | None = None, request=None) -> Attendance:
    """A logged-in invited member checks in by scanning the activity's QR code, inside the window."""
    now = now or timezone.now()
    settings = rule_settings(activity.school)
    staff = getattr(user, "staff", None) if user.is_authenticated else None
    row = activity.attendances.filter(staff=staff).first() if staff else None
    if row is None:
        raise Refused("您不在本次活动的参会名单中，不能签到。请联系支部书记。")
    if activity.status == ActivityStatus.CANCELLED:
        raise Refused("本次活动已取消。")
    opens = activity.starts_at - dt.timedelta(minutes=settings.checkin_before_minutes)
    closes = activity.ends_at + dt.timedelta(minutes=settings.checkin_after_minutes)
    if now < opens:
        raise Refused(f"签到尚未开始：{timezone.localtime(opens):%m月%d日 %H:%M} 起可签到。")
    if now > closes:
        raise Refused(f"签到已结束（截至 {timezone.localtime(closes):%m月%d日 %H:%M}），请联系支部书记补登。")
    if row.status == AttendanceStatus.PRESENT and row.checked_in_at:
        return row
    with transaction.atomic():
        row.status, row.checked_in_at, row.reason = AttendanceStatus.PRESENT, now, ""
        row.save(update_fields=["status", "checked_in_at", "reason"])
        audit(user, "meetings.checkin", activity, school=activity.school, request=request)
    return row


def checkin_window(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    settings = rule_settings(activity.school)
    return (
        activity.starts_at - dt.timedelta(minutes=settings.checkin_before_minutes),
        activity.ends_at + dt.timedelta(minutes=settings.checkin_after_minutes),
    )


def evidence_add(*, activity: Activity, form: EvidenceForm, actor, request=None) -> Evidence:
    upload = form.cleaned_data["file"]
    with transaction.atomic():
        evidence = Evidence(
            activity=activity,
            name=upload.name[:200],
            content_type=upload.content_type_sniffed,
            size=upload.size,
            uploaded_by=actor if actor and actor.is_authenticated else None,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        audit(actor, "meetings.evidence.add", evidence, school=activity.school, request=request)
    return evidence


def evidence_delete(*, evidence: Evidence, actor, request=None) -> None:
    activity = evidence.activity
    with transaction.atomic():
        audit(actor, "meetings.evidence.delete", evidence, school=activity.school, request=request)
        evidence.delete()
        delete_after_commit(evidence.file)


# Plans -------------------------------------------------------------------------------------------


def _back_to_approval(plan: LessonPlan, actor, request) -> None:
    """A change to a plan in force by anyone but its approver (the secretary) sends it back for approval."""
    if plan.status in PLANS_IN_FORCE and not can_approve_plans(actor, plan.school):
        plan.status, plan.approved_by, plan.approved_at, plan.published_at = PlanStatus.SUBMITTED, None, None, None
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["status", "approved_by", "approved_at", "published_at", "submitted_at"])
        audit(
            actor,
            "meetings.plan.resubmit",
            plan,
            school=plan.school,
            summary=f"{plan}：修改后重新提交审批",
            request=request,
        )


def lesson_plan_save(*, form: LessonPlanForm, actor, request=None) -> LessonPlan:
    with transaction.atomic():
        created = form.instance.pk is None
        plan = form.save(commit=False)
        if created:
            plan.created_by = actor if actor and actor.is_authenticated else None
        plan.save()
        if not created and form.has_changed():
            _back_to_approval(plan, actor, request)
        audit(
            actor,
            "meetings.plan.create" if created else "meetings.plan.update",
            plan,
            school=plan.school,
            request=request,
        )
    return plan


def planned_lesson_save(*, form: PlannedLessonForm, actor, request=None) -> PlannedLesson:
    """A moved lesson keeps its first date in ``originally_on``."""
    with transaction.atomic():
        created = form.instance.pk is None
        before = None if created else PlannedLesson.objects.get(pk=form.instance.pk).planned_on
        lesson = form.save(commit=False)
        if before and before != lesson.planned_on and lesson.originally_on is None:
            lesson.originally_on = before
        lesson.save()
        _back_to_approval(lesson.plan, actor, request)
        audit(
            actor,
            "meetings.lesson.create" if created else "meetings.lesson.update",
            lesson,
            school=form.plan.school,
            summary=f"{lesson}{'（原定 ' + str(before) + '）' if before and before != lesson.planned_on else ''}",
            request=request,
        )
    return lesson


TRANSITIONS = {
    # action: (from statuses, to status, needs the secretary)
    "submit": ((PlanStatus.DRAFT,), PlanStatus.SUBMITTED, False),
    "approve": ((PlanStatus.DRAFT, PlanStatus.SUBMITTED), PlanStatus.APPROVED, True),
    "publish": ((PlanStatus.APPROVED,), PlanStatus.PUBLISHED, True),
    "return": ((PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED), PlanStatus.DRAFT, True),
}
ACTION_LABELS = {"submit": "提交审批", "approve": "审批通过", "publish": "发布", "return": "退回修改"}


def plan_transition(*, plan: LessonPlan, action: str, actor, may_approve: bool, request=None) -> LessonPlan:
    if action not in TRANSITIONS:
        raise Refused("未知操作。")
    sources, target, needs_secretary = TRANSITIONS[action]
    if needs_secretary and not may_approve:
        raise Refused("只有学校党组织书记可以审批、发布或退回党课计划。")
    if plan.status not in sources:
        raise Refused(f"计划当前为“{plan.get_status_display()}”，不能{ACTION_LABELS[action]}。")
    if action in ("submit", "approve") and not plan.lessons.exclude(status=LessonStatus.CANCELLED).exists():
        raise Refused("计划中还没有党课，请先添加。")
    now = timezone.now()
    with transaction.atomic():
        plan.status = target
        if action == "submit":
            plan.submitted_at = now
        elif action == "approve":
            plan.approved_by, plan.approved_at = actor, now
        elif action == "publish":
            plan.published_at = now
        else:
            plan.approved_by, plan.approved_at, plan.published_at = None, None, None
        plan.save()
        audit(actor, f"meetings.plan.{action}", plan, school=plan.school, request=request)
    plan_changed(plan, action)
    return plan


PLAN_NOT_DRAFT = "只有草稿状态的党课计划可以删除；已提交、审批或发布的计划请先由书记退回修改。"
PLAN_HELD = "计划中已有党课登记了讲授记录，不能删除整个计划；请修改或取消其中的党课。"


def plan_delete(*, plan: LessonPlan, actor, request=None) -> None:
    """A draft plan with its planned lessons, e.g. one made for the wrong branch or semester. Not a plan in
    the approval flow, nor one whose lessons already have a record of being given."""
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(PLAN_NOT_DRAFT)
    if plan.lessons.filter(activity__isnull=False).exists():
        raise ValidationError(PLAN_HELD)
    with transaction.atomic():
        audit(actor, "meetings.plan.delete", plan, school=plan.school, request=request)
        plan.delete()


# Calendar feed -----------------------------------------------------------------------------------


def calendar_token(*, user) -> CalendarToken:
    token = CalendarToken.objects.filter(user=user).first()
    if token is None:
        token = CalendarToken.objects.create(user=user, token=CalendarToken.new_token())
    return token


def calendar_token_reset(*, user, request=None) -> CalendarToken:
    with transaction.atomic():
        CalendarToken.objects.filter(user=user).delete()
        token = CalendarToken.objects.create(user=user, token=CalendarToken.new_token())
        audit(user, "meetings.calendar_token.reset", token, request=request)
    return token

import datetime as dt
from functools import partial
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.lib import clock
from dangjian.lib.access import require
from dangjian.lib.clock import school_year_start
from dangjian.lib.last_used import last_organization
from dangjian.lib.listing import int_or_none, paginate
from dangjian.lib.views import delete_and_redirect, form_page
from dangjian.party.permissions import branch_scope
from dangjian.school.models import Semester, Staff
from dangjian.school.permissions import get_member_school_for_user

from . import exports, queries
from . import permissions as perms
from .compliance import MEMBER_CHECKS
from .enums import PLANS_IN_FORCE, ActivityStatus, Granularity, Kind, PlanStatus, State
from .forms import (
    ActivityForm,
    AttendanceForm,
    EvidenceForm,
    LessonPlanForm,
    PlannedLessonForm,
    RuleSettingsForm,
)
from .models import Attendance
from .services import (
    ACTION_LABELS,
    Refused,
    activity_cancel,
    activity_save,
    attendance_save,
    calendar_token,
    calendar_token_reset,
    check_in,
    checkin_window,
    evidence_add,
    evidence_delete,
    lesson_plan_save,
    plan_transition,
    planned_lesson_save,
    rule_settings_save,
)
from .services import (
    plan_delete as plan_delete_service,
)


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    return school


def _year(value, default: int) -> int:
    year = int_or_none(value)
    return year if year and 2000 <= year <= 2100 else default


# Activities --------------------------------------------------------------------------------------


@login_required
def activity_list(request, code):
    school = _school(request, code)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "organization", "status", "year", "month")}
    qs = queries.search_activities(perms.activities_for_user(request.user, school), **filters)
    if request.GET.get("export") == "xlsx":
        label = filters["year"] + (f"-{filters['month']}" if filters["month"] else "") if filters["year"] else "全部"
        return exports.activities_xlsx(f"组织生活记录-{school.short_name or school.name}-{label}.xlsx", qs)
    org_ids = branch_scope(request.user, school)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "meetings/activity_list.html",
        {
            "school": school,
            "filters": filters,
            **paginate(request, qs),
            "kinds": Kind.choices,
            "statuses": ActivityStatus.choices,
            "organizations": queries.organizations_in_scope(school, org_ids) if org_ids != set() else [],
            "years": range(clock.today().year + 1, 2017, -1),
            "months": range(1, 13),
            "export_query": query.urlencode(),
            "can_create": perms.can_write_records(request.user, school),
            "can_manage": perms.is_school_admin(request.user, school),
            "can_compliance": perms.can_view_compliance(request.user, school),
        },
    )


def _activity_form(request, school, **kwargs):
    return ActivityForm(
        request.POST or None, school=school, organizations=perms.editable_organizations(request.user, school), **kwargs
    )


@login_required
def activity_create(request, code):
    school = _school(request, code)
    require(perms.can_write_records(request.user, school))
    lesson = None
    initial = {
        "status": ActivityStatus.HELD,
        "organization": last_organization(request, school),
        "day": clock.today(),
        "start_time": dt.time(15, 0),
        "end_time": dt.time(16, 30),
    }
    if lesson_id := int_or_none(request.GET.get("lesson")):
        lesson = perms.get_lesson_for_user(request.user, school, lesson_id, write=False)
        require(lesson.plan.organization_id in perms.editable_org_ids(request.user, school))
        if lesson.plan.status not in PLANS_IN_FORCE:
            messages.error(request, f"党课计划“{lesson.plan}”尚未审批通过，不能据此记录党课；请先提交审批。")
            return redirect(lesson.plan.get_absolute_url())
        if lesson.activity_id:
            messages.info(request, "该党课已有讲授记录。")
            return redirect(lesson.activity.get_absolute_url())
        initial |= {
            "organization": lesson.plan.organization_id,
            "kinds": [Kind.LESSON],
            "topic": lesson.topic,
            "lecturer": lesson.lecturer_id,
            "day": lesson.planned_on,
        }
    form = _activity_form(request, school, initial=initial)
    return form_page(
        request,
        form=form,
        save=partial(activity_save, lesson=lesson),
        title="记录党课：" + lesson.topic if lesson else "新增组织生活记录",
        school=school,
        cancel_url=lesson.plan.get_absolute_url() if lesson else reverse("meetings:activity_list", args=[code]),
        next_url=_after_create,
    )


def _after_create(activity) -> str:
    """A meeting recorded as held goes on to its attendance (everyone 出席 until an exception is tapped)."""
    if activity.status == ActivityStatus.HELD and activity.attendances.exists():
        return reverse("meetings:attendance", args=[activity.school.code, activity.pk])
    return activity.get_absolute_url()


@login_required
def activity_edit(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    form = _activity_form(request, school, instance=activity)
    return form_page(
        request,
        form=form,
        save=activity_save,
        title=f"编辑记录：{activity.topic}",
        school=school,
        cancel_url=activity.get_absolute_url(),
    )


@login_required
def activity_detail(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    detail = queries.activity_detail(activity)
    can_edit = perms.can_edit_activity(request.user, activity)
    opens, closes = checkin_window(activity)
    now = timezone.now()
    staff_id = perms.get_access(request.user).staff_id
    mine = next((a for a in detail.attendances if a.staff_id == staff_id), None)
    return render(
        request,
        "meetings/activity_detail.html",
        {
            "school": school,
            "activity": activity,
            "detail": detail,
            "can_edit": can_edit,
            "mine": mine,
            "evidence_form": EvidenceForm() if can_edit else None,
            "checkin_open": activity.status != ActivityStatus.CANCELLED and opens <= now <= closes,
            "checkin_opens": opens,
            "checkin_closes": closes,
            "checkin_url": request.build_absolute_uri(reverse("meetings:checkin", args=[code, activity.pk])),
        },
    )


@login_required
def activity_docx(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    return exports.record_docx(activity, queries.activity_detail(activity))


@login_required
@require_POST
def activity_cancel_view(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    try:
        activity_cancel(activity=activity, reason=request.POST.get("reason", ""), actor=request.user, request=request)
        messages.success(request, "已取消该活动。")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect(activity.get_absolute_url())


@login_required
def attendance_edit(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    invited = {a.staff_id: a for a in activity.attendances.select_related("staff")}
    member_ids = queries.org_member_ids(activity.organization)
    staff = {s.pk: s for s in Staff.objects.filter(pk__in=set(invited) | member_ids).order_by("staff_number")}
    people = [staff[pk] for pk in staff if pk in invited]
    candidates = [staff[pk] for pk in staff if pk not in invited]
    form = AttendanceForm(
        request.POST or None,
        people=people,
        invited=invited,
        candidates=candidates,
        org_name=activity.organization.name,
        held=activity.status == ActivityStatus.HELD,
        all_present="all_present" in request.POST,
    )
    if request.method == "POST":
        if form.is_valid():
            attendance_save(activity=activity, rows=form.clean_rows, actor=request.user, request=request)
            messages.success(request, "已保存出勤登记。")
            return redirect(activity.get_absolute_url())
        messages.error(request, "保存失败，请按提示修改。")
    return render(request, "meetings/attendance.html", {"school": school, "activity": activity, "form": form})


@login_required
@require_POST
def evidence_upload(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        evidence_add(activity=activity, form=form, actor=request.user, request=request)
        messages.success(request, "已上传佐证材料。")
    else:
        messages.error(request, "上传失败：" + "；".join(form.errors.get("file", ["请选择文件。"])))
    return redirect(activity.get_absolute_url() + "#evidence")


@login_required
def evidence_file(request, code, pk):
    school = _school(request, code)
    evidence = perms.get_evidence_for_user(request.user, school, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已丢失") from None
    response = FileResponse(handle, content_type=evidence.content_type, filename=evidence.name)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    return response


@login_required
@require_POST
def evidence_remove(request, code, pk):
    school = _school(request, code)
    evidence = perms.get_evidence_for_user(request.user, school, pk, write=True)
    activity = evidence.activity
    evidence_delete(evidence=evidence, actor=request.user, request=request)
    messages.success(request, "已删除佐证材料。")
    return redirect(activity.get_absolute_url() + "#evidence")


@login_required
def activity_qr(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    url = request.build_absolute_uri(reverse("meetings:checkin", args=[code, activity.pk]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = BytesIO()
    image.save(out)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def checkin(request, code, pk):
    """The page a member's phone opens from the QR code. Invitees may check in even if the activity
    is not otherwise visible to them (the invitation is what makes it visible)."""
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    error, row = None, None
    if request.method == "POST":
        try:
            row = check_in(activity=activity, user=request.user, request=request)
        except Refused as exc:
            error = str(exc)
    else:
        staff_id = perms.get_access(request.user).staff_id
        row = Attendance.objects.filter(activity=activity, staff_id=staff_id).first() if staff_id else None
    opens, closes = checkin_window(activity)
    return render(
        request,
        "meetings/checkin.html",
        {
            "school": school,
            "activity": activity,
            "row": row,
            "error": error,
            "opens": opens,
            "closes": closes,
            "done": request.method == "POST" and error is None,
        },
        status=409 if error else 200,
    )


# Plans -------------------------------------------------------------------------------------------


@login_required
def plan_list(request, code):
    school = _school(request, code)
    filters = {k: request.GET.get(k, "").strip() for k in ("semester", "status", "organization")}
    qs = queries.plan_list(perms.plans_for_user(request.user, school), **filters).order_by(
        "-semester__starts_on", "organization__order", "organization_id"
    )
    today = clock.today()
    is_admin = perms.is_school_admin(request.user, school)
    return render(
        request,
        "meetings/plan_list.html",
        {
            "school": school,
            "filters": filters,
            **paginate(request, qs),
            "semesters": Semester.objects.select_related("school_year").order_by("-starts_on"),
            "statuses": PlanStatus.choices,
            "can_create": perms.can_write_records(request.user, school),
            "coverage": queries.leader_coverage(school, today) if is_admin else None,
            "today": today,
        },
    )


@login_required
def plan_create(request, code):
    school = _school(request, code)
    require(perms.can_write_records(request.user, school))
    today = clock.today()
    current = (
        Semester.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or Semester.objects.filter(starts_on__gt=today).order_by("starts_on").first()
        or Semester.objects.order_by("-starts_on").first()
    )
    form = LessonPlanForm(
        request.POST or None,
        school=school,
        organizations=perms.editable_organizations(request.user, school).filter(kind__in=("branch", "general_branch")),
        initial={"semester": current.pk if current else None, "organization": last_organization(request, school)},
    )
    return form_page(
        request,
        form=form,
        save=lesson_plan_save,
        title="制定学期党课计划",
        school=school,
        cancel_url=reverse("meetings:plan_list", args=[code]),
    )


@login_required
def plan_edit(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk, write=True)
    form = LessonPlanForm(
        request.POST or None,
        instance=plan,
        school=school,
        organizations=perms.editable_organizations(request.user, school),
    )
    return form_page(
        request,
        form=form,
        save=lesson_plan_save,
        title=f"编辑：{plan}",
        school=school,
        cancel_url=plan.get_absolute_url(),
    )


@login_required
def plan_detail(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk)
    can_edit = perms.can_edit_plan(request.user, plan)
    may_approve = perms.can_approve_plans(request.user, school)
    actions = []
    if can_edit and plan.status == PlanStatus.DRAFT:
        actions.append("submit")
    if may_approve:
        actions += {
            PlanStatus.DRAFT: ["approve"],
            PlanStatus.SUBMITTED: ["approve", "return"],
            PlanStatus.APPROVED: ["publish", "return"],
            PlanStatus.PUBLISHED: ["return"],
        }[plan.status]
    can_record = plan.status in PLANS_IN_FORCE and plan.organization_id in perms.editable_org_ids(request.user, school)
    return render(
        request,
        "meetings/plan_detail.html",
        {
            "school": school,
            "plan": plan,
            "lessons": queries.plan_lessons(plan),
            "coverage": queries.leader_coverage(school, plan.semester.starts_on, including=plan),
            "can_edit": can_edit,
            "can_record": can_record,
            "actions": [(a, ACTION_LABELS[a]) for a in actions],
        },
    )


@login_required
@require_POST
def plan_action(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk)
    action = request.POST.get("action", "")
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
        messages.success(request, f"已{ACTION_LABELS[action]}。")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_delete(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        plan_delete_service,
        plan=plan,
        message=f"已删除：{plan}",
        done_url=reverse("meetings:plan_list", args=[code]),
        refused_url=plan.get_absolute_url(),
    )


@login_required
def plan_docx(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk)
    coverage = queries.leader_coverage(school, plan.semester.starts_on, including=plan)
    return exports.plan_docx(plan, queries.plan_lessons(plan), coverage)


@login_required
def lesson_create(request, code, pk):
    school = _school(request, code)
    plan = perms.get_plan_for_user(request.user, school, pk, write=True)
    form = PlannedLessonForm(request.POST or None, plan=plan)
    return form_page(
        request,
        form=form,
        save=planned_lesson_save,
        title=f"添加党课：{plan}",
        school=school,
        cancel_url=plan.get_absolute_url(),
    )


@login_required
def lesson_edit(request, code, pk):
    school = _school(request, code)
    lesson = perms.get_lesson_for_user(request.user, school, pk, write=True)
    form = PlannedLessonForm(request.POST or None, instance=lesson, plan=lesson.plan)
    return form_page(
        request,
        form=form,
        save=planned_lesson_save,
        title="调整计划党课",
        school=school,
        cancel_url=lesson.plan.get_absolute_url(),
    )


# Compliance --------------------------------------------------------------------------------------


@login_required
def compliance_view(request, code):
    school = _school(request, code)
    require(perms.can_view_compliance(request.user, school))
    today = clock.today()
    org_ids = branch_scope(request.user, school)
    selected = int_or_none(request.GET.get("organization"))
    if selected is not None and org_ids is not None and selected not in org_ids:
        selected = None
    by_school_year = "school_year" in request.GET  # the dashboard's school year; else a calendar year
    if by_school_year:
        year = _year(request.GET.get("school_year"), school_year_start(today))
        data = queries.school_year_compliance([school.pk], year, today, org_ids=org_ids, lecturers=org_ids is None)
    else:
        year = _year(request.GET.get("year"), queries.reference_year(today))
        data = queries.compliance([school.pk], year, today, org_ids=org_ids, lecturers=org_ids is None)
    orgs = data.orgs
    current = next((o for o in orgs if o.org.id == selected), None)
    summary = []
    for item in orgs:
        natural = [r for r in item.rows if r.period.granularity == Granularity.YEAR]
        summary.append(
            {
                "item": item,
                "year_rows": natural,
                "overdue": sum(1 for f in item.findings if f.level == "danger"),
                "warnings": sum(1 for f in item.findings if f.level == "warning"),
            }
        )
    grid = None
    if current is not None:
        grid = _grid(current)
    return render(
        request,
        "meetings/compliance.html",
        {
            "school": school,
            "year": year,
            "years": range(school_year_start(today) if by_school_year else today.year, 2017, -1),
            "by_school_year": by_school_year,
            "period_param": "school_year" if by_school_year else "year",
            "today": today,
            "summary": summary,
            "current": current,
            "grid": grid,
            "lecturers": data.lecturers.get(school.pk),
            "lecturer_findings": data.lecturer_findings.get(school.pk, []),
            "rules": data.rules[school.pk],
            "holidays": sorted(data.rules[school.pk].holiday_months),
            "kinds": Kind.choices,
            "State": State,
            "can_manage": perms.is_school_admin(request.user, school),
        },
    )


def _grid(item: queries.OrgCompliance) -> dict:
    """Kinds × periods tables for one organization: months, quarters, semesters, the year."""
    out = {}
    for granularity in (Granularity.MONTH, Granularity.QUARTER, Granularity.SEMESTER, Granularity.YEAR):
        rows = item.rows_of(granularity)
        periods = list(dict.fromkeys(r.period for r in rows))
        kinds = list(dict.fromkeys(r.kind for r in rows))
        cells = {(r.period.key, r.kind): r for r in rows}
        out[granularity] = {
            "label": Granularity(granularity).label,
            "periods": periods,
            "lines": [(Kind(k).label, [cells.get((p.key, k)) for p in periods]) for k in kinds],
        }
    return out


@login_required
def member_view(request, code):
    school = _school(request, code)
    require(perms.can_view_compliance(request.user, school))
    today = clock.today()
    gaps = queries.member_gaps(school, branch_scope(request.user, school), today)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        gaps = [g for g in gaps if q in g.name]
    if kind in Kind.values:
        gaps = [g for g in gaps if g.kind == kind]
    return render(
        request,
        "meetings/members.html",
        {
            "school": school,
            **paginate(request, gaps, per_page=50),
            "q": q,
            "kind": kind,
            "kinds": [(k, Kind(k).label) for k, _ in MEMBER_CHECKS],
            "today": today,
        },
    )


# Calendar ----------------------------------------------------------------------------------------


def _month(value: str, today: dt.date) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def _day(value: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return today
    return day if 2000 <= day.year <= 2100 else today


def _week_view(request, school, today: dt.date, org_id: int | None):
    """Monday to Sunday of the week holding ?date=, as a list of days (phone-friendly)."""
    monday = _day(request.GET.get("date", ""), today)
    monday -= dt.timedelta(days=monday.weekday())
    sunday = monday + dt.timedelta(days=6)
    entries = queries.calendar_entries(request.user, school, monday, sunday, org_id=org_id)
    token = calendar_token(user=request.user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "school": school,
            "view": "week",
            "monday": monday,
            "sunday": sunday,
            "days": queries.week_days(monday, entries),
            "entries": entries,
            "weekdays": "一二三四五六日",
            "prev": f"{monday - dt.timedelta(days=7):%Y-%m-%d}",
            "next": f"{monday + dt.timedelta(days=7):%Y-%m-%d}",
            "this": f"{today:%Y-%m-%d}",
            "month_of_week": f"{monday:%Y-%m}",
            "today": today,
            "org_id": org_id,
            "organizations": queries.branch_choices(school, None),
            "feed_url": request.build_absolute_uri(reverse("meetings:feed", args=[school.code, token.token])),
            "can_compliance": perms.can_view_compliance(request.user, school),
        },
    )


@login_required
def calendar_view(request, code):
    school = _school(request, code)
    today = clock.today()
    org_id = int_or_none(request.GET.get("organization"))
    if request.GET.get("view") == "week":
        return _week_view(request, school, today, org_id)
    year, month = _month(request.GET.get("month", ""), today)
    weeks_all = queries.month_grid(year, month, [])
    first, last = weeks_all[0][0][0], weeks_all[-1][-1][0]
    entries = queries.calendar_entries(request.user, school, first, last, org_id=org_id)
    prev_month = dt.date(year, month, 1) - dt.timedelta(days=1)
    next_month = dt.date(year, month, 28) + dt.timedelta(days=5)
    token = calendar_token(user=request.user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "school": school,
            "view": "month",
            "year": year,
            "month": month,
            "week_of_month": f"{(today if (today.year, today.month) == (year, month) else dt.date(year, month, 1)):%Y-%m-%d}",
            "weeks": queries.month_grid(year, month, entries),
            "entries": [e for e in entries if e.day.month == month],
            "weekdays": "一二三四五六日",
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
            "this": f"{today:%Y-%m}",
            "today": today,
            "org_id": org_id,
            "organizations": queries.branch_choices(school, None),
            "feed_url": request.build_absolute_uri(reverse("meetings:feed", args=[code, token.token])),
            "can_compliance": perms.can_view_compliance(request.user, school),
        },
    )


def calendar_feed(request, code, token):
    """The private .ics feed: no login, the token in the URL is the key."""
    user = perms.get_feed_user(token)
    school = get_member_school_for_user(user, code)
    today = clock.today()
    entries = queries.calendar_entries(user, school, today - dt.timedelta(days=365), today + dt.timedelta(days=366))
    body = exports.ics_bytes(
        f"{school.short_name or school.name} 三会一课", entries, request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dangjian.ics"'
    return response


@login_required
@require_POST
def calendar_reset(request, code):
    school = _school(request, code)
    calendar_token_reset(user=request.user, request=request)
    messages.success(request, "已更换订阅地址，旧地址已失效。")
    return redirect(reverse("meetings:calendar", args=[school.code]) + "#subscribe")


# Settings ----------------------------------------------------------------------------------------


@login_required
def settings_view(request, code):
    school = _school(request, code)
    require(perms.is_school_admin(request.user, school))
    settings = queries.rule_settings(school)
    form = RuleSettingsForm(request.POST or None, instance=settings, school=school)
    return form_page(
        request,
        form=form,
        save=rule_settings_save,
        title="三会一课规则设置",
        school=school,
        cancel_url=reverse("meetings:compliance", args=[code]),
    )

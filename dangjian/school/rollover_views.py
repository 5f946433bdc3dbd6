"""The 新学年 pages: a preview of the rollover, its POST, and the result with what still needs a decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.accounts.models import AuditLog
from dangjian.lib.access import require
from dangjian.lib.listing import int_or_none

from . import permissions as perms
from .current import current_school_year
from .enums import GradeLevel
from .models import SchoolClass
from .rollover import MAX_NEW_CLASSES, RolloverRefused, next_start_year, plan_school_year, school_year_start


def _school(request, code):
    school = perms.get_member_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_start_school_year(request.user, school))
    return school


@login_required
def school_year_preview(request, code):
    school = _school(request, code)
    classes = int_or_none(request.GET.get("classes"))
    plan, refusal = None, ""
    try:
        plan = plan_school_year(school, next_start_year(school), classes)
    except RolloverRefused as refused:
        refusal = str(refused)
    return render(
        request,
        "school/school_year_preview.html",
        {
            "school": school,
            "current_year": current_school_year(),
            "plan": plan,
            "refusal": refusal,
            "max_classes": MAX_NEW_CLASSES,
        },
    )


@login_required
@require_POST
def school_year_apply(request, code):
    school = _school(request, code)
    try:
        plan = school_year_start(
            school=school,
            start_year=int_or_none(request.POST.get("year")),
            new_classes=int_or_none(request.POST.get("classes")),
            actor=request.user,
            request=request,
        )
    except RolloverRefused as refused:
        messages.error(request, str(refused))
        return redirect("school:school_year_preview", code)
    messages.success(
        request, f"已开始 {plan.code} 学年。" if not plan.is_empty else f"{plan.code} 学年已开始，无需变更。"
    )
    return redirect("school:school_year_result", code, plan.start_year)


@login_required
def school_year_result(request, code, start_year):
    school = _school(request, code)
    try:
        decisions = plan_school_year(school, start_year, new_classes=0).decisions
    except RolloverRefused:
        decisions = None  # a later year has been started since: this year's open points are not tracked here
    grades = (
        SchoolClass.objects.filter(grade__school=school, grade__school_year__start_year=start_year)
        .values("grade__level")
        .annotate(classes=Count("pk", distinct=True), students=Count("enrollments", distinct=True))
        .order_by("grade__level")
    )
    log = AuditLog.objects.filter(
        school=school, action="school_year.start", summary__startswith=f"{start_year}-"
    ).first()
    return render(
        request,
        "school/school_year_result.html",
        {
            "school": school,
            "code": f"{start_year}-{start_year + 1}",
            "grades": [{**g, "name": GradeLevel(g["grade__level"]).label} for g in grades],
            "log": log,
            "decisions": decisions,
        },
    )

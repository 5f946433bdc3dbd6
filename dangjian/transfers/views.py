from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib import clock
from dangjian.lib.access import not_found, require
from dangjian.lib.listing import paginate
from dangjian.lib.views import form_page
from dangjian.meetings.models import Activity
from dangjian.party.membership import MEMBER_STAGES
from dangjian.party.models import PartyMember
from dangjian.party.queries import subtree_ids
from dangjian.school.permissions import get_member_school_for_user

from . import exports, leaving, queries
from . import permissions as perms
from .enums import Grade, TransferState
from .forms import (
    AppraisalForm,
    BranchTermForm,
    TransferAcceptForm,
    TransferInForm,
    TransferReturnForm,
    TransferStartForm,
    branch_appraisal_formset,
)
from .grading import leading_grade, required_follow_up
from .models import Appraisal
from .services import (
    appraisal_save,
    branch_appraisals_save,
    branch_term_save,
    transfer_accept,
    transfer_in_register,
    transfer_return,
    transfer_start,
)


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_use(request.user, school))
    return school


def _admin_school(request, code):
    school = _school(request, code)
    require(perms.is_admin(request.user, school))
    return school


# 组织关系转接 -------------------------------------------------------------------------------------


@login_required
def transfer_list(request, code):
    school = _school(request, code)
    transfers = queries.transfer_rows(perms.transfers_for_user(request.user, school))
    waiting = (
        []
        if not perms.is_admin(request.user, school)
        else list(queries.transfer_rows(transfers.filter(to_school=school, state=TransferState.PENDING)))
    )
    return render(
        request,
        "transfers/transfer_list.html",
        {
            "school": school,
            "waiting": waiting,
            "is_admin": perms.is_admin(request.user, school),
            **paginate(request, transfers),
        },
    )


@login_required
def transfer_export(request, code):
    school = _school(request, code)
    return exports.transfers_xlsx(school, queries.transfer_rows(perms.transfers_for_user(request.user, school)))


@login_required
def transfer_detail(request, code, pk):
    school = _school(request, code)
    transfer = perms.get_transfer_for_user(request.user, school, pk)
    return render(
        request,
        "transfers/transfer_detail.html",
        {
            "school": school,
            "transfer": transfer,
            "can_receive": transfer.to_school_id == school.pk and perms.can_receive(request.user, transfer),
            "ended": leaving.ended(transfer),
            "return_form": TransferReturnForm(),
        },
    )


@login_required
def transfer_create(request, code):
    school = _admin_school(request, code)
    form = TransferStartForm(request.POST or None, school=school)
    return form_page(
        request,
        form=form,
        save=transfer_start,
        title="发起组织关系转出",
        school=school,
        cancel_url=reverse("transfers:transfer_list", args=[code]),
    )


@login_required
def transfer_in(request, code):
    school = _admin_school(request, code)
    form = TransferInForm(request.POST or None, school=school)
    return form_page(
        request,
        form=form,
        save=transfer_in_register,
        title="登记系统外转入党员",
        school=school,
        cancel_url=reverse("transfers:transfer_list", args=[code]),
    )


@login_required
def transfer_accept_view(request, code, pk):
    school = _school(request, code)
    transfer = perms.get_pending_for_receiver(request.user, school, pk)
    form = TransferAcceptForm(
        request.POST or None,
        school=school,
        transfer=transfer,
        initial={"staff_number": transfer.member.staff.staff_number, "accepted_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfer_accept(transfer=transfer, form=form, actor=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已接收：{transfer.name}转入{transfer.to_branch.name}")
        return redirect("transfers:transfer_detail", code, pk)
    return render(request, "transfers/transfer_accept.html", {"school": school, "transfer": transfer, "form": form})


@login_required
@require_POST
def transfer_return_view(request, code, pk):
    school = _school(request, code)
    transfer = perms.get_pending_for_receiver(request.user, school, pk)
    form = TransferReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写退回原因。")
        return redirect("transfers:transfer_detail", code, pk)
    try:
        transfer_return(
            transfer=transfer, reason=form.cleaned_data["return_reason"], actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已退回：{transfer.name}")
    return redirect("transfers:transfer_detail", code, pk)


# 换届 ------------------------------------------------------------------------------------------


def _term_rows(request, school):
    return queries.term_rows(perms.branches_for(request.user, school), clock.today())


@login_required
def term_list(request, code):
    school = _school(request, code)
    return render(request, "transfers/term_list.html", {"school": school, "rows": _term_rows(request, school)})


@login_required
def term_export(request, code):
    school = _school(request, code)
    return exports.terms_xlsx(school, _term_rows(request, school))


@login_required
def term_create(request, code):
    school = _school(request, code)
    branches = perms.branches_for(request.user, school)
    form = BranchTermForm(request.POST or None, school=school, branches=branches)
    return form_page(
        request,
        form=form,
        save=branch_term_save,
        title="登记支部换届",
        school=school,
        cancel_url=reverse("transfers:term_list", args=[code]),
    )


# 民主评议党员 ---------------------------------------------------------------------------------------


@login_required
def appraisal_list(request, code):
    school = _school(request, code)
    scope = perms.branch_ids(request.user, school)
    years, rows = queries.member_grades(school, scope)
    return render(
        request,
        "transfers/appraisal_list.html",
        {
            "school": school,
            "activities": queries.review_activities(school, scope)[:20],
            "entry_branches": perms.branches_for(request.user, school).order_by("order", "pk"),
            "this_year": clock.school_year_start(clock.today()),
            "years": years,
            **paginate(request, rows),
        },
    )


@login_required
def appraisal_export(request, code):
    school = _school(request, code)
    years, rows = queries.member_grades(school, perms.branch_ids(request.user, school))
    return exports.grades_xlsx(school, years, rows)


def _label(grade: str | None) -> str | None:
    return Grade(grade).label if grade else None


def _review_activity(request, school, pk) -> Activity:
    scope = perms.branch_ids(request.user, school)
    activity = queries.review_activities(school, scope).filter(pk=pk).first()
    if activity is None:
        not_found()
    return activity


@login_required
def appraisal_activity(request, code, pk):
    school = _school(request, code)
    activity = _review_activity(request, school, pk)
    members = queries.activity_members(activity, subtree_ids(school, [activity.organization_id]))
    return render(
        request,
        "transfers/appraisal_activity.html",
        {"school": school, "activity": activity, "members": members},
    )


@login_required
def appraisal_edit(request, code, pk, member_pk):
    school = _school(request, code)
    activity = _review_activity(request, school, pk)
    branch_ids = subtree_ids(school, [activity.organization_id])
    member = (
        PartyMember.objects.filter(pk=member_pk, branch__in=branch_ids, status__in=MEMBER_STAGES)
        .select_related("staff")
        .first()
    )
    if member is None:
        not_found()
    instance = Appraisal.objects.filter(activity=activity, member=member).first() or Appraisal(
        activity=activity, member=member
    )
    voters = queries.voters(branch_ids)
    form = AppraisalForm(request.POST or None, instance=instance, voters=voters)
    if request.method == "POST" and form.is_valid():
        appraisal_save(form=form, actor=request.user, request=request)
        messages.success(request, f"已保存：{member.staff.name}的评议结果")
        return redirect("transfers:appraisal_activity", code, pk)
    return render(
        request,
        "transfers/appraisal_edit.html",
        {
            "school": school,
            "activity": activity,
            "member": member,
            "form": form,
            "voters": voters,
            "suggested": _label(leading_grade(instance.votes)) if instance.pk else None,
            "follow_up": required_follow_up("unqualified", member.status),
        },
    )


@login_required
def appraisal_branch(request, code, pk, year):
    """民主评议 of a whole branch for a school year on one screen: every member's grade, votes and decision."""
    school = _school(request, code)
    branch = perms.branches_for(request.user, school).filter(pk=pk).first()
    if branch is None or not 2000 <= year <= 2100:
        not_found()
    activity = queries.branch_review(school, branch, year)
    context = {"school": school, "branch": branch, "year": year, "activity": activity, "years": (year - 1, year + 1)}
    if activity is None:
        return render(request, "transfers/appraisal_branch.html", context)
    voters = queries.voters(subtree_ids(school, [activity.organization_id]))
    formset = branch_appraisal_formset(
        request.POST or None, instances=queries.branch_appraisals(activity, branch), voters=voters
    )
    if request.method == "POST" and formset.is_valid():
        saved = branch_appraisals_save(
            activity=activity, branch=branch, formset=formset, actor=request.user, request=request
        )
        messages.success(request, f"已保存 {saved} 名党员的评议结果")
        return redirect("transfers:appraisal_branch", code, pk, year)
    return render(
        request,
        "transfers/appraisal_branch.html",
        {
            **context,
            "formset": formset,
            "voters": voters,
            "follow_up": {s: required_follow_up(Grade.UNQUALIFIED, s) for s in ("probationary", "full")},
        },
    )

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.accounts.access import get_access
from dangjian.lib import clock
from dangjian.lib.access import not_found, require
from dangjian.lib.listing import int_or_none
from dangjian.party.models import PartyMember
from dangjian.rosters.reader import ReadError
from dangjian.rosters.uploads import discard_upload, load_upload, save_upload
from dangjian.school.permissions import get_member_school_for_user, get_school_for_user

from . import exports, ledger, rules
from . import permissions as perms
from .forms import BaseForm, ImportForm, RecordForm
from .importing import apply_plan, plan_import
from .models import DuesBase, DuesPayment
from .services import base_save, payment_delete, payments_record


def _year(request) -> int:
    year = int_or_none(request.GET.get("year") or request.POST.get("year"))
    return year if year in rules.YEARS else clock.today().year


def _years(year: int) -> list[int]:
    this = clock.today().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def _member_school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    return school


def _keeper_school(request, code):
    school = _member_school(request, code)
    require(perms.can_keep_ledgers(request.user, school))
    return school


def _branch(request, code, pk):
    school = _keeper_school(request, code)
    return school, perms.get_branch_for_user(request.user, school, pk)


def _ledger_url(school, branch, year):
    return reverse("dues:ledger", args=[school.code, branch.pk]) + f"?year={year}"


@login_required
def overview(request, code):
    school = get_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_view_totals(request.user, school))
    year = _year(request)
    per_branch, total = ledger.school_summary(school, year, perms.totals_scope(request.user, school))
    return render(
        request,
        "dues/overview.html",
        {
            "school": school,
            "year": year,
            "years": _years(year),
            "per_branch": per_branch,
            "total": total,
            "is_admin": perms.is_admin(request.user, school),
            "can_keep": perms.can_keep_ledgers(request.user, school),
        },
    )


@login_required
def export(request, code):
    school = _keeper_school(request, code)
    year = _year(request)
    ids = perms.branch_ids(request.user, school)
    branches = [b for b in ledger.branches_with_members(school, year) if ids is None or b.pk in ids]
    return exports.ledger_xlsx(school, branches, year)


@login_required
def branch_ledger(request, code, pk):
    school, branch = _branch(request, code, pk)
    year = _year(request)
    rows = ledger.build_rows(ledger.ledger_members([branch], year), year)
    return render(
        request,
        "dues/ledger.html",
        {
            "school": school,
            "branch": branch,
            "year": year,
            "years": _years(year),
            "months": rules.months_of(year),
            "rows": rows,
            "total": ledger.totals(rows),
            "behind": [r for r in rows if r.behind],
            "missing_base": [r for r in rows if r.missing_base],
            "behind_months": rules.BEHIND_MONTHS,
        },
    )


@login_required
def branch_export(request, code, pk):
    school, branch = _branch(request, code, pk)
    return exports.ledger_xlsx(school, [branch], _year(request))


@login_required
def record(request, code, pk):
    """Mark one month paid for many members of the branch at once (phone-usable checklist)."""
    school, branch = _branch(request, code, pk)
    today = clock.today()
    members = ledger.members_of([branch])
    month = rules.month_start(today)
    form = RecordForm(
        request.POST or None,
        member_choices=[(m.pk, m.staff.name) for m in members],
        initial={"month": month, "paid_on": today},
    )
    if request.method == "POST" and form.is_valid():
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
        messages.success(request, f"已登记 {done.created} 人 {data['month']:%Y 年 %m 月} 党费。")
        if done.no_base:
            messages.warning(request, "以下党员本年度没有党费基数，未登记：" + "、".join(done.no_base))
        return redirect(reverse("dues:record", args=[code, pk]) + f"?month={data['month']:%Y-%m}")
    if request.method == "POST":
        month = form.cleaned_data.get("month") or month
    else:
        month = _month_param(request.GET.get("month")) or month
        form.initial["month"] = month
    rows = {r.member.pk: r for r in ledger.build_rows(members, month.year, today)}
    checklist = [(m, rows[m.pk].cells[month.month - 1]) for m in members]
    return render(
        request,
        "dues/record.html",
        {"school": school, "branch": branch, "form": form, "month": month, "checklist": checklist},
    )


def _month_param(value):
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1) if year in rules.YEARS else None
    except ValueError:
        return None


@login_required
@require_POST
def payment_remove(request, code, pk):
    school = _keeper_school(request, code)
    payment = (
        DuesPayment.objects.filter(pk=pk, member__branch__school=school, carried_from__isnull=True)
        .select_related("member__staff", "member__branch__school")
        .first()
    )
    if payment is None:
        not_found()
    branch = perms.get_branch_for_user(request.user, school, payment.member.branch_id)
    payment_delete(payment=payment, actor=request.user, request=request)
    messages.success(request, f"已撤销 {payment.member.staff.name} {payment.month:%Y-%m} 的党费记录。")
    return redirect(_ledger_url(school, branch, payment.month.year))


@login_required
def base_edit(request, code, member_pk):
    school = _keeper_school(request, code)
    member = PartyMember.objects.filter(pk=member_pk, branch__school=school).select_related("staff", "branch").first()
    if member is None:
        not_found()
    branch = perms.get_branch_for_user(request.user, school, member.branch_id)
    year = _year(request)
    instance = DuesBase.objects.filter(member=member, year=year).first() or DuesBase(member=member, year=year)
    form = BaseForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        base_save(form=form, actor=request.user, request=request)
        messages.success(
            request, f"已保存 {member.staff.name} {year} 年党费基数，月党费 {form.instance.monthly_dues} 元。"
        )
        return redirect(_ledger_url(school, branch, year))
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"{member.staff.name} {year} 年党费基数",
            "cancel_url": _ledger_url(school, branch, year),
        },
    )


@login_required
def import_dues(request, code):
    """Upload → preview (every row's action or problems) → confirm; nothing is written before confirm."""
    school = _keeper_school(request, code)
    ids = perms.branch_ids(request.user, school)
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _import_confirm(request, school, ids, token)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": _year(request)})
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
        try:
            plan = plan_import(kind=kind, data=data, filename=upload.name, school=school, year=year, branch_ids=ids)
        except ReadError as exc:
            form.add_error("file", str(exc))
        else:
            if not plan.problems:
                token = save_upload(
                    request, kind=f"dues_{kind}", school=school, data=data, filename=upload.name, period=year
                )
    return render(request, "dues/import.html", {"school": school, "form": form, "plan": plan, "token": token})


def _import_confirm(request, school, ids, token):
    kind = request.POST.get("kind", "")
    loaded = (
        load_upload(request, kind=f"dues_{kind}", school=school, token=token) if kind in ("bases", "payments") else None
    )
    if loaded is None:
        messages.error(request, "上传的文件已过期，请重新上传。")
        return redirect("dues:import", code=school.code)
    meta, data = loaded
    try:
        plan = plan_import(
            kind=kind, data=data, filename=meta["filename"], school=school, year=meta["period"], branch_ids=ids
        )
    except ReadError as exc:
        messages.error(request, str(exc))
        return redirect("dues:import", code=school.code)
    if plan.problems:  # the data changed since the preview
        messages.error(request, "数据已变化，文件中有行无法导入，请重新上传检查。")
        return redirect("dues:import", code=school.code)
    try:
        changed = apply_plan(plan, school=school, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("dues:import", code=school.code)
    discard_upload(request, token)
    messages.success(
        request, f"导入完成：新增 {plan.count('新增')} 行，更新 {plan.count('更新')} 行，不变 {plan.count('不变')} 行。"
    )
    if not changed:
        messages.info(request, "没有需要写入的变化。")
    return redirect(reverse("dues:overview", args=[school.code]) + f"?year={plan.year}")


@login_required
def mine(request, code):
    """A member's own dues: their base, every month's due and payment."""
    school = _member_school(request, code)
    require(perms.can_view_own(request.user, school))
    year = _year(request)
    member = (
        PartyMember.objects.filter(staff_id=get_access(request.user).staff_id, branch__school=school)
        .select_related("staff", "branch")
        .first()
    )
    row = ledger.build_rows([member], year)[0] if member is not None else None
    return render(
        request,
        "dues/mine.html",
        {"school": school, "year": year, "years": _years(year), "member": member, "row": row},
    )

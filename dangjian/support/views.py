"""Pages of student support: thin functions over permissions, queries, forms and services."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib.access import not_found, require
from dangjian.lib.downloads import attachment
from dangjian.lib.listing import paginate
from dangjian.lib.views import form_page
from dangjian.lib.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from dangjian.rosters import uploads
from dangjian.rosters.jobs import start_if_large
from dangjian.rosters.views import preview_context
from dangjian.school.models import SchoolYear

from . import excel, importers, queries, services
from . import permissions as perms
from .enums import CaseOutcome, PairingKind, PairingStatus, PoorType, SpecialCategory
from .forms import (
    CollaboratorForm,
    EraseForm,
    PairingForm,
    PoorStudentRecordForm,
    RegisterImportForm,
    SpecialStudentCaseForm,
    StudentOutcomeForm,
    SupportRecordForm,
    SupportSettingsForm,
)
from .models import Collaborator

AUDIT_ACTIONS = [
    ("support.case.read", "查阅特殊生档案"),
    ("support.export", "导出名册/台账"),
    ("support.import", "导入名册"),
    ("support.record", "帮扶记录"),
    ("support.pairing", "结对"),
    ("support.poor", "贫困生名册"),
    ("support.case", "特殊生档案（含查阅）"),
    ("support.student.erase", "删除学生个人信息"),
    ("support", "全部帮扶操作"),
]


def _school(request, code):
    school = perms.support_school(request.user, code)
    request.current_school = school
    return school


def _filters(request, *names) -> dict:
    return {k: request.GET.get(k, "").replace("\x00", "").strip() for k in names}


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# Home -----------------------------------------------------------------------------------------------


@login_required
def home(request, code):
    school = _school(request, code)
    require(perms.can_use_support(request.user, school))
    semester = queries.current_semester()
    staff_id = perms.own_staff_id(request.user, school)
    findings = queries.checks_for(request.user, school, semester) or []
    return render(
        request,
        "support/home.html",
        {
            "school": school,
            "semester": semester,
            "mine": queries.my_pairings(school, staff_id, semester),
            "my_cases": queries.my_cases(school, staff_id, semester.school_year if semester else None),
            **paginate(request, findings, per_page=20),
            "findings_count": len(findings),
            "is_secretary": perms.is_secretary(request.user, school),
            "can_special": perms.can_manage_special(request.user, school),
            "interval": queries.settings_for(school).contact_interval_days,
        },
    )


# Registers ------------------------------------------------------------------------------------------


@login_required
def poor_list(request, code):
    school = _school(request, code)
    require(perms.can_manage_poor(request.user, school))
    year = queries.year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    semester = queries.semester_in_year(year)
    filters = _filters(request, "q", "type", "paired", "left")
    qs = queries.poor_register(perms.visible_poor(request.user, school), year, semester, **filters)
    return render(
        request,
        "support/poor_list.html",
        {
            "school": school,
            "school_year": year,
            "semester": semester,
            "years": SchoolYear.objects.all(),
            "filters": filters,
            "type_choices": PoorType.choices,
            **paginate(request, qs),
        },
    )


@login_required
def special_list(request, code):
    school = _school(request, code)
    require(perms.can_manage_special(request.user, school))
    year = queries.year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    semester = queries.semester_in_year(year)
    filters = _filters(request, "q", "category", "outcome", "paired", "left")
    qs = queries.special_register(perms.visible_cases(request.user, school), year, semester, **filters)
    return render(
        request,
        "support/special_list.html",
        {
            "school": school,
            "school_year": year,
            "semester": semester,
            "years": SchoolYear.objects.all(),
            "filters": filters,
            "category_choices": SpecialCategory.choices,
            "outcome_choices": CaseOutcome.choices,
            **paginate(request, qs),
        },
    )


def _register_year(request):
    year = queries.year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    return year


@login_required
def poor_create(request, code):
    school = _school(request, code)
    require(perms.can_manage_poor(request.user, school))
    year = _register_year(request)
    form = PoorStudentRecordForm(request.POST or None, school=school, school_year=year)
    return form_page(
        request,
        form=form,
        save=services.poor_record_save,
        title=f"登记贫困生（{year}）",
        school=school,
        cancel_url=reverse("support:poor_list", args=[code]) + f"?year={year.start_year}",
    )


@login_required
def poor_edit(request, code, pk):
    school = _school(request, code)
    record = perms.get_poor_for_user(request.user, school, pk, write=True)
    form = PoorStudentRecordForm(request.POST or None, instance=record, school=school, school_year=record.school_year)
    return form_page(
        request,
        form=form,
        save=services.poor_record_save,
        title=f"编辑贫困生登记：{record.student.name}（{record.school_year}）",
        school=school,
        cancel_url=record.get_absolute_url(),
    )


@login_required
def special_create(request, code):
    school = _school(request, code)
    require(perms.can_manage_special(request.user, school))
    year = _register_year(request)
    form = SpecialStudentCaseForm(request.POST or None, school=school, school_year=year)
    return form_page(
        request,
        form=form,
        save=services.special_case_save,
        title=f"登记特殊生（{year}）",
        school=school,
        cancel_url=reverse("support:special_list", args=[code]) + f"?year={year.start_year}",
    )


@login_required
def special_edit(request, code, pk):
    school = _school(request, code)
    case = perms.get_case_for_user(request.user, school, pk, write=True)
    if request.method == "GET":
        services.case_read(case=case, actor=request.user, request=request, via="编辑页")
    form = SpecialStudentCaseForm(request.POST or None, instance=case, school=school, school_year=case.school_year)
    return form_page(
        request,
        form=form,
        save=services.special_case_save,
        title=f"编辑特殊生档案：{case.student.name}（{case.school_year}）",
        school=school,
        cancel_url=case.get_absolute_url(),
    )


@login_required
def collaborator_add(request, code, pk):
    school = _school(request, code)
    case = perms.get_case_for_user(request.user, school, pk, write=True)
    form = CollaboratorForm(request.POST or None, case=case)
    return form_page(
        request,
        form=form,
        save=services.collaborator_save,
        title=f"添加协同人员：{case.student.name}（{case.school_year}）",
        school=school,
        cancel_url=case.get_absolute_url(),
    )


@login_required
@require_POST
def collaborator_remove(request, code, pk):
    school = _school(request, code)
    collaborator = Collaborator.objects.filter(pk=pk, case__school=school).select_related("case__school").first()
    if collaborator is None:
        not_found()
    case = perms.get_case_for_user(request.user, school, collaborator.case_id, write=True)
    services.collaborator_remove(collaborator=collaborator, actor=request.user, request=request)
    messages.success(request, "已移除协同人员。")
    return redirect(case.get_absolute_url())


# A student's support file ---------------------------------------------------------------------------


@login_required
def student(request, code, pk):
    school = _school(request, code)
    student = perms.get_student_for_support(request.user, school, pk)
    data = queries.student_file(request.user, school, student)
    for case in data["cases"]:
        services.case_read(case=case, actor=request.user, request=request)
    for pairing in data["pairings"]:
        pairing.can_write = perms.can_write_records(request.user, pairing)
        pairing.can_manage = perms.can_manage_pairings(request.user, school, pairing.kind)
        for record in pairing.live_records:
            record.can_change = pairing.can_write and perms.may_change(request.user, pairing, record)
    return render(
        request,
        "support/student.html",
        {
            "school": school,
            "student": student,
            **data,
            "can_manage_poor": perms.can_manage_poor(request.user, school),
            "can_manage_special": perms.can_manage_special(request.user, school),
            "can_edit_outcomes": perms.can_edit_outcomes(request.user, school),
            "can_erase": perms.can_erase(request.user, school),
        },
    )


@login_required
def student_erase(request, code, pk):
    school = _school(request, code)
    require(perms.can_erase(request.user, school))
    student = perms.get_student_for_support(request.user, school, pk)
    form = EraseForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        services.student_erase(school=school, student=student, actor=request.user, request=request)
        messages.success(request, "已删除该生的个人信息，匿名统计数据保留。")
        return redirect("support:student", code, student.pk)
    return render(request, "support/erase.html", {"school": school, "student": student, "form": form})


# Pairings -------------------------------------------------------------------------------------------


@login_required
def pairing_list(request, code):
    school = _school(request, code)
    kinds = perms.manageable_kinds(request.user, school)
    require(bool(kinds))
    semester = queries.semester_from_param(request.GET.get("semester"))
    if semester is None:
        not_found()
    filters = _filters(request, "q", "kind", "status")
    qs = queries.pairing_list(perms.visible_pairings(request.user, school), semester, kinds=kinds, **filters)
    return render(
        request,
        "support/pairing_list.html",
        {
            "school": school,
            "semester": semester,
            "semesters": queries.all_semesters(),
            "filters": filters,
            "kind_choices": [(k, PairingKind(k).label) for k in kinds],
            "status_choices": PairingStatus.choices,
            "proposed": qs.filter(status=PairingStatus.PROPOSED).count(),
            **paginate(request, qs),
        },
    )


def _semester_from_post(request):
    semester = queries.semester_from_param(request.POST.get("semester") or request.GET.get("semester"))
    if semester is None:
        not_found()
    return semester


def _pairings_url(code, semester):
    return reverse("support:pairing_list", args=[code]) + f"?semester={semester.code}"


@login_required
def pairing_create(request, code):
    school = _school(request, code)
    kinds = perms.manageable_kinds(request.user, school)
    require(bool(kinds))
    semester = _semester_from_post(request)
    form = PairingForm(request.POST or None, school=school, semester=semester, kinds=kinds)
    return form_page(
        request,
        form=form,
        save=services.pairing_save,
        title=f"新增结对（{semester}）",
        school=school,
        cancel_url=_pairings_url(code, semester),
    )


@login_required
def pairing_edit(request, code, pk):
    school = _school(request, code)
    pairing = perms.get_managed_pairing(request.user, school, pk)
    form = PairingForm(
        request.POST or None, instance=pairing, school=school, semester=pairing.semester, kinds=[pairing.kind]
    )
    return form_page(
        request,
        form=form,
        save=services.pairing_save,
        title=f"调整结对：{pairing.student.name}（{pairing.semester}）",
        school=school,
        cancel_url=_pairings_url(code, pairing.semester),
    )


@login_required
@require_POST
def pairing_propose(request, code):
    school = _school(request, code)
    kinds = perms.manageable_kinds(request.user, school)
    require(bool(kinds))
    semester = _semester_from_post(request)
    proposals = services.pairings_propose(
        school=school, semester=semester, kinds=kinds, actor=request.user, request=request
    )
    placed = sum(1 for p in proposals if p.helper_id)
    if not proposals:
        messages.info(request, "名册中的学生本学期都已有结对，无需生成建议。")
    else:
        messages.success(request, f"已生成 {placed} 条结对建议，请逐条核对后确认。")
        for p in proposals:
            if not p.helper_id:
                messages.warning(request, f"{p.name}（{PairingKind(p.kind).label}）未能安排：{p.reason}")
    return redirect(_pairings_url(code, semester))


@login_required
@require_POST
def pairing_confirm(request, code):
    school = _school(request, code)
    kinds = perms.manageable_kinds(request.user, school)
    require(bool(kinds))
    semester = _semester_from_post(request)
    qs = perms.visible_pairings(request.user, school).filter(
        semester=semester, kind__in=kinds, status=PairingStatus.PROPOSED
    )
    ids = [int(i) for i in request.POST.getlist("pairing") if i.isdigit()]
    if request.POST.get("all") != "1":
        qs = qs.filter(pk__in=ids)
    count = services.pairing_confirm(pairings=list(qs), actor=request.user, school=school, request=request)
    messages.success(request, f"已确认 {count} 条结对。")
    return redirect(_pairings_url(code, semester))


@login_required
@require_POST
def pairing_delete(request, code, pk):
    school = _school(request, code)
    pairing = perms.get_managed_pairing(request.user, school, pk)
    try:
        services.pairing_delete(pairing=pairing, actor=request.user, request=request)
        messages.success(request, "已删除结对。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(_pairings_url(code, pairing.semester))


# Records --------------------------------------------------------------------------------------------


@login_required
def record_create(request, code, pk):
    school = _school(request, code)
    pairing = perms.get_pairing_for_user(request.user, school, pk, write=True)
    form = SupportRecordForm(request.POST or None, pairing=pairing)
    return form_page(
        request,
        form=form,
        save=partial(services.record_save, by_collaborator=perms.logs_as_collaborator(request.user, pairing)),
        title=f"填写帮扶记录：{pairing.student.name}（{pairing.get_kind_display()}，{pairing.semester}）",
        school=school,
        cancel_url=pairing.get_absolute_url(),
    )


@login_required
def record_edit(request, code, pk):
    school = _school(request, code)
    record = perms.get_record_for_user(request.user, school, pk, write=True)
    if request.method == "GET":
        services.pairing_read(pairing=record.pairing, actor=request.user, request=request, via="帮扶记录编辑页")
    form = SupportRecordForm(request.POST or None, instance=record, pairing=record.pairing)
    return form_page(
        request,
        form=form,
        save=services.record_save,
        title=f"编辑帮扶记录：{record.pairing.student.name}",
        school=school,
        cancel_url=record.get_absolute_url(),
    )


@login_required
@require_POST
def record_delete(request, code, pk):
    school = _school(request, code)
    record = perms.get_record_for_user(request.user, school, pk, write=True)
    services.record_delete(record=record, actor=request.user, request=request)
    messages.success(request, "已删除该帮扶记录（留档备查，不再计入统计）。")
    return redirect(record.get_absolute_url())


# Outcomes, settings ---------------------------------------------------------------------------------


@login_required
def outcome_create(request, code):
    school = _school(request, code)
    require(perms.can_edit_outcomes(request.user, school))
    initial = {"student_number": request.GET.get("student", "")[:20]}
    form = StudentOutcomeForm(request.POST or None, initial=initial, school=school)
    return form_page(
        request,
        form=form,
        save=services.outcome_save,
        title="记录学生去向",
        school=school,
        cancel_url=reverse("support:home", args=[code]),
    )


@login_required
def settings_edit(request, code):
    school = _school(request, code)
    require(perms.can_edit_settings(request.user, school))
    form = SupportSettingsForm(request.POST or None, instance=queries.settings_for(school))
    return form_page(
        request,
        form=form,
        save=services.settings_save,
        title="帮扶设置",
        school=school,
        cancel_url=reverse("support:home", args=[code]),
    )


# Aid ledger, exports, imports -----------------------------------------------------------------------


@login_required
def aid_ledger(request, code):
    school = _school(request, code)
    require(perms.can_view_aid(request.user, school))
    year = queries.year_from_param(request.GET.get("year"))
    return render(
        request,
        "support/aid.html",
        {
            "school": school,
            "school_year": year,
            "years": SchoolYear.objects.all(),
            "summary": queries.aid_summary(school, year),
            **paginate(request, queries.aid_entries(school, year)),
        },
    )


@login_required
def export(request, code, register):
    school = _school(request, code)
    if register not in perms.REGISTERS:
        not_found()
    require(perms.can_export(request.user, school, register), "没有权限导出该名册")
    year = queries.year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    semester = queries.semester_in_year(year)
    if register == "poor":
        rows = list(queries.poor_register(perms.visible_poor(request.user, school), year, semester))
        sheets, name = [excel.poor_sheet(rows)], "贫困生名册"
    elif register == "special":
        rows = list(queries.special_register(perms.visible_cases(request.user, school), year, semester))
        sheets, name = [excel.special_sheet(rows)], "特殊生名册"
    else:
        rows = list(queries.aid_entries(school, year))
        summary = queries.aid_summary(school, year)
        totals = [
            ("按学生", "学生", summary["by_student"]),
            ("按帮扶人", "帮扶人", summary["by_helper"]),
            ("按学期", "学期", summary["by_semester"]),
            ("按资金来源", "资金来源", summary["by_source"]),
        ]
        sheets, name = excel.aid_sheets(rows, totals), "资助台账"
    services.register_export(school=school, register=register, actor=request.user, rows=len(rows), request=request)
    return xlsx_response(f"{school.short_name or school.name}{name}{year.code}.xlsx", sheets)


@login_required
def register_import(request, code):
    """Step 1 of 3: choose the register and the school year, upload the file (nothing is written)."""
    school = _school(request, code)
    registers = [r for r in importers.SPECS if perms.can_import(request.user, school, r)]
    require(bool(registers))
    form = RegisterImportForm(
        request.POST or None,
        request.FILES or None,
        registers=registers,
        initial={"school_year": queries.year_from_param(None)},
    )
    if request.method == "POST" and form.is_valid():
        register, year, file = (form.cleaned_data[k] for k in ("register", "school_year", "file"))
        token = uploads.save_upload(
            request, kind=_upload_kind(register), school=school, data=file.read(), filename=file.name, period=year.pk
        )
        return redirect("support:import_preview", code, register, token)
    return render(
        request,
        "support/import.html",
        {"school": school, "form": form, "specs": [(r, importers.SPECS[r]) for r in registers]},
    )


def _upload_kind(register: str) -> str:
    return importers.SPECS[register].kind


def _import_school(request, code, register):
    school = _school(request, code)
    if register not in importers.SPECS:
        not_found()
    require(perms.can_import(request.user, school, register), "没有权限导入该名册")
    return school


@login_required
def import_template(request, code, register):
    _import_school(request, code, register)
    spec = importers.SPECS[register]
    return attachment(importers.template(register), f"{spec.label}导入模板.xlsx", XLSX_CONTENT_TYPE)


def _load_upload(request, school, register, token):
    loaded = uploads.load_upload(request, kind=_upload_kind(register), school=school, token=token)
    year = SchoolYear.objects.filter(pk=loaded[0]["period"]).first() if loaded else None
    if year is None:
        messages.error(request, "上传的文件已过期或不存在，请重新上传。")
        return None
    return loaded[0], loaded[1], year


def _preview_page(request, school, register, token, plan, status=200):
    context = preview_context(
        plan,
        token,
        upload_url=reverse("support:import", args=[school.code]),
        confirm_url=reverse("support:import_confirm", args=[school.code, register, token]),
        key_label="学生",
    )
    return render(
        request, "support/import_preview.html", {"school": school, "register": register, **context}, status=status
    )


@login_required
def import_preview(request, code, register, token):
    """Step 2: what the import would do, row by row, and every problem (nothing is written)."""
    school = _import_school(request, code, register)
    loaded = _load_upload(request, school, register, token)
    if loaded is None:
        return redirect("support:import", code)
    meta, data, year = loaded
    plan = importers.plan_register_import(
        register, school=school, school_year=year, data=data, filename=meta["filename"]
    )
    uploads.remember_rows(request, token, len(plan.actions))
    return _preview_page(request, school, register, token, plan)


@require_POST
@login_required
def import_confirm(request, code, register, token):
    """Step 3: all or nothing, in one transaction, audited."""
    school = _import_school(request, code, register)
    loaded = _load_upload(request, school, register, token)
    if loaded is None:
        return redirect("support:import", code)
    meta, data, year = loaded
    job = start_if_large(request, job_kind="support.import", school=school, token=token, meta=meta, register=register)
    if job is not None:
        return redirect(job)
    plan, applied = services.register_import(
        register=register,
        school=school,
        school_year=year,
        data=data,
        filename=meta["filename"],
        actor=request.user,
        request=request,
    )
    if not applied:
        messages.error(request, "数据在预览后发生了变化，出现了问题，未写入任何数据。请核对后重新上传。")
        return _preview_page(request, school, register, token, plan, status=409)
    uploads.discard_upload(request, token)
    counts = plan.counts
    messages.success(
        request, f"导入完成：新增 {counts['create']} 行，更新 {counts['update']} 行，不变 {counts['unchanged']} 行。"
    )
    target = "support:poor_list" if register == "poor" else "support:special_list"
    return redirect(reverse(target, args=[code]) + f"?year={year.start_year}")


# Audit log, figures ---------------------------------------------------------------------------------


@login_required
def audit_log(request, code):
    school = _school(request, code)
    require(perms.can_view_audit(request.user, school))
    filters = _filters(request, "action", "user", "from", "to")
    action = filters["action"] if filters["action"] in dict(AUDIT_ACTIONS) else ""
    qs = queries.audit_entries(
        school, action=action, user=filters["user"], date_from=_date(filters["from"]), date_to=_date(filters["to"])
    )
    return render(
        request,
        "support/audit.html",
        {"school": school, "filters": filters, "action_choices": AUDIT_ACTIONS, **paginate(request, qs)},
    )


@login_required
def figures(request, code):
    school = perms.figures_school(request.user, code)
    request.current_school = school
    require(perms.can_view_figures(request.user, school))
    data = queries.figures(school)
    years = [y["start_year"] for y in data["years"]]
    first = max(min(years), 2018) if years else None
    last = min(first + 3, max(years)) if years else None
    return render(
        request,
        "support/figures.html",
        {
            "school": school,
            **data,
            "period": {
                "label": f"{first}-{first + 1} 至 {last}-{last + 1} 学年",
                "figures": queries.period_person_times(data, first, last),
            }
            if years
            else None,
        },
    )

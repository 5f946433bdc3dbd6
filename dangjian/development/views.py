from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib import clock
from dangjian.lib.access import not_found, require
from dangjian.lib.listing import int_or_none
from dangjian.school.permissions import get_member_school_for_user

from . import exports, queries, rules, services
from . import permissions as perms
from .forms import FileCreateForm, PlanForm, StepForm


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    perms.require_view(request.user, school)
    return school


def _year(request) -> int:
    year = int_or_none(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else clock.school_year_start(clock.today())


def _scope(request, school):
    """The branches the user may see, and the files of the one chosen (all of them without a choice)."""
    branches = perms.branches_for_user(request.user, school).order_by("order", "pk")
    files = perms.files_for_user(request.user, school)
    branch_id = int_or_none(request.GET.get("branch"))
    if branch_id is not None:
        files = files.filter(branch_id=branch_id)
        branches = branches.filter(pk=branch_id)
    return branches, files, branch_id


@login_required
def overview(request, code):
    """发展工作: the pipeline by stage, what is due soon and overdue, the year's plan against actual."""
    school = _school(request, code)
    year, today = _year(request), clock.today()
    branches, files, branch_id = _scope(request, school)
    branches = list(branches)
    rows = queries.pipeline(files, today)
    can_plan = perms.can_plan(request.user, school)
    return render(
        request,
        "development/overview.html",
        {
            "school": school,
            "year": year,
            "years": range(year - 4, year + 2),
            "today": today,
            "branch_choices": perms.branches_for_user(request.user, school).order_by("order", "pk"),
            "branch_id": branch_id,
            "stages": queries.by_stage([r for r in rows if r.next is not None]),
            "overdue": [r for r in rows if r.overdue],
            "due_soon": [r for r in rows if r.due_soon],
            "plans": queries.plan_vs_actual(branches, rows, year),
            "plan_form": PlanForm(branches=perms.branches_for_user(request.user, school)) if can_plan else None,
            "due_soon_days": rules.DUE_SOON_DAYS,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def export(request, code):
    school = _school(request, code)
    _, files, _ = _scope(request, school)
    today = clock.today()
    return exports.pipeline_xlsx(queries.pipeline(files, today), school, today)


def _applicant(request) -> dict:
    """A student chosen on the 推优入党 list (``?student=``)."""
    student = int_or_none(request.GET.get("student"))
    return {"applicant": "student", "student": student} if student else {}


@login_required
def file_create(request, code):
    school = _school(request, code)
    branches = perms.branches_for_user(request.user, school)
    form = FileCreateForm(
        request.POST or None,
        request.FILES or None,
        school=school,
        branches=branches,
        students=perms.can_open_student_files(request.user, school),
        initial=_applicant(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            file = services.development_file_create(
                school=school,
                staff=form.cleaned_data["staff"],
                student=form.cleaned_data["student"],
                branch=form.cleaned_data["branch"],
                application=form.save(commit=False),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已建立{file}。")
            return redirect(file.get_absolute_url())
    if request.method == "POST":
        messages.error(request, "保存失败，请按提示修改。")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "新建发展党员档案", "cancel_url": reverse("development:overview", args=[code])},
    )


PEOPLE = ("contact_1", "contact_2", "introducer_1", "introducer_2")


def _detail(request, school, file, form=None):
    today = clock.today()
    row = queries.file_row(file, services.recorded_steps(file, *PEOPLE), today)
    kinds = () if row.has_left else rules.allowed_kinds([services.rule_step(step) for step in row.steps])
    if form is None and kinds:
        form = StepForm(file=file, kinds=kinds, initial={"date": today, "kind": row.next.kind if row.next else None})
    return render(
        request,
        "development/file_detail.html",
        {
            "school": school,
            "row": row,
            "form": form,
            "today": today,
            "can_undo": not row.has_left and services.undo_refusal(row.last_step) is None,
        },
    )


@login_required
def file_detail(request, code, pk):
    school = _school(request, code)
    return _detail(request, school, perms.get_file_for_user(request.user, school, pk))


@login_required
@require_POST
def step_add(request, code, pk):
    school = _school(request, code)
    file = perms.get_file_for_user(request.user, school, pk)
    kinds = rules.allowed_kinds([services.rule_step(step) for step in services.recorded_steps(file)])
    require(bool(kinds), "该发展档案的程序已结束。")
    form = StepForm(request.POST, request.FILES, file=file, kinds=kinds)
    if form.is_valid():
        try:
            step = services.step_add(file=file, step=form.save(commit=False), actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记：{step.get_kind_display()}（{step.date:%Y-%m-%d}）。")
            return redirect(file.get_absolute_url())
    messages.error(request, "未能登记，请按提示修改。")
    return _detail(request, school, file, form=form)


@login_required
@require_POST
def step_undo(request, code, pk):
    school = _school(request, code)
    file = perms.get_file_for_user(request.user, school, pk)
    try:
        step = services.step_undo(file=file, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已撤销：{step.get_kind_display()}（{step.date:%Y-%m-%d}）。")
    return redirect(file.get_absolute_url())


@login_required
def step_document(request, code, pk):
    school = _school(request, code)
    step = perms.get_step_for_user(request.user, school, pk)
    if not step.document:
        not_found()
    try:
        handle = step.document.open("rb")
    except FileNotFoundError:
        not_found()
    return FileResponse(handle, as_attachment=True, filename=step.document.name.rsplit("/", 1)[-1])


@login_required
def checklist(request, code, pk):
    school = _school(request, code)
    file = perms.get_file_for_user(request.user, school, pk)
    today = clock.today()
    row = queries.file_row(file, services.recorded_steps(file, *PEOPLE), today)
    return exports.checklist_docx(row, today)


@login_required
@require_POST
def plan_save(request, code):
    school = _school(request, code)
    require(perms.can_plan(request.user, school))
    year = _year(request)
    form = PlanForm(request.POST, branches=perms.branches_for_user(request.user, school))
    if form.is_valid():
        plan = services.development_plan_save(
            branch=form.cleaned_data["branch"],
            year=year,
            target=form.cleaned_data["target"],
            actor=request.user,
            request=request,
        )
        messages.success(request, f"已保存：{plan}")
    else:
        messages.error(request, "未能保存计划：请选择党支部并填写 0–999 的人数。")
    return redirect(reverse("development:overview", args=[code]) + f"?year={year}")

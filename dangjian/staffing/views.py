import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.jobs.services import job_start
from dangjian.lib.access import not_found
from dangjian.lib.listing import paginate
from dangjian.lib.views import form_page
from dangjian.school.enums import GradeLevel

from . import exports, queries, services
from . import permissions as perms
from .forms import PinForm, RunForm, SettingsForm
from .proposal import proposal


def _school(request, code):
    school = perms.get_staffing_school_for_user(request.user, code)
    request.current_school = school
    return school


def _redirect(request, url: str):
    """A redirect that htmx follows as a whole-page navigation."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@login_required
def index(request, code):
    _school(request, code)
    return redirect("staffing:coverage", code)


@login_required
def groups(request, code):
    school = _school(request, code)
    semester = queries.current_semester()
    year = semester.school_year if semester else None
    rows = queries.grade_groups(school, year)
    return render(request, "staffing/groups.html", {"school": school, "school_year": year, "rows": rows})


def _coverage_context(request, school):
    semester = queries.semester_from_param(request.GET.get("semester"))
    coverage = queries.semester_coverage(school, semester) if semester else None
    return semester, coverage


@login_required
def coverage(request, code):
    school = _school(request, code)
    semester, result = _coverage_context(request, school)
    filters = {"grade": request.GET.get("grade", "").strip(), "show": request.GET.get("show", "").strip()}
    rows = result.rows if result else []
    if filters["grade"].isdigit():
        rows = [r for r in rows if r.school_class.grade_level == int(filters["grade"])]
    if filters["show"] == "uncovered":
        rows = [r for r in rows if not r.covered]
    elif filters["show"] == "problems":
        flagged = {o.row.school_class.id for o in result.outside} if result else set()
        rows = [r for r in rows if not r.covered or r.missing or r.school_class.id in flagged]
    return render(
        request,
        "staffing/coverage.html",
        {
            "school": school,
            "semester": semester,
            "semesters": queries.semesters(),
            "coverage": result,
            "findings": result.findings() if result else [],
            "filters": filters,
            "grade_choices": GradeLevel.choices,
            **paginate(request, rows, per_page=20),
        },
    )


@login_required
def coverage_xlsx(request, code):
    school = _school(request, code)
    semester, result = _coverage_context(request, school)
    if semester is None:
        messages.error(request, "尚未设置学期。")
        return redirect("staffing:coverage", code)
    return exports.coverage_xlsx(result, school=school, semester=semester)


@login_required
def optimizer_page(request, code):
    school = _school(request, code)
    settings = queries.staffing_settings(school)
    semester = queries.semester_from_param(request.GET.get("semester") or request.POST.get("semester_code"))
    form = RunForm(request.POST or None, settings=settings, semester=semester)
    if request.method == "POST":
        if form.is_valid():
            params = {"semester": form.cleaned_data["semester"].pk, "time_limit": form.cleaned_data["time_limit"]}
            job = job_start(kind="staffing.optimize", school=school, actor=request.user, params=params, request=request)
            return _redirect(request, job.get_absolute_url())
        else:
            messages.error(request, "请按提示修改标红的字段。")
    return render(
        request,
        "staffing/optimizer.html",
        {
            "school": school,
            "semester": semester,
            "form": form,
            "settings": settings,
            **paginate(request, queries.runs_of(school, semester), per_page=10),
            "versions": queries.versions_of(school, semester)[:10],
        },
    )


@login_required
def run_detail(request, code, pk):
    school = _school(request, code)
    run = perms.get_run_for_user(request.user, school, pk)
    diff = proposal(run.problem, run.solution, run.current, run.pins)
    show = request.GET.get("show", "changed" if run.current else "all")
    rows = diff.changed_rows() if show == "changed" else diff.rows
    grade = request.GET.get("grade", "")
    if grade:
        rows = [r for r in rows if r.grade == grade]
    return render(
        request,
        "staffing/run_detail.html",
        {
            "school": school,
            "run": run,
            "diff": diff,
            "show": show,
            "grade": grade,
            "grades": list(dict.fromkeys(r.grade for r in diff.rows)),
            "stages": run.solution.get("stages", []),
            "pin_form": PinForm(run=run),
            "pins": _pin_labels(run),
            **paginate(request, rows, per_page=20),
        },
    )


def _pin_labels(run):
    classes = {str(c["id"]): c.get("name") or c["id"] for c in run.problem["classes"]}
    teachers = {str(t["id"]): t["name"] for t in run.problem["teachers"]}
    return [
        {
            **p,
            "class_name": classes.get(str(p["class"]), p["class"]),
            "teacher_name": teachers.get(str(p["teacher"]), ""),
        }
        for p in run.pins
    ]


@login_required
@require_POST
def run_pin(request, code, pk):
    school = _school(request, code)
    run = perms.get_run_for_user(request.user, school, pk)
    form = PinForm(request.POST, run=run)
    if form.is_valid():
        data = form.cleaned_data
        services.run_pin(
            run=run,
            class_id=data["school_class"],
            subject=data["subject"],
            teacher_id=data["teacher"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "已取消锁定。" if data["teacher"] is None else "已锁定，重新运行时将保留该格。")
    else:
        messages.error(request, "锁定失败：" + "；".join(e for errors in form.errors.values() for e in errors))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith("/"):
        target = run.get_absolute_url()
    return _redirect(request, target)


@login_required
@require_POST
def run_rerun(request, code, pk):
    school = _school(request, code)
    run = perms.get_run_for_user(request.user, school, pk)
    job = job_start(
        kind="staffing.optimize", school=school, actor=request.user, params={"rerun_of": run.pk}, request=request
    )
    return _redirect(request, job.get_absolute_url())


@login_required
@require_POST
def run_apply(request, code, pk):
    school = _school(request, code)
    run = perms.get_run_for_user(request.user, school, pk)
    try:
        services.run_apply(run=run, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, f"未应用：{_error_text(exc)}")
        return _redirect(request, run.get_absolute_url())
    messages.success(request, "已应用优化方案；原有安排已保存为历史版本，可随时恢复。")
    return _redirect(request, reverse("staffing:coverage", args=[code]) + f"?semester={run.semester.code}")


@login_required
def run_download(request, code, pk, kind):
    school = _school(request, code)
    run = perms.get_run_for_user(request.user, school, pk)
    if kind not in ("problem", "solution"):
        not_found()
    body = run.problem if kind == "problem" else run.solution
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{run.semester.code}-{run.pk}.json"'
    return response


@login_required
@require_POST
def version_restore(request, code, pk):
    school = _school(request, code)
    version = perms.get_version_for_user(request.user, school, pk)
    services.version_restore(version=version, actor=request.user, request=request)
    messages.success(request, f"已恢复：{version}；恢复前的安排也已保存为历史版本。")
    return _redirect(request, reverse("staffing:coverage", args=[code]) + f"?semester={version.semester.code}")


@login_required
def settings_edit(request, code):
    school = _school(request, code)
    form = SettingsForm(request.POST or None, instance=queries.staffing_settings(school))
    return form_page(
        request,
        form=form,
        save=services.settings_save,
        title="任课安排设置",
        school=school,
        cancel_url=reverse("staffing:optimizer", args=[code]),
    )

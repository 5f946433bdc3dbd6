from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib.access import not_found
from dangjian.school.enums import GradeLevel
from dangjian.school.models import Semester
from dangjian.school.queries import current_school_year, school_year_from_param

from . import exports, queries
from .columns import SPECS
from .forms import UploadForm
from .importers import plan_import
from .jobs import start_if_large
from .permissions import get_school_for_export, get_school_for_import, importable_kinds
from .reader import MAX_BYTES
from .services import added_text, roster_import
from .uploads import discard_upload, load_upload, remember_changed, remember_rows, save_upload

PREVIEW_LIMIT = 500  # changed rows listed on the preview page (all problems are listed)


def _school(request, code, kind=None):
    school = get_school_for_import(request.user, code, kind)
    request.current_school = school
    return school


@login_required
def index(request, code):
    school = _school(request, code)
    kinds = importable_kinds(request.user, school)
    return render(
        request,
        "rosters/index.html",
        {
            "school": school,
            "specs": [SPECS[k] for k in kinds],
            "list_pages": {k: reverse(queries.LIST_PAGES[k], args=[code]) for k in kinds if k in queries.LIST_PAGES},
            "can_assignments": "assignments" in kinds,
            "semesters": Semester.objects.select_related("school_year"),
            "current_semester": queries.current_semester(),
            "grade_choices": GradeLevel.choices,
        },
    )


@login_required
def template(request, code, kind):
    school = _school(request, code, kind)
    return exports.template_response(school, kind, school_year_from_param(request.GET.get("year")))


@login_required
def upload(request, code, kind):
    school = _school(request, code, kind)
    initial = {"school_year": current_school_year(), "semester": queries.current_semester()}
    form = UploadForm(request.POST or None, request.FILES or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > MAX_BYTES:
            form.add_error("file", f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请拆分后分批导入。")
        else:
            period = form.cleaned_data.get(SPECS[kind].period)
            token = save_upload(
                request, kind=kind, school=school, data=file.read(), filename=file.name, period=period and period.pk
            )
            return redirect("rosters:preview", code, kind, token)
    return render(request, "rosters/upload.html", {"school": school, "spec": SPECS[kind], "kind": kind, "form": form})


def _load(request, school, kind, token):
    loaded = load_upload(request, kind=kind, school=school, token=token)
    if loaded is None:
        messages.error(request, "上传的文件已过期或不存在，请重新上传。")
    return loaded


def preview_context(plan, token: str, *, upload_url: str, confirm_url: str, key_label: str) -> dict:
    """The context of rosters/preview.html, which every importer's preview page renders."""
    changed = plan.changed
    return {
        "spec": plan.spec,
        "plan": plan,
        "counts": plan.counts,
        "token": token,
        "changed": changed[:PREVIEW_LIMIT],
        "changed_more": max(0, len(changed) - PREVIEW_LIMIT),
        "upload_url": upload_url,
        "confirm_url": confirm_url,
        "key_label": key_label,
    }


def _preview_page(request, school, kind, token, plan, status=200):
    context = preview_context(
        plan,
        token,
        upload_url=reverse("rosters:upload", args=[school.code, kind]),
        confirm_url=reverse("rosters:confirm", args=[school.code, kind, token]),
        key_label=plan.spec.label,
    )
    return render(request, "rosters/preview.html", {"school": school, "kind": kind, **context}, status=status)


@login_required
def preview(request, code, kind, token):
    school = _school(request, code, kind)
    loaded = _load(request, school, kind, token)
    if loaded is None:
        return redirect("rosters:upload", code, kind)
    meta, data = loaded
    plan = plan_import(
        kind, school=school, data=data, filename=meta["filename"], **queries.period_of(kind, meta["period"])
    )
    remember_rows(request, token, len(plan.actions))
    return _preview_page(request, school, kind, token, plan)


@require_POST
@login_required
def confirm(request, code, kind, token):
    school = _school(request, code, kind)
    loaded = _load(request, school, kind, token)
    if loaded is None:
        return redirect("rosters:upload", code, kind)
    meta, data = loaded
    add_unknown = request.POST.get("add_unknown") == "1"
    job = start_if_large(
        request, job_kind="rosters.import", school=school, token=token, meta=meta, kind=kind, add_unknown=add_unknown
    )
    if job is not None:
        return redirect(job)
    plan, applied = roster_import(
        kind=kind,
        school=school,
        data=data,
        filename=meta["filename"],
        actor=request.user,
        request=request,
        add_unknown=add_unknown,
        **queries.period_of(kind, meta["period"]),
    )
    if not applied:
        messages.error(request, "数据在预览后发生了变化，出现了问题，未写入任何数据。请核对后重新上传。")
        return _preview_page(request, school, kind, token, plan, status=409)
    discard_upload(request, token)
    messages.success(request, "导入完成。" + plan.summary().split("，问题")[0] + added_text(plan) + "。")
    target = reverse(queries.list_page(kind), args=[code])
    return redirect(target + "?imported=1" if remember_changed(request, kind, plan) else target)


@login_required
def export_assignments(request, code):
    school = get_school_for_export(request.user, code, "assignments")
    semester = queries.semester_or_current(request.GET.get("semester"))
    if semester is None:
        not_found()
    return exports.assignments_export(school, semester, grade=request.GET.get("grade", ""))


@login_required
def export_members(request, code):
    return exports.members_export(get_school_for_export(request.user, code, "members"))

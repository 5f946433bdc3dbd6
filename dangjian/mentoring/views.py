"""Pages of 带好一名教师: young teachers, matching, pairings and agreements, activities, reflections and
evaluations, development paths and figures. Thin: access helper → query or service → render."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.jobs.services import job_start
from dangjian.lib.access import not_found, require
from dangjian.lib.downloads import DOCX_CONTENT_TYPE
from dangjian.lib.listing import paginate
from dangjian.lib.templating import TemplateRefused
from dangjian.lib.views import delete_and_redirect, form_page
from dangjian.school.models import SchoolYear
from dangjian.school.permissions import get_member_school_for_user
from dangjian.school.queries import school_year_from_param

from . import agreements, exports, matching, queries, services
from . import permissions as perms
from .enums import DIMENSIONS, ActivityKind, Dimension, MentorshipStatus, SixKind
from .forms import (
    ActivityForm,
    EvaluationForm,
    MentorshipForm,
    MilestoneForm,
    ReflectionForm,
    ReleaseForm,
    SettingsForm,
    SignForm,
    TemplateForm,
)
from .models import Evaluation, MentoringSettings


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    return school


def _year(request):
    year = school_year_from_param(request.GET.get("year") or request.POST.get("year"))
    if year is None:
        not_found()
    return year


def _base(school, year=None, **extra):
    return {"school": school, "school_year": year, "years": SchoolYear.objects.order_by("-start_year"), **extra}


def _manage(request, school):
    require(perms.can_manage(request.user, school))


# Young teachers ---------------------------------------------------------------------------------


@login_required
def index(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    settings = queries.settings_of(school)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "subject", "coverage")}
    rows = queries.young_rows(school, year, settings, **filters)
    if request.GET.get("format") == "xlsx":
        return exports.young_xlsx(school, year, rows)
    return render(
        request,
        "mentoring/index.html",
        _base(
            school,
            year,
            filters=filters,
            settings=settings,
            complete=sum(1 for r in rows if r.complete),
            total=len(rows),
            subjects=school.subjects.all(),
            **paginate(request, rows),
        ),
    )


@login_required
def mine(request, code):
    school = _school(request, code)
    staff_id = perms.own_staff_id(request.user, school)
    require(staff_id is not None or perms.can_manage(request.user, school))
    data = queries.mine(staff_id, school) if staff_id else {"as_mentor": [], "as_mentee": []}
    return render(
        request,
        "mentoring/mine.html",
        _base(
            school,
            None,
            **data,
            staff_id=staff_id,
            current_year=school_year_from_param(None),
            can_reflect=perms.can_write_reflection(request.user, school),
        ),
    )


# Matching ---------------------------------------------------------------------------------------


@login_required
def match(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    settings = queries.settings_of(school)
    state = queries.matching_state(school, year, settings)
    pairs = [matching.ProposedPair(p.mentee_id, p.mentor_id, p.dimension, "fixed") for p in state.problem.fixed]
    unmatched, explanations = matching.explain(state.problem, pairs)
    reasons = {(u.mentee_id, u.dimension): u.reason for u in unmatched}
    only_open = request.GET.get("open") == "1"
    rows = []
    for row in sorted(state.rows, key=lambda r: (len(r.pairs) == len(DIMENSIONS), r.staff.staff_number)):
        cells = [(d, row.pairs.get(d.value), reasons.get((row.staff.pk, d.value), "")) for d in DIMENSIONS]
        if only_open and all(pair is not None for _, pair, _ in cells):
            continue
        rows.append({"row": row, "cells": cells})
    statuses = [p.status for r in state.rows for p in r.pairs.values()]
    return render(
        request,
        "mentoring/match.html",
        _base(
            school,
            year,
            settings=settings,
            explanations=explanations,
            open_slots=len(unmatched),
            proposed=statuses.count(MentorshipStatus.PROPOSED),
            confirmed=statuses.count(MentorshipStatus.CONFIRMED),
            young=len(state.rows),
            mentor_count=len(state.mentors),
            only_open=only_open,
            **paginate(request, rows),
        ),
    )


def _next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _match_url(code, year):
    return reverse("mentoring:match", args=[code]) + f"?year={year.start_year}"


@login_required
@require_POST
def match_run(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    job = job_start(
        kind="mentoring.match", school=school, actor=request.user, params={"school_year": year.pk}, request=request
    )
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def match_confirm_all(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    count = services.mentorships_confirm_all(school=school, school_year=year, actor=request.user, request=request)
    messages.success(request, f"已确认 {count} 对结对。")
    return redirect(_match_url(code, year))


@login_required
@require_POST
def match_clear(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    count = services.proposals_clear(school=school, school_year=year, actor=request.user, request=request)
    messages.success(request, f"已清除拟定配对 {count} 对（已确认的结对不受影响）。")
    return redirect(_match_url(code, year))


# Pairings ---------------------------------------------------------------------------------------


@login_required
def pairing_list(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "status", "dimension", "signed")}
    qs = queries.search_pairings(perms.mentorships_for_user(request.user, school), year, **filters)
    if request.GET.get("format") == "xlsx":
        return exports.pairings_xlsx(school, year, qs)
    return render(
        request,
        "mentoring/pairing_list.html",
        _base(
            school,
            year,
            filters=filters,
            status_choices=MentorshipStatus.choices,
            dimension_choices=Dimension.choices,
            has_template=hasattr(school, "agreement_template") and bool(school.agreement_template.file),
            **paginate(request, qs),
        ),
    )


@login_required
def pairing_create(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    initial = {k: request.GET.get(k) for k in ("mentee", "dimension") if request.GET.get(k)}
    form = MentorshipForm(request.POST or None, initial=initial, school=school, school_year=year)
    if request.method == "GET" or not form.is_valid():
        form.show_choices()
    return form_page(
        request,
        form=form,
        save=services.mentorship_save,
        title=f"新建结对（{year}）",
        school=school,
        cancel_url=_match_url(code, year),
    )


@login_required
def pairing_detail(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk)
    activities = mentorship.activities.select_related("logged_by").order_by("-date", "-pk")
    evaluation = Evaluation.objects.filter(mentorship=mentorship).first()
    return render(
        request,
        "mentoring/pairing_detail.html",
        _base(
            school,
            mentorship.school_year,
            m=mentorship,
            activities=activities,
            evaluation=evaluation,
            can_manage=perms.can_manage(request.user, school),
            can_log=perms.can_log_activity(request.user, mentorship),
            can_delete=perms.can_delete_activities(request.user, mentorship),
            can_evaluate=perms.can_evaluate(request.user, mentorship),
            can_download=perms.can_download_agreement(request.user, mentorship),
            release_form=ReleaseForm(),
            is_mentor=perms.is_mentor(request.user, mentorship),
            is_mentee=perms.is_mentee(request.user, mentorship),
        ),
    )


@login_required
def pairing_edit(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk, write=True)
    form = MentorshipForm(request.POST or None, instance=mentorship, school=school, school_year=mentorship.school_year)
    if request.method == "GET" or not form.is_valid():
        form.show_choices()
    return form_page(
        request,
        form=form,
        save=services.mentorship_save,
        title=f"调整结对：{mentorship}",
        school=school,
        cancel_url=mentorship.get_absolute_url(),
    )


@login_required
@require_POST
def pairing_confirm(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk, write=True)
    try:
        services.mentorship_confirm(mentorship=mentorship, actor=request.user, request=request)
        messages.success(request, f"已确认结对：{mentorship}")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(_next(request, mentorship.get_absolute_url()))


@login_required
@require_POST
def pairing_release(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk, write=True)
    form = ReleaseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.mentorship_release(mentorship=mentorship, reason=reason, actor=request.user, request=request)
        messages.success(request, f"已解除结对：{mentorship}")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(_next(request, mentorship.get_absolute_url()))


def _template_refused(request, code, exc: TemplateRefused):
    """A school template stored before templates were sandboxed is refused at render, never run."""
    messages.error(request, f"本校协议模板不能使用：{exc.messages[0]} 请重新上传模板。")
    return redirect("mentoring:template", code)


@login_required
def pairing_agreement(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk)
    if not perms.can_download_agreement(request.user, mentorship):
        not_found()
    try:
        data = agreements.agreement_docx(mentorship)
    except TemplateRefused as exc:
        return _template_refused(request, code, exc)
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, agreements.filename(mentorship))
    return response


@login_required
def pairing_sign(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk, write=True)
    if mentorship.confirmed_on is None:
        messages.error(request, "结对确认后才能登记协议签订。")
        return redirect(mentorship.get_absolute_url())
    form = SignForm(request.POST or None, request.FILES or None, instance=mentorship)
    return form_page(
        request,
        form=form,
        save=services.agreement_sign,
        title=f"登记协议签订：{mentorship}",
        school=school,
        cancel_url=mentorship.get_absolute_url(),
    )


def _file_response(field_file, download_name: str):
    try:
        handle = field_file.open("rb")
    except (OSError, ValueError):
        not_found()
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    ext = field_file.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=f"{download_name}.{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def pairing_scan(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk)
    if not mentorship.scan:
        not_found()
    return _file_response(mentorship.scan, agreements.filename(mentorship).removesuffix(".docx") + "_扫描件")


@login_required
def agreements_zip(request, code):
    school = _school(request, code)
    _manage(request, school)
    year = _year(request)
    qs = (
        perms.mentorships_for_user(request.user, school)
        .filter(school_year=year, status=MentorshipStatus.CONFIRMED)
        .select_related("school", "school_year", "mentee", "mentor")
        .prefetch_related("mentee__subjects", "mentor__subjects")
        .order_by("mentee__staff_number", "dimension")
    )
    try:
        data = agreements.agreements_zip(qs, agreements.template_bytes(school))
    except TemplateRefused as exc:
        return _template_refused(request, code, exc)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{school.name}_{year.code}_结对帮扶协议书.zip")
    return response


@login_required
def template_page(request, code):
    school = _school(request, code)
    _manage(request, school)
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            services.template_save(school=school, upload=form.cleaned_data["file"], actor=request.user, request=request)
            messages.success(request, "已上传本校协议模板，之后生成的协议书都使用该模板。")
            return redirect("mentoring:template", code)
        messages.error(request, "上传失败，请按提示修改。")
    from .models import AgreementTemplate

    return render(
        request,
        "mentoring/template.html",
        _base(
            school,
            None,
            form=form,
            current=AgreementTemplate.objects.filter(school=school).first(),
            variables=agreements.VARIABLES,
        ),
    )


@login_required
def template_download(request, code, which):
    school = _school(request, code)
    _manage(request, school)
    if which == "default":
        data, name = agreements.default_template(), "结对帮扶协议书_默认模板.docx"
    else:
        data, name = agreements.template_bytes(school), f"结对帮扶协议书_{school.name}模板.docx"
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_POST
def template_delete(request, code):
    school = _school(request, code)
    _manage(request, school)
    services.template_delete(school=school, actor=request.user, request=request)
    messages.success(request, "已恢复使用默认协议模板。")
    return redirect("mentoring:template", code)


# Activities -------------------------------------------------------------------------------------


@login_required
def activity_list(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school) or perms.can_use_mine(request.user, school))
    year = _year(request) if request.GET.get("year") != "all" else None
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "dimension", "six_kind", "kind", "pairing")}
    qs = queries.search_activities(perms.activities_for_user(request.user, school), year, **filters)
    if request.GET.get("format") == "xlsx":
        return exports.activities_xlsx(school, year, qs)
    return render(
        request,
        "mentoring/activity_list.html",
        _base(
            school,
            year,
            filters=filters,
            dimension_choices=Dimension.choices,
            six_choices=SixKind.choices,
            kind_choices=ActivityKind.choices,
            can_manage=perms.can_manage(request.user, school),
            **paginate(request, qs),
        ),
    )


@login_required
def activity_create(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk)
    require(
        perms.can_log_activity(request.user, mentorship), "只有已确认结对的导师、青年教师或党务干部可以记录带教活动。"
    )
    form = ActivityForm(request.POST or None, request.FILES or None, mentorship=mentorship)
    return form_page(
        request,
        form=form,
        save=services.activity_save,
        title=f"记录带教活动：{mentorship}",
        school=school,
        cancel_url=mentorship.get_absolute_url(),
    )


@login_required
@require_POST
def activity_delete(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        services.activity_delete,
        activity=activity,
        message=f"已删除带教活动：{activity}",
        done_url=activity.mentorship.get_absolute_url(),
    )


@login_required
def activity_evidence(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    if not activity.evidence:
        not_found()
    return _file_response(activity.evidence, f"带教活动佐证_{activity.date:%Y%m%d}_{activity.pk}")


# Reflections and evaluations --------------------------------------------------------------------


@login_required
def reviews(request, code):
    school = _school(request, code)
    manage = perms.can_manage(request.user, school)
    require(manage or perms.can_use_mine(request.user, school))
    year = _year(request)
    q = request.GET.get("q", "").strip()
    reflections = queries.search_reflections(perms.reflections_for_user(request.user, school), year, q=q)
    evaluations = (
        Evaluation.objects.filter(
            mentorship__in=perms.mentorships_for_user(request.user, school), mentorship__school_year=year
        )
        .select_related("mentorship__mentee", "mentorship__mentor", "mentorship__school")
        .order_by("mentorship__mentee__staff_number", "mentorship__dimension")
    )
    if q:
        evaluations = evaluations.filter(mentorship__mentee__name__icontains=q)
    return render(
        request,
        "mentoring/reviews.html",
        _base(
            school,
            year,
            q=q,
            reflections=reflections,
            evaluations=evaluations,
            can_reflect=perms.can_write_reflection(request.user, school),
            staff_id=perms.own_staff_id(request.user, school),
            can_manage=manage,
        ),
    )


@login_required
def reflection_create(request, code):
    school = _school(request, code)
    require(perms.can_write_reflection(request.user, school), "只有有导师结对的青年教师可以撰写成长反思。")
    mentee = school.staff.get(pk=perms.own_staff_id(request.user, school))
    form = ReflectionForm(request.POST or None, school=school, mentee=mentee)
    return form_page(
        request,
        form=form,
        save=services.reflection_save,
        title="撰写学期成长反思",
        school=school,
        cancel_url=reverse("mentoring:reviews", args=[code]),
    )


@login_required
def reflection_edit(request, code, pk):
    school = _school(request, code)
    reflection = perms.get_reflection_for_user(request.user, school, pk, write=True)
    form = ReflectionForm(request.POST or None, instance=reflection, school=school, mentee=reflection.mentee)
    return form_page(
        request,
        form=form,
        save=services.reflection_save,
        title=f"修改：{reflection}",
        school=school,
        cancel_url=reflection.get_absolute_url(),
    )


@login_required
@require_POST
def reflection_delete(request, code, pk):
    school = _school(request, code)
    reflection = perms.get_reflection_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        services.reflection_delete,
        reflection=reflection,
        message=f"已删除：{reflection}",
        done_url=reverse("mentoring:reviews", args=[code]) + f"?year={reflection.school_year.start_year}",
    )


@login_required
def evaluation_edit(request, code, pk):
    school = _school(request, code)
    mentorship = perms.get_mentorship_for_user(request.user, school, pk)
    require(perms.can_evaluate(request.user, mentorship), "只有导师本人或党务干部可以填写年终考核。")
    instance = Evaluation.objects.filter(mentorship=mentorship).first()
    form = EvaluationForm(request.POST or None, instance=instance, mentorship=mentorship)
    return form_page(
        request,
        form=form,
        save=services.evaluation_save,
        title=f"年终考核：{mentorship}",
        school=school,
        cancel_url=mentorship.get_absolute_url(),
    )


# Development path and milestones ----------------------------------------------------------------


@login_required
def teacher_path(request, code, pk):
    school = _school(request, code)
    staff = perms.get_teacher_for_user(request.user, school, pk)
    settings = queries.settings_of(school)
    return render(
        request,
        "mentoring/teacher_path.html",
        _base(
            school,
            None,
            staff=staff,
            **queries.teacher_path(school, staff, settings),
            can_manage=perms.can_manage(request.user, school),
        ),
    )


@login_required
def milestone_create(request, code):
    school = _school(request, code)
    _manage(request, school)
    initial = {"staff": request.GET.get("staff")} if request.GET.get("staff") else {}
    form = MilestoneForm(request.POST or None, initial=initial, school=school)
    if request.method == "GET" or not form.is_valid():
        form.show_choices()
    return form_page(
        request,
        form=form,
        save=services.milestone_save,
        title="记录成长足迹",
        school=school,
        cancel_url=reverse("mentoring:index", args=[code]),
    )


@login_required
def milestone_edit(request, code, pk):
    school = _school(request, code)
    milestone = perms.get_milestone_for_user(request.user, school, pk)
    form = MilestoneForm(request.POST or None, instance=milestone, school=school)
    if request.method == "GET" or not form.is_valid():
        form.show_choices()
    return form_page(
        request,
        form=form,
        save=services.milestone_save,
        title=f"修改成长足迹：{milestone}",
        school=school,
        cancel_url=milestone.get_absolute_url(),
    )


@login_required
@require_POST
def milestone_delete(request, code, pk):
    school = _school(request, code)
    milestone = perms.get_milestone_for_user(request.user, school, pk)
    return delete_and_redirect(
        request,
        services.milestone_delete,
        milestone=milestone,
        message=f"已删除成长足迹：{milestone}",
        done_url=reverse("mentoring:teacher_path", args=[code, milestone.staff_id]),
    )


# Figures and settings ---------------------------------------------------------------------------


@login_required
def figures(request, code):
    school = _school(request, code)
    _manage(request, school)
    first = SchoolYear.objects.filter(start_year=_start(request.GET.get("from"))).first()
    last = SchoolYear.objects.filter(start_year=_start(request.GET.get("to"))).first()
    years = queries.year_range(first, last)
    settings = queries.settings_of(school)
    data = queries.figures(school, years, settings)
    if request.GET.get("format") == "xlsx":
        return exports.figures_xlsx(school, data)
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 16, "bottom": 30, "top": 40},
        "xAxis": {"type": "category", "data": [r.year.code for r in data["rows"]]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": "青年教师", "type": "bar", "data": [r.young for r in data["rows"]]},
            {"name": "受带教青年教师", "type": "bar", "data": [r.mentored for r in data["rows"]]},
            {"name": "三类导师配齐", "type": "line", "data": [r.complete for r in data["rows"]]},
        ],
    }
    return render(
        request,
        "mentoring/figures.html",
        _base(
            school,
            None,
            data=data,
            chart=chart,
            first=years[0] if years else None,
            last=years[-1] if years else None,
            six_labels=[(label, data["six_kinds"].get(value, 0)) for value, label in SixKind.choices],
        ),
    )


def _start(value) -> int | None:
    try:
        return int(str(value).split("-")[0])
    except (TypeError, ValueError):
        return None


@login_required
def settings_page(request, code):
    school = _school(request, code)
    _manage(request, school)
    instance = MentoringSettings.objects.filter(school=school).first() or MentoringSettings(school=school)
    form = SettingsForm(request.POST or None, instance=instance)
    return form_page(
        request,
        form=form,
        save=services.settings_save,
        title="青年教师培养设置",
        school=school,
        cancel_url=reverse("mentoring:index", args=[code]),
    )

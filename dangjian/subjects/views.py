from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib import clock
from dangjian.lib.access import not_found, require
from dangjian.lib.listing import paginate
from dangjian.lib.views import delete_and_redirect, form_page
from dangjian.school.models import SchoolYear, Staff
from dangjian.school.permissions import get_member_school_for_user
from dangjian.school.queries import school_year_from_param

from . import exports, queries
from . import permissions as perms
from .checks import ActivityFact, tally
from .enums import ActivityKind, LinkStatus
from .forms import LessonEvaluationForm, LinkGridForm, SubjectActivityForm, SubjectRulesForm
from .models import LessonEvaluation, SubjectRules
from .services import (
    lesson_evaluation_save,
    subject_activity_delete,
    subject_activity_save,
    subject_link_grid_save,
    subject_links_publish,
    subject_rules_save,
)


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_view(request.user, school))
    return school


def _year(request):
    year = school_year_from_param(request.GET.get("year"))
    if year is None:
        not_found()
    return year


@login_required
def overview(request, code):
    school = _school(request, code)
    year = _year(request)
    full = perms.can_read_all(request.user, school)
    links_qs = None if full else perms.links_for_user(request.user, school)
    data = queries.overview(school, year, clock.today(), links_qs=links_qs)
    context = {
        "school": school,
        "school_year": year,
        "years": SchoolYear.objects.all(),
        "full": full,
        "can_manage": perms.can_manage(request.user, school),
        **data,
    }
    if not full:
        context["my_links"] = list(links_qs.filter(school_year=year).select_related("subject"))
        context["my_activities"] = list(
            perms.activities_for_user(request.user, school)
            .filter(link__school_year=year)
            .select_related("link__school", "link__cadre", "link__subject")
            .order_by("-date", "-pk")[:10]
        )
    return render(request, "subjects/overview.html", context)


# Links -------------------------------------------------------------------------------------------


def _link_filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("q", "subject", "status")}


@login_required
def link_list(request, code):
    school = _school(request, code)
    year = _year(request)
    filters = _link_filters(request)
    qs = queries.search_links(perms.links_for_user(request.user, school), year, **filters)
    return render(
        request,
        "subjects/link_list.html",
        {
            "school": school,
            "school_year": year,
            "years": SchoolYear.objects.all(),
            "filters": filters,
            **paginate(request, qs),
            "subjects": school.subjects.all(),
            "status_choices": LinkStatus.choices,
            "can_manage": perms.can_manage(request.user, school),
        },
    )


@login_required
def link_export(request, code):
    school = _school(request, code)
    year = _year(request)
    qs = queries.search_links(perms.links_for_user(request.user, school), year, **_link_filters(request))
    return exports.links_xlsx(qs, year)


@login_required
def link_grid(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = _year(request)
    grid = queries.grid(school, year)
    form = LinkGridForm(request.POST or None, school=school, school_year=year, grid=grid)
    if request.method == "POST":
        if form.is_valid():
            added, removed = subject_link_grid_save(form=form, actor=request.user, request=request)
            messages.success(
                request, f"已保存：新增 {added} 条挂钩（草稿），取消 {removed} 条。发布后挂钩干部即可记录活动。"
            )
            return redirect(reverse("subjects:link_grid", args=[code]) + f"?year={year.start_year}")
        messages.error(request, "保存失败：" + "；".join(form.errors.get("cells", [])))
    return render(
        request,
        "subjects/link_grid.html",
        {"school": school, "school_year": year, "years": SchoolYear.objects.all(), **grid},
    )


@login_required
@require_POST
def links_publish(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = school_year_from_param(request.POST.get("year"))
    if year is None:
        not_found()
    count = subject_links_publish(school=school, school_year=year, actor=request.user, request=request)
    if count:
        messages.success(request, f"已发布 {year} 学科挂钩 {count} 条。")
    else:
        messages.info(request, "没有待发布的草稿挂钩。")
    return redirect(reverse("subjects:link_grid", args=[code]) + f"?year={year.start_year}")


@login_required
def link_detail(request, code, pk):
    school = _school(request, code)
    link = perms.get_link_for_user(request.user, school, pk)
    terms = queries.terms_of(link.school_year)
    activities = queries.link_activities(link)
    counts = tally((ActivityFact(0, a.kind, a.date) for a in activities), terms).get(0)
    return render(
        request,
        "subjects/link_detail.html",
        {
            "school": school,
            "link": link,
            **paginate(request, activities),
            "counts": counts,
            "minimum": queries.minimum_for(school),
            "can_log": perms.can_log_on_link(request.user, link),
        },
    )


# Activities --------------------------------------------------------------------------------------


def _activity_filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("q", "kind", "subject", "cadre", "term")}


@login_required
def activity_list(request, code):
    school = _school(request, code)
    year = _year(request)
    filters = _activity_filters(request)
    qs = queries.search_activities(perms.activities_for_user(request.user, school), year, **filters)
    return render(
        request,
        "subjects/activity_list.html",
        {
            "school": school,
            "school_year": year,
            "years": SchoolYear.objects.all(),
            "filters": filters,
            **paginate(request, qs),
            "kind_choices": ActivityKind.choices,
            "subjects": school.subjects.all(),
            "full": perms.can_read_all(request.user, school),
        },
    )


@login_required
def activity_export(request, code):
    school = _school(request, code)
    year = _year(request)
    qs = queries.search_activities(perms.activities_for_user(request.user, school), year, **_activity_filters(request))
    return exports.activities_xlsx(qs, year, queries.terms_of(year))


@login_required
def activity_create(request, code, link_pk):
    school = _school(request, code)
    link = perms.get_link_for_user(request.user, school, link_pk, write=True)
    form = SubjectActivityForm(request.POST or None, request.FILES or None, link=link)
    return form_page(
        request,
        form=form,
        save=subject_activity_save,
        title=f"记录学科活动：{link.subject.name}（{link.cadre.name}）",
        school=school,
        cancel_url=link.get_absolute_url(),
    )


@login_required
def activity_edit(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    form = SubjectActivityForm(request.POST or None, request.FILES or None, instance=activity, link=activity.link)
    return form_page(
        request,
        form=form,
        save=subject_activity_save,
        title=f"编辑学科活动：{activity.topic}",
        school=school,
        cancel_url=activity.get_absolute_url(),
    )


@login_required
@require_POST
def activity_delete(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        subject_activity_delete,
        activity=activity,
        message=f"已删除学科活动：{activity}",
        done_url=activity.link.get_absolute_url(),
        refused_url=activity.get_absolute_url(),
    )


def _evaluation_form(request, activity, participants_qs, data=None):
    evaluators = perms.evaluator_choices_for_user(request.user, activity, participants_qs)
    staff_id = perms.get_access(request.user).staff_id
    own = LessonEvaluation.objects.filter(activity=activity, evaluator_id=staff_id).first() if staff_id else None
    manage = perms.can_manage(request.user, activity.link.school)
    instance = own if own and not manage else None
    initial = {"evaluator": staff_id} if not manage else {}
    return LessonEvaluationForm(data, activity=activity, evaluators=evaluators, instance=instance, initial=initial)


@login_required
def activity_detail(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    detail = queries.activity_detail(activity)
    participant_ids = {p.pk for p in detail["participants"]}
    can_evaluate = perms.can_evaluate(request.user, activity, participant_ids)
    participants_qs = Staff.objects.filter(pk__in=participant_ids)
    return render(
        request,
        "subjects/activity_detail.html",
        {
            "school": school,
            "activity": activity,
            **detail,
            "can_edit": perms.can_edit_activity(request.user, activity),
            "can_evaluate": can_evaluate,
            "evaluation_form": _evaluation_form(request, activity, participants_qs) if can_evaluate else None,
        },
    )


@login_required
@require_POST
def evaluation_save(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    participant_ids = set(activity.participants.values_list("pk", flat=True))
    require(perms.can_evaluate(request.user, activity, participant_ids))
    form = _evaluation_form(request, activity, Staff.objects.filter(pk__in=participant_ids), data=request.POST)
    if form.is_valid():
        evaluation = lesson_evaluation_save(form=form, actor=request.user, request=request)
        messages.success(request, f"已保存评课：{evaluation.evaluator.name} {evaluation.score} 分。")
        return redirect(activity.get_absolute_url())
    messages.error(request, "评课保存失败，请按提示修改。")
    detail = queries.activity_detail(activity)
    return render(
        request,
        "subjects/activity_detail.html",
        {
            "school": school,
            "activity": activity,
            **detail,
            "can_edit": perms.can_edit_activity(request.user, activity),
            "can_evaluate": True,
            "evaluation_form": form,
        },
    )


@login_required
def activity_evidence(request, code, pk):
    school = _school(request, code)
    activity = perms.get_activity_for_user(request.user, school, pk)
    if not activity.evidence:
        not_found()
    try:
        handle = activity.evidence.open("rb")
    except FileNotFoundError:
        not_found()
    name = activity.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
def rules_edit(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    rules = SubjectRules.objects.filter(school=school).first() or SubjectRules(school=school)
    form = SubjectRulesForm(request.POST or None, instance=rules, school=school)
    return form_page(
        request,
        form=form,
        save=subject_rules_save,
        title="学科挂钩规则：每学期最低要求",
        school=school,
        cancel_url=reverse("subjects:overview", args=[code]),
    )

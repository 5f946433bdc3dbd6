from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.development import permissions as development_perms
from dangjian.development.students import file_state
from dangjian.lib import clock
from dangjian.lib.access import not_found, require
from dangjian.lib.listing import int_or_none, paginate
from dangjian.lib.views import delete_and_redirect, form_page
from dangjian.school.enums import GradeLevel
from dangjian.school.models import SchoolClass, SchoolYear
from dangjian.school.permissions import get_member_school_for_user
from dangjian.school.queries import school_year_from_param

from . import exports, queries, services
from . import permissions as perms
from .enums import LessonStatus, RecommendationStatus
from .forms import (
    LeagueBranchForm,
    LeagueLessonForm,
    LeagueRulesForm,
    PhotoForm,
    RecommendationForm,
    ThemeActivityForm,
    ThemeSeriesForm,
)
from .models import LeagueRules, ThemeSeries
from .services import (
    league_branch_save,
    league_branches_ensure,
    league_lesson_save,
    league_rules_save,
    recommendation_save,
    theme_activity_save,
    theme_photo_add,
    theme_series_save,
    theme_series_seed_defaults,
)


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_view(request.user, school))
    return school


def _year(request, source=None):
    year = school_year_from_param((source or request.GET).get("year"))
    if year is None:
        not_found()
    return year


def _base(request, school, year, active):
    return {
        "school": school,
        "school_year": year,
        "years": SchoolYear.objects.all(),
        "active": active,
        "can_manage": perms.can_manage(request.user, school),
        "can_see_students": perms.can_see_students(request.user, school),
    }


# Branches and lesson coverage ------------------------------------------------------------------


def _cells(coverage, terms):
    """(lessons, covered or None if the term has not begun) per term, for the coverage badges."""
    return [(coverage.lessons.get(t.term, 0), coverage.covered.get(t.term)) for t in terms]


def _branch_filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("q", "grade")}


@login_required
def overview(request, code):
    school = _school(request, code)
    year = _year(request)
    today = clock.today()
    filters = _branch_filters(request)
    page = paginate(request, queries.branches_of_year(school, year, **filters))
    branches = list(page["page_obj"].object_list)
    cov = queries.coverage(school, year, branches, today)
    rows = [{"branch": b, "cells": _cells(cov["coverage"][b.pk], cov["terms"])} for b in branches]
    missing_classes = (
        SchoolClass.objects.filter(grade__school=school, grade__school_year=year, league_branch__isnull=True).count()
        if perms.can_manage(request.user, school)
        else 0
    )
    return render(
        request,
        "league/overview.html",
        {
            **_base(request, school, year, "overview"),
            **page,
            "rows": rows,
            "terms": cov["terms"],
            "summary": queries.year_summary(school, year, today),
            "filters": filters,
            "grade_choices": GradeLevel.choices,
            "missing_classes": missing_classes,
        },
    )


@login_required
def branch_export(request, code):
    school = _school(request, code)
    year = _year(request)
    branches = list(queries.branches_of_year(school, year, **_branch_filters(request)))
    cov = queries.coverage(school, year, branches, clock.today())
    return exports.branches_xlsx(branches, cov, year)


@login_required
@require_POST
def branches_ensure(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = _year(request, request.POST)
    count = league_branches_ensure(school=school, school_year=year, actor=request.user, request=request)
    messages.success(request, f"已为 {count} 个班级建立团支部。" if count else "每个班级都已有团支部。")
    return redirect(reverse("league:overview", args=[code]) + f"?year={year.start_year}")


@login_required
def branch_detail(request, code, pk):
    school = _school(request, code)
    branch = perms.get_branch_for_user(request.user, school, pk)
    sized = queries.with_sizes(type(branch).objects.filter(pk=branch.pk)).values("student_count", "member_count")[0]
    cov = queries.coverage(school, branch.school_year, [branch], clock.today())
    can_see_students = perms.can_see_students(request.user, school)
    return render(
        request,
        "league/branch_detail.html",
        {
            **_base(request, school, branch.school_year, "overview"),
            "branch": branch,
            "sizes": sized,
            "cells": list(zip(cov["terms"], _cells(cov["coverage"][branch.pk], cov["terms"]), strict=True)),
            "minimum": cov["minimum"],
            "lessons": list(branch.lessons.select_related("school", "lecturer").order_by("-date")),
            "theme_activities": list(
                branch.theme_activities.select_related("series__school", "guide").order_by("-date")
            ),
            "members": list(queries.branch_members(branch)) if can_see_students else None,
            "recommendations": list(branch.recommendations.select_related("student")) if can_see_students else None,
        },
    )


@login_required
def branch_edit(request, code, pk):
    school = _school(request, code)
    branch = perms.get_branch_for_user(request.user, school, pk, write=True)
    form = LeagueBranchForm(request.POST or None, instance=branch)
    return form_page(
        request,
        form=form,
        save=league_branch_save,
        title=f"编辑团支部：{branch.name}",
        school=school,
        cancel_url=branch.get_absolute_url(),
    )


# Party members' League lessons -----------------------------------------------------------------


def _lesson_filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("q", "status", "branch")}


@login_required
def lesson_list(request, code):
    school = _school(request, code)
    year = _year(request)
    filters = _lesson_filters(request)
    return render(
        request,
        "league/lesson_list.html",
        {
            **_base(request, school, year, "lessons"),
            **paginate(request, queries.search_lessons(school, year, **filters)),
            "filters": filters,
            "status_choices": LessonStatus.choices,
        },
    )


@login_required
def lesson_export(request, code):
    school = _school(request, code)
    year = _year(request)
    return exports.lessons_xlsx(queries.search_lessons(school, year, **_lesson_filters(request)), year)


@login_required
def lesson_create(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = _year(request)
    form = LeagueLessonForm(request.POST or None, school=school, school_year=year)
    return form_page(
        request,
        form=form,
        save=league_lesson_save,
        title=f"新增党员团课（{year}）",
        school=school,
        cancel_url=reverse("league:lesson_list", args=[code]) + f"?year={year.start_year}",
    )


@login_required
def lesson_detail(request, code, pk):
    school = _school(request, code)
    lesson = perms.get_lesson_for_user(request.user, school, pk)
    branches = list(queries.with_sizes(lesson.branches.select_related("school_class__grade")))
    return render(
        request,
        "league/lesson_detail.html",
        {
            **_base(request, school, lesson.school_year, "lessons"),
            "lesson": lesson,
            "branches": branches,
            "capacity": sum(b.student_count for b in branches),
            "can_edit": perms.can_edit_lesson(request.user, lesson),
        },
    )


@login_required
def lesson_edit(request, code, pk):
    school = _school(request, code)
    lesson = perms.get_lesson_for_user(request.user, school, pk, write=True)
    form = LeagueLessonForm(request.POST or None, instance=lesson, school=school, school_year=lesson.school_year)
    if not perms.can_manage(request.user, school):
        form.fields["lecturer"].disabled = True  # a lecturer edits their own lesson, not who gives it
    return form_page(
        request,
        form=form,
        save=league_lesson_save,
        title=f"编辑党员团课：{lesson.topic}",
        school=school,
        cancel_url=lesson.get_absolute_url(),
    )


@login_required
@require_POST
def lesson_delete(request, code, pk):
    school = _school(request, code)
    lesson = perms.get_lesson_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        services.league_lesson_delete,
        lesson=lesson,
        message=f"已删除党员团课：{lesson}",
        done_url=reverse("league:lesson_list", args=[code]) + f"?year={lesson.school_year.start_year}",
        refused_url=lesson.get_absolute_url(),
    )


# Themed education series -----------------------------------------------------------------------


@login_required
def series_list(request, code):
    school = _school(request, code)
    year = _year(request)
    series = queries.series_with_counts(school, year)
    page = paginate(request, queries.branches_of_year(school, year, q=request.GET.get("q", "").strip()))
    branches = list(page["page_obj"].object_list)
    matrix = queries.theme_matrix(school, year, branches, series)
    rows = [{"branch": b, "cells": [matrix[b.pk][s.pk] for s in series]} for b in branches]
    return render(
        request,
        "league/series_list.html",
        {
            **_base(request, school, year, "series"),
            **page,
            "series": series,
            "rows": rows,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
@require_POST
def series_seed(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    count = theme_series_seed_defaults(school=school, actor=request.user, request=request)
    messages.success(request, f"已添加 {count} 个主题教育系列。" if count else "四个主题教育系列都已存在。")
    return redirect("league:series_list", code)


@login_required
def series_create(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    form = ThemeSeriesForm(request.POST or None, school=school)
    return form_page(
        request,
        form=form,
        save=theme_series_save,
        title="新增主题教育系列",
        school=school,
        cancel_url=reverse("league:series_list", args=[code]),
    )


@login_required
def series_edit(request, code, pk):
    school = _school(request, code)
    series = perms.get_series_for_user(request.user, school, pk, write=True)
    form = ThemeSeriesForm(request.POST or None, instance=series, school=school)
    return form_page(
        request,
        form=form,
        save=theme_series_save,
        title=f"编辑主题教育系列：{series.name}",
        school=school,
        cancel_url=series.get_absolute_url(),
    )


@login_required
def series_detail(request, code, pk):
    school = _school(request, code)
    series = perms.get_series_for_user(request.user, school, pk)
    year = _year(request)
    branches = list(queries.branches_of_year(school, year))
    matrix = queries.theme_matrix(school, year, branches, [series])
    uncovered = [b for b in branches if not matrix[b.pk][series.pk]]
    return render(
        request,
        "league/series_detail.html",
        {
            **_base(request, school, year, "series"),
            "series": series,
            **paginate(request, queries.search_theme_activities(school, year, series=series)),
            "branch_total": len(branches),
            "uncovered": uncovered,
        },
    )


# Themed activities ---------------------------------------------------------------------------


@login_required
def theme_activity_list(request, code):
    school = _school(request, code)
    year = _year(request)
    q = request.GET.get("q", "").strip()
    series_id = int_or_none(request.GET.get("series"))
    series = ThemeSeries.objects.filter(school=school, pk=series_id).first() if series_id is not None else None
    return render(
        request,
        "league/theme_activity_list.html",
        {
            **_base(request, school, year, "activities"),
            **paginate(request, queries.search_theme_activities(school, year, series=series, q=q)),
            "series_choices": ThemeSeries.objects.filter(school=school),
            "filters": {"q": q, "series": request.GET.get("series", "")},
        },
    )


@login_required
def theme_activity_export(request, code):
    school = _school(request, code)
    year = _year(request)
    qs = queries.search_theme_activities(school, year, q=request.GET.get("q", "").strip()).prefetch_related(
        "branches__school_class__grade"
    )
    return exports.theme_activities_xlsx(qs, year)


@login_required
def theme_activity_create(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = _year(request)
    initial = {"series": int_or_none(request.GET.get("series"))}
    form = ThemeActivityForm(request.POST or None, school=school, school_year=year, initial=initial)
    return form_page(
        request,
        form=form,
        save=theme_activity_save,
        title=f"新增主题教育活动（{year}）",
        school=school,
        cancel_url=reverse("league:series_list", args=[code]) + f"?year={year.start_year}",
    )


@login_required
def theme_activity_edit(request, code, pk):
    school = _school(request, code)
    activity = perms.get_theme_activity_for_user(request.user, school, pk, write=True)
    form = ThemeActivityForm(request.POST or None, instance=activity, school=school, school_year=activity.school_year)
    return form_page(
        request,
        form=form,
        save=theme_activity_save,
        title=f"编辑主题教育活动：{activity.title}",
        school=school,
        cancel_url=activity.get_absolute_url(),
    )


@login_required
def theme_activity_detail(request, code, pk):
    school = _school(request, code)
    activity = perms.get_theme_activity_for_user(request.user, school, pk)
    can_manage = perms.can_manage(request.user, school)
    form = None
    if request.method == "POST":
        require(can_manage)
        form = PhotoForm(request.POST, request.FILES, activity=activity)
        if form.is_valid():
            theme_photo_add(form=form, actor=request.user, request=request)
            messages.success(request, "照片已上传。")
            return redirect(activity.get_absolute_url())
        messages.error(request, "上传失败：" + "；".join(e for errors in form.errors.values() for e in errors))
    elif can_manage:
        form = PhotoForm(activity=activity)
    branches = list(queries.with_sizes(activity.branches.select_related("school_class__grade")))
    return render(
        request,
        "league/theme_activity_detail.html",
        {
            **_base(request, school, activity.school_year, "activities"),
            "activity": activity,
            "branches": branches,
            "photos": list(activity.photos.all()),
            "photo_form": form,
        },
    )


@login_required
@require_POST
def theme_activity_delete(request, code, pk):
    school = _school(request, code)
    activity = perms.get_theme_activity_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        services.theme_activity_delete,
        activity=activity,
        message=f"已删除主题教育活动：{activity}",
        done_url=activity.series.get_absolute_url() + f"?year={activity.school_year.start_year}",
        refused_url=activity.get_absolute_url(),
    )


@login_required
def photo(request, code, pk):
    school = _school(request, code)
    item = perms.get_photo_for_user(request.user, school, pk)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        not_found()
    ext = item.image.name.rsplit(".", 1)[-1].lower()
    content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}.get(
        ext, "image/webp"
    )
    return FileResponse(handle, content_type=content_type)


# 推优入党 --------------------------------------------------------------------------------------


def _recommendation_filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("q", "status")}


def _require_students(request, school):
    if not perms.can_see_students(request.user, school):
        require(False, "推优入党记录含学生信息，仅学校党组织、教务处和政教处可以查看。")


@login_required
def recommendation_list(request, code):
    school = _school(request, code)
    _require_students(request, school)
    year = _year(request)
    filters = _recommendation_filters(request)
    page = paginate(request, queries.search_recommendations(school, year, **filters))
    can_develop = development_perms.can_open_student_files(request.user, school)
    today = clock.today()
    for rec in page["object_list"]:
        rec.development = file_state(rec, today) if can_develop else None
    return render(
        request,
        "league/recommendation_list.html",
        {
            **_base(request, school, year, "recommendations"),
            **page,
            "can_develop": can_develop,
            "filters": filters,
            "status_choices": RecommendationStatus.choices,
        },
    )


@login_required
def recommendation_export(request, code):
    school = _school(request, code)
    _require_students(request, school)
    year = _year(request)
    qs = queries.search_recommendations(school, year, **_recommendation_filters(request))
    return exports.recommendations_xlsx(qs, year)


@login_required
def recommendation_create(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    year = _year(request)
    form = RecommendationForm(request.POST or None, school=school, school_year=year)
    return form_page(
        request,
        form=form,
        save=recommendation_save,
        title=f"推优入党：新增推荐（{year}）",
        school=school,
        cancel_url=reverse("league:recommendation_list", args=[code]) + f"?year={year.start_year}",
    )


@login_required
def recommendation_edit(request, code, pk):
    school = _school(request, code)
    rec = perms.get_recommendation_for_user(request.user, school, pk, write=True)
    form = RecommendationForm(request.POST or None, instance=rec, school=school, school_year=rec.branch.school_year)
    return form_page(
        request,
        form=form,
        save=recommendation_save,
        title=f"编辑推优入党：{rec.student.name}",
        school=school,
        cancel_url=reverse("league:recommendation_list", args=[code]),
    )


@login_required
@require_POST
def recommendation_delete(request, code, pk):
    school = _school(request, code)
    rec = perms.get_recommendation_for_user(request.user, school, pk, write=True)
    return delete_and_redirect(
        request,
        services.recommendation_delete,
        recommendation=rec,
        message=f"已删除推优入党记录：{rec}",
        done_url=reverse("league:recommendation_list", args=[code]) + f"?year={rec.branch.school_year.start_year}",
    )


@login_required
def rules_edit(request, code):
    school = _school(request, code)
    require(perms.can_manage(request.user, school))
    rules = LeagueRules.objects.filter(school=school).first() or LeagueRules(school=school)
    form = LeagueRulesForm(request.POST or None, instance=rules, school=school)
    return form_page(
        request,
        form=form,
        save=league_rules_save,
        title="团支部工作规则",
        school=school,
        cancel_url=reverse("league:overview", args=[code]),
    )

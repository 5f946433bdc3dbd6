"""Writes of 帮好一个团支部. Each owns its transaction and writes the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.lib.files import delete_after_commit
from dangjian.school.models import School, SchoolClass, SchoolYear

from . import checks, queries
from .enums import DEFAULT_SERIES, LessonStatus, RecommendationStatus
from .forms import (
    LeagueBranchForm,
    LeagueLessonForm,
    LeagueRulesForm,
    PhotoForm,
    RecommendationForm,
    ThemeActivityForm,
    ThemeSeriesForm,
)
from .models import (
    LeagueBranch,
    LeagueLesson,
    LeagueRules,
    Recommendation,
    ThemeActivity,
    ThemeActivityPhoto,
    ThemeSeries,
)
from .permissions import can_manage


def branch_name(school_class: SchoolClass) -> str:
    return f"{school_class.name}团支部"


def league_branches_ensure(*, school: School, school_year: SchoolYear, actor, request=None) -> int:
    """A 团支部 for every class of the year that has none; returns how many were created."""
    with transaction.atomic():
        classes = (
            SchoolClass.objects.filter(grade__school=school, grade__school_year=school_year, league_branch__isnull=True)
            .select_related("grade")
            .order_by("grade__level", "number")
        )
        created = LeagueBranch.objects.bulk_create(
            [LeagueBranch(school=school, school_year=school_year, school_class=c, name=branch_name(c)) for c in classes]
        )
        if created:
            audit(
                actor,
                "league_branch.ensure",
                school=school,
                summary=f"{school_year} 新建团支部 {len(created)} 个",
                request=request,
            )
    return len(created)


def _save(form, action: str, school, actor, request):
    with transaction.atomic():
        created = form.instance.pk is None
        obj = form.save()
        audit(actor, f"{action}.{'create' if created else 'update'}", obj, school=school, request=request)
    return obj


def league_branch_save(*, form: LeagueBranchForm, actor, request=None) -> LeagueBranch:
    return _save(form, "league_branch", form.instance.school, actor, request)


def league_lesson_save(*, form: LeagueLessonForm, actor, request=None) -> LeagueLesson:
    return _save(form, "league_lesson", form.school, actor, request)


LESSON_CLOSED = (
    "该团课已开展，所在学期已结束，已计入团支部团课覆盖和年度统计，授课党员不能再删除；"
    "如确属重复录入，请联系书记或党务干部删除。"
)
RECOMMENDATION_ACCEPTED = (
    "党组织已接收的推荐是学生入党材料的依据，不能删除；如确属登记错误，请先修改其状态（会记入操作日志）再删除。"
)


def league_lesson_delete(*, lesson: LeagueLesson, actor, request=None) -> None:
    """Deleted for good (the audit log keeps it). The lecturer deletes their own lesson until it is counted
    in a semester that has ended; the secretary and Party affairs staff always (e.g. a duplicate)."""
    closed = checks.lesson_counted_in_closed_term(
        lesson.status == LessonStatus.HELD,
        lesson.date,
        queries.terms_of(lesson.school_year),
        lesson.school_year.ends_on,
        clock.today(),
    )
    if closed and not can_manage(actor, lesson.school):
        raise ValidationError(LESSON_CLOSED)
    with transaction.atomic():
        audit(actor, "league_lesson.delete", lesson, school=lesson.school, request=request)
        lesson.delete()


def theme_series_save(*, form: ThemeSeriesForm, actor, request=None) -> ThemeSeries:
    return _save(form, "theme_series", form.school, actor, request)


def theme_series_seed_defaults(*, school: School, actor, request=None) -> int:
    """The four series of the article, for a school that has not set them up."""
    with transaction.atomic():
        existing = set(ThemeSeries.objects.filter(school=school).values_list("name", flat=True))
        new = [
            ThemeSeries(school=school, name=name, description=description, order=i)
            for i, (name, description) in enumerate(DEFAULT_SERIES, 1)
            if name not in existing
        ]
        ThemeSeries.objects.bulk_create(new)
        if new:
            audit(actor, "theme_series.seed", school=school, summary=f"添加主题教育系列 {len(new)} 个", request=request)
    return len(new)


def theme_activity_save(*, form: ThemeActivityForm, actor, request=None) -> ThemeActivity:
    return _save(form, "theme_activity", form.school, actor, request)


def theme_photo_add(*, form: PhotoForm, actor, request=None) -> ThemeActivityPhoto:
    return _save(form, "theme_photo", form.activity.series.school, actor, request)


def theme_activity_delete(*, activity: ThemeActivity, actor, request=None) -> None:
    """The activity and its photos, rows at once and stored files once the delete commits."""
    with transaction.atomic():
        photos = [photo.image for photo in activity.photos.all()]
        summary = f"{activity}（照片 {len(photos)} 张）" if photos else ""
        audit(actor, "theme_activity.delete", activity, school=activity.series.school, summary=summary, request=request)
        activity.delete()
        delete_after_commit(*photos)


def recommendation_save(*, form: RecommendationForm, actor, request=None) -> Recommendation:
    return _save(form, "recommendation", form.school, actor, request)


def recommendation_delete(*, recommendation: Recommendation, actor, request=None) -> None:
    if recommendation.status == RecommendationStatus.ACCEPTED:
        raise ValidationError(RECOMMENDATION_ACCEPTED)
    with transaction.atomic():
        audit(actor, "recommendation.delete", recommendation, school=recommendation.school, request=request)
        recommendation.delete()


def league_rules_save(*, form: LeagueRulesForm, actor, request=None) -> LeagueRules:
    return _save(form, "league_rules", form.instance.school, actor, request)

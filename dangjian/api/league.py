"""/api/v1/league: 帮好一个团支部 — League branches with their member counts and lesson coverage,
Party members' League lessons, themed series and activities, and 推优入党, through the same permission
helpers, forms and services as the pages. Photos are uploaded on the pages only."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.league import permissions as perms
from dangjian.league import queries, services
from dangjian.league.forms import LeagueLessonForm, RecommendationForm, ThemeActivityForm
from dangjian.league.models import LeagueBranch, LeagueLesson, Recommendation, ThemeActivity
from dangjian.league.services import league_lesson_save, recommendation_save, theme_activity_save
from dangjian.lib import clock
from dangjian.lib.access import require

from .common import (
    ERRORS,
    FindingOut,
    Pagination,
    PayloadSchema,
    Ref,
    SchoolParam,
    Text,
    YearParam,
    form_data,
    instance_data,
    school_for,
    school_of,
    school_year_for,
    titled,
    validated,
)

BranchId = Annotated[int, Path(..., title="团支部编号")]
LessonId = Annotated[int, Path(..., title="团课编号")]
ThemeActivityId = Annotated[int, Path(..., title="主题活动编号")]
RecommendationId = Annotated[int, Path(..., title="推优记录编号")]

router = Router(tags=["帮好一个团支部"])


def _viewable(user, code: str):
    school = school_for(user, code)
    require(perms.can_view(user, school))
    return school


# Schemas -----------------------------------------------------------------------------------------


class TermCoverage(Schema):
    term: int
    lessons: int
    covered: bool | None = Field(description="是否达到每学期党员团课要求；学期未开始为 null")


class BranchOut(Schema):
    id: int
    name: str
    school_year: str
    school_class: Ref
    secretary: str | None = Field(description="团支部书记姓名")
    student_count: int
    member_count: int = Field(description="团员人数（来自学生名册）")
    coverage: list[TermCoverage]

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_school_class(obj):
        return {"id": obj.school_class_id, "name": obj.school_class.name}

    @staticmethod
    def resolve_secretary(obj):
        return obj.secretary.name if obj.secretary_id else None


class LeagueLessonOut(Schema):
    id: int
    school_year: str
    status: str
    status_display: str
    date: dt.date
    topic: str
    lecturer: Ref
    branches: list[Ref]
    attendance: int | None
    notes: str

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


class LeagueLessonIn(PayloadSchema):
    status: str | None = titled(LeagueLessonForm, "status", "planned 计划，held 已开展")
    date: str | None = titled(LeagueLessonForm, "date", "YYYY-MM-DD，须在学年内")
    topic: str | None = titled(LeagueLessonForm, "topic")
    lecturer: int | None = titled(LeagueLessonForm, "lecturer", "党员教职工编号")
    branches: list[int] | None = titled(LeagueLessonForm, "branches", "本校本学年团支部编号")
    attendance: int | None = titled(LeagueLessonForm, "attendance", "不超过所选团支部学生总数")
    notes: str | None = titled(LeagueLessonForm, "notes")


class SeriesOut(Schema):
    id: int
    name: str
    description: str
    activity_count: int = Field(description="本学年活动次数")
    classes_covered: int = Field(description="本学年参加过的班级（团支部）数")
    classes_total: int


class ThemeActivityOut(Schema):
    id: int
    series: Ref
    school_year: str
    date: dt.date
    title: str
    branches: list[Ref]
    participants: int
    guide: Ref
    notes: str

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code


class ThemeActivityIn(PayloadSchema):
    series: int | None = titled(ThemeActivityForm, "series", "本校主题系列编号")
    date: str | None = titled(ThemeActivityForm, "date", "YYYY-MM-DD")
    title: str | None = titled(ThemeActivityForm, "title")
    branches: list[int] | None = titled(ThemeActivityForm, "branches", "本校本学年团支部编号")
    participants: int | None = titled(ThemeActivityForm, "participants")
    guide: int | None = titled(ThemeActivityForm, "guide", "党员教职工编号")
    notes: str | None = titled(ThemeActivityForm, "notes")


class RecommendationOut(Schema):
    id: int
    date: dt.date
    student: Ref
    branch: Ref
    status: str
    status_display: str
    reason: str

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


class RecommendationIn(PayloadSchema):
    branch: int | None = titled(RecommendationForm, "branch")
    student: int | None = titled(RecommendationForm, "student", "本班共青团员的学生编号")
    date: str | None = titled(RecommendationForm, "date", "YYYY-MM-DD")
    reason: str | None = titled(RecommendationForm, "reason")
    status: str | None = titled(RecommendationForm, "status")


class SummaryOut(Schema):
    school_year: str
    branch_count: int
    students: int
    members: int
    lessons_held: int
    lessons_planned: int
    lecturers: int
    theme_activities: int
    minimum_lessons_per_semester: int
    findings: list[FindingOut]


# Branches ----------------------------------------------------------------------------------------


class BranchFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    q: Text = Field("", title="关键词（q）", description="团支部或团支部书记")
    grade: int | None = Field(None, title="年段（grade）", description="1 高一，2 高二，3 高三")


def _with_coverage(school, year, branches):
    branches = list(branches)
    cov = queries.coverage(school, year, branches, clock.today())
    for b in branches:
        c = cov["coverage"][b.pk]
        b.coverage = [
            {"term": t.term, "lessons": c.lessons.get(t.term, 0), "covered": c.covered.get(t.term)}
            for t in cov["terms"]
        ]
    return branches


class _CoveredBranches:
    """The branch queryset for the paginator: the page it slices gets its lesson coverage in two
    queries, whatever the page size."""

    def __init__(self, qs, school, year):
        self.qs, self.school, self.year = qs, school, year

    def all(self):
        return self.qs.all()

    def __getitem__(self, page):
        return _with_coverage(self.school, self.year, self.qs[page])


@router.get("/branches", response={200: list[BranchOut], **ERRORS}, summary="团支部列表")
@paginate(Pagination)
def branch_list(request, filters: Query[BranchFilters]):
    """Every member of the school reads the branches; member counts come from the student roster."""
    school = _viewable(request.user, filters.school)
    year = school_year_for(filters.year)
    return _CoveredBranches(
        queries.branches_of_year(school, year, q=filters.q, grade=filters.grade or ""), school, year
    )


@router.get("/branches/{branch_id}", response={200: BranchOut, **ERRORS}, summary="团支部详情")
def branch_detail(request, branch_id: BranchId):
    school = school_of(request.user, LeagueBranch, branch_id)
    branch = perms.get_branch_for_user(request.user, school, branch_id)
    sized = queries.with_sizes(LeagueBranch.objects.filter(pk=branch.pk)).select_related(
        "school_year", "school_class__grade", "secretary"
    )
    return _with_coverage(school, branch.school_year, sized)[0]


@router.get("/summary", response={200: SummaryOut, **ERRORS}, summary="团支部工作概况与覆盖提醒")
def summary(request, school: SchoolParam, year: YearParam = ""):
    school_obj = _viewable(request.user, school)
    year_obj = school_year_for(year)
    data = queries.year_summary(school_obj, year_obj, clock.today())
    return {
        "school_year": year_obj.code,
        "branch_count": data["branch_count"],
        "students": data["students"],
        "members": data["members"],
        "lessons_held": data["lessons"]["held"],
        "lessons_planned": data["lessons"]["planned"],
        "lecturers": data["lessons"]["lecturers"],
        "theme_activities": data["theme_activities"],
        "minimum_lessons_per_semester": data["minimum"],
        "findings": [{"level": x.level, "message": x.message} for x in data["findings"]],
    }


# Lessons -----------------------------------------------------------------------------------------


class LessonFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    q: Text = Field("", title="关键词（q）", description="主题或授课党员")
    status: Text = Field("", title="状态（status）")
    branch: int | None = Field(None, title="团支部（branch）")


@router.get("/lessons", response={200: list[LeagueLessonOut], **ERRORS}, summary="党员团课列表")
@paginate(Pagination)
def lesson_list(request, filters: Query[LessonFilters]):
    school = _viewable(request.user, filters.school)
    return queries.search_lessons(
        school, school_year_for(filters.year), q=filters.q, status=filters.status, branch=filters.branch or ""
    ).select_related("school_year")


@router.get("/lessons/{lesson_id}", response={200: LeagueLessonOut, **ERRORS}, summary="党员团课详情")
def lesson_detail(request, lesson_id: LessonId):
    school = school_of(request.user, LeagueLesson, lesson_id)
    return perms.get_lesson_for_user(request.user, school, lesson_id)


@router.post("/lessons", response={201: LeagueLessonOut, **ERRORS}, summary="新增党员团课")
def lesson_create(request, payload: LeagueLessonIn, school: SchoolParam, year: YearParam = ""):
    school_obj = _viewable(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    form = validated(
        LeagueLessonForm(
            data=form_data(instance_data(LeagueLesson(), LeagueLessonForm.Meta.fields), payload),
            school=school_obj,
            school_year=school_year_for(year),
        )
    )
    return Status(201, league_lesson_save(form=form, actor=request.user, request=request))


@router.patch("/lessons/{lesson_id}", response={200: LeagueLessonOut, **ERRORS}, summary="修改党员团课")
def lesson_patch(request, lesson_id: LessonId, payload: LeagueLessonIn):
    """The secretary and Party affairs staff, or the lesson's lecturer (who cannot hand it to another)."""
    school = school_of(request.user, LeagueLesson, lesson_id)
    lesson = perms.get_lesson_for_user(request.user, school, lesson_id, write=True)
    base = instance_data(lesson, LeagueLessonForm.Meta.fields)
    form = LeagueLessonForm(
        data=form_data(base, payload), instance=lesson, school=school, school_year=lesson.school_year
    )
    if not perms.can_manage(request.user, school):
        form.fields["lecturer"].disabled = True
    return league_lesson_save(form=validated(form), actor=request.user, request=request)


@router.delete("/lessons/{lesson_id}", response={204: None, **ERRORS}, summary="删除党员团课")
def lesson_delete(request, lesson_id: LessonId):
    """Who may edit the lesson; its lecturer only until it is counted in a semester that has ended (422)."""
    school = school_of(request.user, LeagueLesson, lesson_id)
    lesson = perms.get_lesson_for_user(request.user, school, lesson_id, write=True)
    services.league_lesson_delete(lesson=lesson, actor=request.user, request=request)
    return Status(204, None)


# Themed series and activities -------------------------------------------------------------------


@router.get("/series", response={200: list[SeriesOut], **ERRORS}, summary="主题教育系列与班级覆盖")
def series_list(request, school: SchoolParam, year: YearParam = ""):
    school_obj = _viewable(request.user, school)
    year_obj = school_year_for(year)
    series = queries.series_with_counts(school_obj, year_obj)
    branches = list(queries.branches_of_year(school_obj, year_obj))
    matrix = queries.theme_matrix(school_obj, year_obj, branches, series)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "description": s.description,
            "activity_count": s.activity_count,
            "classes_covered": sum(1 for b in branches if matrix[b.pk][s.pk]),
            "classes_total": len(branches),
        }
        for s in series
    ]


class ThemeFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    series: int | None = Field(None, title="主题系列（series）")
    q: Text = Field("", title="关键词（q）")


@router.get("/theme-activities", response={200: list[ThemeActivityOut], **ERRORS}, summary="主题教育活动列表")
@paginate(Pagination)
def theme_activity_list(request, filters: Query[ThemeFilters]):
    school = _viewable(request.user, filters.school)
    qs = queries.search_theme_activities(school, school_year_for(filters.year), q=filters.q)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    return qs.select_related("school_year").prefetch_related("branches")


@router.post("/theme-activities", response={201: ThemeActivityOut, **ERRORS}, summary="新增主题教育活动")
def theme_activity_create(request, payload: ThemeActivityIn, school: SchoolParam, year: YearParam = ""):
    school_obj = _viewable(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    form = validated(
        ThemeActivityForm(
            data=payload.model_dump(exclude_unset=True), school=school_obj, school_year=school_year_for(year)
        )
    )
    activity = theme_activity_save(form=form, actor=request.user, request=request)
    return Status(201, ThemeActivity.objects.select_related("series", "school_year", "guide").get(pk=activity.pk))


@router.delete("/theme-activities/{activity_id}", response={204: None, **ERRORS}, summary="删除主题教育活动")
def theme_activity_delete(request, activity_id: ThemeActivityId):
    """With its photos (the stored files too)."""
    school = school_of(request.user, ThemeActivity, activity_id, "series__school")
    activity = perms.get_theme_activity_for_user(request.user, school, activity_id, write=True)
    services.theme_activity_delete(activity=activity, actor=request.user, request=request)
    return Status(204, None)


# 推优入党 ----------------------------------------------------------------------------------------


class RecommendationFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    q: Text = Field("", title="关键词（q）", description="学生姓名或学号")
    status: Text = Field("", title="状态（status）")


@router.get("/recommendations", response={200: list[RecommendationOut], **ERRORS}, summary="推优入党列表")
@paginate(Pagination)
def recommendation_list(request, filters: Query[RecommendationFilters]):
    """Student names: office roles only (as the student pages)."""
    school = _viewable(request.user, filters.school)
    require(perms.can_see_students(request.user, school))
    return queries.search_recommendations(school, school_year_for(filters.year), q=filters.q, status=filters.status)


@router.post("/recommendations", response={201: RecommendationOut, **ERRORS}, summary="新增推优入党")
def recommendation_create(request, payload: RecommendationIn, school: SchoolParam, year: YearParam = ""):
    school_obj = _viewable(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    form = validated(
        RecommendationForm(
            data=form_data(instance_data(Recommendation(), RecommendationForm.Meta.fields), payload),
            school=school_obj,
            school_year=school_year_for(year),
        )
    )
    return Status(201, recommendation_save(form=form, actor=request.user, request=request))


@router.delete("/recommendations/{recommendation_id}", response={204: None, **ERRORS}, summary="删除推优入党记录")
def recommendation_delete(request, recommendation_id: RecommendationId):
    """Not once the Party organization has accepted it (422)."""
    school = school_of(request.user, Recommendation, recommendation_id)
    rec = perms.get_recommendation_for_user(request.user, school, recommendation_id, write=True)
    services.recommendation_delete(recommendation=rec, actor=request.user, request=request)
    return Status(204, None)

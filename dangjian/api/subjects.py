"""/api/v1/subjects: 抓好一个学科 — yearly cadre–subject links, the activity log with its lesson
evaluations, and the figures, through the same permission helpers, forms and services as the pages.
Evidence files are uploaded on the pages only."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib import clock
from dangjian.lib.access import require
from dangjian.school.models import Staff
from dangjian.subjects import permissions as perms
from dangjian.subjects import queries
from dangjian.subjects.forms import LessonEvaluationForm, SubjectActivityForm, SubjectLinkForm
from dangjian.subjects.models import SubjectActivity, SubjectLink
from dangjian.subjects.services import (
    lesson_evaluation_save,
    subject_activity_delete,
    subject_activity_save,
    subject_link_create,
    subject_links_publish,
)

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

LinkId = Annotated[int, Path(..., title="挂钩编号")]
ActivityId = Annotated[int, Path(..., title="活动编号")]

router = Router(tags=["抓好一个学科"])


def _school_of_link(user, pk: int):
    return school_of(user, SubjectLink, pk)


def _school_of_activity(user, pk: int):
    return school_of(user, SubjectActivity, pk, "link__school")


# Schemas -----------------------------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    school_year: str = Field(description="学年，如 2022-2023")
    cadre: Ref
    subject: Ref
    status: str
    status_display: str
    activity_count: int | None = Field(None, description="本学年活动次数（列表中提供）")
    demo_count: int | None = Field(None, description="本学年示范课次数（列表中提供）")

    @staticmethod
    def resolve_school(obj):
        return obj.school.code

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_activity_count(obj):
        return getattr(obj, "activity_count", None)

    @staticmethod
    def resolve_demo_count(obj):
        return getattr(obj, "demo_count", None)


class EvaluationOut(Schema):
    id: int
    evaluator: Ref
    score: int
    comment: str


class SubjectActivityOut(Schema):
    id: int
    link: int = Field(description="挂钩编号")
    school_year: str
    subject: Ref
    cadre: Ref
    kind: str
    kind_display: str
    date: dt.date
    topic: str
    notes: str
    participant_count: int
    has_evidence: bool

    @staticmethod
    def resolve_link(obj):
        return obj.link_id

    @staticmethod
    def resolve_school_year(obj):
        return obj.link.school_year.code

    @staticmethod
    def resolve_subject(obj):
        return obj.link.subject

    @staticmethod
    def resolve_cadre(obj):
        return obj.link.cadre

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_participant_count(obj):
        count = getattr(obj, "participant_count", None)
        return count if count is not None else obj.participants.count()

    @staticmethod
    def resolve_has_evidence(obj):
        return bool(obj.evidence)


class SubjectActivityDetailOut(SubjectActivityOut):
    participants: list[Ref]
    evaluations: list[EvaluationOut]
    average_score: float | None

    @staticmethod
    def resolve_participants(obj):
        return obj.detail["participants"]

    @staticmethod
    def resolve_evaluations(obj):
        return obj.detail["evaluations"]

    @staticmethod
    def resolve_average_score(obj):
        return obj.detail["average_score"]


class LinkIn(PayloadSchema):
    cadre: int | None = titled(SubjectLinkForm, "cadre", "教职工编号（校级领导或党员骨干教师）")
    subject: int | None = titled(SubjectLinkForm, "subject", "本校学科编号")


class SubjectActivityIn(PayloadSchema):
    kind: str | None = titled(
        SubjectActivityForm,
        "kind",
        "demo_lesson 示范课，guide_research 指导教研活动，exam_items 研磨试题，seminar 专题教学研讨，observation 听评课，lecture 学科讲座",
    )
    date: str | None = titled(SubjectActivityForm, "date", "YYYY-MM-DD")
    topic: str | None = titled(SubjectActivityForm, "topic")
    participants: list[int] | None = titled(SubjectActivityForm, "participants", "教研组成员的教职工编号")
    notes: str | None = titled(SubjectActivityForm, "notes")


class ActivityCreateIn(SubjectActivityIn):
    link: int = Field(..., title="学科挂钩（link）", description="挂钩编号")


class EvaluationIn(PayloadSchema):
    evaluator: int | None = titled(LessonEvaluationForm, "evaluator", "参加人员的教职工编号")
    score: int | None = titled(LessonEvaluationForm, "score", "0–100")
    comment: str | None = titled(LessonEvaluationForm, "comment")


class LinkFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    q: Text = Field("", title="关键词（q）", description="干部姓名或工号")
    subject: int | None = Field(None, title="学科（subject）")
    status: Text = Field("", title="状态（status）", description="draft 草稿，published 已发布")


class SubjectActivityFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）")
    q: Text = Field("", title="关键词（q）", description="主题或挂钩干部")
    kind: Text = Field("", title="活动类型（kind）")
    subject: int | None = Field(None, title="学科（subject）")
    cadre: int | None = Field(None, title="挂钩干部（cadre）")
    term: Text = Field("", title="学期（term）", description="1 或 2")


class TallyOut(Schema):
    activities: int
    demo_lessons: int


class FigureRow(Schema):
    id: int
    name: str
    subjects_or_cadres: str
    first_term: TallyOut
    second_term: TallyOut
    total: TallyOut


class BehindOut(Schema):
    cadre: Ref
    subjects: str
    term: int
    activities: int
    demo_lessons: int
    level: str
    message: str


class SubjectFiguresOut(Schema):
    school_year: str
    minimum: TallyOut = Field(description="每学期最低要求")
    findings: list[FindingOut]
    subjects: list[FigureRow]
    cadres: list[FigureRow]
    behind: list[BehindOut]


# Links -------------------------------------------------------------------------------------------


@router.get("/links", response={200: list[LinkOut], **ERRORS}, summary="学科挂钩列表")
@paginate(Pagination)
def link_list(request, filters: Query[LinkFilters]):
    """Secretary, Party affairs staff and 教务处 see every link; a cadre sees their own published links."""
    school = school_for(request.user, filters.school)
    require(perms.can_view(request.user, school))
    return queries.search_links(
        perms.links_for_user(request.user, school),
        school_year_for(filters.year),
        q=filters.q,
        subject=filters.subject or "",
        status=filters.status,
    )


class PublishOut(Schema):
    published: int


@router.post("/links/publish", response={200: PublishOut, **ERRORS}, summary="发布本学年全部草稿挂钩")
def links_publish(request, school: SchoolParam, year: YearParam = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    count = subject_links_publish(
        school=school_obj, school_year=school_year_for(year), actor=request.user, request=request
    )
    return {"published": count}


@router.get("/links/{link_id}", response={200: LinkOut, **ERRORS}, summary="学科挂钩详情")
def link_detail(request, link_id: LinkId):
    school = _school_of_link(request.user, link_id)
    return perms.get_link_for_user(request.user, school, link_id)


@router.post("/links", response={201: LinkOut, **ERRORS}, summary="新增学科挂钩（草稿）")
def link_create(request, payload: LinkIn, school: SchoolParam, year: YearParam = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    year_obj = school_year_for(year)
    form = validated(
        SubjectLinkForm(data=payload.model_dump(exclude_unset=True), school=school_obj, school_year=year_obj)
    )
    return Status(201, subject_link_create(form=form, actor=request.user, request=request))


# Activities --------------------------------------------------------------------------------------


@router.get("/activities", response={200: list[SubjectActivityOut], **ERRORS}, summary="学科活动列表")
@paginate(Pagination)
def activity_list(request, filters: Query[SubjectActivityFilters]):
    """Full readers see every activity; a teacher the activities they gave, took part in or evaluated."""
    school = school_for(request.user, filters.school)
    require(perms.can_view(request.user, school))
    return queries.search_activities(
        perms.activities_for_user(request.user, school),
        school_year_for(filters.year),
        q=filters.q,
        kind=filters.kind,
        subject=filters.subject or "",
        cadre=filters.cadre or "",
        term=filters.term,
    )


def _detail(activity):
    activity.detail = queries.activity_detail(activity)
    return activity


@router.get("/activities/{activity_id}", response={200: SubjectActivityDetailOut, **ERRORS}, summary="学科活动详情")
def activity_detail(request, activity_id: ActivityId):
    school = _school_of_activity(request.user, activity_id)
    return _detail(perms.get_activity_for_user(request.user, school, activity_id))


@router.post("/activities", response={201: SubjectActivityDetailOut, **ERRORS}, summary="记录学科活动")
def activity_create(request, payload: ActivityCreateIn):
    """The linked cadre logs in their own published link; the secretary and Party affairs staff in any."""
    school = _school_of_link(request.user, payload.link)
    link = perms.get_link_for_user(request.user, school, payload.link, write=True)
    data = payload.model_dump(exclude_unset=True, exclude={"link"})
    form = validated(SubjectActivityForm(data=data, link=link))
    return Status(201, _detail(subject_activity_save(form=form, actor=request.user, request=request)))


@router.patch("/activities/{activity_id}", response={200: SubjectActivityDetailOut, **ERRORS}, summary="修改学科活动")
def activity_patch(request, activity_id: ActivityId, payload: SubjectActivityIn):
    school = _school_of_activity(request.user, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id, write=True)
    base = instance_data(activity, ["kind", "date", "topic", "participants", "notes"])
    form = validated(SubjectActivityForm(data=form_data(base, payload), instance=activity, link=activity.link))
    return _detail(subject_activity_save(form=form, actor=request.user, request=request))


@router.delete("/activities/{activity_id}", response={204: None, **ERRORS}, summary="删除学科活动")
def activity_delete(request, activity_id: ActivityId):
    """Who may edit the activity; one with evaluations only by the secretary and Party affairs staff (422)."""
    school = _school_of_activity(request.user, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id, write=True)
    subject_activity_delete(activity=activity, actor=request.user, request=request)
    return Status(204, None)


@router.post("/activities/{activity_id}/evaluations", response={201: EvaluationOut, **ERRORS}, summary="示范课评课")
def evaluation_create(request, activity_id: ActivityId, payload: EvaluationIn):
    """A participant scores a demonstration lesson (sending again changes their score); admins
    record for any participant."""
    school = _school_of_activity(request.user, activity_id)
    activity = perms.get_activity_for_user(request.user, school, activity_id)
    participant_ids = set(activity.participants.values_list("pk", flat=True))
    require(perms.can_evaluate(request.user, activity, participant_ids))
    evaluators = perms.evaluator_choices_for_user(request.user, activity, Staff.objects.filter(pk__in=participant_ids))
    data = payload.model_dump(exclude_unset=True)
    instance = None
    if not perms.can_manage(request.user, school):
        instance = activity.evaluations.filter(evaluator_id=perms.get_access(request.user).staff_id).first()
        data.setdefault("evaluator", perms.get_access(request.user).staff_id)
    form = validated(LessonEvaluationForm(data=data, activity=activity, evaluators=evaluators, instance=instance))
    return Status(201, lesson_evaluation_save(form=form, actor=request.user, request=request))


# Figures -----------------------------------------------------------------------------------------


def _tally(t):
    return {"activities": t.activities, "demo_lessons": t.demo_lessons}


@router.get("/figures", response={200: SubjectFiguresOut, **ERRORS}, summary="学科与挂钩干部统计")
def figures(request, school: SchoolParam, year: YearParam = ""):
    """Per subject and per cadre, per semester; the link warnings; who is behind the semester minimum.
    A teacher who is not a full reader gets their own cadre row only, and no subject figures."""
    school_obj = school_for(request.user, school)
    require(perms.can_view(request.user, school_obj))
    year_obj = school_year_for(year)
    full = perms.can_read_all(request.user, school_obj)
    data = queries.overview(
        school_obj,
        year_obj,
        clock.today(),
        links_qs=None if full else perms.links_for_user(request.user, school_obj),
    )
    return {
        "school_year": year_obj.code,
        "minimum": {"activities": data["minimum"].activities, "demo_lessons": data["minimum"].demo_lessons},
        "findings": [{"level": x.level, "message": x.message} for x in data["findings"]] if full else [],
        "subjects": [
            {
                "id": row["subject"].pk,
                "name": row["subject"].name,
                "subjects_or_cadres": row["cadres"],
                "first_term": _tally(row["tally"].first),
                "second_term": _tally(row["tally"].second),
                "total": _tally(row["tally"].total),
            }
            for row in data["subject_rows"]
        ]
        if full
        else [],
        "cadres": [
            {
                "id": row["cadre"].pk,
                "name": row["cadre"].name,
                "subjects_or_cadres": row["subjects"],
                "first_term": _tally(row["tally"].first),
                "second_term": _tally(row["tally"].second),
                "total": _tally(row["tally"].total),
            }
            for row in data["cadre_rows"]
        ],
        "behind": [
            {
                "cadre": {"id": r.cadre_id, "name": r.cadre_name},
                "subjects": r.subject_names,
                "term": r.term,
                "activities": r.activities,
                "demo_lessons": r.demo_lessons,
                "level": r.level,
                "message": r.message,
            }
            for r in data["behind"]
        ],
    }

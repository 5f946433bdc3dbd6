"""/api/v1/mentoring: young teachers, pairings (with matching and confirmation), activities and figures,
through the same permission helpers, forms and services as the pages."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.jobs.services import job_start
from dangjian.lib.access import require
from dangjian.mentoring import permissions as perms
from dangjian.mentoring import queries, services
from dangjian.mentoring.enums import DIMENSIONS
from dangjian.mentoring.forms import ActivityForm, MentorshipForm
from dangjian.mentoring.models import MentoringActivity, Mentorship, Milestone, Reflection
from dangjian.school.queries import school_year_from_param

from .common import (
    ERRORS,
    Pagination,
    PayloadSchema,
    Ref,
    SchoolParam,
    Text,
    YearParam,
    school_for,
    school_of,
    school_year_for,
    titled,
    validated,
)
from .jobs import JobOut

PairingId = Annotated[int, Path(..., title="结对编号")]
ActivityId = Annotated[int, Path(..., title="带教活动编号")]
ReflectionId = Annotated[int, Path(..., title="成长反思编号")]
MilestoneId = Annotated[int, Path(..., title="成长足迹编号")]
FromParam = Annotated[Text, Query("", alias="from", title="起始学年（from）", description="默认最早学年")]
ToParam = Annotated[Text, Query("", alias="to", title="截止学年（to）", description="默认最近学年")]

router = Router(tags=["青年教师培养"])


# Schemas ---------------------------------------------------------------------------------------


class MentorRef(Schema):
    pairing: int
    mentor: Ref
    status: str


class YoungTeacherOut(Schema):
    id: int
    name: str
    staff_number: str
    subjects: list[str]
    grade: str = Field(description="本学年所在年段")
    reason: str = Field(description="青年教师依据，如“28 岁；教龄 3 年”")
    ideology: MentorRef | None = Field(description="思想导师")
    moral: MentorRef | None = Field(description="德育导师")
    professional: MentorRef | None = Field(description="业务导师")
    complete: bool = Field(description="三类导师均已确认")


class MentoringPairingOut(Schema):
    id: int
    school: str
    school_year: str
    mentee: Ref
    mentor: Ref
    dimension: str
    dimension_display: str
    status: str
    status_display: str
    continued: bool = Field(description="延续上学年的结对")
    goals: str
    duties: str
    confirmed_on: dt.date | None
    signed_on: dt.date | None
    has_scan: bool
    released_on: dt.date | None

    @staticmethod
    def resolve_school(obj):
        return obj.school.code

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_mentee(obj):
        return {"id": obj.mentee_id, "name": obj.mentee.name}

    @staticmethod
    def resolve_mentor(obj):
        return {"id": obj.mentor_id, "name": obj.mentor.name}

    @staticmethod
    def resolve_dimension_display(obj):
        return obj.get_dimension_display()

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_continued(obj):
        return obj.continued_from_id is not None

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.scan)


class MentoringPairingIn(PayloadSchema):
    mentee: int | None = titled(MentorshipForm, "mentee", "青年教师的教职工编号")
    dimension: str | None = titled(
        MentorshipForm, "dimension", "ideology 思想导师，moral 德育导师，professional 业务导师"
    )
    mentor: int | None = titled(MentorshipForm, "mentor", "导师的教职工编号")
    goals: str | None = titled(MentorshipForm, "goals")
    duties: str | None = titled(MentorshipForm, "duties")


class MentoringActivityOut(Schema):
    id: int
    pairing: int
    school_year: str
    mentee: Ref
    mentor: Ref
    date: dt.date
    dimension: str
    six_kind: str
    six_kind_display: str
    kind: str
    kind_display: str
    hours: float
    notes: str
    has_evidence: bool

    @staticmethod
    def resolve_pairing(obj):
        return obj.mentorship_id

    @staticmethod
    def resolve_school_year(obj):
        return obj.mentorship.school_year.code

    @staticmethod
    def resolve_mentee(obj):
        return {"id": obj.mentorship.mentee_id, "name": obj.mentorship.mentee.name}

    @staticmethod
    def resolve_mentor(obj):
        return {"id": obj.mentorship.mentor_id, "name": obj.mentorship.mentor.name}

    @staticmethod
    def resolve_six_kind_display(obj):
        return obj.get_six_kind_display()

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_has_evidence(obj):
        return bool(obj.evidence)


class MentoringActivityIn(PayloadSchema):
    date: str | None = titled(ActivityForm, "date", "YYYY-MM-DD，须在结对学年内")
    dimension: str | None = titled(ActivityForm, "dimension", "默认为结对的导师类别")
    six_kind: str | None = titled(
        ActivityForm, "six_kind", "platform 搭台子 ladder 树梯子 path 找路子 load 压担子 method 给法子 pair 结对子"
    )
    kind: str | None = titled(
        ActivityForm,
        "kind",
        "observe 听课 review 评课 demo_lesson 示范课 talk 谈心 class_meeting 指导班会 research 指导论文/课题 lesson_plan 指导教学设计 other 其他",
    )
    hours: float | None = titled(ActivityForm, "hours")
    notes: str | None = titled(ActivityForm, "notes")


class ProposalOut(Schema):
    created: int = Field(description="新增的拟定结对数")
    kept: int = Field(description="其中延续上学年的结对数")
    unmatched: int = Field(description="仍无导师的（青年教师，类别）数")
    explanations: list[str]
    status: str = Field(
        description="OPTIMAL：已证明最优；FEASIBLE：可行但未证明最优（gap 为目标值与最优的最大差距）；UNKNOWN：时限内未求出"
    )
    gap: int = Field(0, description="FEASIBLE 时目标值可能与最优相差的上限（0 表示已证明最优）")


class YearFigureOut(Schema):
    school_year: str
    young: int
    mentored: int
    complete: int
    pairs: int
    mentors: int
    activities: int
    hours: float


class LoadOut(Schema):
    mentor: Ref
    mentees: int
    activities: int


class MentoringFiguresOut(Schema):
    first_year: str | None
    last_year: str | None
    mentored_total: int = Field(description="期间受带教青年教师（去重）")
    key_teachers: int = Field(description="受带教后成为骨干教师的人数")
    party_members: int = Field(description="受带教后入党的人数")
    pairs_total: int
    activities_per_pair: float
    pairs_without_activity: int
    years: list[YearFigureOut]
    mentor_load_year: str | None
    mentor_load: list[LoadOut]
    six_kinds: dict[str, int]


# Endpoints -------------------------------------------------------------------------------------


@router.get("/young-teachers", response={200: list[YoungTeacherOut], **ERRORS}, summary="青年教师及导师配备")
@paginate(Pagination)
def young_teachers(request, school: SchoolParam, year: YearParam = "", q: Text = "", coverage: Text = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    rows = queries.young_rows(
        school_obj, school_year_for(year), queries.settings_of(school_obj), q=q, coverage=coverage
    )
    out = []
    for row in rows:
        item = {
            "id": row.staff.pk,
            "name": row.staff.name,
            "staff_number": row.staff.staff_number,
            "subjects": row.subjects,
            "grade": row.grade,
            "reason": row.status.reason,
            "complete": row.complete,
        }
        for d in DIMENSIONS:
            pair = row.pairs.get(d.value)
            item[d.value] = (
                {"pairing": pair.pk, "mentor": {"id": pair.mentor_id, "name": pair.mentor.name}, "status": pair.status}
                if pair
                else None
            )
        out.append(item)
    return out


@router.get("/pairings", response={200: list[MentoringPairingOut], **ERRORS}, summary="结对列表")
@paginate(Pagination)
def pairing_list(
    request, school: SchoolParam, year: YearParam = "", status: Text = "", dimension: Text = "", q: Text = ""
):
    """书记、党务干部看全校；导师和青年教师只看本人的结对（不含拟定）。"""
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj) or perms.can_use_mine(request.user, school_obj))
    return queries.search_pairings(
        perms.mentorships_for_user(request.user, school_obj),
        school_year_for(year),
        q=q,
        status=status,
        dimension=dimension,
    )


@router.get("/pairings/{pairing_id}", response={200: MentoringPairingOut, **ERRORS}, summary="结对详情")
def pairing_detail(request, pairing_id: PairingId):
    school = school_of(request.user, Mentorship, pairing_id)
    return perms.get_mentorship_for_user(request.user, school, pairing_id)


@router.post("/pairings", response={201: MentoringPairingOut, **ERRORS}, summary="新建结对（拟定）")
def pairing_create(request, payload: MentoringPairingIn, school: SchoolParam, year: YearParam = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    form = validated(MentorshipForm(data=data, school=school_obj, school_year=school_year_for(year)))
    return Status(201, services.mentorship_save(form=form, actor=request.user, request=request))


@router.post("/pairings/{pairing_id}/confirm", response={200: MentoringPairingOut, **ERRORS}, summary="确认结对")
def pairing_confirm(request, pairing_id: PairingId):
    school = school_of(request.user, Mentorship, pairing_id)
    mentorship = perms.get_mentorship_for_user(request.user, school, pairing_id, write=True)
    try:
        return services.mentorship_confirm(mentorship=mentorship, actor=request.user, request=request)
    except ValueError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"状态": [str(exc)]}) from exc


@router.post("/match", response={200: ProposalOut, **ERRORS}, summary="智能配对：生成拟定结对")
def match(request, school: SchoolParam, year: YearParam = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    proposal, created = services.matching_run(
        school=school_obj, school_year=school_year_for(year), actor=request.user, request=request
    )
    return {
        "created": len(created),
        "kept": sum(1 for p in proposal.new_pairs() if p.origin == "kept"),
        "unmatched": len(proposal.unmatched),
        "explanations": proposal.explanations,
        "status": proposal.status,
        "gap": proposal.gap,
    }


@router.post("/match/jobs", response={202: JobOut, **ERRORS}, summary="在后台运行智能配对（返回任务，查询 /jobs/{id}）")
def match_job_create(request, school: SchoolParam, year: YearParam = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    params = {"school_year": school_year_for(year).pk}
    job = job_start(kind="mentoring.match", school=school_obj, actor=request.user, params=params, request=request)
    return Status(202, job)


@router.get("/activities", response={200: list[MentoringActivityOut], **ERRORS}, summary="带教活动")
@paginate(Pagination)
def activity_list(request, school: SchoolParam, year: YearParam = "", pairing: int | None = None, q: Text = ""):
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj) or perms.can_use_mine(request.user, school_obj))
    the_year = None if year == "all" else school_year_for(year)
    return queries.search_activities(
        perms.activities_for_user(request.user, school_obj), the_year, q=q, pairing=pairing or ""
    )


@router.post(
    "/pairings/{pairing_id}/activities", response={201: MentoringActivityOut, **ERRORS}, summary="记录带教活动"
)
def activity_create(request, pairing_id: PairingId, payload: MentoringActivityIn):
    """导师、青年教师本人或党务干部记录；结对须已确认。佐证材料请在网页上传。"""
    school = school_of(request.user, Mentorship, pairing_id)
    mentorship = perms.get_mentorship_for_user(request.user, school, pairing_id)
    require(
        perms.can_log_activity(request.user, mentorship), "只有已确认结对的导师、青年教师或党务干部可以记录带教活动。"
    )
    data = {"dimension": mentorship.dimension, **{k: v for k, v in payload.model_dump().items() if v is not None}}
    form = validated(ActivityForm(data=data, mentorship=mentorship))
    return Status(201, services.activity_save(form=form, actor=request.user, request=request))


@router.delete("/activities/{activity_id}", response={204: None, **ERRORS}, summary="删除带教活动")
def activity_delete(request, activity_id: ActivityId):
    """The pair's mentor, young teacher or Party affairs staff; after the year-end evaluation only the
    latter (422). The evidence file is deleted too."""
    school = school_of(request.user, MentoringActivity, activity_id, "mentorship__school")
    activity = perms.get_activity_for_user(request.user, school, activity_id, write=True)
    services.activity_delete(activity=activity, actor=request.user, request=request)
    return Status(204, None)


@router.delete("/reflections/{reflection_id}", response={204: None, **ERRORS}, summary="删除成长反思")
def reflection_delete(request, reflection_id: ReflectionId):
    """The young teacher who wrote it, or Party affairs staff."""
    school = school_of(request.user, Reflection, reflection_id)
    reflection = perms.get_reflection_for_user(request.user, school, reflection_id, write=True)
    services.reflection_delete(reflection=reflection, actor=request.user, request=request)
    return Status(204, None)


@router.delete("/milestones/{milestone_id}", response={204: None, **ERRORS}, summary="删除成长足迹")
def milestone_delete(request, milestone_id: MilestoneId):
    school = school_of(request.user, Milestone, milestone_id)
    milestone = perms.get_milestone_for_user(request.user, school, milestone_id)
    services.milestone_delete(milestone=milestone, actor=request.user, request=request)
    return Status(204, None)


@router.get("/figures", response={200: MentoringFiguresOut, **ERRORS}, summary="青年教师培养统计")
def figures(request, school: SchoolParam, first: FromParam = "", last: ToParam = ""):
    """口径：期间受带教青年教师 = 期间内至少有一个已确认结对的青年教师，按人去重。"""
    school_obj = school_for(request.user, school)
    require(perms.can_manage(request.user, school_obj))
    first_year = school_year_from_param(first) if first else None
    last_year = school_year_from_param(last) if last else None
    years = queries.year_range(first_year, last_year)
    data = queries.figures(school_obj, years, queries.settings_of(school_obj))
    return {
        "first_year": years[0].code if years else None,
        "last_year": years[-1].code if years else None,
        "mentored_total": data["mentored_total"],
        "key_teachers": data["key_teachers"],
        "party_members": data["party_members"],
        "pairs_total": data["pairs_total"],
        "activities_per_pair": round(data["activities_per_pair"], 2),
        "pairs_without_activity": data["pairs_without_activity"],
        "years": [
            {
                "school_year": r.year.code,
                "young": r.young,
                "mentored": r.mentored,
                "complete": r.complete,
                "pairs": r.pairs,
                "mentors": r.mentors,
                "activities": r.activities,
                "hours": r.hours,
            }
            for r in data["rows"]
        ],
        "mentor_load_year": data["load_year"].code if data["load_year"] else None,
        "mentor_load": [
            {
                "mentor": {"id": row["mentor_id"], "name": row["mentor__name"]},
                "mentees": row["n"],
                "activities": row["activities"],
            }
            for row in data["load_rows"]
        ],
        "six_kinds": data["six_kinds"],
    }

"""/api/v1/staffing: the coverage check of a semester's teaching assignments, the grade Party groups, and
runs of the assignment optimizer (run, list, read, apply). The same permission helpers, checks and
services as the pages: the 教务处, the secretary and the Party affairs staff only."""

from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.jobs.services import job_start
from dangjian.lib.access import require
from dangjian.staffing import permissions as perms
from dangjian.staffing import queries, services
from dangjian.staffing.models import OptimizerRun

from .common import ERRORS, FindingOut, Pagination, PayloadSchema, Text, school_for, school_of
from .jobs import JobOut

RunId = Annotated[int, Path(..., title="优化运行编号")]

router = Router(tags=["任课安排"])


class SemesterFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    semester: Text = Field("", title="学期（semester）", description="如 2022-2023-1；默认当前学期")


def _school_and_semester(user, filters: SemesterFilters):
    school = school_for(user, filters.school)
    require(perms.can_manage_staffing(user, school))
    semester = queries.semester_by_code(filters.semester) if filters.semester else queries.current_semester()
    if semester is None:
        raise Http404(f"学期“{filters.semester}”不存在" if filters.semester else "尚未设置学期")
    return school, semester


class TeamMemberOut(Schema):
    subject: str
    teacher_id: int | None
    teacher: str | None
    party_member: bool


class ClassCoverageOut(Schema):
    id: int
    name: str
    grade: str
    homeroom: str | None
    team: list[TeamMemberOut]
    party_members: list[str]
    covered: bool
    missing_subjects: list[str]


class CoverageOut(Schema):
    school: str
    semester: str
    min_party_teachers_per_class: int
    classes: int
    slots: int
    assigned: int
    findings: list[FindingOut]
    uncovered: list[str] = Field(description="未覆盖班级（任课教师和班主任中没有党员）")
    missing: list[str] = Field(description="学科无教师：班级 学科")
    overloaded: list[str] = Field(description="超工作量的教师：姓名（班次/上限）")
    outside: list[str] = Field(description="超出任教学科或年段的任课安排")


def _class_out(row) -> dict:
    return {
        "id": row.school_class.id,
        "name": row.school_class.name,
        "grade": row.school_class.grade_name,
        "homeroom": row.homeroom.name if row.homeroom else None,
        "team": [
            {
                "subject": subject,
                "teacher_id": t.id if t else None,
                "teacher": t.name if t else None,
                "party_member": bool(t and t.party),
            }
            for subject, t in row.team
        ],
        "party_members": [t.name for t in row.party_members],
        "covered": row.covered,
        "missing_subjects": row.missing,
    }


@router.get("/coverage", response={200: CoverageOut, **ERRORS}, summary="任课安排覆盖检查（汇总）")
def coverage(request, filters: Query[SemesterFilters]):
    school, semester = _school_and_semester(request.user, filters)
    result = queries.semester_coverage(school, semester)
    return {
        "school": school.code,
        "semester": semester.code,
        "min_party_teachers_per_class": result.min_party,
        "classes": len(result.rows),
        "slots": result.slots,
        "assigned": result.assigned,
        "findings": [{"level": f.level, "message": f.message} for f in result.findings()],
        "uncovered": [r.school_class.name for r in result.uncovered],
        "missing": [f"{r.school_class.name} {s}" for r, s in result.missing],
        "overloaded": [f"{t.name}（{n}/{m}）" for t, n, m in result.overloaded],
        "outside": [f"{o.row.school_class.name} {o.subject}：{o.teacher.name}{o.reason}" for o in result.outside],
    }


class CoverageClassFilters(SemesterFilters):
    uncovered: bool = Field(False, title="仅未覆盖（uncovered）")


@router.get("/coverage/classes", response={200: list[ClassCoverageOut], **ERRORS}, summary="各班任课教师与党员")
@paginate(Pagination)
def coverage_classes(request, filters: Query[CoverageClassFilters]):
    school, semester = _school_and_semester(request.user, filters)
    rows = queries.semester_coverage(school, semester).rows
    return [_class_out(r) for r in rows if not filters.uncovered or not r.covered]


class GroupOut(Schema):
    id: int
    name: str
    leaders: list[str]
    member_count: int


class GradeGroupOut(Schema):
    level: int
    grade: str
    head: str
    deputy: str
    groups: list[GroupOut]
    party_teachers: int
    ungrouped: list[str]
    findings: list[FindingOut]


@router.get("/groups", response={200: list[GradeGroupOut], **ERRORS}, summary="年段党小组检查")
def groups(request, filters: Query[SemesterFilters]):
    school, semester = _school_and_semester(request.user, filters)
    return [
        {
            "level": row.grade.level,
            "grade": row.grade.name,
            "head": row.grade.head_name,
            "deputy": row.grade.deputy_name,
            "groups": [
                {"id": g.id, "name": g.name, "leaders": [n for _, n in g.leaders], "member_count": g.member_count}
                for g in row.groups
            ],
            "party_teachers": row.party_teachers,
            "ungrouped": row.ungrouped,
            "findings": [{"level": f.level, "message": f.message} for f in row.findings],
        }
        for row in queries.grade_groups(school, semester.school_year)
    ]


class CellIn(Schema):
    class_: int = Field(..., alias="class", title="班级编号（class）")
    subject: str = Field(..., title="学科（subject）")
    teacher: int = Field(..., title="教师编号（teacher）")


class RunIn(PayloadSchema):
    semester: str | None = Field(None, title="学期", description="如 2022-2023-1；默认当前学期")
    time_limit: int | None = Field(None, ge=1, le=services.MAX_TIME_LIMIT, title="时限（秒）")
    pinned: list[CellIn] = Field([], title="锁定的安排")


class RunListOut(Schema):
    id: int
    school: str
    semester: str
    status: str
    status_display: str
    created_at: Any
    applied_at: Any

    @staticmethod
    def resolve_school(obj):
        return obj.school.code

    @staticmethod
    def resolve_semester(obj):
        return obj.semester.code

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


class RunOut(RunListOut):
    time_limit: int
    solution: dict = Field(
        description="solution.json：status、assignments、kept_previous、min_party_teachers_in_a_class、explanation、solve_seconds、stages"
    )
    pinned: list[dict]

    @staticmethod
    def resolve_pinned(obj):
        return obj.problem.get("pinned", [])


@router.post("/runs", response={201: RunOut, **ERRORS}, summary="运行任课安排优化")
def run_create(request, payload: RunIn, school: Annotated[Text, Query(..., title="学校代码（school）")]):
    school_obj, semester = _school_and_semester(
        request.user, SemesterFilters(school=school, semester=payload.semester or "")
    )
    pins = [{"class": p.class_, "subject": p.subject, "teacher": p.teacher} for p in payload.pinned]
    run = services.optimizer_run(
        school=school_obj,
        semester=semester,
        actor=request.user,
        pins=pins,
        time_limit=payload.time_limit,
        request=request,
    )
    return Status(201, run)


@router.post("/jobs", response={202: JobOut, **ERRORS}, summary="在后台运行任课安排优化（返回任务，查询 /jobs/{id}）")
def run_job_create(request, payload: RunIn, school: Annotated[Text, Query(..., title="学校代码（school）")]):
    school_obj, semester = _school_and_semester(
        request.user, SemesterFilters(school=school, semester=payload.semester or "")
    )
    pins = [{"class": p.class_, "subject": p.subject, "teacher": p.teacher} for p in payload.pinned]
    services.build_problem(school_obj, semester, pins)  # bad pins: 422 now, not a failed job later
    params = {"semester": semester.pk, "time_limit": payload.time_limit, "pins": pins}
    job = job_start(kind="staffing.optimize", school=school_obj, actor=request.user, params=params, request=request)
    return Status(202, job)


@router.get("/runs", response={200: list[RunListOut], **ERRORS}, summary="优化运行记录")
@paginate(Pagination)
def run_list(request, filters: Query[SemesterFilters]):
    school, semester = _school_and_semester(request.user, filters)
    return queries.runs_of(school, semester)


def _run(request, run_id: int) -> OptimizerRun:
    school = school_of(request.user, OptimizerRun, run_id)
    require(perms.can_manage_staffing(request.user, school))
    return perms.get_run_for_user(request.user, school, run_id)


@router.get("/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="优化方案详情")
def run_detail(request, run_id: RunId):
    return _run(request, run_id)


class ApplyOut(Schema):
    run: int
    version: int = Field(description="应用前保存的历史版本编号（可恢复）")
    assignments: int


@router.post("/runs/{run_id}/apply", response={200: ApplyOut, **ERRORS}, summary="应用优化方案")
def run_apply(request, run_id: RunId):
    run = _run(request, run_id)
    version = services.run_apply(run=run, actor=request.user, request=request)
    return {"run": run.pk, "version": version.pk, "assignments": len(run.solution["assignments"])}

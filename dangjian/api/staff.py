"""/api/v1/staff: the school's staff, read and written through the same helpers as the pages."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.school import permissions as perms
from dangjian.school import queries
from dangjian.school.forms import StaffForm
from dangjian.school.models import Skill, Staff
from dangjian.school.services import staff_save

from .common import (
    ERRORS,
    Pagination,
    PayloadSchema,
    SchoolParam,
    Text,
    flag,
    form_data,
    id_or_name,
    ids_or_names,
    instance_data,
    school_for,
    school_of,
    titled,
    validated,
)

StaffId = Annotated[int, Path(..., title="教职工编号")]

router = Router(tags=["教职工"])


class StaffOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    staff_number: str
    name: str
    gender: str
    gender_display: str
    birth_date: dt.date | None
    started_teaching_on: dt.date | None
    subjects: list[str] = Field(description="任教学科名称")
    political_status: str
    political_status_display: str
    joined_party_on: dt.date | None
    department: str | None = Field(description="处室名称")
    leader_post: str
    leader_post_display: str
    position: str
    title: str
    title_display: str
    key_teacher_level: str
    key_teacher_level_display: str
    phone: str
    skills: list[str] = Field(description="特长名称")
    is_active: bool

    @staticmethod
    def resolve_school(obj):
        return obj.school.code

    @staticmethod
    def resolve_gender_display(obj):
        return obj.get_gender_display()

    @staticmethod
    def resolve_subjects(obj):
        return [s.name for s in obj.subjects.all()]

    @staticmethod
    def resolve_political_status_display(obj):
        return obj.get_political_status_display()

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_leader_post_display(obj):
        return obj.get_leader_post_display() if obj.leader_post else ""

    @staticmethod
    def resolve_title_display(obj):
        return obj.get_title_display() if obj.title else ""

    @staticmethod
    def resolve_key_teacher_level_display(obj):
        return obj.get_key_teacher_level_display() if obj.key_teacher_level else ""

    @staticmethod
    def resolve_skills(obj):
        return [s.name for s in obj.skills.all()]


class StaffIn(PayloadSchema):
    staff_number: str | None = titled(StaffForm, "staff_number")
    name: str | None = titled(StaffForm, "name")
    gender: str | None = titled(StaffForm, "gender", "M 男，F 女")
    birth_date: str | None = titled(StaffForm, "birth_date", "YYYY-MM-DD")
    started_teaching_on: str | None = titled(StaffForm, "started_teaching_on", "YYYY-MM-DD")
    subjects: list[int | str] | None = titled(StaffForm, "subjects", "本校学科的编号或名称")
    political_status: str | None = titled(StaffForm, "political_status")
    joined_party_on: str | None = titled(StaffForm, "joined_party_on", "YYYY-MM-DD")
    department: int | str | None = titled(StaffForm, "department", "本校处室的编号或名称")
    leader_post: str | None = titled(StaffForm, "leader_post")
    position: str | None = titled(StaffForm, "position")
    title: str | None = titled(StaffForm, "title")
    key_teacher_level: str | None = titled(StaffForm, "key_teacher_level")
    phone: str | None = titled(StaffForm, "phone")
    skills: list[int | str] | None = titled(StaffForm, "skills", "特长的编号或名称")
    is_active: bool | None = titled(StaffForm, "is_active")


class StaffFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    q: Text = Field("", title="关键词（q）", description="姓名、工号或手机号")
    political_status: Text = Field("", title="政治面貌（political_status）", description="party_any：党员（含预备）")
    subject: int | None = Field(None, title="学科（subject）", description="学科编号")
    department: int | None = Field(None, title="处室（department）", description="处室编号")
    active: Text = Field("1", title="在职（active）", description="1 在职（默认），0 离职，空或 all 为全部")


def _with_related(qs):
    return qs.select_related("school").prefetch_related("skills")


@router.get("", response={200: list[StaffOut], **ERRORS}, summary="教职工列表")
@paginate(Pagination)
def staff_list(request, filters: Query[StaffFilters]):
    """Office roles see the whole school, a branch secretary the members of their branch; others get
    403, as on the staff list page (a teacher reads their own record at /staff/{id})."""
    school = school_for(request.user, filters.school)
    require(perms.can_list_staff(request.user, school))
    qs = queries.search_staff(
        perms.staff_for_user(request.user, school),
        q=filters.q,
        political_status=filters.political_status,
        subject=filters.subject or "",
        department=filters.department or "",
        active=flag(filters.active),
    )
    return _with_related(qs)


@router.get("/{staff_id}", response={200: StaffOut, **ERRORS}, summary="教职工详情")
def staff_detail(request, staff_id: StaffId):
    school = school_of(request.user, Staff, staff_id)
    return perms.get_staff_for_user(request.user, school, staff_id)


def _form(school, payload: StaffIn, instance: Staff, base: dict) -> StaffForm:
    data = form_data(base, payload)
    if "subjects" in data:
        data["subjects"] = ids_or_names(data["subjects"], dict(school.subjects.values_list("name", "pk")))
    if "skills" in data:
        data["skills"] = ids_or_names(data["skills"], dict(Skill.objects.values_list("name", "pk")))
    if "department" in data:
        data["department"] = id_or_name(data["department"], dict(school.departments.values_list("name", "pk")))
    return validated(StaffForm(data=data, instance=instance, school=school))


@router.post("", response={201: StaffOut, **ERRORS}, summary="新增教职工")
def staff_create(request, payload: StaffIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_edit_staff(request.user, school_obj))
    blank = Staff(school=school_obj)
    form = _form(school_obj, payload, blank, instance_data(blank, StaffForm.Meta.fields))
    return Status(201, staff_save(form=form, actor=request.user, request=request))


def _update(request, staff_id: int, payload: StaffIn, *, partial: bool):
    school = school_of(request.user, Staff, staff_id)
    staff = perms.get_staff_for_user(request.user, school, staff_id, write=True)
    base = instance_data(staff if partial else Staff(school=school), StaffForm.Meta.fields)
    form = _form(school, payload, staff, base)
    return staff_save(form=form, actor=request.user, request=request)


@router.patch("/{staff_id}", response={200: StaffOut, **ERRORS}, summary="修改教职工（部分字段）")
def staff_patch(request, staff_id: StaffId, payload: StaffIn):
    """Only the fields sent change; the others keep their current values."""
    return _update(request, staff_id, payload, partial=True)


@router.put("/{staff_id}", response={200: StaffOut, **ERRORS}, summary="修改教职工（整体替换）")
def staff_put(request, staff_id: StaffId, payload: StaffIn):
    """The record is replaced: fields not sent take their defaults (required ones must be sent)."""
    return _update(request, staff_id, payload, partial=False)

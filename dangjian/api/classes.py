"""/api/v1/classes: the school's classes of a school year, with their enrolled student counts."""

from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.school import permissions as perms
from dangjian.school import queries
from dangjian.school.forms import SchoolClassForm
from dangjian.school.models import SchoolClass
from dangjian.school.services import school_class_save

from .common import (
    ERRORS,
    Pagination,
    PayloadSchema,
    Ref,
    SchoolParam,
    Text,
    form_data,
    instance_data,
    school_for,
    school_of,
    titled,
    validated,
)

ClassId = Annotated[int, Path(..., title="班级编号")]

router = Router(tags=["班级"])


class ClassOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    school_year: str = Field(description="学年，如 2022-2023")
    level: int
    level_display: str
    number: int
    name: str
    homeroom_teacher: Ref | None
    combination: str = Field(description="3+1+2 选科组合，如 物化生；高一或尚未选定为空")
    student_count: int = Field(description="在读学生数")

    @staticmethod
    def resolve_school(obj):
        return obj.grade.school.code

    @staticmethod
    def resolve_school_year(obj):
        return obj.grade.school_year.code

    @staticmethod
    def resolve_level(obj):
        return obj.grade.level

    @staticmethod
    def resolve_level_display(obj):
        return obj.grade.get_level_display()

    @staticmethod
    def resolve_homeroom_teacher(obj):
        teacher = obj.homeroom_teacher
        return {"id": teacher.pk, "name": teacher.name} if teacher else None


class ClassIn(PayloadSchema):
    level: int | None = titled(SchoolClassForm, "level", "1 高一，2 高二，3 高三")
    number: int | None = titled(SchoolClassForm, "number")
    homeroom_teacher: int | None = titled(SchoolClassForm, "homeroom_teacher", "本校在职教职工编号")
    combination: str | None = titled(SchoolClassForm, "combination", "如 物化生、史政地；高一留空")


class ClassFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    year: Text = Field("", title="学年（year）", description="如 2022-2023 或 2022；默认本学年")
    grade: int | None = Field(None, title="年段（grade）", description="1 高一，2 高二，3 高三")
    q: Text = Field("", title="班主任（q）", description="班主任姓名关键词")


def _listed(school, school_year, **filters):
    return queries.classes_of_year(school, school_year, **filters).select_related("grade__school")


@router.get("", response={200: list[ClassOut], **ERRORS}, summary="班级列表")
@paginate(Pagination)
def class_list(request, filters: Query[ClassFilters]):
    school = school_for(request.user, filters.school)
    require(perms.can_list_classes(request.user, school))
    year = queries.school_year_from_param(filters.year)
    return _listed(school, year, grade=filters.grade or "", q=filters.q)


@router.get("/{class_id}", response={200: ClassOut, **ERRORS}, summary="班级详情")
def class_detail(request, class_id: ClassId):
    school = school_of(request.user, SchoolClass, class_id, "grade__school")
    school_class = perms.get_class_for_user(request.user, school, class_id)
    return _listed(school, school_class.grade.school_year).get(pk=school_class.pk)


def _save(request, school, school_year, payload: ClassIn, instance: SchoolClass, base: dict):
    form = validated(
        SchoolClassForm(data=form_data(base, payload), instance=instance, school=school, school_year=school_year)
    )
    school_class = school_class_save(form=form, actor=request.user, request=request)
    return _listed(school, school_year).get(pk=school_class.pk)


@router.post("", response={201: ClassOut, **ERRORS}, summary="新增班级（本学年）")
def class_create(request, payload: ClassIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_edit_classes(request.user, school_obj))
    school_year = queries.current_school_year()
    if school_year is None:
        raise Http404("尚未设置学年，无法新增班级")
    base = {"level": None, "number": None, "homeroom_teacher": None, "combination": ""}
    return Status(201, _save(request, school_obj, school_year, payload, SchoolClass(), base))


def _update(request, class_id: int, payload: ClassIn, *, partial: bool):
    school = school_of(request.user, SchoolClass, class_id, "grade__school")
    school_class = perms.get_class_for_user(request.user, school, class_id, write=True)
    if partial:
        base = {
            **instance_data(school_class, ["number", "homeroom_teacher", "combination"]),
            "level": school_class.grade.level,
        }
    else:
        base = {"level": None, "number": None, "homeroom_teacher": None, "combination": ""}
    return _save(request, school, school_class.grade.school_year, payload, school_class, base)


@router.patch("/{class_id}", response={200: ClassOut, **ERRORS}, summary="修改班级（部分字段）")
def class_patch(request, class_id: ClassId, payload: ClassIn):
    return _update(request, class_id, payload, partial=True)


@router.put("/{class_id}", response={200: ClassOut, **ERRORS}, summary="修改班级（整体替换）")
def class_put(request, class_id: ClassId, payload: ClassIn):
    return _update(request, class_id, payload, partial=False)

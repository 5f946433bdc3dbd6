"""/api/v1/students: the school's students with their class in a school year."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.school import permissions as perms
from dangjian.school import queries
from dangjian.school.forms import StudentForm
from dangjian.school.models import Enrollment, Student
from dangjian.school.services import student_save

from .common import (
    ERRORS,
    Pagination,
    PayloadSchema,
    Ref,
    SchoolParam,
    Text,
    flag,
    form_data,
    instance_data,
    school_for,
    school_of,
    titled,
    validated,
)

StudentId = Annotated[int, Path(..., title="学生编号")]

router = Router(tags=["学生"])

MODEL_FIELDS = StudentForm.Meta.fields


class StudentOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    student_number: str
    name: str
    gender: str
    gender_display: str
    birth_date: dt.date | None
    is_league_member: bool
    status: str
    status_display: str
    school_class: Ref | None = Field(description="所查学年（默认本学年）的班级")

    @staticmethod
    def resolve_school(obj):
        return obj.school.code

    @staticmethod
    def resolve_gender_display(obj):
        return obj.get_gender_display()

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_school_class(obj):
        enrollments = getattr(obj, "current_enrollments", None) or []
        if not enrollments:
            return None
        school_class = enrollments[0].school_class
        return {"id": school_class.pk, "name": school_class.name}


class StudentIn(PayloadSchema):
    student_number: str | None = titled(StudentForm, "student_number")
    name: str | None = titled(StudentForm, "name")
    gender: str | None = titled(StudentForm, "gender", "M 男，F 女")
    birth_date: str | None = titled(StudentForm, "birth_date", "YYYY-MM-DD")
    is_league_member: bool | None = titled(StudentForm, "is_league_member")
    status: str | None = titled(StudentForm, "status")
    school_class: int | None = titled(StudentForm, "school_class", "本学年班级编号；null 表示不编班")


class StudentFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    q: Text = Field("", title="关键词（q）", description="姓名或学号")
    grade: int | None = Field(None, title="年段（grade）", description="1 高一，2 高二，3 高三")
    school_class: int | None = Field(None, title="班级（school_class）", description="班级编号")
    status: Text = Field("", title="学籍状态（status）")
    league: Text = Field("", title="共青团员（league）", description="1 是，0 否，空为全部")
    year: Text = Field("", title="学年（year）", description="如 2022-2023 或 2022；默认本学年")


def _one(school, school_year, pk: int) -> Student:
    """The student with the class of ``school_year`` prefetched, as in the list."""
    return queries.search_students(school, school_year).select_related("school").get(pk=pk)


@router.get("", response={200: list[StudentOut], **ERRORS}, summary="学生列表")
@paginate(Pagination)
def student_list(request, filters: Query[StudentFilters]):
    school = school_for(request.user, filters.school)
    require(perms.can_list_students(request.user, school))
    year = queries.school_year_from_param(filters.year)
    return queries.search_students(
        school,
        year,
        q=filters.q,
        grade=filters.grade or "",
        school_class=filters.school_class or "",
        status=filters.status,
        league=flag(filters.league),
    ).select_related("school")


@router.get("/{student_id}", response={200: StudentOut, **ERRORS}, summary="学生详情")
def student_detail(request, student_id: StudentId, year: Annotated[Text, Query("", title="学年（year）")]):
    school = school_of(request.user, Student, student_id)
    student = perms.get_student_for_user(request.user, school, student_id)
    return _one(school, queries.school_year_from_param(year), student.pk)


def _save(request, school, payload: StudentIn, instance: Student, base: dict) -> Student:
    school_year = queries.current_school_year()
    form = validated(
        StudentForm(data=form_data(base, payload), instance=instance, school=school, school_year=school_year)
    )
    student = student_save(form=form, actor=request.user, request=request)
    return _one(school, school_year, student.pk)


@router.post("", response={201: StudentOut, **ERRORS}, summary="新增学生")
def student_create(request, payload: StudentIn, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_edit_students(request.user, school_obj))
    blank = Student(school=school_obj)
    base = {**instance_data(blank, MODEL_FIELDS), "school_class": None}
    return Status(201, _save(request, school_obj, payload, blank, base))


def _update(request, student_id: int, payload: StudentIn, *, partial: bool):
    school = school_of(request.user, Student, student_id)
    student = perms.get_student_for_user(request.user, school, student_id, write=True)
    if partial:
        current = Enrollment.objects.filter(student=student, school_year=queries.current_school_year()).first()
        base = {**instance_data(student, MODEL_FIELDS), "school_class": current and current.school_class_id}
    else:
        base = {**instance_data(Student(school=school), MODEL_FIELDS), "school_class": None}
    return _save(request, school, payload, student, base)


@router.patch("/{student_id}", response={200: StudentOut, **ERRORS}, summary="修改学生（部分字段）")
def student_patch(request, student_id: StudentId, payload: StudentIn):
    """Only the fields sent change; the class of the current school year stays unless sent."""
    return _update(request, student_id, payload, partial=True)


@router.put("/{student_id}", response={200: StudentOut, **ERRORS}, summary="修改学生（整体替换）")
def student_put(request, student_id: StudentId, payload: StudentIn):
    """The record is replaced: fields not sent take their defaults; no school_class means 不编班."""
    return _update(request, student_id, payload, partial=False)

"""/api/v1/support: student support under the same rules as the pages. Lists show what the user may
see (a helper their own students, the counselling centre special cases, the secretary all of the
school); reading a special-student case or its records is written to the audit log; the county
committee gets only the counts (``/support/figures``)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.support import permissions as perms
from dangjian.support import queries, services
from dangjian.support.forms import PairingForm, PoorStudentRecordForm, SpecialStudentCaseForm, SupportRecordForm
from dangjian.support.models import Pairing, SpecialStudentCase, SupportRecord

from .common import (
    ERRORS,
    FindingOut,
    Pagination,
    PayloadSchema,
    SchoolParam,
    Text,
    form_data,
    school_for,
    school_of,
    validated,
)
from .errors import NOT_FOUND

router = Router(tags=["帮扶"])

PairingId = Annotated[int, Path(..., title="结对编号")]
RecordId = Annotated[int, Path(..., title="帮扶记录编号")]
CaseId = Annotated[int, Path(..., title="特殊生档案编号")]
YearParam = Annotated[Text, Query("", title="学年（year）", description="如 2022-2023 或 2022；默认本学年")]
SemesterParam = Annotated[Text, Query("", title="学期（semester）", description="如 2022-2023-1；默认本学期")]


def _school(request, code: str):
    school = school_for(request.user, code)
    require(perms.can_use_support(request.user, school))
    return school


def _year(value: str):
    year = queries.year_from_param(value)
    if year is None:
        raise Http404("尚未设置学年")
    return year


def _semester(value: str):
    semester = queries.semester_from_param(value)
    if semester is None:
        raise Http404("尚未设置学期")
    return semester


class StudentRef(Schema):
    id: int
    name: str
    student_number: str


def _student(student) -> dict:
    return {"id": student.pk, "name": student.name, "student_number": student.student_number}


# Registers ------------------------------------------------------------------------------------------


class PoorOut(Schema):
    id: int
    school_year: str
    student: StudentRef
    type: str
    type_display: str
    recognition_source: str
    recognized_on: dt.date
    helper: str | None = Field(description="所查学年当前学期的帮扶人")

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_student(obj):
        return _student(obj.student)

    @staticmethod
    def resolve_type_display(obj):
        return obj.get_type_display()

    @staticmethod
    def resolve_helper(obj):
        return getattr(obj, "helper_name", None)


class CaseOut(Schema):
    id: int
    school_year: str
    student: StudentRef
    categories: list[str]
    category_display: list[str]
    referred_by: str
    referred_on: dt.date
    outcome: str
    helper: str | None = Field(description="所查学年当前学期的帮扶人")

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.code

    @staticmethod
    def resolve_student(obj):
        return _student(obj.student)

    @staticmethod
    def resolve_categories(obj):
        return obj.category_list

    @staticmethod
    def resolve_category_display(obj):
        return obj.category_labels

    @staticmethod
    def resolve_helper(obj):
        return getattr(obj, "helper_name", None)


class CollaboratorOut(Schema):
    role: str
    name: str


class CaseDetailOut(CaseOut):
    description: str = Field(description="简要情况（加密保存；每次读取记入审计日志）")
    collaborators: list[CollaboratorOut]

    @staticmethod
    def resolve_collaborators(obj):
        return [{"role": c.get_role_display(), "name": str(c).split("：", 1)[-1]} for c in obj.collaborators.all()]


@router.get("/poor", response={200: list[PoorOut], **ERRORS}, summary="贫困生名册")
@paginate(Pagination)
def poor_list(request, school: SchoolParam, year: YearParam = ""):
    school_obj = _school(request, school)
    year_obj = _year(year)
    visible = perms.visible_poor(request.user, school_obj)
    return queries.poor_register(visible, year_obj, queries.semester_in_year(year_obj))


@router.get("/special", response={200: list[CaseOut], **ERRORS}, summary="特殊生名册（不含简要情况）")
@paginate(Pagination)
def special_list(request, school: SchoolParam, year: YearParam = ""):
    school_obj = _school(request, school)
    year_obj = _year(year)
    visible = perms.visible_cases(request.user, school_obj)
    return queries.special_register(visible, year_obj, queries.semester_in_year(year_obj))


@router.get("/special/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="特殊生档案（记入审计）")
def special_detail(request, case_id: CaseId):
    school = school_of(request.user, SpecialStudentCase, case_id)
    case = perms.get_case_for_user(request.user, school, case_id)
    services.case_read(case=case, actor=request.user, request=request, via="API")
    return case


class PoorIn(PayloadSchema):
    student_number: str | None = Field(None, title="学号")
    type: str | None = Field(None, title="困难类型", description="filed/subsistence/destitute/disability/other")
    recognition_source: str | None = Field(None, title="认定来源")
    recognized_on: str | None = Field(None, title="认定日期", description="YYYY-MM-DD")
    family_note: str | None = Field(None, title="家庭情况")


class CaseIn(PayloadSchema):
    student_number: str | None = Field(None, title="学号")
    categories: list[str] | None = Field(None, title="类别", description="psychological/behavioural/family/learning")
    description: str | None = Field(None, title="简要情况")
    referred_by: str | None = Field(None, title="转介人")
    referred_on: str | None = Field(None, title="转介日期", description="YYYY-MM-DD")
    outcome: str | None = Field(None, title="帮扶成效")


@router.post("/poor", response={201: PoorOut, **ERRORS}, summary="登记贫困生")
def poor_create(request, payload: PoorIn, school: SchoolParam, year: YearParam = ""):
    school_obj = _school(request, school)
    require(perms.can_manage_poor(request.user, school_obj))
    data = form_data({"recognition_source": "", "family_note": ""}, payload)
    form = validated(PoorStudentRecordForm(data=data, school=school_obj, school_year=_year(year)))
    return Status(201, services.poor_record_save(form=form, actor=request.user, request=request))


@router.post("/special", response={201: CaseOut, **ERRORS}, summary="登记特殊生")
def special_create(request, payload: CaseIn, school: SchoolParam, year: YearParam = ""):
    school_obj = _school(request, school)
    require(perms.can_manage_special(request.user, school_obj))
    data = form_data({"description": "", "referred_by": "", "outcome": "ongoing"}, payload)
    form = validated(SpecialStudentCaseForm(data=data, school=school_obj, school_year=_year(year)))
    return Status(201, services.special_case_save(form=form, actor=request.user, request=request))


# Pairings and records -------------------------------------------------------------------------------


class SupportPairingOut(Schema):
    id: int
    semester: str
    student: StudentRef
    kind: str
    kind_display: str
    helper_id: int
    helper: str
    status: str
    record_count: int = Field(description="未删除的帮扶记录数")
    last_contact: dt.date | None

    @staticmethod
    def resolve_semester(obj):
        return obj.semester.code

    @staticmethod
    def resolve_student(obj):
        return _student(obj.student)

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_helper(obj):
        return obj.helper.name

    @staticmethod
    def resolve_record_count(obj):
        return getattr(obj, "record_count", 0)

    @staticmethod
    def resolve_last_contact(obj):
        return getattr(obj, "last_contact", None)


class SupportPairingIn(PayloadSchema):
    student_number: str | None = Field(None, title="学号")
    kind: str | None = Field(None, title="帮扶类型", description="poor 或 special")
    helper: int | None = Field(None, title="帮扶党员", description="教职工编号")


def _pairing_out(pairing: Pairing) -> Pairing:
    return (
        queries.with_record_counts(Pairing.objects.filter(pk=pairing.pk))
        .select_related("semester__school_year", "student", "helper")
        .get()
    )


@router.get("/pairings", response={200: list[SupportPairingOut], **ERRORS}, summary="结对（本人可见的）")
@paginate(Pagination)
def pairing_list(request, school: SchoolParam, semester: SemesterParam = ""):
    school_obj = _school(request, school)
    semester_obj = _semester(semester)
    qs = perms.visible_pairings(request.user, school_obj).filter(semester=semester_obj)
    return (
        queries.with_record_counts(qs)
        .select_related("semester__school_year", "student", "helper")
        .order_by("kind", "student__student_number")
    )


@router.post("/pairings", response={201: SupportPairingOut, **ERRORS}, summary="新增结对（直接确认）")
def pairing_create(request, payload: SupportPairingIn, school: SchoolParam, semester: SemesterParam = ""):
    school_obj = _school(request, school)
    kinds = perms.manageable_kinds(request.user, school_obj)
    require(bool(kinds))
    data = form_data({}, payload)
    form = validated(PairingForm(data=data, school=school_obj, semester=_semester(semester), kinds=kinds))
    pairing = services.pairing_save(form=form, actor=request.user, request=request)
    return Status(201, _pairing_out(pairing))


class AidOut(Schema):
    amount: Decimal | None
    goods: str
    goods_value: Decimal | None
    fund_source: str


class RecordOut(Schema):
    id: int
    pairing: int
    kind: str
    kind_display: str
    date: dt.date
    notes: str = Field(description="记录内容（加密保存）")
    aid: list[AidOut]
    by_collaborator: bool = Field(description="协同人员（班主任、心理辅导中心等）的记录：不计入帮扶人次")

    @staticmethod
    def resolve_pairing(obj):
        return obj.pairing_id

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_aid(obj):
        return list(obj.aid_entries.all())


class RecordIn(PayloadSchema):
    kind: str | None = Field(None, title="帮扶方式")
    date: str | None = Field(None, title="日期", description="YYYY-MM-DD，须在结对学期内")
    notes: str | None = Field(None, title="记录")
    amount: str | float | None = Field(None, title="资助金额（元）")
    goods: str | None = Field(None, title="物品")
    goods_value: str | float | None = Field(None, title="物品折价（元）")
    fund_source: str | None = Field(None, title="资金来源")


def _pairing(request, pairing_id: int, *, write: bool = False) -> Pairing:
    school = school_of(request.user, Pairing, pairing_id)
    return perms.get_pairing_for_user(request.user, school, pairing_id, write=write)


@router.get("/pairings/{pairing_id}/records", response={200: list[RecordOut], **ERRORS}, summary="帮扶记录")
@paginate(Pagination)
def record_list(request, pairing_id: PairingId):
    pairing = _pairing(request, pairing_id)
    services.pairing_read(pairing=pairing, actor=request.user, request=request, via="API 帮扶记录")
    return (
        SupportRecord.objects.alive().filter(pairing=pairing).prefetch_related("aid_entries").order_by("-date", "-pk")
    )


@router.post("/pairings/{pairing_id}/records", response={201: RecordOut, **ERRORS}, summary="填写帮扶记录")
def record_create(request, pairing_id: PairingId, payload: RecordIn):
    pairing = _pairing(request, pairing_id, write=True)
    data = {k: ("" if v is None else str(v)) for k, v in form_data({}, payload).items()}
    form = validated(SupportRecordForm(data=data, pairing=pairing))
    by_collaborator = perms.logs_as_collaborator(request.user, pairing)
    return Status(
        201, services.record_save(form=form, actor=request.user, request=request, by_collaborator=by_collaborator)
    )


@router.delete("/records/{record_id}", response={204: None, **ERRORS}, summary="删除帮扶记录（软删除，留档）")
def record_delete(request, record_id: RecordId):
    code = SupportRecord.objects.alive().filter(pk=record_id).values_list("pairing__school__code", flat=True).first()
    if code is None:
        raise Http404(NOT_FOUND)
    school = school_for(request.user, code)
    record = perms.get_record_for_user(request.user, school, record_id, write=True)
    services.record_delete(record=record, actor=request.user, request=request)
    return Status(204, None)


# Checks and figures ---------------------------------------------------------------------------------


class SupportFindingOut(FindingOut):
    url: str


@router.get("/checks", response={200: list[SupportFindingOut], **ERRORS}, summary="本学期检查（本人可见的）")
def checks(request, school: SchoolParam, semester: SemesterParam = ""):
    school_obj = _school(request, school)
    return queries.checks_for(request.user, school_obj, _semester(semester)) or []


class PersonTimesOut(Schema):
    poor: int
    special: int
    combined: int = Field(description="同一学生同一学期既是贫困生又是特殊生只计 1 人次")


class YearFiguresOut(Schema):
    school_year: str
    poor_registered: int
    special_registered: int
    person_times: PersonTimesOut
    aid_total: Decimal = Field(description="资助合计（元）：现金与物品折价")


class SupportFiguresOut(Schema):
    school: str
    definition: str
    total: PersonTimesOut
    years: list[YearFiguresOut]


@router.get("/figures", response={200: SupportFiguresOut, **ERRORS}, summary="帮扶统计（只有数字，县教育工委可读）")
def figures(request, school: SchoolParam):
    school_obj = school_for(request.user, school, member=False)
    require(perms.can_view_figures(request.user, school_obj))
    data = queries.figures(school_obj)
    empty = {"poor": 0, "special": 0, "combined": 0}
    return {
        "school": school_obj.code,
        "definition": "帮扶人次：某学生在某学期有已确认的结对且至少一条帮扶记录，计 1 人次；贫困生与特殊生合计时同一学生只计 1 次。",
        "total": data["total"],
        "years": [
            {
                "school_year": y["code"],
                "poor_registered": y["poor_registered"],
                "special_registered": y["special_registered"],
                "person_times": y["person_times"] or empty,
                "aid_total": y["aid"].total if y["aid"] else Decimal("0"),
            }
            for y in data["years"]
        ],
    }

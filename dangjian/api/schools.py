"""/api/v1/schools: the schools the user may see (their own; a county's schools for its committee)."""

from typing import Annotated

from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from dangjian.school import permissions as perms

from .common import ERRORS, Pagination, Text, school_for

router = Router(tags=["学校"])


class SchoolOut(Schema):
    code: str
    name: str
    short_name: str
    county: str = Field(description="所属县（区）名称")
    county_code: str
    address: str
    spirit: str

    @staticmethod
    def resolve_county(obj):
        return obj.county.name

    @staticmethod
    def resolve_county_code(obj):
        return obj.county.code


class SchoolDetailOut(SchoolOut):
    history: str


@router.get("", response={200: list[SchoolOut], **ERRORS}, summary="学校列表")
@paginate(Pagination)
def school_list(request):
    return perms.schools_for_user(request.user).order_by("county__code", "code")


@router.get("/{code}", response={200: SchoolDetailOut, **ERRORS}, summary="学校详情")
def school_detail(request, code: Annotated[Text, Path(..., title="学校代码")]):
    return school_for(request.user, code, member=False)

"""/api/v1/accounts: 账号与权限 of a school for its secretary, through the same permission helpers and services as
the page: the staff with their logins and roles, granting and revoking a role."""

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.accounts import permissions as perms
from dangjian.accounts import queries, services
from dangjian.accounts.enums import GRANTABLE, Role
from dangjian.party.models import Organization

from .common import ERRORS, Mapped, Pagination, SchoolParam, Text

router = Router(tags=["账号与权限"])
GrantId = Annotated[int, Path(..., ge=1, le=2_147_483_647, title="授权编号")]


class GrantOut(Schema):
    id: int
    role: str
    role_display: str
    organization: int | None = Field(None, description="支部书记/党小组长所负责的党组织")

    @staticmethod
    def resolve_role_display(obj):
        return obj.get_role_display()

    @staticmethod
    def resolve_organization(obj):
        return obj.organization_id


class StaffAccountOut(Schema):
    staff_id: int
    staff_number: str
    name: str
    user_id: int | None = Field(description="登录账号；null 为尚无账号")
    username: str
    active: bool = Field(description="账号可用（离职停用的为 false）")
    must_change_password: bool = Field(description="尚在使用一次性初始密码")
    grants: list[GrantOut]


def _row(staff) -> dict:
    user = staff.user
    return {
        "staff_id": staff.pk,
        "staff_number": staff.staff_number,
        "name": staff.name,
        "user_id": user.pk if user else None,
        "username": user.username if user else "",
        "active": bool(user and user.is_active),
        "must_change_password": bool(user and user.must_change_password),
        "grants": list(user.role_grants.all()) if user else [],
    }


@router.get("", response={200: list[StaffAccountOut], **ERRORS}, summary="在职教职工的账号与角色（学校书记）")
@paginate(Pagination)
def account_list(
    request,
    school: SchoolParam,
    q: Annotated[Text, Query("", title="搜索（q）", description="姓名、工号或用户名")] = "",
    account: Annotated[Text, Query("", title="账号（account）", description="has 已有账号，none 尚无账号")] = "",
):
    school_obj = perms.get_accounts_school_for_user(request.user, school)
    return Mapped(queries.staff_accounts(school_obj, q=q[:50], account=account), _row)


class GrantIn(Schema):
    user: int = Field(..., ge=1, le=2_147_483_647, description="账号编号（user_id）")
    role: str = Field(..., description="、".join(f"{r.value}（{r.label}）" for r in GRANTABLE))
    organization: int | None = Field(None, ge=1, le=2_147_483_647, description="授予支部书记时必填：党组织编号")


@router.post("/grants", response={201: GrantOut, **ERRORS}, summary="授予角色（审计）")
def grant_create(request, payload: GrantIn, school: SchoolParam):
    school_obj = perms.get_accounts_school_for_user(request.user, school)
    user = perms.get_school_user(school_obj, payload.user)
    organization = None
    if payload.role == Role.BRANCH_SECRETARY:
        organization = Organization.objects.filter(pk=payload.organization or 0, school=school_obj).first()
        if organization is None:
            raise ValidationError({"organization": ["请填写本校的党支部（或党小组）编号。"]})
    if payload.role not in GRANTABLE:
        raise ValidationError({"role": ["该角色不能在学校授予。"]})
    grant = services.role_grant(
        user=user, role=payload.role, school=school_obj, organization=organization, actor=request.user, request=request
    )
    return Status(201, grant)


@router.delete("/grants/{grant_id}", response={204: None, **ERRORS}, summary="撤销角色（审计；学校唯一的书记不能撤销）")
def grant_delete(request, grant_id: GrantId, school: SchoolParam):
    school_obj = perms.get_accounts_school_for_user(request.user, school)
    services.role_revoke(grant=perms.get_grant(school_obj, grant_id), actor=request.user, request=request)
    return Status(204, None)

"""/api/v1/organizations: the school's Party organization tree, flattened in tree order, with the
member counts and rule findings the tree page shows."""

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from dangjian.lib.access import require
from dangjian.party import permissions as perms
from dangjian.party.forms import OrganizationForm
from dangjian.party.models import Organization
from dangjian.party.queries import TreeNode, organization_tree
from dangjian.party.services import organization_save

from .common import (
    ERRORS,
    FindingOut,
    Pagination,
    PayloadSchema,
    SchoolParam,
    form_data,
    instance_data,
    school_for,
    school_of,
    titled,
    validated,
)
from .errors import NOT_FOUND

OrgId = Annotated[int, Path(..., title="党组织编号")]

router = Router(tags=["党组织"])

FORM_FIELDS = OrganizationForm.Meta.fields


class LeaderOut(Schema):
    post: str
    post_display: str
    staff_id: int
    name: str


class OrganizationOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    parent: int | None = Field(description="上级组织编号")
    depth: int = Field(description="在树中的层级，顶层为 0")
    kind: str
    kind_display: str
    name: str
    grade_level: int | None
    established_on: dt.date | None
    term_starts_on: dt.date | None
    term_ends_on: dt.date | None
    order: int
    full_members: int = Field(description="正式党员（含下级）")
    probationary_members: int = Field(description="预备党员（含下级）")
    members: int = Field(description="党员合计")
    developing: int = Field(description="入党申请人、积极分子、发展对象")
    committee_size: int
    leaders: list[LeaderOut]
    findings: list[FindingOut]


class OrganizationIn(PayloadSchema):
    name: str | None = titled(OrganizationForm, "name")
    kind: str | None = titled(
        OrganizationForm, "kind", "committee 党委，general_branch 党总支，branch 党支部，group 党小组"
    )
    parent: int | None = titled(OrganizationForm, "parent", "上级组织编号")
    grade_level: int | None = titled(OrganizationForm, "grade_level")
    established_on: str | None = titled(OrganizationForm, "established_on", "YYYY-MM-DD")
    term_starts_on: str | None = titled(OrganizationForm, "term_starts_on", "YYYY-MM-DD")
    term_ends_on: str | None = titled(OrganizationForm, "term_ends_on", "YYYY-MM-DD")
    order: int | None = titled(OrganizationForm, "order")


def _row(school, depth: int, node: TreeNode) -> dict:
    org = node.org
    return {
        "id": org.pk,
        "school": school.code,
        "parent": org.parent_id,
        "depth": depth,
        "kind": org.kind,
        "kind_display": org.get_kind_display(),
        "name": org.name,
        "grade_level": org.grade_level,
        "established_on": org.established_on,
        "term_starts_on": org.term_starts_on,
        "term_ends_on": org.term_ends_on,
        "order": org.order,
        "full_members": node.full_members,
        "probationary_members": node.probationary_members,
        "members": node.members,
        "developing": node.developing,
        "committee_size": node.committee_size,
        "leaders": [
            {
                "post": p.post,
                "post_display": p.get_post_display(),
                "staff_id": p.staff_id,
                "name": p.staff.name,
            }
            for p in node.leaders
        ],
        "findings": [{"level": f.level, "message": f.message} for f in node.findings],
    }


def _rows(school) -> list[dict]:
    return [_row(school, depth, node) for root in organization_tree(school) for depth, node in root.walk()]


def _one(school, pk: int) -> dict:
    row = next((r for r in _rows(school) if r["id"] == pk), None)
    if row is None:  # the organization was fetched a moment ago: only a concurrent delete gets here
        raise Http404(NOT_FOUND)
    return row


@router.get("", response={200: list[OrganizationOut], **ERRORS}, summary="党组织列表（树序）")
@paginate(Pagination)
def organization_list(request, school: SchoolParam):
    school_obj = school_for(request.user, school)
    require(perms.can_view_tree(request.user, school_obj))
    return _rows(school_obj)


@router.get("/{org_id}", response={200: OrganizationOut, **ERRORS}, summary="党组织详情")
def organization_detail(request, org_id: OrgId):
    school = school_of(request.user, Organization, org_id)
    org = perms.get_organization_for_user(request.user, school, org_id)
    return _one(school, org.pk)


def _form(request, school, payload, instance: Organization, base: dict) -> OrganizationForm:
    data = form_data(base, payload)
    return validated(
        OrganizationForm(
            data=data, instance=instance, school=school, **perms.organization_form_scope(request.user, school)
        )
    )


@router.post("", response={201: OrganizationOut, **ERRORS}, summary="新增党组织")
def organization_create(request, payload: OrganizationIn, school: SchoolParam):
    """Secretaries and Party staff anywhere in the tree; a branch secretary under their own branch."""
    school_obj = school_for(request.user, school)
    require(perms.can_view_tree(request.user, school_obj))
    require(perms.can_create_organizations(request.user, school_obj))
    blank = Organization(school=school_obj)
    form = _form(request, school_obj, payload, blank, instance_data(blank, FORM_FIELDS))
    org = organization_save(form=form, actor=request.user, request=request)
    return Status(201, _one(school_obj, org.pk))


def _update(request, org_id: int, payload: OrganizationIn, *, partial: bool):
    school = school_of(request.user, Organization, org_id)
    org = perms.get_organization_for_user(request.user, school, org_id, write=True)
    base = instance_data(org if partial else Organization(school=school), FORM_FIELDS)
    form = _form(request, school, payload, org, base)
    organization_save(form=form, actor=request.user, request=request)
    return _one(school, org.pk)


@router.patch("/{org_id}", response={200: OrganizationOut, **ERRORS}, summary="修改党组织（部分字段）")
def organization_patch(request, org_id: OrgId, payload: OrganizationIn):
    return _update(request, org_id, payload, partial=True)


@router.put("/{org_id}", response={200: OrganizationOut, **ERRORS}, summary="修改党组织（整体替换）")
def organization_put(request, org_id: OrgId, payload: OrganizationIn):
    return _update(request, org_id, payload, partial=False)

"""Who may read and change the Party organization tree."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS

from .models import Organization
from .queries import subtree_ids


def branch_scope(user, school: School) -> set[int] | None:
    """The organizations a user answers for: None for the school's admins (every organization), else those
    they lead as branch secretary and everything below them (empty for everyone else)."""
    if get_access(user).has_role(school.pk, *SCHOOL_ADMINS):
        return None
    return subtree_ids(school, get_access(user).branch_org_ids)


def can_view_tree(user, school: School) -> bool:
    return get_access(user).is_member_of(school.pk)


def can_create_organizations(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS, Role.BRANCH_SECRETARY)


def can_manage_members(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_edit_organization(user, org: Organization) -> bool:
    access = get_access(user)
    if access.has_role(org.school_id, *SCHOOL_ADMINS):
        return True
    return org.pk in subtree_ids(org.school, access.branch_org_ids)


def editable_parents(user, school: School):
    """Organizations under which the user may create a child."""
    access = get_access(user)
    qs = Organization.objects.filter(school=school)
    if access.has_role(school.pk, *SCHOOL_ADMINS):
        return qs
    return qs.filter(pk__in=subtree_ids(school, access.branch_org_ids))


def organization_form_scope(user, school: School) -> dict:
    """The OrganizationForm arguments that limit where this user may place an organization."""
    return {"parents": editable_parents(user, school), "allow_top_level": can_manage_members(user, school)}


def get_organization_for_user(user, school: School, pk: int, write: bool = False) -> Organization:
    org = Organization.objects.filter(school=school, pk=pk).select_related("parent", "school").first()
    if org is None or not can_view_tree(user, school):
        not_found()
    if write:
        require(can_edit_organization(user, org))
    return org

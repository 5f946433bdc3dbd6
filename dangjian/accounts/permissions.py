"""Who runs the school's accounts and roles (deny by default): its secretary. The county committee creates its
own users and a school's first secretary."""

from django.db.models import Q, QuerySet

from dangjian.lib.access import not_found, require
from dangjian.school.permissions import get_member_school_for_user

from .access import get_access
from .enums import Role
from .models import RoleGrant, User


def can_manage_accounts(user, school) -> bool:
    return get_access(user).has_role(school.pk, Role.SECRETARY)


def get_accounts_school_for_user(user, code: str):
    """Outsiders 404; the school's members without the secretary role 403."""
    school = get_member_school_for_user(user, code)
    require(can_manage_accounts(user, school), "只有学校党组织书记可以管理账号与权限")
    return school


def school_users(school) -> QuerySet[User]:
    """The school's logins: its staff's, and those holding a role in it (a first secretary made by the county)."""
    return User.objects.filter(
        Q(staff__school=school) | Q(role_grants__school=school) | Q(role_grants__organization__school=school)
    ).distinct()


def get_school_user(school, pk) -> User:
    user = school_users(school).filter(pk=pk).first()
    if user is None:
        not_found()
    return user


def get_grant(school, pk) -> RoleGrant:
    grant = (
        RoleGrant.objects.filter(Q(school=school) | Q(organization__school=school), pk=pk)
        .select_related("user", "school", "organization")
        .first()
    )
    if grant is None:
        not_found()
    return grant

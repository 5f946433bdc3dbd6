"""Reads of 账号与权限: the school's staff with their logins and roles, and the county's accounts. A fixed number
of queries whatever the number of people."""

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet

from dangjian.school.models import School, Staff

from .enums import Role
from .models import RoleGrant, User
from .permissions import school_users


def _grants():
    return Prefetch("role_grants", queryset=RoleGrant.objects.select_related("organization").order_by("role", "pk"))


def staff_without_login(school) -> QuerySet[Staff]:
    return Staff.objects.filter(school=school, is_active=True, user__isnull=True)


def staff_accounts(school, *, q: str = "", account: str = "") -> QuerySet[Staff]:
    """In-service staff with their login and its roles; ``account``: "none" (no login yet) or "has"."""
    qs = Staff.objects.filter(school=school, is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(staff_number__icontains=q) | Q(user__username__icontains=q))
    if account == "none":
        qs = qs.filter(user__isnull=True)
    elif account == "has":
        qs = qs.filter(user__isnull=False)
    grants = RoleGrant.objects.select_related("organization").order_by("role", "pk")
    return (
        qs.select_related("user", "department")
        .prefetch_related(Prefetch("user__role_grants", queryset=grants))
        .order_by("staff_number")
    )


def other_accounts(school) -> list[User]:
    """Logins with a role in the school but no staff record in it (e.g. the first secretary the county made)."""
    return list(school_users(school).exclude(staff__school=school).prefetch_related(_grants()).order_by("username"))


def county_accounts(county) -> dict:
    users = list(
        User.objects.filter(role_grants__role=Role.COUNTY, role_grants__county=county).distinct().order_by("username")
    )
    secretaries = defaultdict(list)
    for grant in RoleGrant.objects.filter(role=Role.SECRETARY, school__county=county).select_related("user"):
        secretaries[grant.school_id].append(grant.user)
    schools = [(school, secretaries[school.pk]) for school in School.objects.filter(county=county).order_by("code")]
    return {"county_users": users, "schools": schools}

"""Who may see the figures (deny by default): the school's Party office its dashboard, the county
committee its county's counts, everyone working in a school their own page."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import County, School
from dangjian.school.permissions import get_member_school_for_user

DASHBOARD_ROLES = (Role.SECRETARY, Role.PARTY_STAFF)


def can_view_dashboard(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *DASHBOARD_ROLES)


def get_dashboard_school_for_user(user, code: str) -> School:
    """Outsiders (county users included: they have the county view) 404; members without the role 403."""
    school = get_member_school_for_user(user, code)
    require(can_view_dashboard(user, school), "只有学校书记和党务干部可以查看数据看板")
    return school


def can_view_county(user, county: County) -> bool:
    access = get_access(user)
    return access.is_superuser or county.pk in access.county_ids


def get_county_for_user(user, code: str) -> County:
    county = County.objects.filter(code=code).first()
    if county is None or not can_view_county(user, county):
        not_found()
    return county


def get_county_school_for_user(user, county: County, code: str) -> School:
    school = School.objects.filter(county=county, code=code).first()
    if school is None:
        not_found()
    return school


def counties_for_user(user) -> list[County]:
    """The counties the user sees, read once per request (cached on the user object, as get_access is): the
    menu's 县域概览 and 账号管理 entries both list them."""
    cached = getattr(user, "_dangjian_counties", None)
    if cached is None:
        access = get_access(user)
        qs = County.objects.order_by("code")
        cached = user._dangjian_counties = list(qs if access.is_superuser else qs.filter(pk__in=access.county_ids))
    return cached

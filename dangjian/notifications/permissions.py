"""Who sets what: a user their own channels; the school's secretary and Party affairs staff the school's
defaults and every robot; a branch secretary the robots of their organizations."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.party.models import Organization
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS


def is_school_admin(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def robot_org_ids(user, school: School) -> set[int]:
    """The organizations whose robot the user may set (one query)."""
    orgs = Organization.objects.filter(school=school)
    if not is_school_admin(user, school):
        orgs = orgs.filter(pk__in=get_access(user).branch_org_ids)
    return set(orgs.values_list("pk", flat=True))


def get_settings_school(user, code: str) -> School:
    """The school whose notification settings the user may open: admins and branch secretaries (other members
    403, outsiders 404)."""
    school = School.objects.filter(code=code).first()
    access = get_access(user)
    if school is None or not access.is_member_of(school.pk):
        not_found()
    require(is_school_admin(user, school) or access.has_role(school.pk, Role.BRANCH_SECRETARY))
    return school


def home_school(user) -> School:
    """The school the user's own channel choice belongs to: where they work, else their one school."""
    access = get_access(user)
    ids = [access.staff_school_id] if access.staff_school_id else sorted(access.member_school_ids)
    if len(ids) != 1:
        not_found()
    return School.objects.get(pk=ids[0])

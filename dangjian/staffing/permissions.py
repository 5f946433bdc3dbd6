"""Who may see and change teaching assignments (deny by default).

The 教务处, the secretary and the Party affairs staff of a school run the coverage check and the
optimizer and apply its proposals; other people who work in the school get 403; outsiders and the
county's statistics users get 404."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import School
from dangjian.school.permissions import get_member_school_for_user

from .models import AssignmentVersion, OptimizerRun

STAFFING_ROLES = (Role.SECRETARY, Role.PARTY_STAFF, Role.ACADEMIC_AFFAIRS)


def can_manage_staffing(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *STAFFING_ROLES)


def get_staffing_school_for_user(user, code: str) -> School:
    """The school, for a user who may work on its teaching assignments (404 outsiders, 403 others)."""
    school = get_member_school_for_user(user, code)
    require(can_manage_staffing(user, school))
    return school


def get_run_for_user(user, school: School, pk: int) -> OptimizerRun:
    run = OptimizerRun.objects.filter(school=school, pk=pk).select_related("semester__school_year", "school").first()
    if run is None:
        not_found()
    return run


def get_version_for_user(user, school: School, pk: int) -> AssignmentVersion:
    version = AssignmentVersion.objects.filter(school=school, pk=pk).select_related("semester__school_year").first()
    if version is None:
        not_found()
    return version

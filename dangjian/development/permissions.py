"""Who may see and move development files (deny by default): the school's secretary and Party affairs staff
for the whole school, a branch secretary for the branches they lead (and those below them)."""

from dangjian.accounts.access import get_access
from dangjian.lib.access import not_found, require
from dangjian.party.enums import OrgKind
from dangjian.party.models import Organization
from dangjian.party.permissions import branch_scope as branch_ids  # files, ledgers, transfers: one scope
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS

from .models import DevelopmentFile, DevelopmentStep


def is_school_wide(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_view(user, school: School) -> bool:
    ids = branch_ids(user, school)
    return ids is None or bool(ids)


def can_open_student_files(user, school: School) -> bool:
    """推优学生 come through the school's Party organization, which accepted the League's recommendation: its
    secretary and Party affairs staff open their files (and so see the recommended students to choose from).
    A branch secretary then moves a student file of their branch like any other."""
    return is_school_wide(user, school)


def can_plan(user, school: School) -> bool:
    """The year's targets are the school's decision."""
    return is_school_wide(user, school)


def branches_for_user(user, school: School):
    qs = Organization.objects.filter(school=school, kind=OrgKind.BRANCH)
    ids = branch_ids(user, school)
    return qs if ids is None else qs.filter(pk__in=ids)


def files_for_user(user, school: School):
    qs = DevelopmentFile.objects.filter(school=school)
    ids = branch_ids(user, school)
    return qs if ids is None else qs.filter(branch_id__in=ids)


def get_file_for_user(user, school: School, pk: int) -> DevelopmentFile:
    """A file in the user's scope; 404 otherwise. Whoever may see a file may move it."""
    file = (
        files_for_user(user, school)
        .filter(pk=pk)
        .select_related("school", "branch", "staff__party_record", "student")
        .first()
    )
    if file is None:
        not_found()
    return file


def get_step_for_user(user, school: School, pk: int) -> DevelopmentStep:
    step = DevelopmentStep.objects.filter(file__in=files_for_user(user, school), pk=pk).first()
    if step is None:
        not_found()
    return step


def require_view(user, school: School) -> None:
    require(can_view(user, school))

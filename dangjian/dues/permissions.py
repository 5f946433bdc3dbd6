"""Who sees and writes 党费 (deny by default).

- A member's base and dues: the member themself, the secretary of their branch (or of an organization
  above it), the school's 书记 and 党务干部 (and superusers).
- Recording payments and bases: the branch's secretary, 书记 and 党务干部.
- The county committee: the school's totals only (no names, no bases).
- Anyone else (other roles of the school, other schools): nothing."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.party.models import Organization
from dangjian.party.permissions import branch_scope as branch_ids  # files, ledgers, transfers: one scope
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS


def is_admin(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_keep_ledgers(user, school: School) -> bool:
    """Keeps at least one ledger of the school (sees names, records payments)."""
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS, Role.BRANCH_SECRETARY)


def can_view_totals(user, school: School) -> bool:
    return can_keep_ledgers(user, school) or school.pk in get_access(user).county_school_ids


def totals_scope(user, school: School) -> set[int] | None:
    """The organizations whose totals the user sees: all for the county, else those whose ledgers they keep."""
    if school.pk in get_access(user).county_school_ids:
        return None
    return branch_ids(user, school)


def can_view_own(user, school: School) -> bool:
    access = get_access(user)
    return access.staff_id is not None and access.staff_school_id == school.pk


def can_keep_branch(user, school: School, branch_id: int) -> bool:
    ids = branch_ids(user, school)
    return ids is None or branch_id in ids


def get_branch_for_user(user, school: School, pk: int) -> Organization:
    branch = Organization.objects.filter(school=school, pk=pk).first()
    if branch is None:
        not_found()
    require(can_keep_branch(user, school, branch.pk))
    return branch

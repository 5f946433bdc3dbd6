"""Who may see and handle transfers, terms and appraisals. A transfer is visible to the two schools it
involves and to nobody else: a third school of the county, or another county, gets 404."""

from django.db.models import Q

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.party.models import Organization
from dangjian.party.permissions import branch_scope as branch_ids  # files, ledgers, transfers: one scope
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS

from .enums import Direction, TransferState
from .models import Transfer

READERS = (*SCHOOL_ADMINS, Role.BRANCH_SECRETARY)


def can_use(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *READERS)


def is_admin(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_edit_branch(user, org: Organization) -> bool:
    scope = branch_ids(user, org.school)
    return scope is None or org.pk in scope


def branches_for(user, school: School):
    """The branches the user may record terms and appraisals for."""
    qs = Organization.objects.filter(school=school, kind="branch")
    scope = branch_ids(user, school)
    return qs if scope is None else qs.filter(pk__in=scope)


def transfers_for_user(user, school: School):
    """The transfers of ``school`` (sending or receiving) the user may read."""
    require(can_use(user, school))
    qs = Transfer.objects.filter(Q(from_school=school) | Q(to_school=school))
    scope = branch_ids(user, school)
    if scope is not None:
        qs = qs.filter(Q(from_school=school, member__branch__in=scope) | Q(to_school=school, to_branch__in=scope))
    return qs


def get_transfer_for_user(user, school: School, pk: int) -> Transfer:
    """A transfer of ``school`` (a school the caller works in): 403 to its staff without a reading role,
    404 when the transfer is not one of the school's or not in the user's branches."""
    transfer = (
        transfers_for_user(user, school)
        .select_related("from_school", "to_school", "member__staff", "member__branch", "new_member__staff", "to_branch")
        .filter(pk=pk)
        .first()
    )
    if transfer is None:
        not_found()
    return transfer


def can_receive(user, transfer: Transfer) -> bool:
    """Accept or return: the receiving school's secretary or Party affairs staff, while it waits."""
    return (
        transfer.direction == Direction.COUNTY
        and transfer.state == TransferState.PENDING
        and get_access(user).has_role(transfer.to_school_id, *SCHOOL_ADMINS)
    )


def get_pending_for_receiver(user, school: School, pk: int) -> Transfer:
    """A waiting in-county transfer into ``school``, for its admins: 404 to anyone else who cannot see it,
    403 to a reader of the school who may not act on it."""
    transfer = get_transfer_for_user(user, school, pk)
    if transfer.to_school_id != school.pk:
        not_found()
    require(can_receive(user, transfer), "只有接收学校的书记或党务干部可以办理待接收的转接")
    return transfer

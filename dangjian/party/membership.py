"""Who was a Party member on a given day: one rule for coverage, helpers and lecturers.

A member record's status history (``MemberStatusChange``) says what the person was on each day: a member
from becoming 预备党员 until a transfer out (已转出) or any later change away from 预备/正式. Without a
history entry up to the day, the record's own dates decide (接收为预备党员日期 on or before the day), and a
record now 已转出 with no dated history does not count. Staff without a member record count by their
political status and 入党日期 (an unknown date counts).

Who was a 正式党员 on a day (入党介绍人, 培养联系人) follows the same rule with 转为正式党员日期, and for staff without a
member record a 入党时间 at least the one-year probation before the day."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from dangjian.lib.dates import add_months
from dangjian.school.enums import PARTY_STATUSES, PoliticalStatus

from .enums import PROBATION_MONTHS, MemberStatus
from .models import MemberStatusChange, PartyMember

MEMBER_STAGES = frozenset({MemberStatus.PROBATIONARY, MemberStatus.FULL})
FULL_STAGE = frozenset({MemberStatus.FULL})


def was_member(
    status_now: str,
    since: dt.date | None,
    history: list[tuple[dt.date, str]],
    day: dt.date,
    stages: frozenset[str] = MEMBER_STAGES,
) -> bool:
    """The rule for one member record: was it in one of ``stages`` on ``day``? ``history`` is its (date, status)
    changes in order; ``since`` the record's date of entering the first of ``stages``."""
    before = [status for changed_on, status in history if changed_on <= day]
    if before:
        return before[-1] in stages
    if status_now == MemberStatus.TRANSFERRED_OUT:
        return False
    return since is not None and since <= day and status_now in stages


def party_member_ids(staff, day: dt.date) -> set[int]:
    """The ids among ``staff`` (Staff objects) who were Party members on ``day``: two queries."""

    def by_status(person) -> bool:
        joined = person.joined_party_on
        return person.political_status in PARTY_STATUSES and (joined is None or joined <= day)

    return _ids_on(staff, day, MEMBER_STAGES, "admitted_on", by_status)


def full_member_ids(staff, day: dt.date) -> set[int]:
    """The ids among ``staff`` (Staff objects) who were 正式党员 on ``day``: two queries."""

    def by_status(person) -> bool:
        joined = person.joined_party_on
        return person.political_status == PoliticalStatus.PARTY_MEMBER and (
            joined is None or add_months(joined, PROBATION_MONTHS) <= day
        )

    return _ids_on(staff, day, FULL_STAGE, "full_on", by_status)


def _ids_on(staff, day: dt.date, stages: frozenset[str], since: str, by_status) -> set[int]:
    """The ids among ``staff`` whose member record was in ``stages`` on ``day``; staff without a record are
    judged by ``by_status`` (their political status and 入党时间)."""
    by_id = {s.pk: s for s in staff}
    records = {
        r.staff_id: r for r in PartyMember.objects.filter(staff_id__in=list(by_id)).only("staff_id", "status", since)
    }
    history = defaultdict(list)
    for member__staff_id, changed_on, status in (
        MemberStatusChange.objects.filter(member__staff_id__in=list(records))
        .order_by("changed_on", "pk")
        .values_list("member__staff_id", "changed_on", "status")
    ):
        history[member__staff_id].append((changed_on, status))
    out = set()
    for pk, person in by_id.items():
        record = records.get(pk)
        if record is not None:
            member = was_member(record.status, getattr(record, since), history[pk], day, stages)
        else:
            member = by_status(person)
        if member:
            out.add(pk)
    return out


# Staff who are Party members of this school's organization now: a Party political status, and not a
# member record transferred out (the person is still a Party member, but no longer here).
PARTY_HERE = Q(political_status__in=PARTY_STATUSES) & ~Q(party_record__status=MemberStatus.TRANSFERRED_OUT)

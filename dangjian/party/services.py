"""Writes to the Party organization tree and member records."""

from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.school.enums import PoliticalStatus

from .enums import MemberStatus
from .forms import OrganizationForm, PartyMemberForm
from .models import MemberStatusChange, Organization, PartyMember

POLITICAL_STATUS_FOR = {
    MemberStatus.PROBATIONARY: PoliticalStatus.PROBATIONARY,
    MemberStatus.FULL: PoliticalStatus.PARTY_MEMBER,
}
STATUS_DATE = {
    MemberStatus.APPLICANT: "applied_on",
    MemberStatus.ACTIVIST: "activist_on",
    MemberStatus.CANDIDATE: "candidate_on",
    MemberStatus.PROBATIONARY: "admitted_on",
    MemberStatus.FULL: "full_on",
}


def organization_save(*, form: OrganizationForm, actor, request=None) -> Organization:
    with transaction.atomic():
        created = form.instance.pk is None
        org = form.save()
        audit(
            actor,
            "organization.create" if created else "organization.update",
            org,
            school=org.school,
            request=request,
        )
    return org


def stage_change(member: PartyMember) -> MemberStatusChange:
    """The history entry (unsaved) for the member's current stage, dated by its stage date."""
    day = getattr(member, STATUS_DATE.get(member.status, ""), None) or member.applied_on
    return MemberStatusChange(member=member, status=member.status, changed_on=day or clock.today())


def follow_stage(member: PartyMember, staff) -> bool:
    """Make the staff record's political status follow the member's stage (unsaved); True if it changed."""
    new_status = POLITICAL_STATUS_FOR.get(member.status)
    if not new_status or staff.political_status == new_status:
        return False
    staff.political_status = new_status
    if member.status == MemberStatus.PROBATIONARY and not staff.joined_party_on:
        staff.joined_party_on = member.admitted_on
    return True


def party_member_save(*, form: PartyMemberForm, actor, request=None) -> PartyMember:
    """Save a member; a change of stage is kept in the history and the staff record's
    political status follows it."""
    with transaction.atomic():
        created = form.instance.pk is None
        previous = None if created else PartyMember.objects.get(pk=form.instance.pk).status
        member = form.save()
        if member.status != previous:
            stage_change(member).save()
            if follow_stage(member, member.staff):
                member.staff.save(update_fields=["political_status", "joined_party_on"])
        audit(
            actor,
            "party_member.create" if created else "party_member.update",
            member,
            school=form.school,
            request=request,
        )
    return member

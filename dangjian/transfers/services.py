"""Writes: transfers (out, in-county accept/return, in), branch terms and appraisals. Each owns its transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.accounts.services import audit
from dangjian.development.services import file_carry
from dangjian.dues.services import dues_carry
from dangjian.lib import clock
from dangjian.party.enums import MemberStatus
from dangjian.party.models import MemberStatusChange, PartyMember
from dangjian.party.services import follow_stage
from dangjian.school.models import Staff

from .enums import Direction, TransferState
from .forms import (
    AppraisalForm,
    BranchAppraisalFormSet,
    BranchTermForm,
    TransferAcceptForm,
    TransferInForm,
    TransferStartForm,
)
from .leaving import roles_and_posts_end
from .models import Appraisal, BranchTerm, TermPost, Transfer
from .terms import term_last_day

# What a new staff record at the receiving school copies from the sending school's record.
STAFF_COPIED = [
    "name",
    "gender",
    "birth_date",
    "started_teaching_on",
    "political_status",
    "joined_party_on",
    "title",
    "phone",
]
STAGE_DATES = ["applied_on", "activist_on", "candidate_on", "admitted_on", "full_on"]


def _leave(member: PartyMember, day: dt.date, note: str) -> None:
    """The member leaves the school's organization from ``day``: status 已转出, kept in the history."""
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    MemberStatusChange.objects.create(
        member=member, status=MemberStatus.TRANSFERRED_OUT, changed_on=day, note=note[:200]
    )


def transfer_start(*, form: TransferStartForm, actor, request=None) -> Transfer:
    """Out of the system: done at once. In the county: waits for the receiving school."""
    with transaction.atomic():
        transfer = form.save(commit=False)
        member = PartyMember.objects.select_for_update().select_related("staff").get(pk=transfer.member_id)
        if member.status == MemberStatus.TRANSFERRED_OUT:
            raise ValidationError("该党员已转出。")
        transfer.from_school = form.school
        transfer.name = member.staff.name
        transfer.created_by = actor
        if transfer.direction == Direction.OUT:
            transfer.to_school = None
            transfer.state = TransferState.DONE
            _leave(member, transfer.transfer_on, f"组织关系转出至{transfer.destination}（{transfer.letter_number}）")
        else:
            transfer.destination = transfer.to_school.name
            transfer.state = TransferState.PENDING
        transfer.save()
        if transfer.direction == Direction.OUT:
            roles_and_posts_end(transfer=transfer, staff=member.staff, actor=actor, request=request)
        audit(actor, "transfer.start", transfer, school=form.school, request=request)
    return transfer


def _receiving_staff(old: Staff, form: TransferAcceptForm) -> Staff:
    staff = form.cleaned_data.get("staff")
    if staff is None:
        staff = Staff(school=form.school, staff_number=form.cleaned_data["staff_number"])
        for name in STAFF_COPIED:
            setattr(staff, name, getattr(old, name))
    else:
        staff.political_status, staff.joined_party_on = old.political_status, old.joined_party_on
    if staff.user_id is None and old.user_id is not None:
        # One person, one login: it follows them to the school they now work in.
        staff.user_id, old.user_id = old.user_id, None
    old.is_active = False
    old.save(update_fields=["user", "is_active"])
    staff.save()
    return staff


def transfer_accept(*, transfer: Transfer, form: TransferAcceptForm, actor, request=None) -> Transfer:
    """Take the member into a branch of the receiving school, in one transaction: the sending record becomes
    已转出 (kept, with its history and the dues it collected); a new record at the receiving school carries the
    stages, the history, the months already paid (已在原单位缴纳) and an open development file (a 预备党员's
    probation goes on at the new school); the member's roles and posts at the
    sending school end on the transfer date."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.state != TransferState.PENDING:
            raise ValidationError("该转接已办理，不能重复接收。")
        old = PartyMember.objects.select_for_update().select_related("staff").get(pk=transfer.member_id)
        history = list(old.status_changes.order_by("changed_on", "pk"))
        status = old.status
        _leave(old, transfer.transfer_on, f"组织关系转至{transfer.to_school.name}（{transfer.letter_number}）")
        roles_and_posts_end(transfer=transfer, staff=old.staff, actor=actor, request=request)
        staff = _receiving_staff(old.staff, form)
        new = PartyMember.objects.create(
            staff=staff,
            branch=form.cleaned_data["branch"],
            status=status,
            **{name: getattr(old, name) for name in STAGE_DATES},
        )
        MemberStatusChange.objects.bulk_create(
            [MemberStatusChange(member=new, status=h.status, changed_on=h.changed_on, note=h.note) for h in history]
        )
        dues_carry(old=old, new=new)
        file_carry(old_staff=old.staff, new_staff=staff, branch=new.branch)
        transfer.state = TransferState.ACCEPTED
        transfer.handled_on = form.cleaned_data["accepted_on"]
        transfer.to_branch = form.cleaned_data["branch"]
        transfer.new_member = new
        transfer.save()
        audit(actor, "transfer.accept", transfer, school=transfer.to_school, request=request)
    return transfer


def transfer_return(*, transfer: Transfer, reason: str, actor, request=None) -> Transfer:
    """The receiving school sends the letter back: the member stays where they are."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.state != TransferState.PENDING:
            raise ValidationError("该转接已办理，不能退回。")
        transfer.state = TransferState.RETURNED
        transfer.handled_on = clock.today()
        transfer.return_reason = reason
        transfer.save(update_fields=["state", "handled_on", "return_reason"])
        audit(actor, "transfer.return", transfer, school=transfer.to_school, request=request)
    return transfer


def transfer_in_register(*, form: TransferInForm, actor, request=None) -> Transfer:
    """A member from outside: a member record in the chosen branch, its history, and the letter."""
    data = form.cleaned_data
    with transaction.atomic():
        member = PartyMember.objects.create(
            staff=data["staff"],
            branch=data["branch"],
            status=data["status"],
            admitted_on=data["admitted_on"],
            full_on=data.get("full_on"),
        )
        stages = [(MemberStatus.PROBATIONARY, data["admitted_on"])]
        if data["status"] == MemberStatus.FULL:
            stages.append((MemberStatus.FULL, data["full_on"]))
        note = f"从{data['origin']}转入（{data['letter_number']}）"
        MemberStatusChange.objects.bulk_create(
            [MemberStatusChange(member=member, status=s, changed_on=day, note=note) for s, day in stages]
        )
        if follow_stage(member, member.staff):
            member.staff.save(update_fields=["political_status", "joined_party_on"])
        transfer = form.save(commit=False)
        transfer.direction, transfer.state = Direction.IN, TransferState.DONE
        transfer.to_school, transfer.to_branch, transfer.new_member = form.school, data["branch"], member
        transfer.name = member.staff.name
        transfer.handled_on = data["transfer_on"]
        transfer.created_by = actor
        transfer.save()
        audit(actor, "transfer.in", transfer, school=form.school, request=request)
    return transfer


def branch_term_save(*, form: BranchTermForm, actor, request=None) -> BranchTerm:
    """Record a term and its committee; the branch's own term dates follow its latest term."""
    with transaction.atomic():
        term = form.save()
        TermPost.objects.bulk_create([TermPost(term=term, staff=staff, post=post) for staff, post in form.posts()])
        org = term.organization
        latest = org.terms.order_by("-elected_on").first()
        if latest.pk == term.pk:
            org.term_starts_on, org.term_ends_on = term.elected_on, term_last_day(term.elected_on)
            org.save(update_fields=["term_starts_on", "term_ends_on"])
        audit(actor, "branch_term.create", term, school=form.school, request=request)
    return term


def _appraisal_year(activity) -> int:
    return clock.school_year_start(timezone.localtime(activity.starts_at).date())


def appraisal_save(*, form: AppraisalForm, actor, request=None) -> Appraisal:
    with transaction.atomic():
        appraisal = form.save(commit=False)
        appraisal.year = _appraisal_year(appraisal.activity)
        appraisal.save()
        audit(actor, "appraisal.save", appraisal, school=appraisal.activity.school, request=request)
    return appraisal


def branch_appraisals_save(*, activity, branch, formset: BranchAppraisalFormSet, actor, request=None) -> int:
    """Save the changed rows of a valid whole-branch formset, all in one transaction or none; a constant
    number of queries whatever the branch size. Returns how many rows were saved."""
    rows = formset.changed()
    for row in rows:
        row.year = _appraisal_year(activity)
    fields = [*AppraisalForm.Meta.fields, "year"]
    with transaction.atomic():
        Appraisal.objects.bulk_create([r for r in rows if r.pk is None])
        Appraisal.objects.bulk_update([r for r in rows if r.pk is not None], fields)
        if rows:
            summary = f"{branch.name} {activity.topic}：民主评议整支部录入 {len(rows)} 人"
            audit(actor, "appraisal.branch_save", activity, school=activity.school, summary=summary, request=request)
    return len(rows)

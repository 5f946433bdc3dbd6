"""Writes to development files: each step is checked against the rules, then the step, the member record and
its status history change in one transaction, so coverage and figures see the new stage from its date."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.lib.copies import copy_for
from dangjian.lib.files import delete_after_commit
from dangjian.party.enums import MemberStatus
from dangjian.party.membership import full_member_ids
from dangjian.party.models import MemberStatusChange, Organization, PartyMember
from dangjian.party.services import follow_stage
from dangjian.school.enums import PARTY_STATUSES, PoliticalStatus
from dangjian.school.models import School, Staff, Student

from . import rules, students
from .enums import Stage, StepKind
from .models import DevelopmentFile, DevelopmentPlan, DevelopmentStep

# The member record's status and date field for each stage a step enters.
MEMBER_STAGE = {
    Stage.APPLICANT: (MemberStatus.APPLICANT, "applied_on"),
    Stage.ACTIVIST: (MemberStatus.ACTIVIST, "activist_on"),
    Stage.CANDIDATE: (MemberStatus.CANDIDATE, "candidate_on"),
    Stage.PROBATIONARY: (MemberStatus.PROBATIONARY, "admitted_on"),
    Stage.FULL: (MemberStatus.FULL, "full_on"),
}


def rule_step(step: DevelopmentStep, full_member_ids: frozenset[int] = frozenset()) -> rules.Step:
    """The facts of a step record that the rules look at; ``full_member_ids`` are the step's people who were
    正式党员 on its date."""
    person = step.file.staff_id
    contacts = {step.contact_1_id, step.contact_2_id} - {None, person}
    introducers = {step.introducer_1_id, step.introducer_2_id} - {None, person}
    return rules.Step(
        kind=step.kind,
        date=step.date,
        contacts=len(contacts & full_member_ids),
        full_introducers=len(introducers & full_member_ids),
        voters_eligible=step.voters_eligible,
        voters_present=step.voters_present,
        votes_for=step.votes_for,
        training_days=step.training_days,
        training_hours=step.training_hours,
        extension_months=step.extension_months,
    )


def recorded_steps(file: DevelopmentFile, *related: str) -> list[DevelopmentStep]:
    """The file's steps in order (one query), each knowing its file."""
    steps = list(file.steps.select_related(*related).order_by("date", "pk"))
    for step in steps:
        step.file = file
    return steps


def full_members_on_its_day(step: DevelopmentStep) -> frozenset[int]:
    """Among the step's 培养联系人 and 入党介绍人, those who were 正式党员 on the step's date (their status history,
    not their status today)."""
    ids = [pk for pk in (step.contact_1_id, step.contact_2_id, step.introducer_1_id, step.introducer_2_id) if pk]
    if not ids:
        return frozenset()
    people = Staff.objects.filter(pk__in=ids).only("political_status", "joined_party_on")
    return frozenset(full_member_ids(people, step.date))


def _has_member_record(file: DevelopmentFile) -> bool:
    """A staff file moves the member record (PartyMember, its history, the political status); a student has no
    member record: the student file's own steps are its record."""
    return file.staff_id is not None


def _follow_stage(file: DevelopmentFile, steps: list[rules.Step], note: str) -> None:
    if _has_member_record(file):
        _apply_stage(file, steps, note)


def _member_record(file: DevelopmentFile) -> PartyMember:
    member = PartyMember.objects.filter(staff=file.staff).first()
    return member or PartyMember(staff=file.staff, branch=file.branch)


def _apply_stage(file: DevelopmentFile, steps: list[rules.Step], note: str) -> None:
    """Bring the member record to the file's stage and append the status change, dated by the stage's date."""
    current = rules.stage(steps)
    member = _member_record(file)
    staff = file.staff
    if current == Stage.CANCELLED:
        # The record keeps its dates (the person was a 预备党员 until this day) and says why it ended.
        member.status, day = MemberStatus.CANCELLED, steps[-1].date
        staff.political_status, staff.joined_party_on = PoliticalStatus.MASSES, None
        staff.save(update_fields=["political_status", "joined_party_on"])
    else:
        status, field = MEMBER_STAGE[current]
        day = rules.stage_dates(steps)[current]
        member.status = status
        setattr(member, field, day)
        if follow_stage(member, staff):
            staff.save(update_fields=["political_status", "joined_party_on"])
    member.branch = file.branch
    member.save()
    MemberStatusChange.objects.create(member=member, status=member.status, changed_on=day, note=note[:200])


def step_add(*, file: DevelopmentFile, step: DevelopmentStep, actor, request=None) -> DevelopmentStep:
    """Record ``step`` (unsaved) on ``file`` after the rules; ValidationError (Chinese, naming the rule) if
    it may not be taken."""
    with transaction.atomic():
        # Lock the file so that two secretaries cannot take the same step at once.
        DevelopmentFile.objects.select_for_update().filter(pk=file.pk).first()
        steps = [rule_step(record) for record in recorded_steps(file)]
        step.file = file
        new = rule_step(step, full_members_on_its_day(step))
        if error := _transferred_out_refusal(file) or rules.step_error(steps, new, **_person_facts(file)):
            raise ValidationError(error)
        step.recorded_by = actor if actor is not None and actor.is_authenticated else None
        step.save()
        if step.kind in rules.STAGE_ENTERED:
            _follow_stage(file, [*steps, new], _stage_note(step))
        audit(actor, "development_step.create", step, school=file.school, request=request)
    return step


def _transferred_out_refusal(file: DevelopmentFile) -> str | None:
    """A person whose organization relationship has left the school is examined (and made full) by the Party
    organization that received them: the file here takes no more steps."""
    if (
        _has_member_record(file)
        and PartyMember.objects.filter(staff=file.staff, status=MemberStatus.TRANSFERRED_OUT).exists()
    ):
        return "申请人已转出本校党组织，发展程序由接收的党组织继续办理，本档案不能再登记步骤。"
    return None


def _person_facts(file: DevelopmentFile) -> dict:
    """The rules' facts about the person, and where a missing birth date is to be entered."""
    return {"birth_date": file.person.birth_date, "record": file.person_record, "today": clock.today()}


def correction_error(step: DevelopmentStep) -> str | None:
    """Why a recorded step may not take the values ``step`` now holds (an edit, unsaved), or None: the edited
    step and every step after it are checked again against the rules, each with its people on its own day."""
    if step.carried_from_id is not None:
        return CARRIED
    file = step.file
    people = {step.contact_1_id, step.contact_2_id, step.introducer_1_id, step.introducer_2_id} - {None}
    if Staff.objects.filter(pk__in=people).exclude(school_id=file.school_id).exists():
        return "培养联系人和入党介绍人须是本校的教职工（党员）。"
    records = sorted(
        [step if record.pk == step.pk else record for record in recorded_steps(file)], key=lambda r: (r.date, r.pk)
    )
    facts = [rule_step(record, full_members_on_its_day(record)) for record in records]
    for index in range(records.index(step), len(records)):
        error = rules.step_error(facts[:index], facts[index], **_person_facts(file))
        if error:
            record = records[index]
            return (
                error
                if record is step
                else f"更正后，“{record.get_kind_display()}”（{record.date:%Y-%m-%d}）不再合规：{error}"
            )
    return None


def step_correct(*, step: DevelopmentStep, actor, request=None) -> DevelopmentStep:
    """Save a correction of a recorded step (its date, people, votes, evidence, note) after the rules; the member
    record's stage dates and their history entries follow the corrected dates."""
    file = step.file
    with transaction.atomic():
        DevelopmentFile.objects.select_for_update().filter(pk=file.pk).first()
        if error := correction_error(step):
            raise ValidationError(error)
        previous = DevelopmentStep.objects.only("document").get(pk=step.pk).document
        step.save()
        if previous.name != step.document.name:
            delete_after_commit(previous)  # a replaced or cleared document leaves no copy behind
        _redate_stages(file, recorded_steps(file))
        audit(actor, "development_step.update", step, school=file.school, request=request)
    return step


def _redate_stages(file: DevelopmentFile, records: list[DevelopmentStep]) -> None:
    """Bring the member record's stage dates and history entries to the dates the steps now give."""
    member = PartyMember.objects.filter(staff=file.staff).first() if _has_member_record(file) else None
    if member is None:
        return
    dates = rules.stage_dates([rule_step(record) for record in records])
    admitted_before = member.admitted_on
    for record in records:
        if record.kind not in rules.STAGE_ENTERED:
            continue
        stage = rules.STAGE_ENTERED[record.kind]
        status, field = MEMBER_STAGE.get(stage, (MemberStatus.CANCELLED, None))
        day = dates.get(stage, record.date)
        if field:
            setattr(member, field, day)
        member.status_changes.filter(status=status, note=_stage_note(record)).update(changed_on=day)
    member.save()
    staff = file.staff
    if admitted_before and staff.joined_party_on == admitted_before and member.admitted_on != admitted_before:
        staff.joined_party_on = member.admitted_on
        staff.save(update_fields=["joined_party_on"])


CARRIED = "该步骤由原学校登记，随组织关系转入本校，不能在此撤销或更正。"

# Steps that stay final once recorded: the file's first step, and the higher committee's decisions (they set the
# staff record's political status, whose earlier value the system does not keep).
FINAL_STEPS = (StepKind.APPLICATION, StepKind.APPROVAL, StepKind.FULL, StepKind.CANCEL)


def undo_refusal(step: DevelopmentStep | None) -> str | None:
    """Why the file's last step ``step`` may not be withdrawn, or None."""
    if step is None or step.kind == StepKind.APPLICATION:
        return "递交入党申请是档案的第一步，不能撤销。"
    if step.carried_from_id is not None:
        return CARRIED
    if step.kind in FINAL_STEPS:
        return f"“{step.get_kind_display()}”是上级党委的决定，已更新党员档案和政治面貌，不能在此撤销；请联系党务干部在后台更正。"
    return None


def step_undo(*, file: DevelopmentFile, actor, request=None) -> DevelopmentStep:
    """Withdraw the file's last step (a step recorded by mistake). A step that entered a stage (积极分子,
    发展对象) takes the member record back to the stage before and removes its history entry."""
    with transaction.atomic():
        DevelopmentFile.objects.select_for_update().filter(pk=file.pk).first()
        records = recorded_steps(file)
        last = records[-1] if records else None
        if error := _transferred_out_refusal(file) or undo_refusal(last):
            raise ValidationError(error)
        if last.kind in rules.STAGE_ENTERED and _has_member_record(file):
            _unfollow_stage(file, records)
        delete_after_commit(last.document)
        last.delete()
        audit(actor, "development_step.delete", file, school=file.school, summary=str(last), request=request)
    return last


def _unfollow_stage(file: DevelopmentFile, records: list[DevelopmentStep]) -> None:
    """Take the member record back to the stage before the last step and remove that step's history entry."""
    last = records[-1]
    remaining = [rule_step(record) for record in records[:-1]]
    member = _member_record(file)
    member.status = MEMBER_STAGE[rules.stage(remaining)][0]
    setattr(member, MEMBER_STAGE[rules.STAGE_ENTERED[last.kind]][1], None)
    member.save()
    change = member.status_changes.filter(note=_stage_note(last)).order_by("-pk").first()
    if change is not None:  # unless someone removed it by hand
        change.delete()


def _stage_note(step: DevelopmentStep) -> str:
    return f"发展党员：{step.get_kind_display()}"


def _staff_refusal(school: School, staff: Staff) -> str | None:
    if staff.school_id != school.pk:
        return "教职工须属于本校。"
    if staff.political_status in PARTY_STATUSES:
        return f"{staff.name}已是党员，无需建立发展档案。"
    return None


def development_file_create(
    *,
    school: School,
    branch: Organization,
    application: DevelopmentStep,
    actor,
    staff: Staff | None = None,
    student: Student | None = None,
    request=None,
) -> DevelopmentFile:
    """Open a file for ``staff`` or for ``student`` (a 推优学生) with its application step (unsaved
    ``application``). For staff, the member record is created (or brought back) as 入党申请人; a student's
    stage is the file's own."""
    if (staff is None) == (student is None):
        raise ValidationError("请选择申请人：一名教职工或一名推优学生。")
    person = staff or student
    if error := _staff_refusal(school, staff) if staff else students.student_refusal(school, student):
        raise ValidationError(error)
    if branch.school_id != school.pk:
        raise ValidationError("党支部须属于本校。")
    if DevelopmentFile.objects.filter(staff=staff, student=student).exists():
        raise ValidationError(f"{person.name}已有发展档案。")
    application.kind = StepKind.APPLICATION
    with transaction.atomic():
        file = DevelopmentFile.objects.create(school=school, staff=staff, student=student, branch=branch)
        audit(actor, "development_file.create", file, school=school, request=request)
        step_add(file=file, step=application, actor=actor, request=request)
    return file


def file_carry(*, old_staff: Staff, new_staff: Staff, branch: Organization) -> DevelopmentFile | None:
    """An in-county transfer takes the person's open development file with them (a 预备党员 in probation, or
    someone still on the way): the receiving school gets a file with a copy of every step, each pointing at the
    step the former school recorded (its evidence stays where it was stored), and goes on from the next step.
    The former school's file stays, closed (``has_left``). Called inside the transfer's transaction."""
    old = DevelopmentFile.objects.filter(staff=old_staff).first()
    if old is None or DevelopmentFile.objects.filter(staff=new_staff).exists():
        return None
    steps = recorded_steps(old)
    if rules.next_step([rule_step(step) for step in steps], clock.today()) is None:
        return None  # 转正 or 取消: nothing left to carry on
    new = DevelopmentFile.objects.create(school=branch.school, staff=new_staff, branch=branch)
    DevelopmentStep.objects.bulk_create(
        [copy_for(step, file=new, carried_from_id=step.carried_from_id or step.pk) for step in steps]
    )
    return new


def development_plan_save(*, branch: Organization, year: int, target: int, actor, request=None) -> DevelopmentPlan:
    with transaction.atomic():
        plan, _ = DevelopmentPlan.objects.update_or_create(branch=branch, year=year, defaults={"target": target})
        audit(actor, "development_plan.save", plan, school=branch.school, request=request)
    return plan

"""Writes of student support. Each owns its transaction and writes the audit log; reads of a
special-student case and exports of the registers are audited here too. Audit summaries name
records and students by id only, so that erasing a student's data leaves no name in the log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from dangjian.accounts.models import AuditLog
from dangjian.accounts.services import audit
from dangjian.party.membership import PARTY_HERE
from dangjian.school.enums import StudentStatus
from dangjian.school.models import Enrollment, School, Semester, Staff, StaffYear, Student

from .enums import PairingKind, PairingStatus
from .forms import (
    CollaboratorForm,
    PairingForm,
    PoorStudentRecordForm,
    SpecialStudentCaseForm,
    StudentOutcomeForm,
    SupportRecordForm,
    SupportSettingsForm,
)
from .importers import CREATE, UNCHANGED, UPDATE, plan_register_import
from .models import (
    AidEntry,
    Collaborator,
    Pairing,
    PoorStudentRecord,
    SpecialStudentCase,
    StudentOutcome,
    SupportRecord,
    SupportSettings,
)
from .proposals import Candidate, Need, Proposal, propose

ERASED_NAME = "已删除"


def _save(form, actor, request, action: str, school: School):
    with transaction.atomic():
        created = form.instance.pk is None
        obj = form.save()
        audit(actor, f"{action}.{'create' if created else 'update'}", obj, school=school, request=request)
    return obj


def poor_record_save(*, form: PoorStudentRecordForm, actor, request=None) -> PoorStudentRecord:
    return _save(form, actor, request, "support.poor", form.school)


def special_case_save(*, form: SpecialStudentCaseForm, actor, request=None) -> SpecialStudentCase:
    return _save(form, actor, request, "support.case", form.school)


def case_read(*, case: SpecialStudentCase, actor, request=None, via: str = "页面") -> None:
    """Every read of a special-student case is written to the audit log (who, when, what, from where)."""
    audit(actor, "support.case.read", case, school=case.school, summary=f"查阅{case}（{via}）", request=request)


def pairing_read(*, pairing: Pairing, actor, request=None, via: str) -> None:
    """Reading a special pairing's records reads its student's case: audited like the case itself."""
    if pairing.kind != PairingKind.SPECIAL:
        return
    cases = SpecialStudentCase.objects.filter(
        student_id=pairing.student_id, school_year_id=pairing.semester.school_year_id
    ).select_related("student", "school")
    for case in cases:
        case_read(case=case, actor=actor, request=request, via=via)


def register_export(*, school: School, register: str, actor, rows: int, request=None) -> None:
    labels = {"poor": "贫困生名册", "special": "特殊生名册", "aid": "资助台账"}
    audit(
        actor,
        f"support.export.{register}",
        school=school,
        summary=f"导出{labels.get(register, register)}（{rows} 行）",
        request=request,
    )


def pairing_save(*, form: PairingForm, actor, request=None) -> Pairing:
    form.instance.status = PairingStatus.CONFIRMED
    return _save(form, actor, request, "support.pairing", form.school)


def pairing_confirm(*, pairings: list[Pairing], actor, school: School, request=None) -> int:
    with transaction.atomic():
        ids = [p.pk for p in pairings if p.status == PairingStatus.PROPOSED and p.helper_id]
        Pairing.objects.filter(pk__in=ids).update(status=PairingStatus.CONFIRMED)
        for pairing in pairings:
            if pairing.pk in ids:
                audit(actor, "support.pairing.confirm", pairing, school=school, request=request)
    return len(ids)


def pairing_delete(*, pairing: Pairing, actor, request=None) -> None:
    """Only a pairing without records (deleted ones included: they are kept for the audit)."""
    if pairing.records.exists():
        raise ValidationError("该结对已有帮扶记录（含已删除的记录），不能删除；可改换帮扶人。")
    with transaction.atomic():
        audit(actor, "support.pairing.delete", pairing, school=pairing.school, request=request)
        pairing.delete()


def record_save(*, form: SupportRecordForm, actor, request=None, by_collaborator: bool = False) -> SupportRecord:
    """``by_collaborator``: a new record is a collaborator's contact (not the helper's person-time)."""
    pairing = form.pairing
    with transaction.atomic():
        created = form.instance.pk is None
        form.instance.pairing = pairing
        if created:
            form.instance.created_by = actor if actor is not None and actor.is_authenticated else None
            form.instance.by_collaborator = by_collaborator
        record = form.save()
        aid = form.aid()
        entry = record.aid_entries.first()
        if aid is None and entry is not None:
            record.aid_entries.all().delete()
        elif aid is not None:
            if entry is None:
                AidEntry.objects.create(record=record, **aid)
            else:
                for name, value in aid.items():
                    setattr(entry, name, value)
                entry.save()
        audit(
            actor,
            f"support.record.{'create' if created else 'update'}",
            record,
            school=pairing.school,
            summary=f"{record}，{pairing}",
            request=request,
        )
    return record


def record_delete(*, record: SupportRecord, actor, request=None) -> None:
    """A soft delete: the record stays for the audit and no longer counts anywhere."""
    with transaction.atomic():
        record.deleted_at = timezone.now()
        record.deleted_by = actor if actor is not None and actor.is_authenticated else None
        record.save(update_fields=["deleted_at", "deleted_by"])
        audit(actor, "support.record.delete", record, school=record.pairing.school, request=request)


def collaborator_save(*, form: CollaboratorForm, actor, request=None) -> Collaborator:
    with transaction.atomic():
        collaborator = form.save()
        audit(
            actor,
            "support.collaborator.add",
            collaborator,
            school=form.case.school,
            summary=f"{form.case} 添加协同：{collaborator.get_role_display()}",
            request=request,
        )
    return collaborator


def collaborator_remove(*, collaborator: Collaborator, actor, request=None) -> None:
    with transaction.atomic():
        audit(actor, "support.collaborator.remove", collaborator, school=collaborator.case.school, request=request)
        collaborator.delete()


def outcome_save(*, form: StudentOutcomeForm, actor, request=None) -> StudentOutcome:
    return _save(form, actor, request, "support.outcome", form.school)


def settings_save(*, form: SupportSettingsForm, actor, request=None) -> SupportSettings:
    return _save(form, actor, request, "support.settings", form.instance.school)


# Proposals ----------------------------------------------------------------------------------------


def previous_semester(semester: Semester) -> Semester | None:
    return Semester.objects.filter(starts_on__lt=semester.starts_on).order_by("-starts_on").first()


def proposal_inputs(school: School, semester: Semester, kinds: list[str]) -> tuple[list[Need], list[Candidate]]:
    """Registered students of the semester still without a pairing of that kind, and the school's
    active Party members with their grade, skills and current load (a fixed number of queries)."""
    year_id = semester.school_year_id
    paired = set(Pairing.objects.filter(semester=semester, kind__in=kinds).values_list("student_id", "kind"))
    registered: list[tuple[int, str, str]] = []
    for model, kind in ((PoorStudentRecord, PairingKind.POOR), (SpecialStudentCase, PairingKind.SPECIAL)):
        if kind in kinds:
            rows = model.objects.filter(
                school=school, school_year_id=year_id, student__status=StudentStatus.ENROLLED
            ).values_list("student_id", "student__name")
            registered += [(sid, name, kind) for sid, name in rows if (sid, kind) not in paired]
    student_ids = [sid for sid, _, _ in registered]
    grades = dict(
        Enrollment.objects.filter(school_year_id=year_id, student_id__in=student_ids).values_list(
            "student_id", "school_class__grade__level"
        )
    )
    previous = previous_semester(semester)
    before = (
        {
            (sid, kind): helper
            for sid, kind, helper in Pairing.objects.filter(
                semester=previous, school=school, status=PairingStatus.CONFIRMED, student_id__in=student_ids
            ).values_list("student_id", "kind", "helper_id")
        }
        if previous
        else {}
    )
    needs = [
        Need(sid, name, kind, grades.get(sid), before.get((sid, kind)))
        for sid, name, kind in sorted(registered, key=lambda r: (r[2] != PairingKind.SPECIAL, r[0]))
    ]
    members = list(
        Staff.objects.filter(PARTY_HERE, school=school, is_active=True).prefetch_related("skills").order_by("pk")
    )
    staff_grades = dict(
        StaffYear.objects.filter(staff__school=school, school_year_id=year_id).values_list("staff_id", "grade__level")
    )
    loads = dict(
        Pairing.objects.filter(semester=semester, school=school)
        .values("helper_id")
        .annotate(n=Count("pk"))
        .values_list("helper_id", "n")
    )
    candidates = [
        Candidate(
            staff_id=s.pk,
            name=s.name,
            grade_level=staff_grades.get(s.pk),
            skills=frozenset(k.name for k in s.skills.all()),
            load=loads.get(s.pk, 0),
        )
        for s in members
    ]
    return needs, candidates


def pairings_propose(
    *, school: School, semester: Semester, kinds: list[str], actor, request=None, confirm: bool = False
) -> list[Proposal]:
    """Store a proposal (status 建议) for every registered student still unpaired this semester;
    ``confirm`` stores them confirmed at once (the demo data). Returns every proposal, including
    those for which no helper could be found."""
    needs, candidates = proposal_inputs(school, semester, kinds)
    proposals = propose(needs, candidates)
    status = PairingStatus.CONFIRMED if confirm else PairingStatus.PROPOSED
    with transaction.atomic():
        Pairing.objects.bulk_create(
            [
                Pairing(
                    school=school,
                    semester=semester,
                    student_id=p.student_id,
                    helper_id=p.helper_id,
                    kind=p.kind,
                    status=status,
                )
                for p in proposals
                if p.helper_id
            ]
        )
        placed = sum(1 for p in proposals if p.helper_id)
        if actor is not None:
            audit(
                actor,
                "support.pairing.propose",
                school=school,
                summary=f"{semester} 生成结对建议 {placed} 条，未能安排 {len(proposals) - placed} 人",
                request=request,
            )
    return proposals


# Erasure ------------------------------------------------------------------------------------------


def student_erase(*, school: School, student: Student, actor, request=None) -> None:
    """Erase a student's personal data on request, keeping anonymous counts: the name becomes
    "已删除<id>" and the student number "DEL<id>" (the school.Student row stays, so that enrolments
    and person-times still count), and every note, family description, case description, referral,
    recognition source and destination of the student's support data is emptied. Pairings, records
    (with kind and date) and aid amounts stay."""
    with transaction.atomic():
        Student.objects.filter(pk=student.pk).update(
            name=f"{ERASED_NAME}{student.pk}", student_number=f"DEL{student.pk}"
        )
        PoorStudentRecord.objects.filter(student=student).update(family_note="", recognition_source="")
        SpecialStudentCase.objects.filter(student=student).update(description="", referred_by="")
        SupportRecord.objects.filter(pairing__student=student).update(notes="")
        AidEntry.objects.filter(record__pairing__student=student).update(goods="")
        StudentOutcome.objects.filter(student=student).update(destination="")
        _scrub_audit(school, student)
        audit(
            actor,
            "support.student.erase",
            student,
            school=school,
            summary=f"应本人/监护人申请删除学生#{student.pk}的个人信息（保留匿名统计）",
            request=request,
        )


def _scrub_audit(school: School, student: Student) -> None:
    """The audit log keeps who did what to which record (ids and actions), but not the erased student's
    name and number in its summaries ("student.update|姓名（学号）"). Short values are replaced only in
    their "姓名（学号）" form, so that a one-character name cannot garble other entries."""
    name, number = student.name, student.student_number
    erased_name, erased_number = f"{ERASED_NAME}{student.pk}", f"DEL{student.pk}"
    pairs = [(f"{name}（{number}）", f"{erased_name}（{erased_number}）")]
    if len(name) >= 2:
        pairs.append((name, erased_name))
    if len(number) >= 4:
        pairs.append((number, erased_number))
    logs = AuditLog.objects.filter(Q(school=school) | Q(school__isnull=True))
    for old, new in pairs:
        logs.filter(summary__contains=old).update(summary=Replace("summary", Value(old), Value(new)))


def register_import(
    *, register: str, school: School, school_year, data: bytes, filename: str, actor, request=None, dry_run=False
):
    """Plan the import of a register file and, unless ``dry_run`` or any row has a problem, apply it
    all in one transaction with one audit entry. Returns the plan and whether it was applied."""
    plan = plan_register_import(register, school=school, school_year=school_year, data=data, filename=filename)
    if dry_run or not plan.ok:
        return plan, False
    counts = plan.counts
    with transaction.atomic():
        plan.importer.apply(plan.changed, actor=actor, request=request)
        audit(
            actor,
            f"support.import.{register}",
            school=school,
            summary=f"导入{school_year.code}学年{plan.spec.label}：新增 {counts[CREATE]}，更新 {counts[UPDATE]}，"
            f"不变 {counts[UNCHANGED]}",
            request=request,
        )
    return plan, True

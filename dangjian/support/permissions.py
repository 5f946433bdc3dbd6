"""Who may see and change student-support data. Deny by default; these are minors' data.

- the school Party secretary (Role.SECRETARY) sees and manages everything of the school;
- the counselling centre (Role.COUNSELLING) sees and manages special-student cases and their pairings;
- a helper sees the students of their own confirmed pairings (that register entry and its records);
- a named collaborator sees the special-student case they are on, and logs their own contacts on it
  (marked as a collaborator's: in the case history, not in the helper's person-times);
- nobody else: not party affairs staff, not branch secretaries, not other teachers, and the county
  committee only the counts (figures).

Outsiders get 404; people of the school who may open a page but not change it get 403. An object
the user may not see is always 404, so a URL reveals nothing about whether a student is supported."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import School, Student
from dangjian.school.permissions import get_member_school_for_user, get_school_for_user

from .enums import PairingKind, PairingStatus
from .models import Collaborator, Pairing, PoorStudentRecord, SpecialStudentCase, SupportRecord

SPECIAL_MANAGERS = (Role.SECRETARY, Role.COUNSELLING)
REGISTERS = ("poor", "special", "aid")


def own_staff_id(user, school: School) -> int | None:
    access = get_access(user)
    return access.staff_id if access.staff_id and access.staff_school_id == school.pk else None


def is_secretary(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, Role.SECRETARY)


def can_read_all_special(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SPECIAL_MANAGERS)


def can_manage_poor(user, school: School) -> bool:
    return is_secretary(user, school)


def can_manage_special(user, school: School) -> bool:
    return can_read_all_special(user, school)


def can_manage_pairings(user, school: School, kind: str | None = None) -> bool:
    """Poor pairings: the secretary; special pairings: also the counselling centre; None: either."""
    if kind == PairingKind.POOR:
        return is_secretary(user, school)
    return can_read_all_special(user, school)


def manageable_kinds(user, school: School) -> list[str]:
    return [k for k in PairingKind.values if can_manage_pairings(user, school, k)]


def can_use_support(user, school: School) -> bool:
    """The support home page ("my students"): managers and every teacher of the school."""
    return can_read_all_special(user, school) or own_staff_id(user, school) is not None


def can_view_figures(user, school: School) -> bool:
    """Counts only, no names: the secretary and the county committee."""
    access = get_access(user)
    return access.has_role(school.pk, Role.SECRETARY) or school.pk in access.county_school_ids


def can_view_audit(user, school: School) -> bool:
    return is_secretary(user, school)


def can_view_aid(user, school: School) -> bool:
    return is_secretary(user, school)


def can_export(user, school: School, register: str) -> bool:
    if register == "special":
        return can_manage_special(user, school)
    return is_secretary(user, school)


def can_import(user, school: School, register: str) -> bool:
    return can_manage_special(user, school) if register == "special" else can_manage_poor(user, school)


def can_erase(user, school: School) -> bool:
    return is_secretary(user, school)


def can_edit_outcomes(user, school: School) -> bool:
    return is_secretary(user, school)


def can_edit_settings(user, school: School) -> bool:
    return is_secretary(user, school)


# Schools -----------------------------------------------------------------------------------------


def support_school(user, code: str) -> School:
    """A school the user works in (the county committee is an outsider to every page but figures)."""
    return get_member_school_for_user(user, code)


def figures_school(user, code: str) -> School:
    return get_school_for_user(user, code)


# What a user may see -------------------------------------------------------------------------------


def _helps(staff_id: int, kind: str, year_field: str) -> Exists:
    return Exists(
        Pairing.objects.filter(
            helper_id=staff_id,
            kind=kind,
            status=PairingStatus.CONFIRMED,
            student_id=OuterRef("student_id"),
            semester__school_year_id=OuterRef(year_field),
        )
    )


def _collaborates(staff_id: int, year_field: str) -> Exists:
    return Exists(
        Collaborator.objects.filter(
            staff_id=staff_id, case__student_id=OuterRef("student_id"), case__school_year_id=OuterRef(year_field)
        )
    )


def visible_pairings(user, school: School) -> QuerySet[Pairing]:
    qs = Pairing.objects.filter(school=school)
    if is_secretary(user, school):
        return qs
    staff_id = own_staff_id(user, school)
    visible = Q(pk__in=[])
    if can_read_all_special(user, school):
        visible |= Q(kind=PairingKind.SPECIAL)
    if staff_id:
        visible |= Q(helper_id=staff_id, status=PairingStatus.CONFIRMED)
        visible |= Q(kind=PairingKind.SPECIAL) & Q(_collaborates(staff_id, "semester__school_year_id"))
    return qs.filter(visible)


def visible_cases(user, school: School) -> QuerySet[SpecialStudentCase]:
    qs = SpecialStudentCase.objects.filter(school=school)
    if can_read_all_special(user, school):
        return qs
    staff_id = own_staff_id(user, school)
    if not staff_id:
        return qs.none()
    return qs.filter(
        Q(_helps(staff_id, PairingKind.SPECIAL, "school_year_id"))
        | Q(Exists(Collaborator.objects.filter(staff_id=staff_id, case_id=OuterRef("pk"))))
    )


def visible_poor(user, school: School) -> QuerySet[PoorStudentRecord]:
    qs = PoorStudentRecord.objects.filter(school=school)
    if is_secretary(user, school):
        return qs
    staff_id = own_staff_id(user, school)
    if not staff_id:
        return qs.none()
    return qs.filter(_helps(staff_id, PairingKind.POOR, "school_year_id"))


# Objects -------------------------------------------------------------------------------------------


def get_student_for_support(user, school: School, pk: int) -> Student:
    """A student whose support file the user may open: the secretary any student of the school,
    everyone else only a student of whom they see something."""
    student = Student.objects.filter(school=school, pk=pk).first()
    if student is None:
        not_found()
    if is_secretary(user, school):
        return student
    if not (
        visible_pairings(user, school).filter(student=student).exists()
        or visible_cases(user, school).filter(student=student).exists()
        or visible_poor(user, school).filter(student=student).exists()
    ):
        not_found()
    return student


def is_case_collaborator(user, pairing: Pairing) -> bool:
    """A named collaborator (班主任, counselling teacher …) on the special case of the pairing's student
    and school year: may log their own contacts on it."""
    staff_id = own_staff_id(user, pairing.school)
    return bool(
        staff_id
        and pairing.kind == PairingKind.SPECIAL
        and Collaborator.objects.filter(
            staff_id=staff_id, case__student_id=pairing.student_id, case__school_year_id=pairing.semester.school_year_id
        ).exists()
    )


def can_write_records(user, pairing: Pairing) -> bool:
    """Records go on confirmed pairings only: by its helper, by the secretary, or (their own contacts,
    marked as a collaborator's) by a collaborator on the special case."""
    school = pairing.school
    if pairing.status != PairingStatus.CONFIRMED:
        return False
    return (
        is_secretary(user, school)
        or pairing.helper_id == own_staff_id(user, school)
        or is_case_collaborator(user, pairing)
    )


def logs_as_collaborator(user, pairing: Pairing) -> bool:
    """Whether a new record by ``user`` on ``pairing`` is a collaborator's (not the helper's, nor the secretary's)."""
    school = pairing.school
    return not is_secretary(user, school) and pairing.helper_id != own_staff_id(user, school)


def may_change(user, pairing: Pairing, record: SupportRecord) -> bool:
    """Given that ``user`` may write records on ``pairing``: the secretary changes any record, the helper the
    helper's records, a collaborator only their own."""
    if is_secretary(user, pairing.school):
        return True
    if record.by_collaborator:
        return record.created_by_id == user.pk
    return pairing.helper_id == own_staff_id(user, pairing.school)


def can_change_record(user, record: SupportRecord) -> bool:
    return can_write_records(user, record.pairing) and may_change(user, record.pairing, record)


def get_pairing_for_user(user, school: School, pk: int, *, write: bool = False) -> Pairing:
    """``write``: add records to it (its helper, or the secretary)."""
    pairing = visible_pairings(user, school).filter(pk=pk).select_related("school", "semester", "student").first()
    if pairing is None:
        not_found()
    if write:
        require(can_write_records(user, pairing), "只有帮扶人、协同人员或学校党组织书记可以填写帮扶记录")
    return pairing


def get_managed_pairing(user, school: School, pk: int) -> Pairing:
    """A pairing to confirm, change or remove."""
    pairing = visible_pairings(user, school).filter(pk=pk).select_related("school", "semester", "student").first()
    if pairing is None:
        not_found()
    require(can_manage_pairings(user, school, pairing.kind), "没有权限调整结对")
    return pairing


def get_record_for_user(user, school: School, pk: int, *, write: bool = False) -> SupportRecord:
    record = (
        SupportRecord.objects.alive()
        .filter(pk=pk, pairing__in=visible_pairings(user, school))
        .select_related("pairing__school", "pairing__semester__school_year", "pairing__student")
        .first()
    )
    if record is None:
        not_found()
    if write:
        require(can_change_record(user, record), "只有记录人（帮扶人或协同人员）或学校党组织书记可以修改帮扶记录")
    return record


def get_case_for_user(user, school: School, pk: int, *, write: bool = False) -> SpecialStudentCase:
    case = visible_cases(user, school).filter(pk=pk).select_related("school", "school_year", "student").first()
    if case is None:
        not_found()
    if write:
        require(can_manage_special(user, school), "只有学校党组织书记或心理辅导中心可以修改特殊生档案")
    return case


def get_poor_for_user(user, school: School, pk: int, *, write: bool = False) -> PoorStudentRecord:
    record = visible_poor(user, school).filter(pk=pk).select_related("school", "school_year", "student").first()
    if record is None:
        not_found()
    if write:
        require(can_manage_poor(user, school), "只有学校党组织书记可以修改贫困生名册")
    return record

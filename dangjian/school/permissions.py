"""Who may read and write the school's people and classes (deny by default)."""

from django.db.models import Q, QuerySet

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require

from .models import School, SchoolClass, Staff, Student

SCHOOL_ADMINS = (Role.SECRETARY, Role.PARTY_STAFF)
STAFF_READERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS, Role.COUNSELLING)
STAFF_WRITERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS)
STUDENT_READERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS, Role.COUNSELLING)
STUDENT_WRITERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS)
CLASS_WRITERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS)
YEAR_STARTERS = (Role.SECRETARY, Role.ACADEMIC_AFFAIRS)


def schools_for_user(user) -> QuerySet[School]:
    access = get_access(user)
    if access.is_superuser:
        return School.objects.select_related("county")
    ids = access.member_school_ids | access.county_school_ids
    return School.objects.filter(pk__in=ids).select_related("county")


def get_school_for_user(user, code: str) -> School:
    school = School.objects.select_related("county").filter(code=code).first()
    if school is None or not get_access(user).can_see_school(school.pk):
        not_found()
    return school


def get_member_school_for_user(user, code: str) -> School:
    """A school the user works in; the county's read-only statistics users are outsiders here."""
    school = get_school_for_user(user, code)
    if not get_access(user).is_member_of(school.pk):
        not_found()
    return school


# Staff ------------------------------------------------------------------


def can_list_staff(user, school: School) -> bool:
    access = get_access(user)
    return access.has_role(school.pk, *STAFF_READERS, Role.BRANCH_SECRETARY)


def can_edit_staff(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *STAFF_WRITERS)


def staff_for_user(user, school: School) -> QuerySet[Staff]:
    """The school's staff the user may read: all for office roles, a branch's members for its
    secretary, and one's own record for everyone else."""
    access = get_access(user)
    qs = Staff.objects.filter(school=school)
    if access.has_role(school.pk, *STAFF_READERS):
        return qs
    visible = Q(pk=access.staff_id) if access.staff_id else Q(pk__in=[])
    if access.branch_org_ids:
        from dangjian.party.queries import subtree_ids

        orgs = subtree_ids(school, access.branch_org_ids)
        visible |= Q(party_record__branch__in=orgs) | Q(party_record__group__in=orgs)
    return qs.filter(visible)


def get_staff_for_user(user, school: School, pk: int, write: bool = False) -> Staff:
    staff = staff_for_user(user, school).filter(pk=pk).first()
    if staff is None:
        not_found()
    if write:
        require(can_edit_staff(user, school))
    return staff


# Students ---------------------------------------------------------------


def can_list_students(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *STUDENT_READERS)


def can_edit_students(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *STUDENT_WRITERS)


def get_student_for_user(user, school: School, pk: int, write: bool = False) -> Student:
    student = Student.objects.filter(school=school, pk=pk).first()
    if student is None or not can_list_students(user, school):
        not_found()
    if write:
        require(can_edit_students(user, school))
    return student


# Classes ----------------------------------------------------------------


def can_list_classes(user, school: School) -> bool:
    """Class lists are not sensitive: everyone who works in the school may read them."""
    return get_access(user).is_member_of(school.pk)


def can_edit_classes(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *CLASS_WRITERS)


def get_class_for_user(user, school: School, pk: int, write: bool = False) -> SchoolClass:
    school_class = (
        SchoolClass.objects.filter(grade__school=school, pk=pk)
        .select_related("grade__school_year", "homeroom_teacher", "league_branch")
        .first()
    )
    if school_class is None or not can_list_classes(user, school):
        not_found()
    if write:
        require(can_edit_classes(user, school))
    return school_class


def can_start_school_year(user, school: School) -> bool:
    """新学年 is the school secretary's and 教务处's act."""
    return get_access(user).has_role(school.pk, *YEAR_STARTERS)

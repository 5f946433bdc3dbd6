"""Who may import and export which roster: the roles that may edit a roster import it, the roles
that may read it export it; teaching assignments belong to the school's office roles, the Party
member roster to those who manage member records (the secretary and the Party affairs staff)."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.party import permissions as party_perms
from dangjian.school import permissions as school_perms

from .columns import SPECS

ASSIGNMENT_ROLES = (Role.SECRETARY, Role.PARTY_STAFF, Role.ACADEMIC_AFFAIRS)


def can_manage_assignments(user, school) -> bool:
    return get_access(user).has_role(school.pk, *ASSIGNMENT_ROLES)


IMPORT_CHECKS = {
    "staff": school_perms.can_edit_staff,
    "students": school_perms.can_edit_students,
    "classes": school_perms.can_edit_classes,
    "assignments": can_manage_assignments,
    "members": party_perms.can_manage_members,
}
EXPORT_CHECKS = {
    "staff": school_perms.can_list_staff,
    "students": school_perms.can_list_students,
    "classes": school_perms.can_list_classes,
    "assignments": can_manage_assignments,
    "members": party_perms.can_manage_members,
}


def can_import(user, school, kind: str) -> bool:
    return kind in IMPORT_CHECKS and IMPORT_CHECKS[kind](user, school)


def can_export(user, school, kind: str) -> bool:
    return kind in EXPORT_CHECKS and EXPORT_CHECKS[kind](user, school)


def importable_kinds(user, school) -> list[str]:
    return [kind for kind in SPECS if can_import(user, school, kind)]


def get_school_for_import(user, code: str, kind: str | None = None):
    """The school (404 to outsiders and for unknown kinds), if the user may import ``kind`` there
    (or any roster when ``kind`` is None); 403 to the school's other members."""
    school = school_perms.get_member_school_for_user(user, code)
    if kind is not None and kind not in SPECS:
        not_found()
    require(can_import(user, school, kind) if kind else bool(importable_kinds(user, school)))
    return school


def get_school_for_export(user, code: str, kind: str):
    school = school_perms.get_member_school_for_user(user, code)
    require(can_export(user, school, kind))
    return school

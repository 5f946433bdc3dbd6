"""Navigation that grows with the modules: each entry shows only to those who may use it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string

from .access import get_access

# Module apps add their menu entries here: the dotted path of a function ``entries(user, school)``
# returning ``[(label, url), ...]`` for the pages that user may open in that school.
MODULE_NAV: list[str] = [  # in the order of the 343 mechanism
    "dangjian.meetings.nav.entries",
    "dangjian.staffing.nav.entries",
    "dangjian.subjects.nav.entries",
    "dangjian.mentoring.nav.entries",
    "dangjian.league.nav.entries",
    "dangjian.support.nav.entries",
    "dangjian.publicity.nav.entries",
    "dangjian.rosters.nav.entries",
    "dangjian.reports.nav.entries",
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from dangjian.school.permissions import (
        can_list_classes,
        can_list_staff,
        can_list_students,
        schools_for_user,
    )

    access = get_access(user)
    school = getattr(request, "current_school", None)
    if school is None and (access.member_school_ids and len(access.member_school_ids) == 1):
        school = schools_for_user(user).filter(pk__in=access.member_school_ids).first()
        request.current_school = school
    entries = []
    if access.is_superuser or len(access.member_school_ids | access.county_school_ids) > 1 or access.county_ids:
        entries.append(("学校", reverse("school:list")))
    entries.extend(import_string("dangjian.reports.nav.county_entries")(user))
    if school is not None and access.is_member_of(school.pk):
        code = school.code
        entries.append(("首页", reverse("school:home", args=[code])))
        entries.append(("党组织", reverse("party:org_tree", args=[code])))
        if can_list_staff(user, school):
            entries.append(("教职工", reverse("school:staff_list", args=[code])))
        elif access.staff_id:
            entries.append(("我的档案", reverse("school:staff_detail", args=[code, access.staff_id])))
        if can_list_classes(user, school):
            entries.append(("班级", reverse("school:class_list", args=[code])))
        if can_list_students(user, school):
            entries.append(("学生", reverse("school:student_list", args=[code])))
        for path in MODULE_NAV:
            entries.extend(import_string(path)(user, school))
    if user.is_staff:
        entries.append(("后台管理", reverse("admin:index")))
    path = request.path
    best = max((url for _, url in entries if path.startswith(url)), key=len, default=None)
    return {
        "nav_items": [NavItem(label, url, url == best) for label, url in entries],
        "current_school": school,
    }

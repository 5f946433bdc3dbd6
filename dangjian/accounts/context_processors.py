"""Navigation that grows with the modules: each entry shows only to those who may use it.

The entries are grouped into a few menus that follow the 343 mechanism, so the bar fits on one line from the
``lg`` breakpoint (992 px) on: a group of one entry shows as a plain link, an empty group not at all."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string

from .access import get_access

# The menus of the main navigation, in their order: (key, label).
NAV_GROUPS: list[tuple[str, str]] = [
    ("home", "首页"),
    ("me", "我的"),  # 我的待办
    ("school", "学校"),
    ("measures", "四条措施"),  # 上好一堂党课, 建好一支队伍, 抓好一个学科, 带好一名教师
    ("helps", "三个帮好"),  # 帮好一个团支部, 帮好每名贫困生, 帮好每名特殊生
    ("results", "成效"),  # 党建之窗's news and honours, the dashboards
    ("admin", "后台管理"),
]

# Module apps add their menu entries here: (group key of NAV_GROUPS, the dotted path of a function
# ``entries(user, school)`` returning ``[(label, url), ...]`` for the pages that user may open in that school).
MODULE_NAV: list[tuple[str, str]] = [  # in the order of the 343 mechanism
    ("measures", "dangjian.meetings.nav.entries"),
    ("measures", "dangjian.staffing.nav.entries"),
    ("measures", "dangjian.subjects.nav.entries"),
    ("measures", "dangjian.mentoring.nav.entries"),
    ("helps", "dangjian.league.nav.entries"),
    ("helps", "dangjian.support.nav.entries"),
    ("results", "dangjian.publicity.nav.entries"),
    ("school", "dangjian.rosters.nav.entries"),
    ("school", "dangjian.development.nav.entries"),
    ("school", "dangjian.transfers.nav.entries"),
    ("school", "dangjian.dues.nav.entries"),
    ("school", "dangjian.accounts.nav.entries"),
    ("school", "dangjian.notifications.nav.entries"),
    ("results", "dangjian.reports.nav.entries"),
    ("me", "dangjian.reports.nav.personal_entries"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    items: tuple[NavItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def link(self) -> NavItem | None:
        """The only entry of a group of one, shown as a plain link instead of a menu."""
        return self.items[0] if len(self.items) == 1 else None


def nav_items(entries: Iterable[tuple[str, str]], path: str) -> list[NavItem]:
    """The entries ``(label, url)`` as items; the one whose url is the longest prefix of ``path`` is active."""
    entries = list(entries)
    best = max((url for _, url in entries if path.startswith(url)), key=len, default=None)
    return [NavItem(label, url, url == best) for label, url in entries]


def group_nav(entries: Iterable[tuple[str, str, str]], path: str) -> list[NavGroup]:
    """The entries ``(group key, label, url)`` in the menus of NAV_GROUPS (their order; the entries' order within
    a menu); menus without entries are left out. An unknown group key is a programming error (ValueError)."""
    entries = list(entries)
    return _grouped([key for key, _, _ in entries], nav_items(((label, url) for _, label, url in entries), path))


def _grouped(keys: list[str], items: list[NavItem]) -> list[NavGroup]:
    """``group_nav`` of items already made, ``keys[i]`` the group of ``items[i]``."""
    grouped: dict[str, list[NavItem]] = {key: [] for key, _ in NAV_GROUPS}
    unknown = sorted(set(keys) - grouped.keys())
    if unknown:
        raise ValueError(f"unknown navigation group: {', '.join(unknown)}")
    for key, item in zip(keys, items, strict=True):
        grouped[key].append(item)
    return [NavGroup(key, label, tuple(grouped[key])) for key, label in NAV_GROUPS if grouped[key]]


def _entries(request, user) -> list[tuple[str, str, str]]:
    """(group key, label, url) of every page of the menu this user may open, in their order."""
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
        entries.append(("school", "全部学校", reverse("school:list")))
    entries.extend(("results", label, url) for label, url in import_string("dangjian.reports.nav.county_entries")(user))
    entries.extend(("school", label, url) for label, url in import_string("dangjian.accounts.nav.county_entries")(user))
    if school is not None and access.is_member_of(school.pk):
        code = school.code
        entries.append(("home", "首页", reverse("school:home", args=[code])))
        entries.append(("school", "党组织", reverse("party:org_tree", args=[code])))
        if can_list_staff(user, school):
            entries.append(("school", "教职工", reverse("school:staff_list", args=[code])))
        elif access.staff_id:
            entries.append(("school", "我的档案", reverse("school:staff_detail", args=[code, access.staff_id])))
        if can_list_classes(user, school):
            entries.append(("school", "班级", reverse("school:class_list", args=[code])))
        if can_list_students(user, school):
            entries.append(("school", "学生", reverse("school:student_list", args=[code])))
        for group, path in MODULE_NAV:
            entries.extend((group, label, url) for label, url in import_string(path)(user, school))
    if user.is_staff:
        entries.append(("admin", "后台管理", reverse("admin:index")))
    return entries


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    entries = _entries(request, user)
    items = nav_items(((label, url) for _, label, url in entries), request.path)
    return {
        "nav_items": items,
        "nav_groups": _grouped([key for key, _, _ in entries], items),
        "current_school": getattr(request, "current_school", None),
    }

"""The module's menu entries (accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from . import permissions as perms


def entries(user, school) -> list[tuple[str, str]]:
    if not perms.can_view_totals(user, school):
        return []
    return [("党费收缴", reverse("dues:overview", args=[school.code]))]


def personal_entries(user, school) -> list[tuple[str, str]]:
    if not perms.can_view_own(user, school):
        return []
    return [("我的党费", reverse("dues:mine", args=[school.code]))]

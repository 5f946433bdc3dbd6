"""Menu entries of the reports app (registered in accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from dangjian.accounts.access import get_access

from .permissions import can_view_dashboard, counties_for_user


def entries(user, school) -> list[tuple[str, str]]:
    if can_view_dashboard(user, school):
        return [("数据看板", reverse("reports:dashboard", args=[school.code]))]
    return []


def personal_entries(user, school) -> list[tuple[str, str]]:
    """我的待办: every member of the school has one."""
    return [("我的待办", reverse("reports:me", args=[school.code]))]


def county_entries(user) -> list[tuple[str, str]]:
    """县域概览 for the county committee's users (not for superusers: they reach it from the school list)."""
    if not get_access(user).county_ids:
        return []
    return [("县域概览", reverse("reports:county", args=[c.code])) for c in counties_for_user(user)]

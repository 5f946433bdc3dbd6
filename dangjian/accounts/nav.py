"""Menu entries of 账号与权限 (registered in accounts.context_processors)."""

from django.urls import reverse

from .access import get_access
from .permissions import can_manage_accounts


def entries(user, school) -> list[tuple[str, str]]:
    if can_manage_accounts(user, school):
        return [("账号与权限", reverse("accounts:school", args=[school.code]))]
    return []


def county_entries(user) -> list[tuple[str, str]]:
    from dangjian.reports.permissions import counties_for_user

    if not get_access(user).county_ids:
        return []
    return [("账号管理", reverse("accounts:county", args=[c.code])) for c in counties_for_user(user)]

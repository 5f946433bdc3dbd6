"""Menu entries of 建好一支队伍 (registered in accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from .permissions import can_manage_staffing


def entries(user, school) -> list[tuple[str, str]]:
    if not can_manage_staffing(user, school):
        return []
    return [("任课安排", reverse("staffing:index", args=[school.code]))]

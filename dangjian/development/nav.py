"""The module's menu entry (accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from . import permissions as perms


def entries(user, school) -> list[tuple[str, str]]:
    if not perms.can_view(user, school):
        return []
    return [("发展党员", reverse("development:overview", args=[school.code]))]

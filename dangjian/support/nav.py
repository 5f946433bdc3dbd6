"""Menu entry of student support (accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from . import permissions as perms


def entries(user, school) -> list[tuple[str, str]]:
    if perms.can_use_support(user, school):
        return [("帮扶", reverse("support:home", args=[school.code]))]
    return []

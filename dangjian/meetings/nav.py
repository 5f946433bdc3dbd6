"""Menu entry of 三会一课 (listed in accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from .permissions import can_use


def entries(user, school) -> list[tuple[str, str]]:
    if not can_use(user, school):
        return []
    return [("三会一课", reverse("meetings:activity_list", args=[school.code]))]

"""The menu entry of the editing pages (MODULE_NAV)."""

from django.urls import reverse

from .permissions import can_manage_publicity


def entries(user, school) -> list[tuple[str, str]]:
    if not can_manage_publicity(user, school):
        return []
    return [("党建动态", reverse("publicity:manage_news", args=[school.code]))]

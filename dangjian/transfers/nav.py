"""Menu entries (listed in accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from .permissions import can_use


def entries(user, school) -> list[tuple[str, str]]:
    if not can_use(user, school):
        return []
    return [
        ("组织关系转接", reverse("transfers:transfer_list", args=[school.code])),
        ("民主评议党员", reverse("transfers:appraisal_list", args=[school.code])),
        ("支部换届", reverse("transfers:term_list", args=[school.code])),
    ]

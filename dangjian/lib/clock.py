"""The one clock: what "today" is for every module, the demo and the tests.

Everything that asks "what day is it" or "which school year/semester is current" goes through here, so a
deployment (``DANGJIAN_TODAY=2024-03-15`` for a training copy) or a test (``settings.DANGJIAN_TODAY``) can
pin the date in one place.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """The local date, or the pinned ``DANGJIAN_TODAY`` setting (ISO date) when it is set."""
    pinned = getattr(settings, "DANGJIAN_TODAY", "")
    if pinned:
        return pinned if isinstance(pinned, dt.date) else dt.date.fromisoformat(str(pinned))
    return timezone.localdate()


def school_year_start(day: dt.date) -> int:
    """The calendar year in which the school year containing ``day`` starts (1 September to 31 August)."""
    return day.year if day.month >= 9 else day.year - 1

"""Plain date arithmetic: school years start on 1 September."""

import datetime as dt


def school_year_start(day: dt.date) -> int:
    """The start year of the school year that contains ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

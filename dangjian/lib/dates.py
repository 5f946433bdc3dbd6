"""Plain date arithmetic: school years start on 1 September."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative), or the month's last day when it has fewer
    days (a month after 31 January is the last day of February)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def school_year_start(day: dt.date) -> int:
    """The start year of the school year that contains ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class LocalDays:
    """The local day, in ``tz``, of UTC datetimes read as text (``Cast(field, CharField())``: without an offset
    on SQLite, with ``+00`` on PostgreSQL), for reads of tens of thousands of rows where Django's conversion
    of each value to an aware datetime, and even ``astimezone``, cost more than the query. The UTC offset is
    looked up once per UTC day; a day with a change of offset converts each value."""

    def __init__(self, tz: dt.tzinfo):
        self.tz = tz
        self._offsets: dict[dt.date, dt.timedelta | None] = {}

    def __call__(self, text: str) -> dt.date:
        value = dt.datetime.fromisoformat(text)
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        day = value.date()
        try:
            offset = self._offsets[day]
        except KeyError:
            start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
            first, last = (moment.astimezone(self.tz).utcoffset() for moment in (start, start + dt.timedelta(days=1)))
            offset = self._offsets[day] = first if first == last else None
        if offset is None:
            return value.replace(tzinfo=dt.UTC).astimezone(self.tz).date()
        return (value + offset).date()

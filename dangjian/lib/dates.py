"""Plain date arithmetic: school years start on 1 September."""

import datetime as dt


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

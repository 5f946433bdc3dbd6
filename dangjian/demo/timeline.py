"""When the demo happens: the last five school years up to the current one, by the one clock.

The demo's story was drawn for 2018-2019 … 2022-2023 (``BASE_LAST_YEAR``): each fixed date of it (terms of
office, deliberate gaps) is written in those years and moved by ``shift`` to the same place relative to the
current school year, so that a new user always sees a live school year. Everything after today is left out
(or planned), so the current semester is half done."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from dangjian.lib import clock

BASE_LAST_YEAR = 2022
SPAN = 5  # school years of history, the current one included


@dataclass(frozen=True)
class Timeline:
    today: dt.date

    @cached_property
    def last(self) -> int:
        """The start year of the current school year."""
        return clock.school_year_start(self.today)

    @property
    def first(self) -> int:
        return self.last - SPAN + 1

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))

    @property
    def offset(self) -> int:
        return self.last - BASE_LAST_YEAR

    @property
    def snapshot(self) -> dt.date:
        """Ages, posts and Party stages are as of the start of the current school year."""
        return dt.date(self.last, 9, 1)

    def year(self, base_year: int) -> int:
        """A year of the base story, moved."""
        return base_year + self.offset

    def shift(self, base_day: dt.date) -> dt.date:
        """A date of the base story, moved by whole years (29 February becomes the 28th)."""
        try:
            return base_day.replace(year=base_day.year + self.offset)
        except ValueError:
            return base_day.replace(year=base_day.year + self.offset, day=28)


def now() -> Timeline:
    return Timeline(clock.today())

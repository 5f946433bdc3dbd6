"""LocalDays gives what astimezone gives, in fixed-offset zones and across changes of offset."""

import datetime as dt
import zoneinfo

import pytest

from dangjian.lib.dates import LocalDays

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_both_backends_formats():
    day_of = LocalDays(SHANGHAI)
    # SQLite: UTC without an offset; PostgreSQL: with one, maybe with fractions of a second
    assert day_of("2023-01-31 15:30:00") == dt.date(2023, 1, 31)
    assert day_of("2023-01-31 16:30:00") == dt.date(2023, 2, 1)
    assert day_of("2023-01-31 16:30:00.250000+00") == dt.date(2023, 2, 1)
    assert day_of("2023-02-01 00:30:00+08") == dt.date(2023, 2, 1)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"])
def test_equals_astimezone_every_quarter_hour_around_offset_changes(zone):
    tz = zoneinfo.ZoneInfo(zone)
    day_of = LocalDays(tz)
    # New York changes on 03-12 and 11-05, Lord Howe (by 30 minutes) on 04-02 and 10-01
    for start in (
        dt.datetime(2023, 3, 10),
        dt.datetime(2023, 3, 30),
        dt.datetime(2023, 9, 29),
        dt.datetime(2023, 11, 2),
    ):
        for step in range(4 * 24 * 5):  # five days, every 15 minutes
            moment = start + dt.timedelta(minutes=15 * step)
            expected = moment.replace(tzinfo=dt.UTC).astimezone(tz).date()
            assert day_of(moment.isoformat(sep=" ")) == expected, moment

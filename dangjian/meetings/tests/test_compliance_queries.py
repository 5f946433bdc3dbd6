"""The compliance reads count each activity on its local day, on SQLite and PostgreSQL alike."""

import datetime as dt
import zoneinfo

from dangjian.meetings import queries as mq
from dangjian.meetings.enums import Granularity, Kind
from dangjian.tests import factories as f

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_local_day_of_text_reads_both_backends_formats():
    # SQLite: UTC without an offset; PostgreSQL: with one, maybe with fractions of a second
    assert mq.local_day_of_text("2023-01-31 15:30:00", SHANGHAI) == dt.date(2023, 1, 31)
    assert mq.local_day_of_text("2023-01-31 16:30:00", SHANGHAI) == dt.date(2023, 2, 1)
    assert mq.local_day_of_text("2023-01-31 16:30:00.250000+00", SHANGHAI) == dt.date(2023, 2, 1)
    assert mq.local_day_of_text("2023-02-01 00:30:00+08", SHANGHAI) == dt.date(2023, 2, 1)


def test_an_activity_counts_in_the_month_of_its_local_day(world):
    branch = f.OrganizationFactory(school=world.school)
    for moment in (
        dt.datetime(2023, 1, 31, 23, 30),
        dt.datetime(2023, 3, 1, 0, 30),
    ):  # UTC: 15:30, 16:30 the day before
        f.ActivityFactory(organization=branch, starts_at=moment.replace(tzinfo=BEIJING), kinds=[Kind.THEME_DAY])
    result = mq.compliance([world.school.pk], 2023, dt.date(2023, 12, 31), org_ids=[branch.pk])
    (org,) = result.orgs
    held = {
        row.period.starts_on.month: row.held
        for row in org.rows_of(Granularity.MONTH)
        if row.kind == Kind.THEME_DAY and row.period.starts_on.month <= 3
    }
    assert held == {1: 1, 2: 0, 3: 1}

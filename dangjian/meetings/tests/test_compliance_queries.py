"""The compliance reads count each activity on its local day, on SQLite and PostgreSQL alike."""

import datetime as dt

from dangjian.meetings import queries as mq
from dangjian.meetings.enums import Granularity, Kind
from dangjian.tests import factories as f

BEIJING = dt.timezone(dt.timedelta(hours=8))


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

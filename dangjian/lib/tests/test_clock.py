import datetime as dt

from dangjian.lib import clock


def test_today_is_the_local_date_unless_pinned(settings):
    settings.DANGJIAN_TODAY = ""
    assert clock.today() == dt.date.today() or abs((clock.today() - dt.date.today()).days) <= 1
    settings.DANGJIAN_TODAY = "2024-03-15"
    assert clock.today() == dt.date(2024, 3, 15)
    settings.DANGJIAN_TODAY = dt.date(2023, 9, 1)
    assert clock.today() == dt.date(2023, 9, 1)


def test_school_year_starts_on_1_september():
    assert clock.school_year_start(dt.date(2026, 8, 31)) == 2025
    assert clock.school_year_start(dt.date(2026, 9, 1)) == 2026
    assert clock.school_year_start(dt.date(2027, 1, 15)) == 2026

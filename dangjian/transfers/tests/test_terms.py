import datetime as dt

from dangjian.lib.dates import add_months
from dangjian.transfers.terms import term_due, term_findings, term_last_day, warning_from

D = dt.date


def test_term_is_due_three_years_after_the_election():
    assert term_due(D(2021, 6, 30)) == D(2024, 6, 30)


def test_the_last_day_of_the_term_is_the_day_before_it_is_due():
    assert term_last_day(D(2021, 3, 1)) == D(2024, 2, 29)


def test_a_29_february_election_is_due_on_28_february():
    assert term_due(D(2020, 2, 29)) == D(2023, 2, 28)


def test_warning_starts_six_months_before_the_due_date():
    assert warning_from(D(2021, 6, 30)) == D(2023, 12, 30)
    assert warning_from(D(2021, 8, 31)) == D(2024, 2, 29)  # no 31 February: the month's last day


def test_add_months_across_years():
    assert add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)
    assert add_months(D(2024, 1, 31), -2) == D(2023, 11, 30)


def test_no_warning_the_day_before_the_warning_starts():
    assert term_findings(D(2021, 6, 30), D(2023, 12, 29)) == []


def test_warning_on_the_first_day_of_the_warning():
    [finding] = term_findings(D(2021, 6, 30), D(2023, 12, 30))
    assert (finding.level, finding.message) == ("warning", "任期将于 2024-06-30 届满，请做好换届准备")


def test_still_a_warning_the_day_before_the_due_date():
    assert [f.level for f in term_findings(D(2021, 6, 30), D(2024, 6, 29))] == ["warning"]


def test_overdue_on_the_due_date():
    [finding] = term_findings(D(2021, 6, 30), D(2024, 6, 30))
    assert (finding.level, finding.message) == ("danger", "任期已于 2024-06-30 届满，应及时换届")


def test_a_branch_without_a_term_is_warned():
    [finding] = term_findings(None, D(2024, 1, 1))
    assert (finding.level, finding.message) == ("warning", "未登记换届选举信息")

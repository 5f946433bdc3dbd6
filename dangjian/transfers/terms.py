"""换届 dates: a branch committee's term is three years from its election; the branch is warned six months
before the term ends, and a branch with no term recorded is warned too. Plain functions, no database."""

import datetime as dt
from dataclasses import dataclass

from dangjian.lib.dates import add_months

TERM_YEARS = 3
WARNING_MONTHS = 6


def term_due(elected_on: dt.date) -> dt.date:
    """The day the term is due for 换届 (three years after the election)."""
    return add_months(elected_on, 12 * TERM_YEARS)


def term_last_day(elected_on: dt.date) -> dt.date:
    """The term's last day, as the organization's 本届任期届满 date (the party tree's checks read it)."""
    return term_due(elected_on) - dt.timedelta(days=1)


def warning_from(elected_on: dt.date) -> dt.date:
    """From this day on the branch is warned that its term ends soon."""
    return add_months(term_due(elected_on), -WARNING_MONTHS)


@dataclass(frozen=True)
class TermFinding:
    level: str  # "danger" or "warning"
    message: str


def term_findings(elected_on: dt.date | None, today: dt.date) -> list[TermFinding]:
    """What to tell a branch about its current term (elected on ``elected_on``, None if none recorded)."""
    if elected_on is None:
        return [TermFinding("warning", "未登记换届选举信息")]
    due = term_due(elected_on)
    if today >= due:
        return [TermFinding("danger", f"任期已于 {due:%Y-%m-%d} 届满，应及时换届")]
    if today >= warning_from(elected_on):
        return [TermFinding("warning", f"任期将于 {due:%Y-%m-%d} 届满，请做好换届准备")]
    return []

"""Rules of 帮好一个团支部 as plain functions (no database): League-lesson coverage per branch and
semester, themed-series coverage per class, and the attendance ceiling."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dangjian.subjects.checks import Finding, TermWindow, term_of

__all__ = [
    "Finding",
    "TermWindow",
    "attendance_error",
    "lesson_coverage",
    "lesson_counted_in_closed_term",
    "lesson_findings",
    "theme_coverage",
]


def attendance_error(attendance: int | None, capacity: int, what: str = "参加人数") -> str | None:
    """Attendance cannot exceed the students of the branches (classes) that took part."""
    if attendance is None:
        return None
    if attendance > capacity:
        return f"{what} {attendance} 人超过所选班级（团支部）的学生总数 {capacity} 人。"
    return None


@dataclass(frozen=True)
class BranchCoverage:
    lessons: dict[int, int]  # term -> held Party-member lessons
    covered: dict[int, bool]  # term -> meets the minimum (only terms that have begun)


def lesson_coverage(
    branch_ids: Iterable[int],
    held: Iterable[tuple[int, dt.date]],
    terms: Sequence[TermWindow],
    minimum: int,
    today: dt.date,
) -> dict[int, BranchCoverage]:
    """Held lessons per branch and semester from (branch id, lesson date) rows."""
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for branch_id, day in held:
        term = term_of(day, terms)
        if term is not None:
            counts[branch_id][term] += 1
    begun = [w.term for w in terms if w.starts_on <= today]
    out = {}
    for branch_id in branch_ids:
        lessons = {w.term: counts[branch_id][w.term] for w in terms}
        out[branch_id] = BranchCoverage(lessons, {term: lessons.get(term, 0) >= minimum for term in begun})
    return out


def lesson_findings(
    names: dict[int, str], coverage: dict[int, BranchCoverage], terms: Sequence[TermWindow], today: dt.date
) -> list[Finding]:
    """One finding per semester that has begun: the branches still without enough Party-member lessons."""
    findings = []
    for window in sorted(terms, key=lambda w: w.term):
        if window.starts_on > today:
            continue
        missing = [names[b] for b, cov in coverage.items() if not cov.covered.get(window.term, True)]
        if missing:
            ended = window.ends_on < today
            label = "第一学期" if window.term == 1 else "第二学期"
            shown = "、".join(missing[:10]) + (f" 等 {len(missing)} 个" if len(missing) > 10 else "")
            findings.append(
                Finding(
                    "danger" if ended else "warning",
                    f"{label}{'' if ended else '至今'}还有 {len(missing)} 个团支部没有达到党员团课要求：{shown}",
                )
            )
    return findings


def theme_coverage(
    branch_ids: Sequence[int], series_ids: Sequence[int], pairs: Iterable[tuple[int, int, int]]
) -> dict[int, dict[int, int]]:
    """Activities per (branch, series) from (branch id, series id, count) rows; every cell present."""
    out = {b: dict.fromkeys(series_ids, 0) for b in branch_ids}
    for branch_id, series_id, n in pairs:
        if branch_id in out and series_id in out[branch_id]:
            out[branch_id][series_id] += n
    return out


def lesson_counted_in_closed_term(
    held: bool, day: dt.date, terms: Sequence[TermWindow], year_ends_on: dt.date, today: dt.date
) -> bool:
    """A held lesson counts in its semester's coverage and the year's figures; once that semester (for a
    lesson in the holidays: the school year) has ended, the count is closed."""
    if not held:
        return False
    window = next((w for w in terms if w.starts_on <= day <= w.ends_on), None)
    return (window.ends_on if window else year_ends_on) < today

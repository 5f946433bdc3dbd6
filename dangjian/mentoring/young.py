"""Who is a young teacher in a school year: a pure rule over plain values (no database).

The definition (docs/domain.md): under ``age_limit`` (default 35) on 1 September of the school year, or
fewer than ``years_limit`` (default 5) years since starting to teach. Only teachers count (staff who teach
a subject), and only those who had started teaching by the end of that school year."""

import datetime as dt
from dataclasses import dataclass

from dangjian.lib.dates import age_on

AGE_LIMIT = 35
YEARS_LIMIT = 5


@dataclass(frozen=True)
class TeacherFacts:
    id: int
    birth_date: dt.date | None
    started_teaching_on: dt.date | None
    teaches: bool = True


@dataclass(frozen=True)
class YoungStatus:
    id: int
    is_young: bool
    age: int | None
    years_teaching: int | None
    reason: str  # e.g. "31 岁；教龄 3 年" — why the teacher counts (or "" if not young)


def reference_date(start_year: int) -> dt.date:
    """1 September of the school year."""
    return dt.date(start_year, 9, 1)


def young_status(
    facts: TeacherFacts, start_year: int, *, age_limit: int = AGE_LIMIT, years_limit: int = YEARS_LIMIT
) -> YoungStatus:
    ref = reference_date(start_year)
    year_end = dt.date(start_year + 1, 8, 31)
    age = age_on(facts.birth_date, ref) if facts.birth_date else None
    started = facts.started_teaching_on
    years = max(0, age_on(started, ref)) if started else None
    if not facts.teaches or (started is not None and started > year_end):
        return YoungStatus(facts.id, False, age, years, "")
    young_by_age = age is not None and age < age_limit
    young_by_years = years is not None and years < years_limit
    reasons = []
    if young_by_age:
        reasons.append(f"{age} 岁")
    if young_by_years:
        reasons.append(f"教龄 {years} 年")
    return YoungStatus(facts.id, young_by_age or young_by_years, age, years, "；".join(reasons))


def young_teachers(
    facts: list[TeacherFacts], start_year: int, *, age_limit: int = AGE_LIMIT, years_limit: int = YEARS_LIMIT
) -> dict[int, YoungStatus]:
    """The young teachers among ``facts``, by id."""
    out = {}
    for item in facts:
        status = young_status(item, start_year, age_limit=age_limit, years_limit=years_limit)
        if status.is_young:
            out[item.id] = status
    return out


def refusal(status: YoungStatus, *, age_limit: int, years_limit: int) -> str:
    """Why a teacher is not a young teacher, for form errors."""
    if status.is_young:
        return ""
    parts = []
    if status.age is not None:
        parts.append(f"年龄 {status.age} 岁")
    if status.years_teaching is not None:
        parts.append(f"教龄 {status.years_teaching} 年")
    facts = "，".join(parts) or "缺少出生日期和参加工作时间"
    return f"不是本学年的青年教师（{facts}；青年教师须未满 {age_limit} 周岁或教龄不足 {years_limit} 年，且任教学科）。"

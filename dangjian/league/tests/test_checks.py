"""The League rules as pure functions (no database)."""

import datetime as dt

from dangjian.league import checks
from dangjian.league.checks import Finding, TermWindow

TERMS = [
    TermWindow(1, dt.date(2022, 9, 1), dt.date(2023, 1, 31)),
    TermWindow(2, dt.date(2023, 2, 1), dt.date(2023, 7, 15)),
]


def test_attendance_within_the_classes_is_fine():
    assert checks.attendance_error(45, 45) is None
    assert checks.attendance_error(None, 0) is None


def test_attendance_over_the_classes_is_refused():
    assert checks.attendance_error(46, 45) == "参加人数 46 人超过所选班级（团支部）的学生总数 45 人。"


def test_lesson_coverage_counts_held_lessons_per_term():
    held = [(1, dt.date(2022, 10, 1)), (1, dt.date(2022, 11, 1)), (2, dt.date(2023, 3, 1)), (2, dt.date(2023, 8, 1))]
    out = checks.lesson_coverage([1, 2, 3], held, TERMS, 1, dt.date(2023, 3, 15))
    assert out[1].lessons == {1: 2, 2: 0}
    assert out[1].covered == {1: True, 2: False}
    assert out[2].covered == {1: False, 2: True}
    assert out[3].covered == {1: False, 2: False}


def test_terms_not_begun_are_not_judged():
    out = checks.lesson_coverage([1], [], TERMS, 1, dt.date(2022, 12, 1))
    assert out[1].covered == {1: False}


def test_lesson_findings_per_term():
    cov = checks.lesson_coverage([1, 2], [(1, dt.date(2022, 10, 1))], TERMS, 1, dt.date(2023, 3, 1))
    findings = checks.lesson_findings({1: "高一（1）班团支部", 2: "高一（2）班团支部"}, cov, TERMS, dt.date(2023, 3, 1))
    assert findings == [
        Finding("danger", "第一学期还有 1 个团支部没有达到党员团课要求：高一（2）班团支部"),
        Finding("warning", "第二学期至今还有 2 个团支部没有达到党员团课要求：高一（1）班团支部、高一（2）班团支部"),
    ]


def test_theme_coverage_fills_every_cell():
    assert checks.theme_coverage([1, 2], [10, 20], [(1, 10, 2), (2, 20, 1), (9, 10, 5)]) == {
        1: {10: 2, 20: 0},
        2: {10: 0, 20: 1},
    }


def test_a_held_lesson_is_closed_once_its_semester_has_ended():
    year_end = dt.date(2023, 8, 31)
    day = dt.date(2022, 10, 20)
    assert checks.lesson_counted_in_closed_term(True, day, TERMS, year_end, dt.date(2023, 1, 31)) is False
    assert checks.lesson_counted_in_closed_term(True, day, TERMS, year_end, dt.date(2023, 2, 1)) is True
    assert checks.lesson_counted_in_closed_term(False, day, TERMS, year_end, dt.date(2024, 1, 1)) is False


def test_a_holiday_lesson_is_closed_with_its_school_year():
    year_end = dt.date(2023, 8, 31)
    day = dt.date(2023, 7, 20)  # between the second semester and the year's end
    assert checks.lesson_counted_in_closed_term(True, day, TERMS, year_end, dt.date(2023, 8, 31)) is False
    assert checks.lesson_counted_in_closed_term(True, day, TERMS, year_end, dt.date(2023, 9, 1)) is True

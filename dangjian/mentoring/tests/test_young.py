"""The young-teacher rule, without the database."""

import datetime as dt

from dangjian.mentoring.young import TeacherFacts, refusal, young_status, young_teachers


def facts(birth, started, teaches=True, pk=1):
    return TeacherFacts(pk, birth, started, teaches)


def test_under_35_on_first_september_is_young():
    status = young_status(facts(dt.date(1988, 9, 2), dt.date(2005, 8, 1)), 2022)
    assert (status.is_young, status.age, status.years_teaching, status.reason) == (True, 33, 17, "33 岁")


def test_turning_35_before_first_september_is_not_young_by_age():
    status = young_status(facts(dt.date(1987, 9, 1), dt.date(2005, 8, 1)), 2022)
    assert (status.is_young, status.age) == (False, 35)


def test_fewer_than_five_years_of_teaching_is_young_at_any_age():
    status = young_status(facts(dt.date(1980, 1, 1), dt.date(2019, 8, 20)), 2022)
    assert (status.is_young, status.years_teaching, status.reason) == (True, 3, "教龄 3 年")


def test_both_reasons_are_given():
    status = young_status(facts(dt.date(1998, 1, 1), dt.date(2021, 8, 20)), 2022)
    assert status.reason == "24 岁；教龄 1 年"


def test_five_full_years_is_no_longer_young_by_years():
    status = young_status(facts(dt.date(1980, 1, 1), dt.date(2017, 9, 1)), 2022)
    assert (status.is_young, status.years_teaching) == (False, 5)


def test_thresholds_are_settings():
    teacher = facts(dt.date(1990, 1, 1), dt.date(2012, 8, 1))
    assert young_status(teacher, 2022).is_young is True  # 32
    assert young_status(teacher, 2022, age_limit=30).is_young is False
    assert young_status(teacher, 2022, age_limit=30, years_limit=11).is_young is True


def test_staff_who_teach_no_subject_are_not_young_teachers():
    assert young_status(facts(dt.date(1998, 1, 1), dt.date(2021, 8, 1), teaches=False), 2022).is_young is False


def test_a_teacher_who_started_after_the_school_year_does_not_count_in_it():
    teacher = facts(dt.date(1999, 1, 1), dt.date(2023, 9, 1))
    assert young_status(teacher, 2022).is_young is False
    assert young_status(teacher, 2023).is_young is True


def test_unknown_dates_are_not_young():
    assert young_status(facts(None, None), 2022).is_young is False


def test_young_teachers_keeps_only_the_young():
    found = young_teachers(
        [facts(dt.date(1998, 1, 1), dt.date(2021, 8, 1), pk=1), facts(dt.date(1970, 1, 1), dt.date(1992, 8, 1), pk=2)],
        2022,
    )
    assert list(found) == [1]


def test_refusal_names_the_facts_and_the_rule():
    status = young_status(facts(dt.date(1970, 1, 1), dt.date(1992, 8, 1)), 2022)
    assert refusal(status, age_limit=35, years_limit=5) == (
        "不是本学年的青年教师（年龄 52 岁，教龄 30 年；青年教师须未满 35 周岁或教龄不足 5 年，且任教学科）。"
    )

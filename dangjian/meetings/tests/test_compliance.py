"""The compliance rules as plain functions: no database."""

import datetime as dt

from dangjian.meetings.compliance import (
    Gap,
    Held,
    Lecturer,
    MemberFacts,
    OrgFacts,
    Period,
    Rules,
    has_quorum,
    lecturer_findings,
    lecturer_rows,
    member_gaps,
    organization_rows,
    parse_months,
    quorum_messages,
    row_findings,
)
from dangjian.meetings.enums import Granularity, Kind, State

BRANCH = OrgFacts(id=1, name="一支部", kind="branch", full_members=5, members=6)
BIG_BRANCH = OrgFacts(id=1, name="一支部", kind="branch", full_members=7, members=8)
GROUP = OrgFacts(id=2, name="一小组", kind="group", full_members=3, members=3)
AFTER_2022 = dt.date(2023, 3, 1)


def held(day, *kinds, org=1, present=(), excused=(), lecturer=None, credits=()):
    return Held(org, day, frozenset(kinds), frozenset(present), frozenset(excused), lecturer, frozenset(credits))


def row(rows, key, kind):
    matches = [r for r in rows if r.period.key == key and r.kind == kind]
    assert len(matches) == 1, (key, kind, matches)
    return matches[0]


def test_branch_owes_these_kinds_a_group_only_group_meetings():
    rows = organization_rows(BRANCH, [], Rules(), 2022, AFTER_2022)
    assert sorted({r.kind for r in rows}) == sorted(
        [Kind.GENERAL_MEETING, Kind.LESSON, Kind.THEME_DAY, Kind.LIFE_MEETING, Kind.REVIEW, Kind.TALK]
    )
    group_rows = organization_rows(GROUP, [], Rules(), 2022, AFTER_2022)
    assert {r.kind for r in group_rows} == {Kind.GROUP_MEETING}
    assert organization_rows(OrgFacts(3, "党总支", "general_branch"), [], Rules(), 2022, AFTER_2022) == []


def test_general_meeting_once_a_quarter():
    rows = organization_rows(BRANCH, [held(dt.date(2022, 3, 10), Kind.GENERAL_MEETING)], Rules(), 2022, AFTER_2022)
    q1, q2 = row(rows, "2022-Q1", Kind.GENERAL_MEETING), row(rows, "2022-Q2", Kind.GENERAL_MEETING)
    assert (q1.required, q1.held, q1.missing, q1.state) == (1, 1, 0, State.OK)
    assert (q2.required, q2.held, q2.missing, q2.state) == (1, 0, 1, State.OVERDUE)
    year = row(rows, "2022", Kind.GENERAL_MEETING)
    assert (year.required, year.held, year.missing, year.state) == (4, 1, 3, State.OVERDUE)


def test_committee_meeting_monthly_only_with_seven_full_members():
    assert Kind.COMMITTEE_MEETING not in {r.kind for r in organization_rows(BRANCH, [], Rules(), 2022, AFTER_2022)}
    rows = organization_rows(BIG_BRANCH, [held(dt.date(2022, 9, 5), Kind.COMMITTEE_MEETING)], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-09", Kind.COMMITTEE_MEETING).state == State.OK
    assert row(rows, "2022-10", Kind.COMMITTEE_MEETING).state == State.OVERDUE
    assert row(rows, "2022", Kind.COMMITTEE_MEETING).required == 9  # twelve months less Feb, Jul, Aug


def test_group_meeting_monthly():
    rows = organization_rows(GROUP, [held(dt.date(2022, 5, 18), Kind.GROUP_MEETING, org=2)], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-05", Kind.GROUP_MEETING).state == State.OK
    assert row(rows, "2022-06", Kind.GROUP_MEETING).missing == 1
    assert row(rows, "2022-Q2", Kind.GROUP_MEETING).missing == 2


def test_lesson_once_a_quarter_and_the_plan_may_ask_for_more():
    spring = Period("2021-2022-2", Granularity.SEMESTER, "第二学期", dt.date(2022, 2, 1), dt.date(2022, 7, 15))
    lessons = [held(dt.date(2022, 3, 24), Kind.LESSON), held(dt.date(2022, 5, 26), Kind.LESSON)]
    rows = organization_rows(BRANCH, lessons, Rules(), 2022, AFTER_2022, semesters=[spring])
    semester = row(rows, "2021-2022-2", Kind.LESSON)
    assert (semester.required, semester.held, semester.missing, semester.state) == (2, 2, 0, State.OK)
    rows = organization_rows(
        BRANCH, lessons, Rules(), 2022, AFTER_2022, semesters=[spring], planned_lessons={"2021-2022-2": 3}
    )
    semester = row(rows, "2021-2022-2", Kind.LESSON)
    assert (semester.required, semester.missing, semester.state) == (3, 1, State.OVERDUE)


def test_theme_day_monthly_but_not_in_holiday_months():
    rows = organization_rows(BRANCH, [], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-02", Kind.THEME_DAY).state == State.NOT_REQUIRED
    assert row(rows, "2022-07", Kind.THEME_DAY).required == 0
    assert row(rows, "2022-03", Kind.THEME_DAY).state == State.OVERDUE
    assert row(rows, "2022", Kind.THEME_DAY).required == 9


def test_holiday_months_are_a_school_setting():
    rules = Rules(holiday_months=frozenset({1, 2, 7, 8}))
    rows = organization_rows(BRANCH, [], rules, 2022, AFTER_2022)
    assert row(rows, "2022-01", Kind.THEME_DAY).required == 0
    assert row(rows, "2022", Kind.THEME_DAY).required == 8
    no_holidays = organization_rows(BRANCH, [], Rules(holiday_months=frozenset()), 2022, AFTER_2022)
    assert row(no_holidays, "2022", Kind.THEME_DAY).required == 12


def test_a_quarter_of_holidays_only_owes_nothing():
    rules = Rules(holiday_months=frozenset({7, 8, 9}))
    rows = organization_rows(BRANCH, [], rules, 2022, AFTER_2022)
    assert row(rows, "2022-Q3", Kind.GENERAL_MEETING).required == 0
    assert row(rows, "2022-Q4", Kind.GENERAL_MEETING).required == 1


def test_life_meeting_and_review_once_a_year():
    rows = organization_rows(BRANCH, [held(dt.date(2022, 12, 20), Kind.LIFE_MEETING)], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022", Kind.LIFE_MEETING).state == State.OK
    assert row(rows, "2022", Kind.REVIEW).state == State.OVERDUE


def test_talk_every_member_once_a_year():
    talks = [
        held(dt.date(2022, 4, 1), Kind.TALK, present={11, 12}),
        held(dt.date(2022, 11, 1), Kind.TALK, present={12, 13}),
    ]
    year = row(organization_rows(BRANCH, talks, Rules(), 2022, AFTER_2022), "2022", Kind.TALK)
    assert (year.required, year.held, year.missing) == (6, 3, 3)  # member 12 counts once


def test_one_activity_counts_as_two_kinds():
    both = held(dt.date(2022, 3, 11), Kind.THEME_DAY, Kind.GENERAL_MEETING)
    rows = organization_rows(BRANCH, [both], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-03", Kind.THEME_DAY).state == State.OK
    assert row(rows, "2022-Q1", Kind.GENERAL_MEETING).state == State.OK


def test_only_held_activities_of_this_organization_count():
    other = held(dt.date(2022, 3, 11), Kind.THEME_DAY, org=99)
    rows = organization_rows(BRANCH, [other], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-03", Kind.THEME_DAY).held == 0


def test_organization_created_mid_year_owes_from_its_creation():
    new = OrgFacts(id=1, name="新支部", kind="branch", full_members=5, members=5, established_on=dt.date(2022, 3, 20))
    rows = organization_rows(new, [], Rules(), 2022, AFTER_2022)
    assert row(rows, "2022-03", Kind.THEME_DAY).required == 0
    assert row(rows, "2022-04", Kind.THEME_DAY).required == 1
    assert row(rows, "2022-Q1", Kind.GENERAL_MEETING).required == 0
    assert row(rows, "2022-Q2", Kind.GENERAL_MEETING).required == 1
    assert row(rows, "2022", Kind.THEME_DAY).required == 7  # Apr-Jun, Sep-Dec
    assert row(rows, "2022", Kind.LIFE_MEETING).required == 1  # existed for most of the year
    late = OrgFacts(id=1, name="新支部", kind="branch", established_on=dt.date(2022, 10, 1))
    assert row(organization_rows(late, [], Rules(), 2022, AFTER_2022), "2022", Kind.LIFE_MEETING).required == 0


def test_states_on_a_given_day():
    today = dt.date(2022, 3, 25)
    rows = organization_rows(BRANCH, [], Rules(due_soon_days=10), 2022, today)
    assert row(rows, "2022-01", Kind.THEME_DAY).state == State.OVERDUE
    assert row(rows, "2022-03", Kind.THEME_DAY).state == State.DUE_SOON
    assert row(rows, "2022-Q1", Kind.GENERAL_MEETING).state == State.DUE_SOON
    assert row(rows, "2022-Q2", Kind.GENERAL_MEETING).state == State.FUTURE
    assert row(rows, "2022", Kind.LIFE_MEETING).state == State.OPEN
    assert row(organization_rows(BRANCH, [], Rules(), 2022, dt.date(2022, 3, 5)), "2022-03", Kind.THEME_DAY).state == (
        State.OPEN
    )


def test_rules_count_comes_from_settings():
    rows = organization_rows(
        BRANCH, [held(dt.date(2022, 3, 11), Kind.LESSON)], Rules(lessons_per_quarter=2), 2022, AFTER_2022
    )
    assert row(rows, "2022-Q1", Kind.LESSON).missing == 1


def test_secretary_and_every_party_leader_lecture_once_a_year():
    people = [
        Lecturer(1, "书记甲", "党组织书记", is_secretary=True),
        Lecturer(2, "校长乙", "校长"),
        Lecturer(3, "副校长丙", "副校长"),
    ]
    lessons = [
        held(dt.date(2022, 3, 1), Kind.LESSON, lecturer=1),
        held(dt.date(2022, 9, 1), Kind.LESSON, Kind.THEME_DAY, lecturer=2),
        held(dt.date(2021, 9, 1), Kind.LESSON, lecturer=3),  # another year
        held(dt.date(2022, 9, 2), Kind.THEME_DAY, lecturer=3),  # not a lesson
    ]
    rows = lecturer_rows(people, lessons, Rules(secretary_lessons_per_year=2), 2022, AFTER_2022)
    assert [(r.lecturer.name, r.required, r.held, r.state) for r in rows] == [
        ("书记甲", 2, 1, State.OVERDUE),
        ("校长乙", 1, 1, State.OK),
        ("副校长丙", 1, 0, State.OVERDUE),
    ]
    assert [f.message for f in lecturer_findings(rows, AFTER_2022)] == [
        "党组织书记书记甲本年度讲党课 1 次，应讲 2 次",
        "副校长副校长丙本年度讲党课 0 次，应讲 1 次",
    ]
    early = lecturer_rows(people, [], Rules(), 2022, dt.date(2022, 5, 1))
    assert lecturer_findings(early, dt.date(2022, 5, 1)) == []
    assert len(lecturer_findings(early, dt.date(2022, 10, 8))) == 3


def test_members_who_missed():
    today = dt.date(2022, 11, 20)
    members = [
        MemberFacts(11, "甲", 1, 2),
        MemberFacts(12, "乙", 1, 2),
        MemberFacts(13, "丙", 1, None),
    ]
    activities = [
        held(dt.date(2022, 11, 9), Kind.GROUP_MEETING, org=2, present={11}, excused={12}),
        held(dt.date(2022, 11, 11), Kind.THEME_DAY, Kind.GENERAL_MEETING, present={11, 12, 13}),
        # a 党总支's joint lesson this quarter, to which branch 1 was invited
        held(dt.date(2022, 10, 20), Kind.LESSON, org=100, present={11}, credits={1}),
        # a 党总支 general meeting for another branch only: nobody of branch 1 missed it
        held(dt.date(2022, 11, 5), Kind.GENERAL_MEETING, org=100, present={21}, credits={3}),
        held(dt.date(2022, 10, 9), Kind.THEME_DAY, present=set()),  # last month: not this month's
        held(dt.date(2022, 11, 30), Kind.LIFE_MEETING),  # not held yet on the 20th
    ]
    gaps = member_gaps(members, activities, today)
    assert [(g.name, g.kind, g.period.key, g.excused) for g in gaps] == [
        ("乙", Kind.GROUP_MEETING, "2022-11", True),
        ("乙", Kind.LESSON, "2022-Q4", False),
        ("丙", Kind.LESSON, "2022-Q4", False),
    ]
    assert isinstance(gaps[0], Gap)


def test_quorum_needs_more_than_half():
    assert has_quorum(4, 7) is True
    assert has_quorum(3, 6) is False
    assert has_quorum(0, 0) is False
    assert quorum_messages(
        [Kind.GENERAL_MEETING, Kind.THEME_DAY], full_members=6, present_full=3, committee_size=3, present_committee=0
    ) == ["到会正式党员 3 名，未超过应到 6 名的半数：支部党员大会不符合表决有效人数。"]
    assert quorum_messages(
        [Kind.COMMITTEE_MEETING], full_members=6, present_full=0, committee_size=5, present_committee=2
    ) == ["到会支委 2 名，未超过支委 5 名的半数：支委会不符合表决有效人数。"]
    assert quorum_messages([Kind.LESSON], full_members=6, present_full=0, committee_size=0, present_committee=0) == []


def test_findings_name_the_latest_overdue_period_and_how_many():
    rows = organization_rows(
        BRANCH, [held(dt.date(2022, d, 9), Kind.THEME_DAY) for d in (1, 3, 4, 5, 6, 9, 10)], Rules(), 2022, AFTER_2022
    )
    messages = [f.message for f in row_findings(BRANCH, rows) if f.kind == Kind.THEME_DAY]
    assert messages == ["一支部：2022年12月等 2 期主题党日未按要求开展（应开展 1 次，已开展 0 次）"]
    soon = organization_rows(BRANCH, [], Rules(), 2022, dt.date(2022, 1, 25))
    assert [f.message for f in row_findings(BRANCH, soon) if f.kind == Kind.THEME_DAY] == [
        "一支部：2022年1月主题党日尚未开展，01月31日前到期"
    ]


def test_parse_months():
    assert parse_months("2, 7，8") == frozenset({2, 7, 8})
    assert parse_months("") == frozenset()
    for bad in ("13", "x", "0"):
        try:
            parse_months(bad)
        except ValueError as exc:
            assert str(exc) == f"“{bad}”不是 1 到 12 之间的月份。"
        else:  # pragma: no cover
            raise AssertionError(bad)

"""The rules of 抓好一个学科 as pure functions (no database)."""

import datetime as dt

from dangjian.subjects import checks
from dangjian.subjects.checks import ActivityFact, CadreFacts, Finding, LinkFacts, Minimum, TermWindow

TERMS = [
    TermWindow(1, dt.date(2022, 9, 1), dt.date(2023, 1, 31)),
    TermWindow(2, dt.date(2023, 2, 1), dt.date(2023, 7, 15)),
]


def test_school_leaders_are_eligible_whatever_their_politics():
    assert checks.is_eligible_cadre(CadreFacts("vice_principal", "masses", "", "")) is True


def test_key_party_teachers_are_eligible():
    assert checks.is_eligible_cadre(CadreFacts("", "party", "county", "")) is True
    assert checks.is_eligible_cadre(CadreFacts("", "probationary", "", "senior")) is True
    assert checks.is_eligible_cadre(CadreFacts("", "party", "", "senior_plus")) is True


def test_ordinary_or_non_party_teachers_are_not_eligible():
    assert checks.is_eligible_cadre(CadreFacts("", "party", "", "first")) is False
    assert checks.is_eligible_cadre(CadreFacts("", "masses", "province", "senior")) is False


def test_link_findings_name_uncovered_subjects_and_cadres_with_two_subjects():
    subjects = [(1, "语文"), (2, "数学"), (3, "物理")]
    links = [LinkFacts(10, "张三", 1, "语文"), LinkFacts(10, "张三", 2, "数学"), LinkFacts(11, "李四", 2, "数学")]
    assert checks.link_findings(subjects, links) == [
        Finding("danger", "物理：没有挂钩干部"),
        Finding("warning", "张三 挂钩了 2 个学科（数学、语文），应只挂钩一个"),
    ]


def test_no_findings_when_every_subject_has_one_cadre_each():
    assert checks.link_findings([(1, "语文")], [LinkFacts(10, "张三", 1, "语文")]) == []


def test_term_of_maps_dates_and_holidays():
    assert checks.term_of(dt.date(2022, 9, 1), TERMS) == 1
    assert checks.term_of(dt.date(2023, 3, 1), TERMS) == 2
    assert checks.term_of(dt.date(2023, 8, 1), TERMS) is None


def test_tally_counts_activities_and_demo_lessons_per_term():
    facts = [
        ActivityFact(1, "demo_lesson", dt.date(2022, 10, 1)),
        ActivityFact(1, "seminar", dt.date(2022, 11, 1)),
        ActivityFact(1, "lecture", dt.date(2023, 3, 1)),
        ActivityFact(1, "lecture", dt.date(2023, 8, 1)),  # summer: the year only
        ActivityFact(2, "demo_lesson", dt.date(2023, 4, 1)),
    ]
    out = checks.tally(facts, TERMS)
    assert (out[1].first.activities, out[1].first.demo_lessons) == (2, 1)
    assert (out[1].second.activities, out[1].second.demo_lessons) == (1, 0)
    assert (out[1].total.activities, out[1].total.demo_lessons) == (4, 1)
    assert out[1].by_kind == {"demo_lesson": 1, "seminar": 1, "lecture": 2}
    assert (out[2].second.activities, out[2].first.activities) == (1, 0)


def test_behind_lists_ended_terms_as_danger_and_running_ones_as_warning():
    tallies = checks.tally([ActivityFact(1, "demo_lesson", dt.date(2022, 10, 1))], TERMS)
    rows = checks.behind([(1, "张三", "物理"), (2, "李四", "化学")], tallies, Minimum(2, 1), TERMS, dt.date(2023, 3, 1))
    assert [(r.cadre_name, r.term, r.level, r.message) for r in rows] == [
        ("张三", 1, "danger", "第一学期未达标：活动 1/2 次"),
        ("李四", 1, "danger", "第一学期未达标：活动 0/2 次，示范课 0/1 节"),
        ("张三", 2, "warning", "第二学期尚未达标：活动 0/2 次，示范课 0/1 节"),
        ("李四", 2, "warning", "第二学期尚未达标：活动 0/2 次，示范课 0/1 节"),
    ]


def test_behind_skips_terms_not_begun_and_cadres_meeting_the_minimum():
    facts = [ActivityFact(1, "demo_lesson", dt.date(2022, 10, 1)), ActivityFact(1, "seminar", dt.date(2022, 10, 2))]
    rows = checks.behind([(1, "张三", "物理")], checks.tally(facts, TERMS), Minimum(2, 1), TERMS, dt.date(2022, 12, 1))
    assert rows == []


def test_year_on_year_option_has_one_series_per_year():
    option = checks.year_on_year_option(["语文", "物理"], ["2021-2022", "2022-2023"], {("2022-2023", "物理"): 3})
    assert option["xAxis"]["data"] == ["语文", "物理"]
    assert [(s["name"], s["data"]) for s in option["series"]] == [("2021-2022", [0, 0]), ("2022-2023", [0, 3])]

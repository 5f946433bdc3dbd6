"""The figures against hand-counted fixtures (definitions of docs/domain.md)."""

import datetime as dt

import pytest

from dangjian.meetings.compliance import Period, Row
from dangjian.reports import figures as fig
from dangjian.school.enums import PoliticalStatus
from dangjian.tests import factories as f

TODAY = dt.date(2023, 6, 30)
PARTY = PoliticalStatus.PARTY_MEMBER


def _row(state, ends_on):
    period = Period("k", "month", "m", ends_on.replace(day=1), ends_on)
    return Row(period, "theme_day", 1, 1 if state == "ok" else 0, 0 if state == "ok" else 1, state)


def test_rate_and_compliance_counts_are_pure():
    assert fig.rate(1, 3) == 33.3
    assert fig.rate(0, 0) is None
    rows = [
        _row("ok", dt.date(2022, 9, 30)),
        _row("overdue", dt.date(2022, 10, 31)),
        _row("open", dt.date(2023, 6, 30)),  # not yet due
        _row("not_required", dt.date(2022, 11, 30)),
        _row("ok", dt.date(2022, 8, 31)),  # previous school year
    ]
    assert fig.compliance_counts(rows, dt.date(2022, 9, 1), dt.date(2023, 8, 31), TODAY) == (1, 2)


def test_the_rate_counts_each_natural_requirement_once():
    """A 党小组 that skipped its March and April meetings in 2022, checked on 2022-12-31: hand count.
    Monthly requirement, February, July and August off: 9 months due, 7 met, 2 missed. The quarter,
    semester and year summaries of the same meetings are not more requirements (they used to fail the
    two misses three more times each)."""
    from dangjian.meetings.compliance import Held, OrgFacts, Rules, organization_states

    org = OrgFacts(1, "高一党小组", "group", established_on=dt.date(2018, 9, 1))
    held = [Held(1, dt.date(2022, m, 10), frozenset({"group_meeting"})) for m in (1, 5, 6, 9, 10, 11, 12)]
    today = dt.date(2022, 12, 31)
    states = organization_states(org, held, Rules(), 2022, today)
    assert fig.state_counts(states, dt.date(2022, 1, 1), dt.date(2022, 12, 31), today) == (7, 9)
    # Mid-year, only the months that have ended are due: January met, March and April missed, May met.
    today = dt.date(2022, 6, 15)
    states = organization_states(org, held, Rules(), 2022, today)
    assert fig.state_counts(states, dt.date(2022, 1, 1), dt.date(2022, 12, 31), today) == (2, 4)


def test_class_coverage_counts_class_semesters():
    classes = [(1, 10, True), (1, 11, False), (2, 10, False), (2, 11, False)]
    assert fig.class_coverage(classes, {(2, 10)}) == (2, 4)


@pytest.fixture
def counted(db):
    county = f.CountyFactory(code="x")
    school = f.SchoolFactory(county=county, code="one")
    other = f.SchoolFactory(county=county, code="two")
    year = f.SchoolYearFactory(start_year=2022)
    s1 = f.SemesterFactory(school_year=year, term=1)
    s2 = f.SemesterFactory(school_year=year, term=2, starts_on=dt.date(2023, 2, 15), ends_on=dt.date(2023, 7, 10))
    grade = f.GradeFactory(school=school, school_year=year)
    party = f.StaffFactory(school=school, political_status=PARTY)
    masses = f.StaffFactory(school=school)
    f.SchoolClassFactory(grade=grade, homeroom_teacher=party)  # covered both semesters
    c2 = f.SchoolClassFactory(grade=grade, homeroom_teacher=masses)
    f.TeachingAssignmentFactory(semester=s1, school_class=c2, teacher=party)  # covered in s1 only
    c3 = f.SchoolClassFactory(grade=grade)
    f.TeachingAssignmentFactory(semester=s1, school_class=c3, teacher=masses)
    f.TeachingAssignmentFactory(semester=s2, school_class=c3, teacher=masses)
    # a young teacher with three mentors counts once; an unconfirmed pairing not at all
    young = f.StaffFactory(school=school, birth_date=dt.date(1998, 1, 1))
    for dimension in ("ideology", "moral", "professional"):
        m = f.MentorshipFactory(school=school, school_year=year, mentee=young, dimension=dimension)
    f.MentoringActivityFactory(mentorship=m)
    f.MentorshipFactory(school=school, school_year=year, status="proposed", confirmed_on=None)
    # support: S poor + special in s1 counts once; T in s1 without records 0, in s2 with a record 1
    s = f.StudentFactory(school=school)
    t = f.StudentFactory(school=school)
    f.SupportRecordFactory(pairing=f.PairingFactory(student=s, semester=s1, kind="poor"))
    f.SupportRecordFactory(pairing=f.PairingFactory(student=s, semester=s1, kind="special"))
    f.PairingFactory(student=t, semester=s1, kind="poor")
    f.SupportRecordFactory(pairing=f.PairingFactory(student=t, semester=s2, kind="poor"))
    # league: two held lessons, one planned
    f.LeagueLessonFactory.create_batch(2, school=school, school_year=year)
    f.LeagueLessonFactory(school=school, school_year=year, status="planned")
    # subjects: one published link with two activities, one draft link
    link = f.SubjectLinkFactory(school=school, school_year=year)
    f.SubjectActivityFactory.create_batch(2, link=link)
    f.SubjectLinkFactory(school=school, school_year=year, status="draft", subject__name="化学")
    return school, other, year


def test_figures_match_the_hand_count(counted):
    school, other, year = counted
    data = fig.figures([school.pk, other.pk], [year], TODAY)
    got = data[(school.pk, 2022)]
    assert (got.classes, got.classes_covered, got.coverage_rate) == (6, 3, 50.0)
    assert (got.young_mentored, got.mentoring_pairs, got.mentoring_activities) == (1, 3, 1)
    assert (got.support_poor, got.support_special, got.support_person_times) == (2, 1, 2)
    assert got.league_lessons == 2
    assert (got.subject_links, got.subject_activities) == (1, 2)
    assert data[(other.pk, 2022)] == fig.YearFigures(school_id=other.pk, start_year=2022)


def test_compliance_rate_matches_the_hand_count(counted):
    """A 党小组 owes a group meeting a month (not in the holiday months 2, 7 and 8) and meets in 2022-09,
    2022-10, 2023-01 and 2023-03. On 2023-06-30 the school year 2022-2023 counts each monthly requirement
    whose month has ended inside it, once (the quarter, semester and year totals are summaries):
    2022: Sep ok, Oct ok, Nov overdue, Dec overdue; 2023: Jan ok, Mar ok, Apr overdue, May overdue
    (June ends today and is still open). 4 of 8 on time: 50.0% (the old count, 6 of 15, failed each miss
    again in its quarter, semester and year)."""
    school, _, year = counted
    group = f.OrganizationFactory(school=school, kind="group", name="第一党小组")
    for day in (dt.date(2022, 9, 15), dt.date(2022, 10, 15), dt.date(2023, 1, 10), dt.date(2023, 3, 10)):
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))
        f.ActivityFactory(organization=group, starts_at=moment, kinds=["group_meeting"])
    got = fig.figures([school.pk], [year], TODAY)[(school.pk, 2022)]
    assert (got.compliance_ok, got.compliance_due, got.compliance_rate) == (4, 8, 50.0)


def test_every_figure_has_help_text_and_a_trend_option(counted):
    school, _, year = counted
    rows = fig.series(fig.figures([school.pk], [year], TODAY), school.pk, [year])
    for figure in fig.FIGURES:
        assert figure.help
        option = fig.trend_option(figure, rows)
        assert option["xAxis"]["data"] == ["2022-2023"]
        assert option["series"][0]["data"] == [rows[0].value(figure.key)]

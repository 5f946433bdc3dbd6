"""Two classes of school A in 2022-2023 with their 团支部 (3 and 2 students), a Party member who
lectures (the world's teacher), a held lesson, a themed series with one activity, a recommendation,
and a 团支部 of school B."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.tests import factories as f


@dataclass
class LeagueData:
    branch: object
    branch2: object
    students: list
    lecturer: object
    lesson: object
    series: object
    activity: object
    recommendation: object
    other_branch: object


@pytest.fixture
def ldata(world):
    return build_ldata(world)


def build_ldata(world) -> LeagueData:
    school, year = world.school, world.year
    f.SemesterFactory(school_year=year, term=1)
    f.SemesterFactory(school_year=year, term=2, starts_on=dt.date(2023, 2, 1), ends_on=dt.date(2023, 7, 15))
    grade = f.GradeFactory(school=school, school_year=year, level=1)
    class1 = f.SchoolClassFactory(grade=grade, number=1)
    class2 = f.SchoolClassFactory(grade=grade, number=2)
    students = [
        f.EnrollmentFactory(
            student__school=school, student__name=name, student__is_league_member=league, school_class=class1
        ).student
        for name, league in [("张团员", True), ("李团员", True), ("王同学", False)]
    ]
    for name in ("赵同学", "钱同学"):
        f.EnrollmentFactory(student__school=school, student__name=name, school_class=class2)
    branch = f.LeagueBranchFactory(school_class=class1, secretary=students[0])
    branch2 = f.LeagueBranchFactory(school_class=class2)
    lecturer = world.users["teacher"].staff
    lesson = f.LeagueLessonFactory(
        school=school, school_year=year, lecturer=lecturer, attendance=3, branches=[branch], topic="团史第一课"
    )
    series = f.ThemeSeriesFactory(school=school, name="我们的节日")
    activity = f.ThemeActivityFactory(
        series=series, school_year=year, guide=lecturer, participants=5, branches=[branch, branch2], title="端午诗会"
    )
    recommendation = f.RecommendationFactory(branch=branch, student=students[1])
    other_grade = f.GradeFactory(school=world.other_school, school_year=year, level=1)
    other_branch = f.LeagueBranchFactory(school_class=f.SchoolClassFactory(grade=other_grade, number=1))
    return LeagueData(branch, branch2, students, lecturer, lesson, series, activity, recommendation, other_branch)

"""A small demo-like school for the staffing tests: one grade (高一) of three classes, three subjects,
two teachers per subject (two of the six are Party members), and the current semester's assignments
leaving 高一（1）班 without a Party member."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.school.enums import PoliticalStatus
from dangjian.school.models import StaffYear
from dangjian.tests import factories as f

SUBJECTS = ("语文", "数学", "英语")
NINE_SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理")


@dataclass
class Small:
    school: object
    semester: object
    previous: object
    grade: object
    classes: list
    subjects: dict
    teachers: dict  # (subject, i) -> Staff
    party: list


def build_small(world) -> Small:
    school, year = world.school, world.year
    first = f.SemesterFactory(school_year=year, term=1)
    second = f.SemesterFactory(
        school_year=year,
        term=2,
        starts_on=dt.date(year.start_year + 1, 2, 1),
        ends_on=dt.date(year.start_year + 1, 7, 15),
    )
    grade = f.GradeFactory(school=school, school_year=year, level=1)
    subjects = {name: f.SubjectFactory(school=school, name=name, order=i) for i, name in enumerate(SUBJECTS)}
    teachers, party = {}, []
    for subject in SUBJECTS:
        for i in range(2):
            is_party = subject == "数学" and i == 0 or subject == "英语" and i == 1
            staff = f.StaffFactory(
                school=school,
                name=f"{subject}老师{i + 1}",
                political_status=PoliticalStatus.PARTY_MEMBER if is_party else PoliticalStatus.MASSES,
            )
            staff.subjects.add(subjects[subject])
            StaffYear.objects.create(staff=staff, school_year=year, grade=grade)
            teachers[(subject, i)] = staff
            if is_party:
                party.append(staff)
    classes = [
        f.SchoolClassFactory(grade=grade, number=n + 1, homeroom_teacher=teachers[("语文", n % 2)]) for n in range(3)
    ]
    # Current (second-term) assignments: class 1 has only non-members; the others have one each.
    plan = {
        0: {"语文": 0, "数学": 1, "英语": 0},
        1: {"语文": 1, "数学": 0, "英语": 0},
        2: {"语文": 0, "数学": 1, "英语": 1},
    }
    for n, row in plan.items():
        for subject, i in row.items():
            f.TeachingAssignmentFactory(
                semester=second, school_class=classes[n], subject=subjects[subject], teacher=teachers[(subject, i)]
            )
    return Small(school, second, first, grade, classes, subjects, teachers, party)


@pytest.fixture
def small(world):
    return build_small(world)


def build_gao_er(world):
    """高二 of three classes: 物化生, 史政地 and one whose combination is not chosen yet. One teacher per
    subject; only the 物理 teacher is a Party member, and a stale assignment puts them in the 史政地 class too."""
    school, year = world.school, world.year
    semester = f.SemesterFactory(school_year=year, term=1, starts_on=dt.date(2022, 9, 1), ends_on=dt.date(2023, 1, 31))
    grade = f.GradeFactory(school=school, school_year=year, level=2)
    subjects = {name: f.SubjectFactory(school=school, name=name, order=i) for i, name in enumerate(NINE_SUBJECTS)}
    teachers = {}
    for name in NINE_SUBJECTS:
        party = PoliticalStatus.PARTY_MEMBER if name == "物理" else PoliticalStatus.MASSES
        staff = f.StaffFactory(school=school, name=f"{name}老师", political_status=party)
        staff.subjects.add(subjects[name])
        StaffYear.objects.create(staff=staff, school_year=year, grade=grade)
        teachers[name] = staff
    physics = f.SchoolClassFactory(grade=grade, number=1, combination="物化生")
    history = f.SchoolClassFactory(grade=grade, number=2, combination="史政地")
    open_ = f.SchoolClassFactory(grade=grade, number=3)
    plan = {
        physics: ("语文", "数学", "英语", "物理", "化学", "生物"),
        history: ("语文", "数学", "英语", "政治", "历史", "地理", "物理"),  # 物理: stale, not its subject
    }
    for school_class, names in plan.items():
        for name in names:
            f.TeachingAssignmentFactory(
                semester=semester, school_class=school_class, subject=subjects[name], teacher=teachers[name]
            )
    return school, semester, (physics, history, open_), teachers


@pytest.fixture
def gao_er(world):
    return build_gao_er(world)

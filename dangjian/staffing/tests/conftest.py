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

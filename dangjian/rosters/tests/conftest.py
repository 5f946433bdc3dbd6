from dataclasses import dataclass

import pytest

from dangjian.tests import factories as f


@dataclass
class Roster:
    school: object
    year: object
    semester: object
    semester2: object
    subjects: dict
    classes: dict  # (level, number) -> class
    teachers: dict  # 工号 -> staff


@pytest.fixture
def roster(world):
    school = world.school
    subjects = {name: f.SubjectFactory(school=school, name=name) for name in ("语文", "数学", "英语", "物理")}
    f.DepartmentFactory(school=school, name="教务处")
    classes = {}
    for level in (1, 2):
        grade = f.GradeFactory(school=school, school_year=world.year, level=level)
        for number in (1, 2, 3):
            classes[(level, number)] = f.SchoolClassFactory(grade=grade, number=number)
    teachers = {
        "J001": f.StaffFactory(school=school, staff_number="J001", name="张明"),
        "J002": f.StaffFactory(school=school, staff_number="J002", name="李红"),
    }
    semester = f.SemesterFactory(school_year=world.year, term=1)
    semester2 = f.SemesterFactory(school_year=world.year, term=2, starts_on="2023-02-01", ends_on="2023-07-31")
    return Roster(school, world.year, semester, semester2, subjects, classes, teachers)

"""A physics link in school A: a vice-principal (login "cadre") linked to 物理, whose teaching-research
group includes the world's teacher (王老师), and two semesters of the 2022-2023 year."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.tests import factories as f


@dataclass
class SubjectsData:
    physics: object
    chemistry: object
    cadre: object
    group_member: object  # the world's teacher, teaches 物理
    link: object
    other_school_subject: object


@pytest.fixture
def sdata(world):
    school, year = world.school, world.year
    f.SemesterFactory(school_year=year, term=1)
    f.SemesterFactory(school_year=year, term=2, starts_on=dt.date(2023, 2, 1), ends_on=dt.date(2023, 7, 15))
    physics = f.SubjectFactory(school=school, name="物理")
    chemistry = f.SubjectFactory(school=school, name="化学")
    cadre_user = f.UserFactory(username="cadre")
    cadre = f.StaffFactory(school=school, user=cadre_user, name="赵校长", leader_post="vice_principal")
    cadre.subjects.set([physics])
    teacher = world.users["teacher"].staff
    teacher.subjects.set([physics])
    world.users["cadre"] = cadre_user
    link = f.SubjectLinkFactory(school=school, school_year=year, cadre=cadre, subject=physics)
    return SubjectsData(
        physics=physics,
        chemistry=chemistry,
        cadre=cadre,
        group_member=teacher,
        link=link,
        other_school_subject=f.SubjectFactory(school=world.other_school, name="物理"),
    )

"""The demo seeder: deterministic, idempotent, and a history across the demo years."""

import datetime as dt

import pytest

from dangjian.mentoring import demo
from dangjian.mentoring.models import Evaluation, MentoringActivity, Mentorship, Milestone, Reflection
from dangjian.school.models import Skill
from dangjian.tests import factories as f

pytestmark = pytest.mark.usefixtures("base_story")


@pytest.fixture
def small_school(world):
    school = world.school
    years = {y: f.SchoolYearFactory(start_year=y) for y in range(2018, 2023)}
    math = f.SubjectFactory(school=school, name="数学")
    homeroom, _ = Skill.objects.get_or_create(name="班主任经验")
    for i in range(6):
        staff = f.StaffFactory(
            school=school,
            name=f"青年{i}",
            birth_date=dt.date(1994 + i, 5, 1),
            started_teaching_on=dt.date(2016 + i, 8, 20),
            key_teacher_level="county" if i == 0 else "",
        )
        staff.subjects.set([math])
    for i in range(8):
        staff = f.StaffFactory(school=school, name=f"导师{i}", political_status="party", birth_date=dt.date(1975, 1, 1))
        staff.subjects.set([math])
        staff.skills.set([homeroom])
    return school, years


def snapshot(school):
    return sorted(
        Mentorship.objects.filter(school=school).values_list(
            "school_year__start_year", "mentee__name", "mentor__name", "dimension", "status", "signed_on"
        )
    )


def test_seed_is_deterministic_and_idempotent(small_school):
    school, years = small_school
    demo.seed(school=school, years=years)
    first = snapshot(school)
    counts = [M.objects.count() for M in (Mentorship, MentoringActivity, Evaluation, Reflection, Milestone)]
    assert sorted({row[0] for row in first}) == [2018, 2019, 2020, 2021, 2022]
    assert {row[4] for row in first} == {"confirmed"}
    assert all(row[5] is not None for row in first)  # every agreement signed
    assert Milestone.objects.filter(kind="key_teacher", staff__name="青年0").count() == 1
    demo.seed(school=school, years=years)
    assert [M.objects.count() for M in (Mentorship, MentoringActivity, Evaluation, Reflection, Milestone)] == counts
    for model in (MentoringActivity, Evaluation, Reflection, Milestone):
        model.objects.all().delete()
    Mentorship.objects.update(continued_from=None)
    Mentorship.objects.all().delete()
    demo.seed(school=school, years=years)
    assert snapshot(school) == first


def test_the_latest_years_new_teachers_are_left_to_match(small_school):
    school, years = small_school
    newcomer = f.StaffFactory(
        school=school, name="新教师", birth_date=dt.date(2000, 1, 1), started_teaching_on=dt.date(2022, 8, 20)
    )
    newcomer.subjects.set(school.subjects.all())
    demo.seed(school=school, years=years)
    latest = set(Mentorship.objects.filter(school_year__start_year=2022).values_list("mentee__name", flat=True))
    assert "青年5" in latest
    assert "新教师" not in latest  # for the demo user to match
    assert Evaluation.objects.filter(mentorship__school_year__start_year=2022).count() == 0
    assert Mentorship.objects.filter(continued_from__isnull=False).count() > 0

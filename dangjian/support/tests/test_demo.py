"""The demo seeder: fills the registers, pairs every student through the proposal rules, and changes
nothing on a second run."""

import pytest

from dangjian.demo.generate import ensure_calendar
from dangjian.school.models import Skill
from dangjian.support import demo, queries
from dangjian.support.models import Pairing, PoorStudentRecord, SpecialStudentCase, SupportRecord
from dangjian.tests import factories as f

pytestmark = pytest.mark.usefixtures("base_story")


def _counts():
    return [m.objects.count() for m in (PoorStudentRecord, SpecialStudentCase, Pairing, SupportRecord)]


def test_seed_is_idempotent_and_counts(world):
    years = ensure_calendar()
    school = world.school
    students = [f.StudentFactory(school=school, student_number=f"D{i:03d}") for i in range(40)]
    for level, start in ((1, 2021), (2, 2022)):
        school_class = f.SchoolClassFactory(grade=f.GradeFactory(school=school, school_year=years[start], level=level))
        for student in students:
            f.EnrollmentFactory(student=student, school_class=school_class, school_year=years[start])
    certified = f.PartyMemberFactory(branch=world.branch).staff
    certified.skills.set(Skill.objects.filter(name="学生工作经验"))
    messages = []
    demo.seed(school=school, years=years, log=messages.append)
    first = _counts()
    assert first[0] == 6  # three poor students a year, the minimum for a small school
    assert set(Pairing.objects.filter(kind="special").values_list("helper_id", flat=True)) == {certified.pk}
    assert queries.figures(school)["total"].combined > 0
    demo.seed(school=school, years=years, log=messages.append)
    assert _counts() == first
    assert messages[-1] == "甲中学：帮扶数据已存在，跳过。"

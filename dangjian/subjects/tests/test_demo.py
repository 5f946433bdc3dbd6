"""The demo seeder: every subject covered where cadres allow, deterministic and idempotent."""

import random

import pytest

from dangjian.subjects.demo import _assign, seed
from dangjian.subjects.models import LessonEvaluation, SubjectActivity, SubjectLink
from dangjian.tests import factories as f

pytestmark = pytest.mark.usefixtures("base_story")


def test_assign_covers_every_subject_and_keeps_own_subjects():
    subjects = [(1, "语文"), (2, "数学"), (3, "物理")]
    cadres = [
        {"id": 10, "leader": True, "subjects": [1]},
        {"id": 11, "leader": False, "subjects": [1]},
        {"id": 12, "leader": False, "subjects": [2]},
    ]
    assert _assign(random.Random(1), cadres, subjects) == [(10, 1), (11, 3), (12, 2)]


def test_assign_gives_a_leader_a_second_main_subject_in_a_small_school():
    subjects = [(1, "语文"), (2, "数学")]
    assert _assign(random.Random(1), [{"id": 10, "leader": True, "subjects": [1]}], subjects) == [(10, 1), (10, 2)]


def test_seed_is_idempotent(world, sdata):
    SubjectLink.objects.all().delete()
    f.SubjectFactory(school=world.school, name="数学")
    years = {2022: world.year}
    seed(school=world.school, years=years)
    counts = (SubjectLink.objects.count(), SubjectActivity.objects.count(), LessonEvaluation.objects.count())
    assert counts[0] == 3  # the cadre takes 物理 and a second subject each for 化学 and 数学 (one cadre)
    assert counts[1] > 0
    seed(school=world.school, years=years)
    assert (SubjectLink.objects.count(), SubjectActivity.objects.count(), LessonEvaluation.objects.count()) == counts

"""The class page: its 3+1+2 combination, 团支部, teaching team and Party coverage, in constant queries."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.staffing.models import TeachingGroup
from dangjian.staffing.tests.conftest import build_gao_er
from dangjian.tests import factories as f


@pytest.fixture
def gao_er(world):
    return build_gao_er(world)


def _page(client, school_class):
    return client.get(reverse("school:class_detail", args=["a", school_class.pk]))


def test_class_page_shows_combination_team_and_coverage(client_for, gao_er):
    _, _, (physics, history, _), _ = gao_er
    f.LeagueBranchFactory(school=physics.grade.school, school_year=physics.grade.school_year, school_class=physics)
    response = _page(client_for("jiaowu"), physics)
    assert response.status_code == 200
    for text in ("物化生", "物理、化学、生物", "党员已覆盖（1 名）", "物理老师", "化学老师", "团支部"):
        assertContains(response, text)
    assertNotContains(response, "历史老师")
    response = _page(client_for("jiaowu"), history)
    assertContains(response, "史政地")
    assertContains(response, "党员未覆盖")
    assertContains(response, "本班（选科组合史政地）不开设物理")  # the stale 物理 assignment, not counted
    team = response.context["team"]
    assert [s for s, _ in team.row.team] == ["语文", "数学", "英语", "政治", "历史", "地理"]


def test_party_marks_only_for_those_who_run_the_coverage_check(client_for, gao_er):
    _, _, (physics, _, open_), _ = gao_er
    response = _page(client_for("teacher"), physics)
    assert response.status_code == 200
    assertContains(response, "物理老师")
    assertNotContains(response, "党员已覆盖")
    assertNotContains(response, ">党员</span>")
    assertContains(_page(client_for("teacher"), open_), "尚未设定")


def test_class_page_query_count_is_constant(client_for, world, gao_er, django_assert_max_num_queries):
    _, semester, (physics, _, _), teachers = gao_er
    client = client_for("secretary")
    with django_assert_max_num_queries(100) as captured:
        assert _page(client, physics).status_code == 200
    expected = len(captured.captured_queries)
    grade = physics.grade
    for number in range(4, 8):
        school_class = f.SchoolClassFactory(grade=grade, number=number, combination="物化政")
        f.EnrollmentFactory(student__school=world.school, school_class=school_class)
        for name in ("语文", "物理", "政治"):
            f.TeachingAssignmentFactory(
                semester=semester,
                school_class=school_class,
                subject=teachers[name].subjects.get(),
                teacher=teachers[name],
            )
    f.EnrollmentFactory.create_batch(3, student__school=world.school, school_class=physics)
    with django_assert_max_num_queries(expected):
        assert _page(client, physics).status_code == 200


def test_class_page_lists_its_teaching_groups(client_for, gao_er):
    _, semester, (_, history, open_), teachers = gao_er
    group = TeachingGroup.objects.create(
        semester=semester, name="高二物理教学班 1", subject=teachers["物理"].subjects.get(), teacher=teachers["物理"]
    )
    group.classes.set([open_])
    response = _page(client_for("jiaowu"), open_)
    assertContains(response, "高二物理教学班 1")
    assertContains(response, "党员已覆盖（1 名）")
    assertNotContains(_page(client_for("jiaowu"), history), "高二物理教学班 1")

"""The 新学年 pages: preview (constant queries, writes nothing), apply by POST, result with the open decisions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.accounts.models import AuditLog
from dangjian.school.models import SchoolYear
from dangjian.tests import factories as f

PREVIEW = reverse("school:school_year_preview", args=["a"])


def add_cohort(world, number: int, students: int):
    """One class per grade numbered ``number``, ``students`` students each, a 团支部, a homeroom teacher and a
    staff year for him, and a Party member in the grade's group."""
    school, year = world.school, world.year
    for level in (1, 2, 3):
        grade = f.GradeFactory(school=school, school_year=year, level=level)
        teacher = f.StaffFactory(school=school)
        school_class = f.SchoolClassFactory(grade=grade, number=number, homeroom_teacher=teacher)
        teacher.years.create(school_year=year, grade=grade)
        f.LeagueBranchFactory(school_class=school_class)
        for _ in range(students):
            f.EnrollmentFactory(student=f.StudentFactory(school=school), school_class=school_class, school_year=year)
        group = f.OrganizationFactory(school=school, kind="group", grade_level=level, parent=world.branch)
        member = f.PartyMemberFactory(branch=world.branch, group=group)
        member.staff.years.create(school_year=year, grade=grade)


def preview_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PREVIEW).status_code == 200
    return len(queries)


def test_the_preview_uses_a_constant_number_of_queries(world, client_for):
    client = client_for("secretary")
    add_cohort(world, 1, 1)
    small = preview_queries(client)
    for number in (2, 3, 4):
        add_cohort(world, number, 5)
    assert preview_queries(client) == small <= 30


def test_the_preview_shows_the_plan_and_writes_nothing(world, client_for):
    add_cohort(world, 1, 2)
    response = client_for("jiaowu").get(PREVIEW, {"classes": "4"})
    text = response.content.decode()
    assert "预览：开始 2023-2024 学年" in text and "确认开始 2023-2024 学年" in text
    assert "高二（1）班：升入学生 2 人，沿用高一（1）班团支部" in text
    assert "高一（4）班" in text and "新高一年段需要任命年段长" in text
    assert not SchoolYear.objects.filter(start_year=2023).exists()


def test_apply_then_result_then_nothing_left_to_do(world, client_for):
    add_cohort(world, 1, 2)
    client = client_for("secretary")
    response = client.post(
        reverse("school:school_year_apply", args=["a"]), {"year": "2023", "classes": "2"}, follow=True
    )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("school:school_year_result", args=["a", 2023])
    assert "已开始 2023-2024 学年。" in text and "2 个班级需要安排班主任：高一（1）班、高一（2）班" in text
    assert AuditLog.objects.filter(action="school_year.start", user=world.users["secretary"]).count() == 1
    again = client.post(reverse("school:school_year_apply", args=["a"]), {"year": "2023", "classes": "2"}, follow=True)
    assert "2023-2024 学年已开始，无需变更。" in again.content.decode()
    assert AuditLog.objects.filter(action="school_year.start").count() == 1
    assert "预览：开始 2024-2025 学年" in client.get(PREVIEW).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2025", "classes": "1"}, "只能开始 2023-2024 学年"),
        ({"year": "2023", "classes": "99"}, "新高一班级数应在 0 到 40 之间"),
    ],
)
def test_a_refused_start_writes_nothing_and_says_why(world, client_for, data, message):
    add_cohort(world, 1, 1)
    response = client_for("secretary").post(reverse("school:school_year_apply", args=["a"]), data, follow=True)
    assert message in response.content.decode()
    assert not SchoolYear.objects.filter(start_year__gt=2022).exists()


def test_a_school_without_classes_is_told_why(world, client_for):
    text = client_for("secretary").get(PREVIEW).content.decode()
    assert "还没有任何学年的年段和班级" in text and "确认开始" not in text


def test_the_class_list_links_to_the_new_year_for_those_who_may_start_it(world, client_for):
    url = reverse("school:class_list", args=["a"])
    assert PREVIEW in client_for("jiaowu").get(url).content.decode()
    assert PREVIEW not in client_for("party_staff").get(url).content.decode()


def test_the_result_page_of_a_year_followed_by_another_hides_the_decisions(world, client_for):
    add_cohort(world, 1, 1)
    client = client_for("secretary")
    for year in ("2023", "2024"):
        client.post(reverse("school:school_year_apply", args=["a"]), {"year": year})
    text = client.get(reverse("school:school_year_result", args=["a", 2023])).content.decode()
    assert "待决定" not in text and "高二" in text
    assert SchoolYear.objects.get(start_year=2024).starts_on == dt.date(2024, 9, 1)

"""新学年 on the demo: 示范县第一中学 rolled over twice (2022-2023 → 2023-2024 → 2024-2025), the old years unchanged."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from dangjian.demo import generate
from dangjian.league.models import LeagueBranch
from dangjian.party.models import PartyMember
from dangjian.school.enums import StudentStatus
from dangjian.school.models import Enrollment, Grade, School, SchoolClass, StaffYear, Student
from dangjian.school.rollover import next_start_year, school_year_start

pytestmark = pytest.mark.usefixtures("base_story")


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(generate, "MODULE_SEEDERS", ["dangjian.league.demo.seed"])
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2")
    return School.objects.get(code="sfyz")


def year_counts(school, start_year) -> dict:
    """Every per-year count of the school in one school year, by grade."""
    where = {"grade__school": school, "grade__school_year__start_year": start_year}
    return {
        "classes": dict(SchoolClass.objects.filter(**where).values_list("grade__level").annotate(n=Count("pk"))),
        "students": dict(
            Enrollment.objects.filter(**{f"school_class__{k}": v for k, v in where.items()})
            .values_list("school_class__grade__level")
            .annotate(n=Count("pk"))
        ),
        "league": LeagueBranch.objects.filter(school=school, school_year__start_year=start_year).count(),
        "staff": dict(
            StaffYear.objects.filter(staff__school=school, school_year__start_year=start_year)
            .values_list("grade__level")
            .annotate(n=Count("pk"))
        ),
        "heads": list(
            Grade.objects.filter(school=school, school_year__start_year=start_year)
            .order_by("level")
            .values_list("level", "head_id", "deputy_id")
        ),
    }


def test_the_demo_school_rolled_over_twice(demo):
    assert next_start_year(demo) == 2023
    old = {y: year_counts(demo, y) for y in range(2018, 2023)}
    top = set(
        Enrollment.objects.filter(
            school_class__grade__school=demo, school_year__start_year=2022, school_class__grade__level=3
        ).values_list("student_id", flat=True)
    )
    groups_before = dict(PartyMember.objects.filter(staff__school=demo).values_list("pk", "group__grade_level"))

    first = school_year_start(school=demo, start_year=2023, new_classes=3)
    assert first.decisions[0].startswith("新高一年段需要任命年段长")
    new = year_counts(demo, 2023)
    assert new["classes"] == {1: 3, 2: 2, 3: 2}
    assert new["students"] == {2: old[2022]["students"][1], 3: old[2022]["students"][2]}
    assert new["league"] == old[2022]["classes"][1] + old[2022]["classes"][2]
    heads = {lv: (h, d) for lv, h, d in old[2022]["heads"]}
    assert [(lv, h, d) for lv, h, d in new["heads"]] == [(1, None, None), (2, *heads[1]), (3, *heads[2])]
    assert (
        sum(new["staff"].values())
        == StaffYear.objects.filter(staff__school=demo, staff__is_active=True, school_year__start_year=2022).count()
    )
    assert set(Student.objects.filter(pk__in=top).values_list("status", flat=True)) == {StudentStatus.GRADUATED}
    moved = {
        pk: level
        for pk, level in PartyMember.objects.filter(staff__school=demo).values_list("pk", "group__grade_level")
        if level != groups_before[pk]
    }
    assert moved and all(groups_before[pk] % 3 + 1 == level for pk, level in moved.items())

    second = school_year_start(school=demo, start_year=2024)
    assert second.new_classes == [1, 2, 3]  # as many as last year's 高一
    assert year_counts(demo, 2024)["classes"] == {1: 3, 2: 3, 3: 2}
    assert year_counts(demo, 2024)["students"] == {3: old[2022]["students"][1]}
    assert {y: year_counts(demo, y) for y in range(2018, 2023)} == old
    assert year_counts(demo, 2023) == new
    assert school_year_start(school=demo, start_year=2024).is_empty

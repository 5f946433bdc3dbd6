"""seed_demo --classes-per-grade 2: the small demo, seeded once for the module (module_transaction)."""

import datetime as dt

import pytest
from django.apps import apps

from dangjian.conftest import BASE_STORY_DAY, module_writes
from dangjian.demo.tests.test_seed_demo import SMALL, seed
from dangjian.school.enums import PARTY_STATUSES, StudentStatus
from dangjian.school.models import (
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Student,
    Subject,
)
from dangjian.staffing import queries
from dangjian.staffing.models import TeachingAssignment

pytestmark = pytest.mark.usefixtures("base_story")


@pytest.fixture(scope="module")
def seeded(module_transaction, django_db_blocker) -> str:
    """The small demo, seeded once for the tests of this module, which only read it; what seeding printed."""
    with module_writes(django_db_blocker, {"DANGJIAN_TODAY": BASE_STORY_DAY}):
        return seed(*SMALL)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_small_run_builds_both_schools_with_five_years(db, seeded):
    assert list(School.objects.order_by("code").values_list("code", "county__code")) == [
        ("sfez", "sfx"),
        ("sfyz", "sfx"),
    ]
    assert list(SchoolYear.objects.order_by("start_year").values_list("start_year", flat=True)) == [
        2018, 2019, 2020, 2021, 2022
    ]  # fmt: skip
    assert Semester.objects.count() == 10
    assert Semester.objects.get(school_year__start_year=2022, term=1).ends_on == dt.date(2023, 1, 31)
    main = School.objects.get(code="sfyz")
    assert main.spirit == "特别能吃苦、特别能奉献、特别讲大局"
    assert Subject.objects.filter(school=main).count() == 14
    assert Grade.objects.filter(school=main).count() == 15
    assert SchoolClass.objects.filter(grade__school=main).count() == 15 * 2
    assert SchoolClass.objects.filter(grade__school__code="sfez").count() == 15 * 6
    assert SchoolClass.objects.filter(homeroom_teacher__isnull=True).count() == 0
    assert Grade.objects.filter(head__isnull=True).count() + Grade.objects.filter(deputy__isnull=True).count() == 0
    assert Grade.objects.exclude(head__political_status__in=PARTY_STATUSES).count() == 0


def test_homeroom_teachers_belong_to_their_school_and_teach_one_class_a_year(db, seeded):
    rows = SchoolClass.objects.values_list("grade__school_id", "homeroom_teacher__school_id")
    assert all(school == teacher_school for school, teacher_school in rows)
    per_year = SchoolClass.objects.values_list("grade__school_year_id", "homeroom_teacher_id")
    assert len(set(per_year)) == len(per_year)


def test_students_move_up_a_grade_each_year_and_graduate(db, seeded):
    student = Student.objects.get(school__code="sfyz", student_number="2020010101")
    history = list(
        student.enrollments.order_by("school_year__start_year").values_list(
            "school_year__start_year", "school_class__grade__level", "school_class__number"
        )
    )
    assert history == [(2020, 1, 1), (2021, 2, 1), (2022, 3, 1)]
    assert student.status == StudentStatus.ENROLLED
    graduate = Student.objects.get(school__code="sfyz", student_number="2016010101")
    assert graduate.status == StudentStatus.GRADUATED
    assert list(graduate.enrollments.values_list("school_year__start_year", "school_class__grade__level")) == [
        (2018, 3)
    ]


def test_second_run_changes_no_row_count(db, seeded):
    before = row_counts()
    out = seed("--classes-per-grade", "2")
    assert row_counts() == before
    assert "已存在" in out.splitlines()[0]


def test_quiet_prints_nothing(db, seeded):
    assert seeded == ""


def test_classes_from_gao_er_have_combinations_and_their_teams_follow_them(db, seeded):
    rows = SchoolClass.objects.filter(grade__school__code="sfez", grade__school_year__start_year=2022)
    combinations = {(lv, n): c for lv, n, c in rows.values_list("grade__level", "number", "combination")}
    assert {c for (lv, _), c in combinations.items() if lv == 1} == {""}
    assert [combinations[(2, n)] for n in range(1, 7)] == ["物化生", "物化生", "物地生", "物政地", "史政地", "史地生"]
    assert [combinations[(3, n)] for n in range(1, 7)] == ["物化生"] * 4 + ["史政地"] * 2  # 文理分科 cohort
    history = rows.get(grade__level=2, number=5)
    taught = set(TeachingAssignment.objects.filter(school_class=history).values_list("subject__name", flat=True))
    assert {"政治", "历史", "地理"} <= taught and not taught & {"物理", "化学", "生物"}
    latest = Semester.objects.get(school_year__start_year=2022, term=2)
    coverage = queries.semester_coverage(School.objects.get(code="sfez"), latest)
    assert (coverage.missing, coverage.outside) == ([], [])

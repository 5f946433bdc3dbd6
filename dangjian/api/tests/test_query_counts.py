"""Every list endpoint runs a fixed number of queries, whatever the number of items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.school.models import Skill
from dangjian.tests import factories as f

MAX_QUERIES = 12


def _add_staff(world, k):
    math = f.SubjectFactory(school=world.school, name="数学")
    office = f.DepartmentFactory(school=world.school, name="教务处")
    skill, _ = Skill.objects.get_or_create(name="书法")
    for _ in range(k):
        staff = f.StaffFactory(school=world.school, department=office)
        staff.subjects.set([math])
        staff.skills.set([skill])


def _add_students(world, k):
    school_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year)
    for _ in range(k):
        f.EnrollmentFactory(student__school=world.school, school_class=school_class)


def _add_classes(world, k):
    for _ in range(k):
        school_class = f.SchoolClassFactory(
            grade__school=world.school,
            grade__school_year=world.year,
            homeroom_teacher=f.StaffFactory(school=world.school),
        )
        f.EnrollmentFactory(student__school=world.school, school_class=school_class)


def _add_organizations(world, k):
    for _ in range(k):
        group = f.OrganizationFactory(school=world.school, kind="group", parent=world.branch)
        f.OrganizationPostFactory(organization=group, post="group_leader")
        f.PartyMemberFactory(branch=world.branch, group=group)


# path: (adds k items, items already in the world fixture)
LISTS = {
    "/api/v1/staff": (_add_staff, 1),  # the teacher's own record
    "/api/v1/students": (_add_students, 0),
    "/api/v1/classes": (_add_classes, 0),
    "/api/v1/organizations": (_add_organizations, 1),  # the branch
}


def _fill(world, path, n):
    add, existing = LISTS[path]
    add(world, n - existing)


def _queries(api, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, {"school": "a"})
    assert response.status_code == 200, response.content.decode()
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("path", list(LISTS))
@pytest.mark.parametrize("n", [1, 5])
def test_list_query_count(api_for, world, django_assert_max_num_queries, path, n):
    _fill(world, path, n)
    api = api_for("secretary")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(path, {"school": "a"})
    assert response.json()["count"] == n


@pytest.mark.parametrize("path", list(LISTS))
def test_list_query_count_does_not_grow(api_for, world, path):
    api = api_for("secretary")
    _fill(world, path, 1)
    with_one = _queries(api, path)
    LISTS[path][0](world, 4)
    with_five = _queries(api, path)
    assert with_five == (with_one[0], 5)


def test_schools_list_query_count(api_for, world, django_assert_max_num_queries):
    api = api_for("county")
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/schools").json()["count"] == 2

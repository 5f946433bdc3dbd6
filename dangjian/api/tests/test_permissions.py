"""Who gets what, endpoint by endpoint: the same answers as the pages (deny by default, 404 to
outsiders and to the county committee for anything below /schools, 403 to readers who write)."""

from dataclasses import dataclass

import pytest

from dangjian.conftest import ROLE_NAMES
from dangjian.tests import factories as f


@dataclass
class Objects:
    other_staff: object  # school A, not in the branch
    own_staff: object  # the teacher's own record, a member of the branch
    student: object
    school_class: object
    org: object


@pytest.fixture
def objects(world):
    school_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year, number=1)
    student = f.StudentFactory(school=world.school)
    f.EnrollmentFactory(student=student, school_class=school_class)
    return Objects(
        other_staff=f.StaffFactory(school=world.school, name="李老师"),
        own_staff=world.users["teacher"].staff,
        student=student,
        school_class=school_class,
        org=world.branch,
    )


def _staff_put(o):
    return {"staff_number": o.other_staff.staff_number, "name": "李老师", "gender": "F"}


# name: (method, path, payload)
ENDPOINTS = {
    "schools_list": ("get", lambda o: "/api/v1/schools", None),
    "school_detail": ("get", lambda o: "/api/v1/schools/a", None),
    "staff_list": ("get", lambda o: "/api/v1/staff?school=a", None),
    "staff_detail_other": ("get", lambda o: f"/api/v1/staff/{o.other_staff.pk}", None),
    "staff_detail_own": ("get", lambda o: f"/api/v1/staff/{o.own_staff.pk}", None),
    "staff_create": (
        "post",
        lambda o: "/api/v1/staff?school=a",
        lambda o: {"staff_number": "T9001", "name": "新老师", "gender": "M"},
    ),
    "staff_patch_other": (
        "patch",
        lambda o: f"/api/v1/staff/{o.other_staff.pk}",
        lambda o: {"position": "教研组长"},
    ),
    "staff_put_other": ("put", lambda o: f"/api/v1/staff/{o.other_staff.pk}", _staff_put),
    "staff_patch_own": (
        "patch",
        lambda o: f"/api/v1/staff/{o.own_staff.pk}",
        lambda o: {"phone": "13800000000"},
    ),
    "student_list": ("get", lambda o: "/api/v1/students?school=a", None),
    "student_detail": ("get", lambda o: f"/api/v1/students/{o.student.pk}", None),
    "student_create": (
        "post",
        lambda o: "/api/v1/students?school=a",
        lambda o: {"student_number": "S9001", "name": "新同学", "gender": "F"},
    ),
    "student_patch": (
        "patch",
        lambda o: f"/api/v1/students/{o.student.pk}",
        lambda o: {"is_league_member": True},
    ),
    "class_list": ("get", lambda o: "/api/v1/classes?school=a", None),
    "class_detail": ("get", lambda o: f"/api/v1/classes/{o.school_class.pk}", None),
    "class_create": ("post", lambda o: "/api/v1/classes?school=a", lambda o: {"level": 2, "number": 5}),
    "class_patch": ("patch", lambda o: f"/api/v1/classes/{o.school_class.pk}", lambda o: {"number": 7}),
    "org_list": ("get", lambda o: "/api/v1/organizations?school=a", None),
    "org_detail": ("get", lambda o: f"/api/v1/organizations/{o.org.pk}", None),
    "org_create": (
        "post",
        lambda o: "/api/v1/organizations?school=a",
        lambda o: {"name": "第一党小组", "kind": "group", "parent": o.org.pk},
    ),
    "org_patch": ("patch", lambda o: f"/api/v1/organizations/{o.org.pk}", lambda o: {"order": 3}),
}

# Expected status per role, in ROLE_NAMES order:
#        anonymous secretary party_staff branch jiaowu counsellor teacher outsider county superuser
EXPECTED = {
    "schools_list":       [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "school_detail":      [401, 200, 200, 200, 200, 200, 200, 404, 200, 200],
    "staff_list":         [401, 200, 200, 200, 200, 200, 403, 404, 404, 200],
    "staff_detail_other": [401, 200, 200, 404, 200, 200, 404, 404, 404, 200],
    "staff_detail_own":   [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "staff_create":       [401, 201, 201, 403, 201, 403, 403, 404, 404, 201],
    "staff_patch_other":  [401, 200, 200, 404, 200, 403, 404, 404, 404, 200],
    "staff_put_other":    [401, 200, 200, 404, 200, 403, 404, 404, 404, 200],
    "staff_patch_own":    [401, 200, 200, 403, 200, 403, 403, 404, 404, 200],
    "student_list":       [401, 200, 200, 403, 200, 200, 403, 404, 404, 200],
    "student_detail":     [401, 200, 200, 404, 200, 200, 404, 404, 404, 200],
    "student_create":     [401, 201, 201, 403, 201, 403, 403, 404, 404, 201],
    "student_patch":      [401, 200, 200, 404, 200, 403, 404, 404, 404, 200],
    "class_list":         [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "class_detail":       [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "class_create":       [401, 201, 201, 403, 201, 403, 403, 404, 404, 201],
    "class_patch":        [401, 200, 200, 403, 200, 403, 403, 404, 404, 200],
    "org_list":           [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "org_detail":         [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "org_create":         [401, 201, 201, 201, 403, 403, 403, 404, 404, 201],
    "org_patch":          [401, 200, 200, 200, 403, 403, 403, 404, 404, 200],
}  # fmt: skip

CASES = [
    pytest.param(endpoint, role, EXPECTED[endpoint][i], id=f"{endpoint}-{role}")
    for endpoint in ENDPOINTS
    for i, role in enumerate(ROLE_NAMES)
]


def test_matrix_covers_every_endpoint_and_role():
    assert set(EXPECTED) == set(ENDPOINTS)
    assert all(len(row) == len(ROLE_NAMES) for row in EXPECTED.values())


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_matrix(api_for, objects, endpoint, role, expected):
    method, path, payload = ENDPOINTS[endpoint]
    api = api_for(role)
    response = api.get(path(objects)) if method == "get" else getattr(api, method)(path(objects), payload(objects))
    assert response.status_code == expected, response.content.decode()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if expected >= 400:
        assert set(response.json()) == {"detail"}


def _ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_teacher_reads_own_record_but_not_the_staff_list(api_for, objects):
    api = api_for("teacher")
    assert api.get("/api/v1/staff", {"school": "a"}).status_code == 403
    assert api.get(f"/api/v1/staff/{objects.own_staff.pk}").json()["id"] == objects.own_staff.pk


def test_branch_secretary_lists_members_of_the_branch_subtree(api_for, world, objects):
    group = f.OrganizationFactory(school=world.school, name="第一党小组", kind="group", parent=world.branch)
    in_group = f.PartyMemberFactory(branch=world.branch, group=group).staff
    f.PartyMemberFactory(branch=f.OrganizationFactory(school=world.school, name="第二党支部"))
    response = api_for("branch").get("/api/v1/staff", {"school": "a"})
    assert sorted(_ids(response)) == sorted([objects.own_staff.pk, in_group.pk])


def test_office_roles_list_the_whole_school(api_for, world, objects):
    response = api_for("counsellor").get("/api/v1/staff", {"school": "a"})
    assert sorted(_ids(response)) == sorted([objects.own_staff.pk, objects.other_staff.pk])


def test_schools_list_per_role(api_for, world):
    def codes(role):
        return [s["code"] for s in api_for(role).get("/api/v1/schools").json()["items"]]

    assert codes("secretary") == ["a"]
    assert codes("teacher") == ["a"]
    assert codes("outsider") == ["b"]
    assert codes("county") == ["a", "b"]
    assert codes("superuser") == ["a", "b"]


def test_outsider_reaches_their_own_school(api_for, world):
    own = world.users["outsider"].staff
    assert api_for("outsider").get(f"/api/v1/staff/{own.pk}").json()["name"] == "外校老师"
    assert api_for("outsider").get("/api/v1/classes", {"school": "b"}).status_code == 200


def test_other_school_objects_are_404_to_a_secretary_of_school_a(api_for, world):
    b_staff = world.users["outsider"].staff
    b_student = f.StudentFactory(school=world.other_school)
    b_org = f.OrganizationFactory(school=world.other_school)
    b_class = f.SchoolClassFactory(grade__school=world.other_school, grade__school_year=world.year)
    api = api_for("secretary")
    assert api.get("/api/v1/staff", {"school": "b"}).status_code == 404
    assert api.get("/api/v1/schools/b").status_code == 404
    assert api.get(f"/api/v1/staff/{b_staff.pk}").status_code == 404
    assert api.patch(f"/api/v1/staff/{b_staff.pk}", {"name": "改"}).status_code == 404
    assert api.get(f"/api/v1/students/{b_student.pk}").status_code == 404
    assert api.get(f"/api/v1/classes/{b_class.pk}").status_code == 404
    assert api.get(f"/api/v1/organizations/{b_org.pk}").status_code == 404
    assert api.post("/api/v1/staff?school=b", {"staff_number": "X", "name": "X", "gender": "M"}).status_code == 404


def test_unknown_school_is_404_with_message(api_for, world):
    response = api_for("secretary").get("/api/v1/staff", {"school": "nope"})
    assert response.status_code == 404
    assert response.json() == {"detail": "学校“nope”不存在或无权访问"}


def test_unknown_id_is_404(api_for, world):
    response = api_for("superuser").get("/api/v1/staff/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在或无权访问"}

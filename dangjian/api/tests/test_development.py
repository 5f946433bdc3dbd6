"""/api/v1/development: the same permissions, rules and services as the pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.conftest import ROLE_NAMES
from dangjian.development.models import DevelopmentFile
from dangjian.development.tests.conftest import (  # noqa: F401  (fixture)
    ddata,
    open_file,
    open_student_file,
    recommended_student,
)
from dangjian.tests import factories as f

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}
DEVELOPERS = ADMINS | {"branch"}


def expect(allowed, ok=200, hidden=frozenset()):
    out = {}
    for role in ROLE_NAMES:
        if role == "anonymous":
            out[role] = 401
        elif role in allowed:
            out[role] = ok
        elif role in MEMBERS and role not in hidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_reads(api_for, world, ddata, role):  # noqa: F811
    api = api_for(role)
    got = {
        "files": api.get("/api/v1/development/files", {"school": "a"}).status_code,
        "file": api.get(f"/api/v1/development/files/{ddata.file.pk}").status_code,
        "figures": api.get("/api/v1/development/figures", {"school": "a"}).status_code,
    }
    assert got == dict.fromkeys(got, expect(DEVELOPERS)[role])
    other = api.get(f"/api/v1/development/files/{ddata.other.pk}").status_code
    assert other == expect(ADMINS, hidden={"branch"})[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_writes(api_for, world, ddata, role):  # noqa: F811
    api = api_for(role)
    step = api.post(f"/api/v1/development/files/{ddata.file.pk}/steps", {"kind": "talk", "date": "2024-05-20"})
    assert step.status_code == expect(DEVELOPERS, 201)[role]
    person = world.school.staff.create(staff_number="N1", name="新教师", gender="F", birth_date=dt.date(1999, 1, 1))
    payload = {"staff": person.pk, "branch": world.branch.pk, "date": "2024-06-01"}
    assert api.post("/api/v1/development/files?school=a", payload).status_code == expect(DEVELOPERS, 201)[role]


def test_file_shape(api_for, world, ddata):  # noqa: F811
    body = api_for("branch").get(f"/api/v1/development/files/{ddata.file.pk}").json()
    assert body["stage"] == "applicant"
    assert body["next"] == {
        "kind": "talk",
        "kind_display": "派人谈话",
        "earliest": None,
        "deadline": "2024-06-01",
        "overdue": True,
        "due_soon": False,
    }
    assert [(s["kind"], s["date"], s["has_document"]) for s in body["steps"]] == [("application", "2024-05-01", True)]


def test_a_step_the_rules_refuse_is_409_with_the_rule(api_for, world, ddata):  # noqa: F811
    api = api_for("branch")
    url = f"/api/v1/development/files/{ddata.file.pk}/steps"
    response = api.post(url, {"kind": "talk", "date": "2024-04-01"})
    assert (response.status_code, response.json()["detail"]) == (
        409,
        "“派人谈话”的日期不能早于上一步“递交入党申请”（2024-05-01）。",
    )
    assert api.post(url, {"kind": "activist", "date": "2024-06-01"}).status_code == 422
    assert api.post(url, {"kind": "talk", "date": "2024-05-20"}).status_code == 201
    response = api.post(url, {"kind": "activist", "date": "2024-06-01", "contact_1": ddata.members[0].pk})
    assert response.json()["detail"].startswith("确定入党积极分子时须指定两名培养联系人")


def test_an_underage_applicant_is_409(api_for, world, ddata):  # noqa: F811
    person = world.school.staff.create(staff_number="N1", name="少年", gender="F", birth_date=dt.date(2007, 1, 1))
    payload = {"staff": person.pk, "branch": world.branch.pk, "date": "2024-06-01"}
    response = api_for("secretary").post("/api/v1/development/files?school=a", payload)
    assert (response.status_code, response.json()["detail"]) == (409, "入党申请人须年满十八岁（按递交申请之日计算）。")


def test_figures(api_for, world, ddata):  # noqa: F811
    body = api_for("secretary").get("/api/v1/development/figures", {"school": "a", "year": 2023}).json()
    assert body == {
        "year": 2023,
        "by_stage": {"applicant": 2, "activist": 0, "candidate": 0, "probationary": 0, "full": 0},
    }


def test_list_query_count_does_not_grow(api_for, world, ddata):  # noqa: F811
    api = api_for("secretary")
    counts = []
    for n in (0, 4):
        for i in range(n):
            open_file(world.school, world.branch, f"申请人{i}", dt.date(2024, 6, 1))
            student = recommended_student(world.school, f"学生{i}", dt.date(2006, 1, 1))
            open_student_file(world.school, world.branch, student, dt.date(2024, 6, 1))
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/development/files", {"school": "a"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_student_file_through_the_api(api_for, world, ddata):  # noqa: F811
    student = recommended_student(world.school, "王同学", dt.date(2006, 6, 1))
    api = api_for("secretary")
    payload = {"student": student.pk, "branch": world.branch.pk, "date": "2024-06-02"}
    body = api.post("/api/v1/development/files?school=a", payload).json()
    assert (body["name"], body["staff"], body["student"], body["person_kind"], body["stage"]) == (
        "王同学",
        None,
        student.pk,
        "推优学生",
        "applicant",
    )
    listed = api.get("/api/v1/development/files", {"school": "a"}).json()["items"]
    assert [item["name"] for item in listed if item["student"]] == ["王同学"]
    young = recommended_student(world.school, "小同学", dt.date(2006, 7, 1))
    response = api.post("/api/v1/development/files?school=a", {**payload, "student": young.pk, "date": "2024-06-30"})
    assert (response.status_code, response.json()["detail"]) == (409, "入党申请人须年满十八岁（按递交申请之日计算）。")


def test_a_file_names_one_applicant_and_students_are_the_party_offices(api_for, world, ddata):  # noqa: F811
    """Old code took the student and dropped the staff id silently when both were sent, and let any branch
    secretary open a file for any recommended student of the school."""
    student = recommended_student(world.school, "王同学", dt.date(2006, 6, 1))
    staff = f.StaffFactory(school=world.school, birth_date=dt.date(1990, 1, 1))
    both = {"staff": staff.pk, "student": student.pk, "branch": world.branch.pk, "date": "2024-06-02"}
    response = api_for("secretary").post("/api/v1/development/files?school=a", both)
    assert response.status_code == 422
    assert "只能选一人" in str(response.json())
    response = api_for("branch").post("/api/v1/development/files?school=a", {**both, "staff": None})
    assert response.status_code == 422
    assert not DevelopmentFile.objects.filter(student=student).exists()

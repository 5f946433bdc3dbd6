"""/api/v1/staffing: permissions, the coverage check, runs and apply."""

import pytest

from dangjian.staffing.models import OptimizerRun
from dangjian.staffing.tests.conftest import build_small

ALLOWED = {"secretary", "party_staff", "jiaowu", "superuser"}
READERS = {"branch", "counsellor", "teacher"}


def expected(role, ok=200):
    if role == "anonymous":
        return 401
    if role in ALLOWED:
        return ok
    return 403 if role in READERS else 404


@pytest.fixture
def small(world):
    return build_small(world)


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "secretary",
        "party_staff",
        "branch",
        "jiaowu",
        "counsellor",
        "teacher",
        "outsider",
        "county",
        "superuser",
    ],
)
def test_permissions(api_for, small, role):
    api = api_for(role)
    assert api.get("/api/v1/staffing/coverage?school=a").status_code == expected(role)
    assert api.get("/api/v1/staffing/coverage/classes?school=a").status_code == expected(role)
    assert api.get("/api/v1/staffing/groups?school=a").status_code == expected(role)
    assert api.get("/api/v1/staffing/runs?school=a").status_code == expected(role)
    response = api.post("/api/v1/staffing/runs?school=a", {"time_limit": 2})
    assert response.status_code == expected(role, 201)
    assert OptimizerRun.objects.count() == (1 if role in ALLOWED else 0)


def test_coverage(api_for, small):
    body = api_for("jiaowu").get("/api/v1/staffing/coverage?school=a&semester=2022-2023-2").json()
    assert body["uncovered"] == ["高一（1）班"]
    assert body["findings"] == [{"level": "danger", "message": "1 个班级的任课教师和班主任中没有党员：高一（1）班"}]
    assert (body["classes"], body["slots"], body["assigned"]) == (3, 9, 9)
    page = api_for("jiaowu").get("/api/v1/staffing/coverage/classes?school=a&uncovered=true").json()
    assert page["count"] == 1
    assert page["items"][0]["team"][0] == {
        "subject": "语文",
        "teacher_id": small.teachers[("语文", 0)].pk,
        "teacher": "语文老师1",
        "party_member": False,
    }


def test_unknown_semester_is_404(api_for, small):
    response = api_for("jiaowu").get("/api/v1/staffing/coverage?school=a&semester=1999-2000-1")
    assert response.status_code == 404
    assert response.json() == {"detail": "学期“1999-2000-1”不存在"}


def test_run_pin_and_apply(bearer_for, small):
    api = bearer_for("jiaowu")
    klass, teacher = small.classes[1], small.teachers[("英语", 1)]
    response = api.post(
        "/api/v1/staffing/runs?school=a",
        {
            "semester": "2022-2023-2",
            "time_limit": 5,
            "pinned": [{"class": klass.pk, "subject": "英语", "teacher": teacher.pk}],
        },
    )
    assert response.status_code == 201
    run = response.json()
    assert run["status"] == "optimal"
    assert {"class": klass.pk, "subject": "英语", "teacher": teacher.pk} in run["solution"]["assignments"]
    assert api.get(f"/api/v1/staffing/runs/{run['id']}").json()["pinned"] == [
        {"class": klass.pk, "subject": "英语", "teacher": teacher.pk}
    ]
    applied = api.post(f"/api/v1/staffing/runs/{run['id']}/apply")
    assert applied.status_code == 200
    assert applied.json()["assignments"] == 9
    assert api.get("/api/v1/staffing/coverage?school=a").json()["uncovered"] == []
    again = api.post(f"/api/v1/staffing/runs/{run['id']}/apply")
    assert again.status_code == 422
    assert again.json()["errors"] == {"__all__": ["该方案已经应用过。"]}


def test_bad_pins_answer_422(api_for, small):
    response = api_for("jiaowu").post(
        "/api/v1/staffing/runs?school=a", {"pinned": [{"class": 999999, "subject": "语文", "teacher": 1}]}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["pinned[0]：未知班级 id 999999。", "pinned[0]：未知教师 id 1。"]}
    response = api_for("jiaowu").post("/api/v1/staffing/runs?school=a", {"time_limit": 0, "colour": "red"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"时限（秒）": ["不能小于 1。"], "colour": ["不支持此字段。"]}


def test_other_schools_run_is_404(api_for, small, world):
    run = OptimizerRun.objects.create(
        school=world.other_school, semester=small.semester, status="optimal", time_limit=1, problem={}, solution={}
    )
    assert api_for("jiaowu").get(f"/api/v1/staffing/runs/{run.pk}").status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_run_list_query_count(api_for, small, world, django_assert_max_num_queries, n):
    for _ in range(n):
        OptimizerRun.objects.create(
            school=world.school, semester=small.semester, status="optimal", time_limit=1, problem={}, solution={}
        )
    api = api_for("jiaowu")
    with django_assert_max_num_queries(12):
        body = api.get("/api/v1/staffing/runs?school=a").json()
    assert body["count"] == n

"""/api/v1/subjects: the same permissions, forms and figures as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.conftest import ROLE_NAMES
from dangjian.subjects.models import SubjectActivity, SubjectLink
from dangjian.subjects.tests.conftest import sdata  # noqa: F401  (fixture)
from dangjian.tests import factories as f

ROLES = [*ROLE_NAMES, "cadre"]
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser", "cadre"}
ADMINS = {"secretary", "party_staff", "superuser"}


def expect(allowed, *, hidden=frozenset(), ok=200):
    out = {}
    for role in ROLES:
        if role == "anonymous":
            out[role] = 401
        elif role in allowed:
            out[role] = ok
        elif role in MEMBERS and role not in hidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


ACTIVITY = {"kind": "demo_lesson", "date": "2022-10-10", "topic": "动量定理"}


@pytest.mark.parametrize("role", ROLES)
def test_reads(api_for, world, sdata, role):  # noqa: F811
    api = api_for(role)
    assert api.get("/api/v1/subjects/links", {"school": "a"}).status_code == expect(MEMBERS)[role]
    assert api.get("/api/v1/subjects/activities", {"school": "a"}).status_code == expect(MEMBERS)[role]
    assert api.get("/api/v1/subjects/figures", {"school": "a"}).status_code == expect(MEMBERS)[role]
    detail = api.get(f"/api/v1/subjects/links/{sdata.link.pk}")
    full = ADMINS | {"jiaowu", "cadre"}
    assert detail.status_code == expect(full, hidden={"branch", "counsellor", "teacher"})[role]
    activity = api.get(f"/api/v1/subjects/activities/{f.SubjectActivityFactory(link=sdata.link).pk}")
    assert activity.status_code == expect(full, hidden={"branch", "counsellor", "teacher"})[role]


@pytest.mark.parametrize("role", ROLES)
def test_link_create_and_publish_are_for_admins(api_for, world, sdata, role):  # noqa: F811
    api = api_for(role)
    response = api.post(
        "/api/v1/subjects/links?school=a&year=2022", {"cadre": sdata.cadre.pk, "subject": sdata.chemistry.pk}
    )
    assert response.status_code == expect(ADMINS, ok=201)[role]
    response = api.post("/api/v1/subjects/links/publish?school=a&year=2022", {})
    assert response.status_code == expect(ADMINS)[role]


@pytest.mark.parametrize("role", ROLES)
def test_activity_create_is_for_the_cadre_and_admins(api_for, world, sdata, role):  # noqa: F811
    response = api_for(role).post("/api/v1/subjects/activities", {"link": sdata.link.pk, **ACTIVITY})
    expected = expect(ADMINS | {"cadre"}, hidden={"branch", "counsellor", "teacher"}, ok=201)[role]
    assert response.status_code == expected


def test_link_to_another_schools_subject_is_422(api_for, world, sdata):  # noqa: F811
    response = api_for("secretary").post(
        "/api/v1/subjects/links?school=a", {"cadre": sdata.cadre.pk, "subject": sdata.other_school_subject.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"挂钩学科": ["所选学科不是本校开设的学科。"]}
    assert SubjectLink.objects.count() == 1


def test_cadre_logs_an_activity_and_the_figure_rises(api_for, world, sdata):  # noqa: F811
    api = api_for("cadre")
    payload = {"link": sdata.link.pk, **ACTIVITY, "participants": [sdata.group_member.pk]}
    response = api.post("/api/v1/subjects/activities", payload)
    assert response.status_code == 201
    body = response.json()
    assert (body["kind_display"], body["subject"]["name"], [p["name"] for p in body["participants"]]) == (
        "示范课",
        "物理",
        ["王老师"],
    )
    figures = api_for("secretary").get("/api/v1/subjects/figures", {"school": "a", "year": "2022"}).json()
    physics = next(s for s in figures["subjects"] if s["name"] == "物理")
    assert physics["first_term"] == {"activities": 1, "demo_lessons": 1}
    assert figures["findings"] == [{"level": "danger", "message": "化学：没有挂钩干部"}]
    mine = api_for("cadre").get("/api/v1/subjects/figures", {"school": "a", "year": "2022"}).json()
    assert (mine["subjects"], [c["name"] for c in mine["cadres"]]) == ([], ["赵校长"])


def test_bad_activity_input_is_422_in_chinese(api_for, world, sdata):  # noqa: F811
    response = api_for("cadre").post(
        "/api/v1/subjects/activities", {"link": sdata.link.pk, **ACTIVITY, "date": "2023-09-01"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"日期": ["日期应在 2022-2023学年 内（2022-09-01 至 2023-08-31）。"]}
    assert SubjectActivity.objects.count() == 0


def test_teacher_evaluates_and_patch_changes_topic(api_for, world, sdata):  # noqa: F811
    activity = f.SubjectActivityFactory(link=sdata.link)
    activity.participants.set([sdata.group_member])
    response = api_for("teacher").post(f"/api/v1/subjects/activities/{activity.pk}/evaluations", {"score": 93})
    assert response.status_code == 201
    assert (response.json()["evaluator"]["name"], response.json()["score"]) == ("王老师", 93)
    response = api_for("teacher").post(f"/api/v1/subjects/activities/{activity.pk}/evaluations", {"score": 101})
    assert response.json()["errors"] == {"评分": ["评分应在 0 到 100 之间。"]}
    response = api_for("cadre").patch(f"/api/v1/subjects/activities/{activity.pk}", {"topic": "新主题"})
    assert (response.status_code, response.json()["topic"], response.json()["average_score"]) == (200, "新主题", 93.0)


@pytest.mark.parametrize("role", ROLES)
def test_activity_delete_is_for_who_may_edit(api_for, world, sdata, role):  # noqa: F811
    activity = f.SubjectActivityFactory(link=sdata.link)
    activity.participants.set([sdata.group_member])
    response = api_for(role).client.delete(f"/api/v1/subjects/activities/{activity.pk}")
    deleters = ADMINS | {"cadre"}
    expected = expect(deleters, hidden={"branch", "counsellor"}, ok=204)[role]
    still_there = SubjectActivity.objects.filter(pk=activity.pk).exists()
    assert (response.status_code, still_there) == (expected, role not in deleters)


def test_evaluated_activity_delete_is_422_for_the_cadre(api_for, world, sdata):  # noqa: F811
    activity = f.SubjectActivityFactory(link=sdata.link)
    f.LessonEvaluationFactory(activity=activity, evaluator=sdata.group_member)
    response = api_for("cadre").client.delete(f"/api/v1/subjects/activities/{activity.pk}")
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {
            "__all__": [
                "该示范课已有 1 条评课，删除会一并删除同事的评课，挂钩干部不能删除；"
                "如确属重复录入，请联系书记或党务干部删除。"
            ]
        },
    )
    assert api_for("secretary").client.delete(f"/api/v1/subjects/activities/{activity.pk}").status_code == 204
    assert SubjectActivity.objects.count() == 0


def _fill(world, n):
    for i in range(n):
        link = f.SubjectLinkFactory(
            school=world.school, school_year=world.year, subject=f.SubjectFactory(school=world.school, name=f"科{i}")
        )
        activity = f.SubjectActivityFactory(link=link)
        activity.participants.set([f.StaffFactory(school=world.school)])


@pytest.mark.parametrize("path", ["/api/v1/subjects/links", "/api/v1/subjects/activities"])
def test_list_query_count_does_not_grow(api_for, world, path):
    api = api_for("secretary")
    counts = []
    for n in (1, 4):
        _fill(world, n)
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(path, {"school": "a"})
        counts.append((len(ctx.captured_queries), response.json()["count"]))
    assert counts[0][0] == counts[1][0]
    assert (counts[0][1], counts[1][1]) == (1, 5)

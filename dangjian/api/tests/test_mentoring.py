"""/api/v1/mentoring: the same permissions, rules and messages as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.mentoring.models import Evaluation, MentoringActivity, Mentorship
from dangjian.mentoring.tests.conftest import media_root, mentoring  # noqa: F401  (fixtures)
from dangjian.tests import factories as f

from .conftest import JsonClient


@pytest.fixture
def as_role(client, world, mentoring):  # noqa: F811
    def make(role: str) -> JsonClient:
        client.logout()
        user = world.users.get(role)
        if user is not None:
            client.force_login(user)
        return JsonClient(client)

    return make


ROLES = ["anonymous", "secretary", "party_staff", "jiaowu", "teacher", "young", "outsider", "county", "superuser"]


def expect(allowed: set, forbidden: set) -> dict:
    out = {}
    for role in ROLES:
        if role == "anonymous":
            out[role] = 401
        elif role in allowed:
            out[role] = 200
        elif role in forbidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


MANAGERS = {"secretary", "party_staff", "superuser"}
MEMBERS_NOT_MANAGING = {"jiaowu", "teacher", "young"}

READS = {
    "young_teachers": (
        "get",
        lambda m: "/api/v1/mentoring/young-teachers?school=a",
        expect(MANAGERS, MEMBERS_NOT_MANAGING),
    ),
    "pairings": (
        "get",
        lambda m: "/api/v1/mentoring/pairings?school=a",
        expect(MANAGERS | {"teacher", "young"}, {"jiaowu"}),
    ),
    "pairing_own": (
        "get",
        lambda m: f"/api/v1/mentoring/pairings/{m.pairing.pk}",
        expect(MANAGERS | {"teacher", "young"}, set()),
    ),
    "pairing_other": ("get", lambda m: f"/api/v1/mentoring/pairings/{m.other.pk}", expect(MANAGERS, set())),
    "activities": (
        "get",
        lambda m: "/api/v1/mentoring/activities?school=a",
        expect(MANAGERS | {"teacher", "young"}, {"jiaowu"}),
    ),
    "figures": ("get", lambda m: "/api/v1/mentoring/figures?school=a", expect(MANAGERS, MEMBERS_NOT_MANAGING)),
}


@pytest.mark.parametrize("case", sorted(READS))
def test_read_permissions(mentoring, as_role, case):  # noqa: F811
    method, path_of, expected = READS[case]
    got = {role: getattr(as_role(role), method)(path_of(mentoring)).status_code for role in ROLES}
    assert got == expected


def test_a_mentor_lists_only_their_pairs_and_activities(mentoring, as_role):  # noqa: F811
    api = as_role("teacher")
    assert [p["id"] for p in api.get("/api/v1/mentoring/pairings?school=a").json()["items"]] == [mentoring.pairing.pk]
    assert [a["id"] for a in api.get("/api/v1/mentoring/activities?school=a").json()["items"]] == [
        mentoring.activity.pk
    ]
    body = as_role("secretary").get("/api/v1/mentoring/pairings?school=a&status=proposed").json()
    assert (body["count"], body["items"][0]["mentor"]["name"], body["items"][0]["dimension_display"]) == (
        1,
        "导师乙",
        "德育导师",
    )


def test_young_teachers_show_their_three_mentors(mentoring, as_role):  # noqa: F811
    items = as_role("secretary").get("/api/v1/mentoring/young-teachers?school=a&year=2022-2023").json()["items"]
    first = next(item for item in items if item["name"] == "青年甲")
    assert (
        first["ideology"]["mentor"]["name"],
        first["moral"]["status"],
        first["professional"],
        first["complete"],
    ) == (
        "王老师",
        "proposed",
        None,
        False,
    )


def test_create_confirm_and_log_through_the_api(world, mentoring, as_role):  # noqa: F811
    skill, _ = f.StaffFactory._meta.model.skills.rel.model.objects.get_or_create(name="班主任经验")
    mentor = f.StaffFactory(school=world.school, name="数学骨干", political_status="party")
    mentor.subjects.set([mentoring.math])
    api = as_role("secretary")
    response = api.post(
        "/api/v1/mentoring/pairings?school=a&year=2022",
        {"mentee": mentoring.young.pk, "dimension": "professional", "mentor": mentor.pk},
    )
    assert response.status_code == 201, response.json()
    pairing_id = response.json()["id"]
    assert response.json()["status"] == "proposed"
    assert api.post(f"/api/v1/mentoring/pairings/{pairing_id}/confirm").json()["status"] == "confirmed"
    again = api.post(f"/api/v1/mentoring/pairings/{pairing_id}/confirm")
    assert (again.status_code, again.json()["errors"]) == (
        422,
        {"状态": ["该结对当前为“已确认”，只有拟定的结对可以确认。"]},
    )
    response = as_role("young").post(
        f"/api/v1/mentoring/pairings/{pairing_id}/activities",
        {"date": "2022-10-10", "six_kind": "method", "kind": "observe", "hours": 2, "notes": "听导师的课"},
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["dimension"], response.json()["kind_display"]) == ("professional", "听课")


def test_bad_input_is_422_with_chinese_labels(world, mentoring, as_role):  # noqa: F811
    foreign = f.StaffFactory(school=world.other_school)
    old = f.StaffFactory(school=world.school, name="老教师")
    old.subjects.set([mentoring.math])
    response = as_role("secretary").post(
        "/api/v1/mentoring/pairings?school=a", {"mentee": old.pk, "dimension": "professional", "mentor": foreign.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "青年教师": [
            "老教师不是本学年的青年教师（年龄 37 岁，教龄 14 年；青年教师须未满 35 周岁或教龄不足 5 年，且任教学科）。"
        ],
        "导师": ["所选导师不是本校教职工，不能担任本校导师。"],
    }
    response = as_role("teacher").post(
        f"/api/v1/mentoring/pairings/{mentoring.pairing.pk}/activities",
        {"date": "2023-09-01", "six_kind": "pair", "kind": "talk", "hours": 1},
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"日期": ["活动日期须在2022-2023学年内（2022-09-01 至 2023-08-31）。"]},
    )
    response = as_role("secretary").post("/api/v1/mentoring/pairings?school=a", {"mentee": 1, "colour": "red"})
    assert (response.status_code, response.json()["errors"]) == (422, {"colour": ["不支持此字段。"]})
    assert Mentorship.objects.count() == 3
    assert MentoringActivity.objects.count() == 2


def test_writes_are_refused_to_others(mentoring, as_role):  # noqa: F811
    payload = {"date": "2022-10-10", "six_kind": "pair", "kind": "talk", "hours": 1}
    assert as_role("jiaowu").post("/api/v1/mentoring/pairings?school=a", {}).status_code == 403
    assert as_role("teacher").post(f"/api/v1/mentoring/pairings/{mentoring.pairing.pk}/confirm").status_code == 403
    assert (
        as_role("teacher").post(f"/api/v1/mentoring/pairings/{mentoring.other.pk}/activities", payload).status_code
        == 404
    )
    assert as_role("outsider").post("/api/v1/mentoring/match?school=a").status_code == 404
    assert as_role("young").post("/api/v1/mentoring/match?school=a").status_code == 403


def test_match_and_figures(mentoring, as_role):  # noqa: F811
    api = as_role("secretary")
    body = api.post("/api/v1/mentoring/match?school=a&year=2022").json()
    assert (body["created"], body["status"]) == (1, "OPTIMAL")  # 王老师 takes 青年乙 as 业务导师
    figures = api.get("/api/v1/mentoring/figures?school=a&from=2022&to=2022").json()
    assert (figures["first_year"], figures["mentored_total"], figures["years"][0]["young"]) == ("2022-2023", 2, 2)


@pytest.mark.parametrize("role", ROLES)
def test_match_as_a_background_job_per_role(mentoring, as_role, role):  # noqa: F811
    """POST /match/jobs answers 202 with the job (run at once here: the tests' immediate backend)."""
    response = as_role(role).post("/api/v1/mentoring/match/jobs?school=a&year=2022")
    managers = {"secretary", "party_staff", "superuser"}
    expected = (
        401 if role == "anonymous" else 202 if role in managers else 404 if role in {"outsider", "county"} else 403
    )
    assert response.status_code == expected
    if expected == 202:
        body = response.json()
        assert (body["kind"], body["status"]) == ("mentoring.match", "done")
        assert body["stage"].startswith("已生成拟定配对 1 对")
        assert (
            as_role(role).get(f"/api/v1/jobs/{body['id']}").json()["result_url"].endswith("/mentoring/match/?year=2022")
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/mentoring/young-teachers?school=a",
        "/api/v1/mentoring/pairings?school=a",
        "/api/v1/mentoring/activities?school=a",
    ],
)
def test_list_query_counts(world, mentoring, as_role, path):  # noqa: F811
    api = as_role("secretary")
    counts = []
    for k in (1, 4):
        for _ in range(k):
            pairing = f.MentorshipFactory(school=world.school, school_year=world.year)
            pairing.mentee.subjects.set([mentoring.math])
            f.MentoringActivityFactory(mentorship=pairing)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


DELETE_ROLES = [*ROLES, "branch", "counsellor"]  # every role of the world, and the young teacher
OFFICE = {"jiaowu", "branch", "counsellor"}  # members without a staff record


def _delete_expected(role: str, deleters: set, forbidden: set) -> int:
    if role == "anonymous":
        return 401
    return 204 if role in deleters else 403 if role in forbidden else 404


DELETES = {
    "activity_own": (
        "delete",
        "/api/v1/mentoring/activities/{}",
        lambda m: m.activity,
        MANAGERS | {"teacher", "young"},
        set(),
    ),
    "activity_other": ("delete", "/api/v1/mentoring/activities/{}", lambda m: m.other_activity, MANAGERS, set()),
    "reflection": (
        "delete",
        "/api/v1/mentoring/reflections/{}",
        lambda m: m.reflection,
        MANAGERS | {"young"},
        {"teacher"},
    ),
    "milestone": (
        "delete",
        "/api/v1/mentoring/milestones/{}",
        lambda m: m.milestone,
        MANAGERS,
        OFFICE | {"teacher", "young"},
    ),
}


@pytest.mark.parametrize("role", DELETE_ROLES)
@pytest.mark.parametrize("case", sorted(DELETES))
def test_deletes(mentoring, as_role, case, role):  # noqa: F811
    method, path, obj_of, deleters, forbidden = DELETES[case]
    obj = obj_of(mentoring)
    response = getattr(as_role(role).client, method)(path.format(obj.pk))
    still_there = type(obj).objects.filter(pk=obj.pk).exists()
    assert (response.status_code, still_there) == (
        _delete_expected(role, deleters, forbidden),
        role not in deleters,
    )


def test_activity_delete_after_the_evaluation_is_422_for_the_mentor(mentoring, as_role):  # noqa: F811
    Evaluation.objects.create(mentorship=mentoring.pairing, result="pass", comments="合格", evaluated_on="2023-07-01")
    response = as_role("teacher").client.delete(f"/api/v1/mentoring/activities/{mentoring.activity.pk}")
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {
            "__all__": [
                "该结对已完成年终考核，带教活动是考核的依据，导师和青年教师不能再删除；"
                "如确属重复录入，请联系书记或党务干部删除。"
            ]
        },
    )
    assert MentoringActivity.objects.filter(pk=mentoring.activity.pk).exists() is True

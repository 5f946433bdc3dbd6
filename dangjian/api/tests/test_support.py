"""/api/v1/support under the same rules as the pages: who gets what, the audit of case reads, the
county's counts only, and bad input refused with nothing written."""

import json

import pytest

from dangjian.accounts.models import AuditLog
from dangjian.conftest import ROLE_NAMES
from dangjian.support.models import Pairing, PoorStudentRecord, SupportRecord
from dangjian.support.tests.fixtures import sw  # noqa: F401
from dangjian.tests import factories as f

ENDPOINTS = {
    "poor_list": ("get", lambda s: "/api/v1/support/poor?school=a&year=2022", None),
    "special_list": ("get", lambda s: "/api/v1/support/special?school=a&year=2022", None),
    "case_own": ("get", lambda s: f"/api/v1/support/special/{s.case.pk}", None),
    "case_other_helper": ("get", lambda s: f"/api/v1/support/special/{s.other_case.pk}", None),
    "pairings": ("get", lambda s: "/api/v1/support/pairings?school=a&semester=2022-2023-1", None),
    "records_own": ("get", lambda s: f"/api/v1/support/pairings/{s.special_pairing.pk}/records", None),
    "records_other_helper": ("get", lambda s: f"/api/v1/support/pairings/{s.other_pairing.pk}/records", None),
    "record_create_own": (
        "post",
        lambda s: f"/api/v1/support/pairings/{s.poor_pairing.pk}/records",
        {"kind": "tutoring", "date": "2022-10-10", "notes": "数学辅导"},
    ),
    "record_create_other": (
        "post",
        lambda s: f"/api/v1/support/pairings/{s.other_pairing.pk}/records",
        {"kind": "education", "date": "2022-10-10"},
    ),
    "record_delete_other": ("delete", lambda s: f"/api/v1/support/records/{s.other_visit.pk}", None),
    "poor_create": (
        "post",
        lambda s: "/api/v1/support/poor?school=a&year=2022",
        {"student_number": "__special__", "type": "filed", "recognized_on": "2022-09-01"},
    ),
    "special_create": (
        "post",
        lambda s: "/api/v1/support/special?school=a&year=2022",
        {
            "student_number": "__poor__",
            "categories": ["psychological"],
            "description": "考试焦虑",
            "referred_on": "2022-09-20",
        },
    ),
    "pairing_create": (
        "post",
        lambda s: "/api/v1/support/pairings?school=a&semester=2022-2023-1",
        {"student_number": "__other__", "kind": "poor", "helper": "__helper2__"},
    ),
    "checks": ("get", lambda s: "/api/v1/support/checks?school=a&semester=2022-2023-1", None),
    "figures": ("get", lambda s: "/api/v1/support/figures?school=a", None),
}

# Expected status per role, in ROLE_NAMES order:
#        anonymous secretary party_staff branch jiaowu counsellor teacher outsider county superuser
EXPECTED = {
    "poor_list":            [401, 200, 403, 403, 403, 200, 200, 404, 404, 200],
    "special_list":         [401, 200, 403, 403, 403, 200, 200, 404, 404, 200],
    "case_own":             [401, 200, 404, 404, 404, 200, 200, 404, 404, 200],
    "case_other_helper":    [401, 200, 404, 404, 404, 200, 404, 404, 404, 200],
    "pairings":             [401, 200, 403, 403, 403, 200, 200, 404, 404, 200],
    "records_own":          [401, 200, 404, 404, 404, 200, 200, 404, 404, 200],
    "records_other_helper": [401, 200, 404, 404, 404, 200, 404, 404, 404, 200],
    "record_create_own":    [401, 201, 404, 404, 404, 404, 201, 404, 404, 201],
    "record_create_other":  [401, 201, 404, 404, 404, 403, 404, 404, 404, 201],
    "record_delete_other":  [401, 204, 404, 404, 404, 403, 404, 404, 404, 204],
    "poor_create":          [401, 201, 403, 403, 403, 403, 403, 404, 404, 201],
    "special_create":       [401, 201, 403, 403, 403, 201, 403, 404, 404, 201],
    "pairing_create":       [401, 201, 403, 403, 403, 422, 403, 404, 404, 201],
    "checks":               [401, 200, 403, 403, 403, 200, 200, 404, 404, 200],
    "figures":              [401, 200, 403, 403, 403, 403, 403, 404, 200, 200],
}  # fmt: skip


def _payload(payload, s):
    if payload is None:
        return None
    out = dict(payload)
    for key, value in out.items():
        if value == "__special__":
            out[key] = s.special_student.student_number
        elif value == "__poor__":
            out[key] = s.poor_student.student_number
        elif value == "__other__":
            out[key] = s.other_student.student_number
        elif value == "__helper2__":
            out[key] = s.helper2.pk
    return out


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_endpoint_access(api_for, sw, name, role):  # noqa: F811
    if name == "pairing_create":
        f.PoorStudentRecordFactory(student=sw.other_student, school_year=sw.semester.school_year)
    method, path_of, payload = ENDPOINTS[name]
    client = api_for(role)
    path = path_of(sw)
    if method == "get":
        response = client.get(path)
    elif method == "delete":
        response = client.client.delete(path)
    else:
        response = getattr(client, method)(path, _payload(payload, sw))
    assert response.status_code == EXPECTED[name][ROLE_NAMES.index(role)], response.content.decode()


def test_helper_lists_only_own_students(api_for, sw):  # noqa: F811
    body = api_for("teacher").get("/api/v1/support/pairings?school=a&semester=2022-2023-1").json()
    assert body["count"] == 2
    assert sorted(p["student"]["name"] for p in body["items"]) == ["张小明", "李小红"]
    cases = api_for("teacher").get("/api/v1/support/special?school=a&year=2022").json()
    assert [c["student"]["name"] for c in cases["items"]] == ["李小红"]
    assert "description" not in cases["items"][0]


def test_counsellor_sees_special_but_not_poor(api_for, sw):  # noqa: F811
    client = api_for("counsellor")
    assert client.get("/api/v1/support/poor?school=a&year=2022").json()["count"] == 0
    assert client.get("/api/v1/support/special?school=a&year=2022").json()["count"] == 2
    assert client.get(f"/api/v1/support/pairings/{sw.poor_pairing.pk}/records").status_code == 404


def test_case_read_through_the_api_is_audited(api_for, sw, world):  # noqa: F811
    response = api_for("teacher").get(f"/api/v1/support/special/{sw.case.pk}")
    assert response.json()["description"] == "考试前容易紧张，需要鼓励。"
    entry = AuditLog.objects.filter(action="support.case.read").get()
    assert (entry.user, entry.school, entry.object_id, entry.ip_address) == (
        world.users["teacher"],
        world.school,
        str(sw.case.pk),
        "127.0.0.1",
    )
    api_for("teacher").get(f"/api/v1/support/pairings/{sw.special_pairing.pk}/records")
    assert AuditLog.objects.filter(action="support.case.read").count() == 2


def test_refused_case_read_is_not_audited_as_a_read(api_for, sw):  # noqa: F811
    assert api_for("teacher").get(f"/api/v1/support/special/{sw.other_case.pk}").status_code == 404
    assert AuditLog.objects.filter(action="support.case.read").count() == 0


def test_county_gets_counts_only(api_for, sw):  # noqa: F811
    body = api_for("county").get("/api/v1/support/figures?school=a").json()
    assert body["total"] == {"poor": 1, "special": 2, "combined": 3}
    assert body["years"][0]["school_year"] == "2022-2023"
    text = str(body)
    for name in ("张小明", "李小红", "陈小刚", "王老师"):
        assert name not in text
    assert api_for("county").get("/api/v1/support/pairings?school=a").status_code == 404


def test_bearer_token_gets_the_same_answers(bearer_for, sw):  # noqa: F811
    client = bearer_for("teacher")
    assert client.get(f"/api/v1/support/special/{sw.other_case.pk}").status_code == 404
    assert client.get(f"/api/v1/support/special/{sw.case.pk}").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"kind": "aid", "date": "2022-10-10", "amount": "-5", "fund_source": "personal"},
            "资助金额（元）",
            "金额应在 0.01 至 100000 元之间。",
        ),
        (
            {"kind": "aid", "date": "2022-10-10", "amount": "100001", "fund_source": "personal"},
            "资助金额（元）",
            "金额应在 0.01 至 100000 元之间。",
        ),
        (
            {"kind": "aid", "date": "2022-10-10", "amount": "NaN", "fund_source": "personal"},
            "资助金额（元）",
            "输入一个数字。",
        ),
        ({"kind": "talk", "date": "2023-03-01"}, "日期", "日期应在本学期（2022-09-01 至 2023-01-31）之内。"),
        (
            {"kind": "home_visit", "date": "2022-10-10"},
            "帮扶方式",
            "选择一个有效的选项。 home_visit 不在可用的选项中。",
        ),
        ({"kind": "aid", "date": "2022-10-10"}, "资金来源", "请选择资金来源。"),
    ],
)
def test_bad_records_are_refused_and_nothing_written(api_for, sw, payload, field, message):  # noqa: F811
    before = (SupportRecord.objects.count(), AuditLog.objects.count())
    response = api_for("teacher").post(f"/api/v1/support/pairings/{sw.poor_pairing.pk}/records", payload)
    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert (SupportRecord.objects.count(), AuditLog.objects.count()) == before


def test_pairing_with_a_non_member_or_another_schools_teacher_is_refused(api_for, sw, world):  # noqa: F811
    f.PoorStudentRecordFactory(student=sw.other_student, school_year=sw.semester.school_year)
    masses = f.StaffFactory(school=world.school, name="群众老师")
    outsider = world.users["outsider"].staff
    client = api_for("secretary")
    url = "/api/v1/support/pairings?school=a&semester=2022-2023-1"
    number = sw.other_student.student_number
    response = client.post(url, {"student_number": number, "kind": "poor", "helper": masses.pk})
    assert response.json()["errors"]["帮扶党员"] == ["群众老师 不是中共党员（含预备党员），不能结对帮扶。"]
    response = client.post(url, {"student_number": number, "kind": "poor", "helper": outsider.pk})
    assert response.json()["errors"]["帮扶党员"] == ["外校老师 不是本校教职工，不能结对。"]
    assert Pairing.objects.filter(student=sw.other_student, kind="poor").count() == 0


def test_aid_record_through_the_api(api_for, sw):  # noqa: F811
    response = api_for("teacher").post(
        f"/api/v1/support/pairings/{sw.poor_pairing.pk}/records",
        {
            "kind": "aid",
            "date": "2022-11-01",
            "amount": 300,
            "goods": "冬衣",
            "goods_value": "120.5",
            "fund_source": "personal",
        },
    )
    assert response.status_code == 201
    assert response.json()["aid"] == [
        {"amount": "300.00", "goods": "冬衣", "goods_value": "120.50", "fund_source": "personal"}
    ]


def test_poor_register_created_through_the_api(api_for, sw):  # noqa: F811
    response = api_for("secretary").post(
        "/api/v1/support/poor?school=a&year=2022",
        {"student_number": sw.other_student.student_number, "type": "低保", "recognized_on": "2022-09-01"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["困难类型"] == ["选择一个有效的选项。 低保 不在可用的选项中。"]
    assert PoorStudentRecord.objects.filter(student=sw.other_student).count() == 0


def test_deleted_record_is_kept_and_hidden(api_for, sw):  # noqa: F811
    assert api_for("teacher").client.delete(f"/api/v1/support/records/{sw.talk.pk}").status_code == 204
    sw.talk.refresh_from_db()
    assert sw.talk.deleted_at is not None
    body = api_for("teacher").get(f"/api/v1/support/pairings/{sw.poor_pairing.pk}/records").json()
    assert body["count"] == 0
    assert api_for("teacher").client.delete(f"/api/v1/support/records/{sw.talk.pk}").status_code == 404


def test_a_collaborator_logs_a_contact_through_the_api(client, sw):  # noqa: F811
    from dangjian.accounts.models import User

    client.force_login(User.objects.get(username="collab"))
    response = client.post(
        f"/api/v1/support/pairings/{sw.special_pairing.pk}/records",
        data=json.dumps({"kind": "home_visit", "date": str(sw.visit.date), "notes": "班主任家访"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["by_collaborator"] is True
    assert client.delete(f"/api/v1/support/records/{sw.visit.pk}").status_code == 403  # the helper's record
    assert client.delete(f"/api/v1/support/records/{response.json()['id']}").status_code == 204

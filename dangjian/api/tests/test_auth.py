"""Bearer token or session (with CSRF) on every endpoint; anything else is 401 JSON."""

from django.test import Client

from dangjian.accounts.models import ApiToken, AuditLog
from dangjian.accounts.services import api_token_revoke

from .conftest import JsonClient

CSRF = "a" * 32  # a well-formed CSRF secret, used as both cookie and header


def test_no_credentials_is_401_json(api_for, world):
    response = api_for("anonymous").get("/api/v1/schools")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["detail"].startswith("未登录或 API 令牌无效")


def test_every_endpoint_requires_authentication(api_for, world):
    api = api_for("anonymous")
    for path in [
        "/api/v1/schools",
        "/api/v1/schools/a",
        "/api/v1/staff?school=a",
        "/api/v1/staff/1",
        "/api/v1/students?school=a",
        "/api/v1/students/1",
        "/api/v1/classes?school=a",
        "/api/v1/classes/1",
        "/api/v1/organizations?school=a",
        "/api/v1/organizations/1",
    ]:
        assert api.get(path).status_code == 401, path
    for path in [
        "/api/v1/staff?school=a",
        "/api/v1/students?school=a",
        "/api/v1/classes?school=a",
        "/api/v1/organizations?school=a",
    ]:
        assert api.post(path, {}).status_code == 401, path
    for path in ["/api/v1/staff/1", "/api/v1/students/1", "/api/v1/classes/1", "/api/v1/organizations/1"]:
        assert api.patch(path, {}).status_code == 401, path
        assert api.put(path, {}).status_code == 401, path


def test_bearer_token_works(bearer_for, world):
    response = bearer_for("secretary").get("/api/v1/schools")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["items"]] == ["a"]


def test_bearer_token_needs_no_csrf_and_acts_as_its_user(bearer_for, world):
    api = bearer_for("secretary", enforce_csrf_checks=True)
    response = api.post("/api/v1/staff?school=a", {"staff_number": "T9001", "name": "赵老师", "gender": "M"})
    assert response.status_code == 201
    entry = AuditLog.objects.get(action="staff.create")
    assert entry.user == world.users["secretary"]
    assert entry.object_id == str(response.json()["id"])


def test_bearer_marks_token_used(bearer_for, world):
    bearer_for("jiaowu").get("/api/v1/schools")
    assert ApiToken.objects.get(user=world.users["jiaowu"]).last_used_at is not None


def test_revoked_token_is_401(token_for, world):
    key = token_for("secretary")
    token = ApiToken.objects.get(user=world.users["secretary"])
    api_token_revoke(token=token, actor=world.users["secretary"])
    response = JsonClient(Client(), {"Authorization": f"Bearer {key}"}).get("/api/v1/schools")
    assert response.status_code == 401


def test_unknown_token_is_401(world):
    response = JsonClient(Client(), {"Authorization": "Bearer dj_not-a-real-token"}).get("/api/v1/schools")
    assert response.status_code == 401


def test_other_schemes_are_401(world):
    response = JsonClient(Client(), {"Authorization": "Basic c2VjcmV0YXJ5OnBhc3M="}).get("/api/v1/schools")
    assert response.status_code == 401


def test_token_of_inactive_user_is_401(token_for, world):
    key = token_for("secretary")
    world.users["secretary"].is_active = False
    world.users["secretary"].save()
    response = JsonClient(Client(), {"Authorization": f"Bearer {key}"}).get("/api/v1/schools")
    assert response.status_code == 401


def test_session_works(api_for, world):
    response = api_for("secretary").get("/api/v1/schools/a")
    assert response.status_code == 200
    assert response.json()["name"] == "甲中学"


def _csrf_client(world, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role])
    return client


def test_session_post_without_csrf_is_refused(world):
    api = JsonClient(_csrf_client(world, "secretary"))
    response = api.post("/api/v1/staff?school=a", {"staff_number": "T9001", "name": "赵老师", "gender": "M"})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF 校验失败")
    assert AuditLog.objects.filter(action="staff.create").count() == 0


def test_session_patch_without_csrf_is_refused(world):
    staff_id = world.users["teacher"].staff.pk
    api = JsonClient(_csrf_client(world, "secretary"))
    assert api.patch(f"/api/v1/staff/{staff_id}", {"name": "改名"}).status_code == 403


def test_session_post_with_csrf_token_works(world):
    client = _csrf_client(world, "secretary")
    client.cookies["csrftoken"] = CSRF
    api = JsonClient(client, {"X-CSRFToken": CSRF})
    response = api.post("/api/v1/staff?school=a", {"staff_number": "T9001", "name": "赵老师", "gender": "M"})
    assert response.status_code == 201


def test_session_get_needs_no_csrf(world):
    api = JsonClient(_csrf_client(world, "secretary"))
    assert api.get("/api/v1/staff?school=a").status_code == 200


def test_anonymous_post_is_401_not_csrf_403(world):
    api = JsonClient(Client(enforce_csrf_checks=True))
    assert api.post("/api/v1/staff?school=a", {}).status_code == 401

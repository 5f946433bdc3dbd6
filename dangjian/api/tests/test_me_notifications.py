"""/api/v1/me/notifications: the user's own in-app notices, and marking them read."""

import pytest

from dangjian.notifications.models import Notification

ROLES = ["anonymous", "secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "outsider", "county"]
ROLES += ["superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_notifications_per_role(api_for, world, role):
    """Every signed-in user reads and marks only their own; anonymous 401."""
    Notification.objects.create(
        recipient=world.users["secretary"], school=world.school, kind="x", title="秘书的", event_key="x"
    )
    client = api_for(role)
    listing = client.get("/api/v1/me/notifications")
    marked = client.post("/api/v1/me/notifications/read", {})
    if role == "anonymous":
        assert (listing.status_code, marked.status_code) == (401, 401)
        return
    assert (listing.status_code, marked.status_code) == (200, 200)
    mine = role == "secretary"
    assert [i["title"] for i in listing.json()["items"]] == (["秘书的"] if mine else [])
    assert marked.json() == {"marked": 1 if mine else 0}


def test_mark_some_read(bearer_for, world):
    teacher = world.users["teacher"]
    a, b = (
        Notification.objects.create(recipient=teacher, school=world.school, kind="x", title=t, event_key=t)
        for t in ("一", "二")
    )
    client = bearer_for("teacher")
    assert client.get("/api/v1/me/notifications").json()["unread"] == 2
    assert client.post("/api/v1/me/notifications/read", {"ids": [a.pk]}).json() == {"marked": 1}
    body = client.get("/api/v1/me/notifications", {"unread": "true"}).json()
    assert (body["unread"], [i["id"] for i in body["items"]]) == (1, [b.pk])
    assert body["items"][0]["school"] == "a" and body["items"][0]["read_at"] is None


def test_mark_read_refuses_ids_no_database_holds(bearer_for, world):
    client = bearer_for("teacher")
    assert client.post("/api/v1/me/notifications/read", {"ids": [2**64]}).status_code == 422
    assert client.post("/api/v1/me/notifications/read", {"ids": list(range(1, 502))}).status_code == 422

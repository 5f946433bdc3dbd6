"""API test helpers: a JSON client per role (session login), and bearer tokens."""

import json

import pytest
from django.test import Client

from dangjian.accounts.services import api_token_create


class JsonClient:
    """Thin JSON wrapper over Django's test client."""

    def __init__(self, client: Client, headers: dict | None = None):
        self.client, self.headers = client, headers or {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, headers=self.headers)

    def _send(self, method: str, path: str, payload, raw: str | None = None):
        body = raw if raw is not None else json.dumps(payload)
        return getattr(self.client, method)(path, data=body, content_type="application/json", headers=self.headers)

    def post(self, path: str, payload=None, *, raw: str | None = None):
        return self._send("post", path, payload, raw)

    def put(self, path: str, payload=None, *, raw: str | None = None):
        return self._send("put", path, payload, raw)

    def patch(self, path: str, payload=None, *, raw: str | None = None):
        return self._send("patch", path, payload, raw)

    def delete(self, path: str):
        return self.client.delete(path, headers=self.headers)


@pytest.fixture
def api_for(client_for):
    """api_for("secretary") → a JsonClient logged in (session) as that role."""

    def make(role: str) -> JsonClient:
        return JsonClient(client_for(role))

    return make


@pytest.fixture
def token_for(world):
    """token_for("secretary") → a fresh plain API key for that role's user."""

    def make(role: str) -> str:
        _, key = api_token_create(user=world.users[role], name="测试")
        return key

    return make


@pytest.fixture
def bearer_for(token_for):
    """bearer_for("secretary") → a JsonClient without session that sends a bearer token."""

    def make(role: str, *, enforce_csrf_checks: bool = True) -> JsonClient:
        key = token_for(role)
        return JsonClient(Client(enforce_csrf_checks=enforce_csrf_checks), {"Authorization": f"Bearer {key}"})

    return make

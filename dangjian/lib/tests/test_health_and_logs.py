"""/healthz/ for monitors, and one log line per request with its id; a 403 without a traceback."""

import logging

import pytest
from django.db import DatabaseError

from dangjian.lib import health


def test_healthz_is_ok_without_login_or_session(client, db):
    response = client.get("/healthz/")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "sessionid" not in response.cookies


def test_healthz_503_with_unapplied_migrations(client, db, monkeypatch):
    monkeypatch.setattr(health, "unapplied_migrations", lambda: 2)
    response = client.get("/healthz/")
    assert (response.status_code, response.json()) == (503, {"status": "error", "reason": "有 2 个数据库迁移尚未执行"})


def test_healthz_503_without_a_database(client, db, monkeypatch):
    class Broken:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz/")
    assert (response.status_code, response.json()["reason"]) == (503, "数据库无法连接")


def test_each_request_is_one_line_with_its_id_and_healthz_is_quiet(client_for, world, caplog):
    caplog.set_level(logging.INFO, logger="dangjian.request")
    client = client_for("teacher")
    response = client.get("/s/a/", headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"
    line = next(r for r in caplog.records if r.name == "dangjian.request")
    assert (
        line.getMessage()
        == f"request_id=abc-123 user_id={world.users['teacher'].pk} method=GET path=/s/a/ status=200 ms={line.ms}"
    )
    caplog.clear()
    client.get("/healthz/")
    assert [r for r in caplog.records if r.name == "dangjian.request"] == []
    made = client.get("/s/a/", headers={"X-Request-ID": "bad id; rm -rf"})["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


@pytest.mark.parametrize("path", ["/s/a/staffing/settings/"])
def test_a_refused_request_is_a_warning_line_without_traceback(client_for, world, caplog, path):
    from dangjian.lib.request_log import NoTracebackFor4xx

    caplog.set_level(logging.WARNING, logger="django.request")
    caplog.handler.addFilter(NoTracebackFor4xx())
    assert client_for("teacher").get(path).status_code == 403
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert refused and all(r.levelno == logging.WARNING and r.exc_info is None for r in refused)


def test_healthz_answers_monitors_by_address_over_plain_http(client, db, settings):
    settings.ALLOWED_HOSTS = ["dangjian.example.edu.cn"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz/", headers={"Host": "127.0.0.1:8000"})
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert client.get("/accounts/login/", headers={"Host": "127.0.0.1:8000"}).status_code == 400

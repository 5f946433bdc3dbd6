"""Login throttling behind a reverse proxy and across usernames: the client's real address (through the
trusted proxies only) keys the lock, and the audit log records it; one address spraying passwords over many
usernames is locked after DANGJIAN_LOGIN_IP_FAILURE_LIMIT failures, other addresses are not."""

import pytest
from django.conf import settings as conf
from django.urls import reverse

from dangjian.accounts.models import AuditLog
from dangjian.accounts.services import audit
from dangjian.tests.factories import PASSWORD

PROXY = "127.0.0.1"


def login(client, username, password, client_addr=None, remote=PROXY):
    headers = {"X-Forwarded-For": client_addr} if client_addr else {}
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=remote, headers=headers
    )


@pytest.fixture
def behind_proxy(settings):
    settings.DANGJIAN_TRUSTED_PROXIES = [PROXY]


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(world, client, behind_proxy):
    for _ in range(conf.AXES_FAILURE_LIMIT):
        login(client, "teacher", "wrong", client_addr="198.51.100.1")
    assert login(client, "teacher", PASSWORD, client_addr="198.51.100.1").status_code == 429
    assert login(client, "teacher", PASSWORD, client_addr="198.51.100.2").status_code == 302


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_lock(world, client, settings):
    settings.DANGJIAN_TRUSTED_PROXIES = []
    for n in range(conf.AXES_FAILURE_LIMIT):
        login(client, "teacher", "wrong", client_addr=f"198.51.100.{n}", remote="203.0.113.5")
    assert login(client, "teacher", PASSWORD, client_addr="198.51.100.99", remote="203.0.113.5").status_code == 429


def test_password_spraying_from_one_address_is_locked_across_usernames(world, client, behind_proxy, settings):
    settings.DANGJIAN_LOGIN_IP_FAILURE_LIMIT = 6
    for n in range(5):  # one failure each: never the per-user limit
        assert login(client, f"nobody{n}", "wrong", client_addr="198.51.100.50").status_code == 200
    assert login(client, "nobody5", "wrong", client_addr="198.51.100.50").status_code == 429
    locked = login(client, "teacher", PASSWORD, client_addr="198.51.100.50")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert login(client, "teacher", PASSWORD, client_addr="198.51.100.51").status_code == 302


def test_the_audit_log_records_the_client_not_the_proxy(world, rf, behind_proxy):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.77")
    entry = audit(world.users["secretary"], "test.read", request=request)
    assert AuditLog.objects.get(pk=entry.pk).ip_address == "198.51.100.77"
    direct = audit(world.users["secretary"], "test.read", request=rf.get("/", REMOTE_ADDR="203.0.113.4"))
    assert direct.ip_address == "203.0.113.4"

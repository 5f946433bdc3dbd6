"""The LOGGING setting as configured (not a handler added by the test): a refused request is one warning line on
stdout without traceback, and a server error is mailed to ADMINS once when EMAIL_HOST is set, never otherwise."""

import io
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path

from dangjian.lib.request_log import NoTracebackFor4xx


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("refused/", refused), path("broken/", broken), path("", include("dangjian.urls"))]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


@pytest.fixture
def console():
    configured = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]  # not pytest's
    (handler,) = [h for h in configured if any(isinstance(f, NoTracebackFor4xx) for f in h.filters)]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("管理员", "it@example.edu.cn")]
    return settings


def test_a_refused_request_is_one_warning_line_without_traceback(console, admins):
    admins.EMAIL_HOST = "smtp.example.edu.cn"
    assert Client().get("/refused/").status_code == 403
    lines = [line for line in console.getvalue().splitlines() if "django.request" in line]
    assert len(lines) == 1 and " WARNING django.request Forbidden (Permission denied): /refused/" in lines[0]
    assert "Traceback" not in console.getvalue() and mail.outbox == []


def test_a_server_error_is_mailed_once_when_smtp_is_configured(console, admins):
    admins.EMAIL_HOST = "smtp.example.edu.cn"
    assert Client(raise_request_exception=False).get("/broken/").status_code == 500
    assert [m.to for m in mail.outbox] == [["it@example.edu.cn"]]
    assert "RuntimeError at /broken/" in mail.outbox[0].body
    assert " ERROR django.request Internal Server Error: /broken/" in console.getvalue()


def test_no_mail_without_smtp(console, admins):
    admins.EMAIL_HOST = ""
    assert Client(raise_request_exception=False).get("/broken/").status_code == 500
    assert mail.outbox == []


def test_a_request_for_another_host_is_a_line_not_a_mail(console, admins):
    admins.EMAIL_HOST = "smtp.example.edu.cn"
    admins.ALLOWED_HOSTS = ["dangjian.example.edu.cn"]
    assert Client().get("/refused/", headers={"Host": "203.0.113.9"}).status_code == 400
    assert "ERROR django.security.DisallowedHost Invalid HTTP_HOST header: '203.0.113.9'" in console.getvalue()
    assert mail.outbox == []

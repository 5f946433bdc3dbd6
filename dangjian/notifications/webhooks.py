"""Posting to the group robots of 企业微信 and 钉钉: their markdown message formats, 钉钉's signing (timestamp +
HMAC-SHA256 of "timestamp\\nsecret", as its documentation says), a timeout of a few seconds, no redirects, and
no internal addresses (unless DANGJIAN_WEBHOOK_ALLOW_PRIVATE, for tests on a local receiver). The host is looked
up once and the connection goes to the address that was checked, so a name that answers a public address to the
check and an internal one to the connection (DNS rebinding) gets nowhere. Behind a forward proxy (HTTP(S)_PROXY),
the proxy is trusted and the robot's host is checked by a lookup of its own (the proxy looks it up again)."""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError

TIMEOUT = 5  # seconds


class WebhookError(Exception):
    pass


def validate_webhook_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("请填写以 http:// 或 https:// 开头的 Webhook 地址。")


def _refuse_internal(address: str) -> None:
    if getattr(settings, "DANGJIAN_WEBHOOK_ALLOW_PRIVATE", False):
        return
    if not ipaddress.ip_address(address.split("%")[0]).is_global:
        raise WebhookError(f"拒绝发送到内部地址 {address}")


def _checked_connection(address, timeout, source_address=None, *args):
    """socket.create_connection, but the host is looked up once, every address it has is checked, and the socket
    connects to the checked address itself (a second lookup could answer an internal one)."""
    host, port = address
    address = _checked_addresses(host, port)[0]
    return socket.create_connection((address, port), timeout, source_address, *args)


def _checked_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, each refused if internal."""
    addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    for address in addresses:
        _refuse_internal(address)
    return addresses


class _PeerChecked:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_connection


class _CheckedHTTPConnection(_PeerChecked, http.client.HTTPConnection):
    pass


class _CheckedHTTPSConnection(_PeerChecked, http.client.HTTPSConnection):
    pass


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


def wecom_payload(title: str, text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}


def dingtalk_payload(title: str, text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n{text}"}}


def dingtalk_signed(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise WebhookError(f"拒绝跟随重定向（HTTP {code}）")


def _opener(url: str):
    """Direct: the checked connections. Through the forward proxy the environment names (HTTP(S)_PROXY, chosen
    by the server's administrator): the proxy connects, so the robot's host is checked by its own lookup here."""
    parts = urllib.parse.urlsplit(url)
    proxies = urllib.request.getproxies()
    if proxies.get(parts.scheme) and not urllib.request.proxy_bypass(parts.hostname):
        try:
            _checked_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError as exc:
            raise WebhookError(f"无法解析主机 {parts.hostname}") from exc
        return urllib.request.build_opener(urllib.request.ProxyHandler(proxies), _NoRedirect)
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _NoRedirect, _CheckedHTTPHandler, _CheckedHTTPSHandler
    )


def post(webhook, title: str, text: str) -> None:
    """Raise WebhookError unless the robot took the message (HTTP 2xx and, when it answers JSON, errcode 0)."""
    validate_webhook_url(webhook.url)
    if webhook.provider == "dingtalk":
        payload = dingtalk_payload(title, text)
        url = dingtalk_signed(webhook.url, webhook.secret) if webhook.secret else webhook.url
    else:
        payload, url = wecom_payload(title, text), webhook.url
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with _opener(url).open(request, timeout=TIMEOUT) as response:
            answer = response.read(4096)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise WebhookError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookError(str(getattr(exc, "reason", exc))) from exc
    try:
        code = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        code = 0
    if code:
        raise WebhookError(f"机器人返回错误 {answer[:200].decode(errors='replace')}")

"""A local SMTP server (aiosmtpd) and a local HTTP receiver standing in for the group robots."""

import email
import email.header
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"

    @property
    def text(self) -> str:
        """Every message decoded (the bodies are UTF-8, base64 or quoted-printable)."""
        out = []
        for raw in self.messages:
            msg = email.message_from_bytes(raw)
            subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
            out.append(subject + "\n" + msg.get_payload(decode=True).decode())
        return "\n".join(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def no_proxy_from_the_environment(monkeypatch):
    """Robot posts go through HTTP(S)_PROXY when the server has one: the tests choose their own."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    yield inbox
    controller.stop()


class Receiver:
    def __init__(self):
        self.requests = []  # (path with query, parsed JSON body)
        self.failures = 0  # answer the next this-many requests with HTTP 500

    @property
    def bodies(self) -> str:
        return "\n".join(json.dumps(body, ensure_ascii=False) for _, body in self.requests)


@pytest.fixture
def robot(settings):
    """A local receiver of robot posts at http://127.0.0.1:<port>/hook (internal addresses allowed for it)."""
    settings.DANGJIAN_WEBHOOK_ALLOW_PRIVATE = True
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            receiver.requests.append((self.path, body))
            status = 500 if receiver.failures > 0 else 200
            receiver.failures -= 1
            answer = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    receiver.query = lambda i=-1: urllib.parse.parse_qs(urllib.parse.urlsplit(receiver.requests[i][0]).query)
    yield receiver
    server.shutdown()
    server.server_close()
    thread.join()

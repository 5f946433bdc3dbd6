"""A server killed with SIGKILL in the middle of a write leaves the database exactly as before.

A real server process (``manage.py runserver``) serves an API import and an optimizer apply; the test holds the
request inside its transaction, after its rows are written and before it commits, kills the server with SIGKILL
there, and compares every table with the state before the request. PostgreSQL: the test locks the audit log (the
last write of both services), and waits until the server's backend waits for that lock. SQLite: the test holds a
read transaction, so that the server's commit cannot take its exclusive lock, and waits for the rollback journal
the server's writes create."""

import contextlib
import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from openpyxl import Workbook

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant
from dangjian.accounts.services import api_token_create
from dangjian.jobs import backup
from dangjian.staffing import services as staffing
from dangjian.staffing.tests.conftest import build_small
from dangjian.tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
SKIPPED = {"accounts_apitoken"}  # the token's last use is stamped, and committed, before the request's work


def _school():
    school = f.SchoolFactory(code="a")
    year = f.SchoolYearFactory(start_year=2022)
    user = f.UserFactory(username="secretary")
    RoleGrant.objects.create(user=user, role=Role.SECRETARY, school=school)
    small = build_small(SimpleNamespace(school=school, year=year))
    run = staffing.optimizer_run(school=school, semester=small.semester, actor=user, time_limit=10)
    assert run.is_feasible
    _, key = api_token_create(user=user, name="crash")
    return run, key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """The database the server writes to, its every row, and a lock that holds the server before its commit."""

    def __init__(self, tmp_path: Path):
        self.db = django_settings.DATABASES["default"]
        if connection.vendor == "sqlite":  # the test database lives in memory: the server gets a file copy
            backup.backup(tmp_path / "copy")
            self.path = tmp_path / "copy" / backup.SQLITE_FILE
            self.url = f"sqlite:///{self.path}"
        else:
            password = f":{self.db['PASSWORD']}" if self.db.get("PASSWORD") else ""
            self.url = f"postgres://{self.db['USER']}{password}@{self.db['HOST']}:{self.db['PORT']}/{self.db['NAME']}"
        self.holder = None

    def rows(self) -> dict[str, list]:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                return _dump(db.cursor(), "SELECT name FROM sqlite_master WHERE type = 'table'")
        connections.close_all()
        with connection.cursor() as cursor:
            return _dump(cursor, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")

    def hold(self) -> None:
        if connection.vendor == "sqlite":
            self.holder = sqlite3.connect(self.path, isolation_level=None)
            self.holder.execute("BEGIN")
            self.holder.execute("SELECT count(*) FROM accounts_auditlog").fetchone()  # a shared lock
            return
        import psycopg

        self.holder = psycopg.connect(
            dbname=self.db["NAME"],
            user=self.db["USER"],
            host=self.db["HOST"],
            port=self.db["PORT"],
            password=self.db.get("PASSWORD") or None,
        )
        self.holder.execute("LOCK TABLE accounts_auditlog IN ACCESS EXCLUSIVE MODE")

    def server_is_inside(self) -> bool:
        """The server has written and waits to finish its transaction."""
        if connection.vendor == "sqlite":
            journal = Path(f"{self.path}-journal")
            return journal.exists() and journal.stat().st_size > 0
        self.holder.execute("SELECT pg_stat_clear_snapshot()")  # the view is read once per transaction otherwise
        waiting = self.holder.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [self.db["NAME"]]
        ).fetchone()[0]
        return waiting > 0

    def release(self) -> None:
        self.holder.rollback() if connection.vendor != "sqlite" else self.holder.execute("ROLLBACK")
        self.holder.close()


def _dump(cursor, tables_sql: str) -> dict[str, list]:
    cursor.execute(tables_sql)
    out = {}
    for (table,) in sorted(cursor.fetchall()):
        if table in SKIPPED:
            continue
        cursor.execute(f'SELECT * FROM "{table}"')
        out[table] = sorted(map(repr, cursor.fetchall()))
    return out


class Server:
    def __init__(self, database_url: str, tmp_path: Path):
        self.port = _free_port()
        (tmp_path / "var").mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "0",
            "DANGJIAN_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "dangjian.test_settings",
            "DJANGO_SECRET_KEY": "crash-test",
            "DANGJIAN_TODAY": "2023-03-01",
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--nothreading"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not self._healthy():
            assert self.process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz/", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def post(self, path: str, key: str, body: bytes = b"", content_type: str = "application/json") -> threading.Thread:
        """Send the request in a thread (a killed server never answers it)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {key}", "Content-Type": content_type},
        )

        def send():
            with contextlib.suppress(urllib.error.URLError, OSError), urllib.request.urlopen(request, timeout=60) as r:
                r.read()

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        return thread

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def _multipart(filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "crashtestboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _roster(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _stopped_inside(tmp_path, send, *, kill: bool = True) -> tuple[dict, dict]:
    """Every row before, and after the server was killed inside the request ``send`` makes (or, as a control, let
    go on: the same request then does write)."""
    database = Database(tmp_path)
    server = Server(database.url, tmp_path)
    try:
        before = database.rows()
        database.hold()
        request = send(server)
        deadline = time.monotonic() + 60
        while not database.server_is_inside():
            assert server.process.poll() is None and time.monotonic() < deadline, "the request never got inside"
            time.sleep(0.05)
        if kill:
            server.kill()
        else:
            database.release()
            request.join(timeout=60)
    finally:
        if server.process.poll() is None:
            server.kill()
        if kill and database.holder is not None:
            database.release()
    return before, database.rows()


def _import(server, key):
    rows = [["工号", "姓名", "性别"], *([f"K{i:04d}", f"新教师{i}", "女"] for i in range(300))]
    body, content_type = _multipart("名单.xlsx", _roster(rows))
    return server.post("/api/v1/rosters/staff/import?school=a&dry_run=false&year=2022-2023", key, body, content_type)


def _changed(before: dict, after: dict) -> set[str]:
    return {table for table in before if before[table] != after[table]}


def test_a_server_killed_inside_an_import_saves_nothing(tmp_path):
    _, key = _school()
    before, after = _stopped_inside(tmp_path, lambda server: _import(server, key))
    assert after == before


def test_a_server_killed_inside_an_optimizer_apply_saves_nothing(tmp_path):
    run, key = _school()
    before, after = _stopped_inside(tmp_path, lambda server: server.post(f"/api/v1/staffing/runs/{run.pk}/apply", key))
    assert after == before


def test_control_the_same_requests_let_go_do_write(tmp_path):
    run, key = _school()
    before, after = _stopped_inside(tmp_path, lambda server: _import(server, key), kill=False)
    assert _changed(before, after) - {"sqlite_sequence"} == {"school_staff", "accounts_auditlog"}
    assert len(after["school_staff"]) == len(before["school_staff"]) + 300
    path = f"/api/v1/staffing/runs/{run.pk}/apply"
    before, after = _stopped_inside(tmp_path / "apply", lambda server: server.post(path, key), kill=False)
    assert {"staffing_optimizerrun", "staffing_assignmentversion", "accounts_auditlog"} <= _changed(before, after)

"""A backup restores exactly: data made, backed up, changed and deleted, restored — every table's rows and every
media file are back (on SQLite here, and on PostgreSQL in the suite's PostgreSQL run), many-to-many tables
included; a restore into a new database that was never migrated; counts that are the snapshot's own."""

import json
import os
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from dangjian.jobs import backup
from dangjian.jobs.backup import MANIFEST
from dangjian.school.models import Staff
from dangjian.tests import factories as f

ROOT = Path(__file__).resolve().parents[3]


def _rows() -> dict[str, list]:
    rows = {}
    with connection.cursor() as cursor:
        for table in backup.tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def _school_with_data():
    school = f.SchoolFactory(code="bk", county=f.CountyFactory(code="bkc"))
    staff = f.StaffFactory.create_batch(3, school=school)
    staff[1].subjects.add(f.SubjectFactory(school=school, name="物理"), f.SubjectFactory(school=school, name="化学"))
    f.UserFactory(username="keeper")
    return school, staff


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_and_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "evidence" / "sign.pdf").write_bytes(b"%PDF-1.4 signed")
    school, staff = _school_with_data()
    before = _rows()

    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=out)
    assert "1 个文件" in out.getvalue()
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["tables"]["school_staff"] == 3 and manifest["tables"]["school_staff_subjects"] == 2
    assert "DANGJIAN_FIELD_KEY" not in json.dumps(manifest)

    staff[1].subjects.clear()
    staff[0].delete()
    Staff.objects.filter(pk=staff[1].pk).update(name="改过的名字")
    f.StaffFactory(school=school, name="新来的")
    (tmp_path / "media" / "evidence" / "sign.pdf").write_bytes(b"tampered")
    (tmp_path / "media" / "evidence" / "extra.pdf").write_bytes(b"extra")

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "backup"))
    call_command("restore", str(tmp_path / "backup"), "--force", stdout=StringIO())

    assert _rows() == before
    files = sorted(p.name for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert files == ["sign.pdf"]
    assert (tmp_path / "media" / "evidence" / "sign.pdf").read_bytes() == b"%PDF-1.4 signed"


def test_backup_refuses_a_directory_that_is_not_empty(db, tmp_path):
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", "--output", str(tmp_path))


@pytest.fixture
def new_database(tmp_path):
    """The DATABASE_URL of a database with no table at all: a new file, or a newly created PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    db = django_settings.DATABASES["default"]
    name = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_new_database_never_migrated(settings, tmp_path, new_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "scan.pdf").write_bytes(b"%PDF scan")
    _school_with_data()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=StringIO())
    (tmp_path / "var").mkdir()
    env = {**os.environ, "DATABASE_URL": new_database, "DANGJIAN_VAR_DIR": str(tmp_path / "var")}
    env.update(DJANGO_SETTINGS_MODULE="dangjian.settings", DJANGO_SECRET_KEY="restore-test", DJANGO_DEBUG="0")
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr[-2000:]) == (0, "")
    assert "行数与文件校验和均与备份一致" in done.stdout  # every table's count and the file's checksum
    assert (tmp_path / "var" / "media" / "scan.pdf").read_bytes() == b"%PDF scan"


def _in_another_connection(work):
    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_the_counts_are_those_of_the_snapshot_even_while_others_write(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    school, _ = _school_with_data()
    count = backup.table_counts

    def others_write_meanwhile(*args, **kwargs):
        counted = count(*args, **kwargs)
        _in_another_connection(lambda: f.StaffFactory(school=school, name="同时保存的"))
        return counted

    monkeypatch.setattr(backup, "table_counts", others_write_meanwhile)
    manifest = backup.backup(tmp_path / "backup")
    monkeypatch.undo()
    assert (manifest["tables"]["school_staff"], Staff.objects.count()) == (3, 4)
    assert backup.restore(tmp_path / "backup", force=True) == []
    assert not Staff.objects.filter(name="同时保存的").exists()


def test_the_newest_postgresql_client_is_used_when_none_is_on_the_path(tmp_path, monkeypatch):
    for version in ("9.6", "15", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_dump").touch()
    monkeypatch.setattr(backup, "PG_LIB", tmp_path)
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    assert backup._pg_tool("pg_dump") == str(tmp_path / "15" / "bin" / "pg_dump")
    with pytest.raises(backup.BackupError, match="postgresql-client"):
        backup._pg_tool("pg_restore")

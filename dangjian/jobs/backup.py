"""Backups that restore: a consistent snapshot of the database, the media files and a manifest.

SQLite is copied with its online backup API and PostgreSQL dumped with ``pg_dump -Fc``, both while the server
runs. The manifest holds the version, the row count of every table and a SHA-256 of every file, and a restore
checks the counts against it. The field key (DANGJIAN_FIELD_KEY) is never written: keep it apart."""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

MANIFEST = "manifest.json"
SQLITE_FILE, PG_FILE, MEDIA_DIR = "db.sqlite3", "db.dump", "media"
PG_LIB = Path("/usr/lib/postgresql")


class BackupError(Exception):
    pass


def tables() -> list[str]:
    """Every table of the app's models, many-to-many tables included."""
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def table_counts(names: list[str] | None = None, cursor=None) -> dict[str, int]:
    """Rows per table (by default every table), read through ``cursor`` (by default the live database's)."""
    names = tables() if names is None else names
    if cursor is None:
        with connection.cursor() as live:
            return table_counts(names, live)
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_version(tool: Path) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", tool.parts[-3])]  # …/postgresql/9.6/bin/pg_dump: [9, 6]


def _pg_tool(name: str) -> str:
    """On the PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin (pg_dump must be at least
    as new as the server)."""
    found = shutil.which(name)
    if found:
        return found
    newest = max(PG_LIB.glob(f"*/bin/{name}"), key=_pg_version, default=None)
    if newest:
        return str(newest)
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（postgresql-client）。")


def backup(output: Path) -> dict:
    """Write the snapshot into ``output`` (created; must be empty). Returns the manifest."""
    output.mkdir(parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(f"{output} 不是空目录。")
    if connection.vendor == "sqlite":
        counts = _sqlite_snapshot(output / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        counts = _pg_snapshot(output / PG_FILE)
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    media = Path(settings.MEDIA_ROOT)
    files = {}
    if media.exists():
        shutil.copytree(media, output / MEDIA_DIR)
        files = {
            str(p.relative_to(output / MEDIA_DIR)): sha256(p)
            for p in sorted((output / MEDIA_DIR).rglob("*"))
            if p.is_file()
        }
    manifest = {
        "app": "dangjian",
        "version": version("dangjian"),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "tables": counts,
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _sqlite_snapshot(path: Path) -> dict[str, int]:
    """Copy with the online backup API, then count the rows of the copy: the counts are the snapshot's even
    while others write."""
    names = tables()
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with target:
            connection.connection.backup(target)
        return table_counts(names, target.cursor())
    finally:
        target.close()


def _pg_snapshot(path: Path) -> dict[str, int]:
    """Count the rows in a repeatable-read transaction and let pg_dump read that transaction's exported
    snapshot: the dump and the counts see the same database even while others write."""
    names = tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        counts = table_counts(names, cursor)
        dump = [_pg_tool("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(path)]
        subprocess.run(dump, env=_pg_env(), check=True)
    return counts


def is_empty() -> bool:
    """No school and no user yet: a new database, migrated or not (a never-migrated one has no tables)."""
    from django.contrib.auth import get_user_model

    from dangjian.school.models import School

    existing = set(tables())
    kept = [m._meta.db_table for m in (School, get_user_model()) if m._meta.db_table in existing]
    return not any(table_counts(kept).values())


def restore(source: Path, *, force: bool = False) -> list[str]:
    """Restore ``source`` into this database and media directory. Returns the differences from the
    manifest's counts and checksums (empty when everything is back exactly)."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("app") != "dangjian":
        raise BackupError("这不是党建系统的备份。")
    if manifest["database"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['database']}，当前数据库是 {connection.vendor}。")
    if not force and not is_empty():
        raise BackupError("当前数据库已有数据；确认要覆盖时请加 --force。")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        saved = sqlite3.connect(source / SQLITE_FILE)
        with saved:
            saved.backup(connection.connection)
        saved.close()
    else:
        command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", _pg_env()["PGDATABASE"]]
        connection.close()
        subprocess.run([*command, str(source / PG_FILE)], env=_pg_env(), check=True)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if (source / MEDIA_DIR).exists():
        shutil.copytree(source / MEDIA_DIR, media)
    return verify(manifest)


def verify(manifest: dict) -> list[str]:
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}：应有 {expected} 行，实有 {counts.get(table)} 行")
    media = Path(settings.MEDIA_ROOT)
    for name, digest in manifest["files"].items():
        path = media / name
        if not path.is_file() or sha256(path) != digest:
            problems.append(f"文件 {name} 缺失或内容不符")
    return problems

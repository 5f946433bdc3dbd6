"""A backup restores exactly: data made, backed up, changed and deleted, restored — every table's rows and every
media file are back (on SQLite here, and on PostgreSQL in the suite's PostgreSQL run)."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from dangjian.jobs.backup import MANIFEST
from dangjian.school.models import Staff
from dangjian.tests import factories as f


def _rows() -> dict[str, list]:
    return {
        m._meta.db_table: sorted(map(repr, m.objects.order_by("pk").values_list()))
        for m in apps.get_models()
        if m._meta.managed
    }


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_and_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "evidence" / "sign.pdf").write_bytes(b"%PDF-1.4 signed")
    school = f.SchoolFactory(code="bk", county=f.CountyFactory(code="bkc"))
    staff = f.StaffFactory.create_batch(3, school=school)
    f.UserFactory(username="keeper")
    before = _rows()

    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=out)
    assert "1 个文件" in out.getvalue()
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["tables"]["school_staff"] == 3 and "DANGJIAN_FIELD_KEY" not in json.dumps(manifest)

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

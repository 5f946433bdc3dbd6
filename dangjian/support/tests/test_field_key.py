"""A wrong field key never destroys a note: the page says 无法解密（密钥不符）, a save is refused with a clear
error and the stored token stays as it was, so the note comes back with the right key; rotate_field_key
re-encrypts everything with the first key, atomically; check --deploy warns when no key is set."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dangjian.support import crypto
from dangjian.support.models import PoorStudentRecord, SpecialStudentCase, SupportRecord
from dangjian.support.system_checks import field_key_is_set

from .test_crypto import raw

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored(record) -> str:
    return raw("support_supportrecord", "notes", record.pk)


@pytest.fixture
def written_with_a(sw, monkeypatch):
    """Every encrypted value of the fixture school re-written with key A."""
    records = [
        obj
        for model in (PoorStudentRecord, SpecialStudentCase, SupportRecord)
        for obj in model.objects.all()  # read with the key they were written with
    ]
    monkeypatch.setenv(crypto.ENV_NAME, KEY_A)
    for obj in records:
        obj.save()
    return sw


def test_a_wrong_key_shows_the_placeholder_and_refuses_the_save(written_with_a, monkeypatch, client_for):
    sw = written_with_a
    token = stored(sw.visit)
    monkeypatch.setenv(crypto.ENV_NAME, KEY_B)
    client = client_for("secretary")
    url = reverse("support:record_edit", args=["a", sw.visit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "无法解密（密钥不符）" in page.content.decode()
    response = client.post(url, {"kind": "home_visit", "date": "2022-10-08", "notes": "无法解密（密钥不符）"})
    assert response.status_code == 200
    assert "记录无法解密（密钥不符），为免覆盖原有内容，暂不能保存" in response.content.decode()
    assert stored(sw.visit) == token
    monkeypatch.setenv(crypto.ENV_NAME, KEY_A)
    assert SupportRecord.objects.get(pk=sw.visit.pk).notes == "入户家访，与家长交流。"


def test_a_model_save_writes_the_unreadable_token_back_unchanged(written_with_a, monkeypatch):
    sw = written_with_a
    token = stored(sw.visit)
    monkeypatch.setenv(crypto.ENV_NAME, KEY_B)
    record = SupportRecord.objects.get(pk=sw.visit.pk)
    assert record.notes == "无法解密（密钥不符）"
    record.save()
    assert stored(sw.visit) == token
    monkeypatch.setenv(crypto.ENV_NAME, KEY_A)
    assert SupportRecord.objects.get(pk=sw.visit.pk).notes == "入户家访，与家长交流。"


def test_rotation_dry_run_counts_then_rewrites_with_the_first_key(written_with_a, monkeypatch, capsys):
    sw = written_with_a
    before = stored(sw.visit)
    monkeypatch.setenv(crypto.ENV_NAME, f"{KEY_B},{KEY_A}")
    call_command("rotate_field_key", "--dry-run")
    out = capsys.readouterr().out
    assert "support_supportrecord.notes：" in out and "（试运行，未写入）" in out
    assert stored(sw.visit) == before
    call_command("rotate_field_key")
    assert stored(sw.visit) != before
    monkeypatch.setenv(crypto.ENV_NAME, KEY_B)
    assert SupportRecord.objects.get(pk=sw.visit.pk).notes == "入户家访，与家长交流。"
    assert SpecialStudentCase.objects.get(pk=sw.case.pk).description == sw.case.description


def test_rotation_refuses_and_changes_nothing_when_a_value_cannot_be_opened(written_with_a, monkeypatch):
    sw = written_with_a
    before = {r.pk: stored(r) for r in SupportRecord.objects.all()}
    monkeypatch.setenv(crypto.ENV_NAME, KEY_B)
    with pytest.raises(CommandError) as exc:
        call_command("rotate_field_key")
    assert "无法用已配置的任何密钥解密" in str(exc.value)
    assert {r.pk: stored(r) for r in SupportRecord.objects.all()} == before
    assert sw.visit.pk in before


def test_check_deploy_warns_without_a_field_key(monkeypatch):
    monkeypatch.delenv(crypto.ENV_NAME, raising=False)
    assert [w.id for w in field_key_is_set(None)] == ["dangjian.W001"]
    monkeypatch.setenv(crypto.ENV_NAME, KEY_A)
    assert field_key_is_set(None) == []

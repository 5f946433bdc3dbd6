"""Case notes and family descriptions are encrypted at rest: the stored column never holds the text."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from dangjian.support import crypto


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_stored_columns_do_not_hold_the_plain_text(sw):
    for obj, column, text in (
        (sw.case, "description", "考试前容易紧张"),
        (sw.poor_record, "family_note", "父亲务工"),
        (sw.visit, "notes", "入户家访"),
    ):
        obj = type(obj).objects.get(pk=obj.pk)
        stored = raw(obj._meta.db_table, column, obj.pk)
        assert text in getattr(obj, column)
        assert text not in stored
        assert stored.startswith(crypto.PREFIX)
        assert crypto.decrypt(stored) == getattr(obj, column)


def test_two_saves_of_the_same_text_differ_at_rest(sw):
    sw.visit.save()
    first = raw("support_supportrecord", "notes", sw.visit.pk)
    sw.visit.save()
    assert raw("support_supportrecord", "notes", sw.visit.pk) != first


def test_empty_stays_empty():
    assert crypto.encrypt("") == ""
    assert crypto.decrypt("") == ""


def test_key_from_the_environment_and_rotation(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV_NAME, old)
    token = crypto.encrypt("家访记录")
    monkeypatch.setenv(crypto.ENV_NAME, f"{new},{old}")
    assert crypto.decrypt(token) == "家访记录"
    monkeypatch.setenv(crypto.ENV_NAME, new)
    assert crypto.decrypt(token) == crypto.UNREADABLE


def test_bad_key_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv(crypto.ENV_NAME, "not-a-key")
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_text_written_before_encryption_is_shown_as_is():
    assert crypto.decrypt("旧数据") == "旧数据"

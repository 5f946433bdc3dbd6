"""Re-encrypt every encrypted value with the first key of DANGJIAN_FIELD_KEY (after adding a new key in
front: ``DANGJIAN_FIELD_KEY=NEW,OLD``), in one transaction; then the old key can be removed."""

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dangjian.support import crypto
from dangjian.support.fields import EncryptedTextField


def encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary-key column, column) of every encrypted field of every installed model."""
    return [
        (model._meta.db_table, model._meta.pk.column, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


class Command(BaseCommand):
    help = "用 DANGJIAN_FIELD_KEY 的第一个密钥重新加密全部加密字段（原子操作；--dry-run 只统计）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入")

    def handle(self, *args, dry_run=False, **options):
        qn = connection.ops.quote_name
        total = 0
        with transaction.atomic():
            for table, pk, column in encrypted_columns():
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} WHERE {qn(column)} <> ''")
                    rows = cursor.fetchall()
                updates, unreadable = [], []
                for key, value in rows:
                    try:
                        new, changed = crypto.rotate(value)
                    except InvalidToken:
                        unreadable.append(key)
                        continue
                    if changed:
                        updates.append((new, key))
                if unreadable:
                    raise CommandError(
                        f"{table}.{column}：{len(unreadable)} 条无法用已配置的任何密钥解密（如 id {unreadable[:5]}）；"
                        "请把原密钥加入 DANGJIAN_FIELD_KEY 后再运行。未做任何修改。"
                    )
                if updates and not dry_run:
                    with connection.cursor() as cursor:
                        cursor.executemany(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s", updates)
                self.stdout.write(f"{table}.{column}：{len(updates)} 条{'将' if dry_run else '已'}重新加密")
                total += len(updates)
        self.stdout.write(f"合计 {total} 条{'（试运行，未写入）' if dry_run else ''}")

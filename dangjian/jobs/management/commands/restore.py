"""``python manage.py restore DIR [--force]``: back into an empty database (or over one, with --force), then
every table's row count and every file's checksum is checked against the backup's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.jobs.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库和上传文件，并核对行数与文件校验和。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录")
        parser.add_argument("--force", action="store_true", help="当前数据库已有数据时仍然覆盖")

    def handle(self, *args, source, force, **options):
        try:
            problems = restore(Path(source), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("恢复后核对不符：\n" + "\n".join(problems))
        self.stdout.write("已恢复，行数与文件校验和均与备份一致。")

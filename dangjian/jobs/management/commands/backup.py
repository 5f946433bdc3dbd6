"""``python manage.py backup --output DIR``: database, media files and a manifest, while the server runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.jobs.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库、上传文件和清单（不含字段加密密钥）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="备份目录（新建或空目录）")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {output}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件。"
        )

"""``python manage.py screenshots``: the README's screenshots of the demo (docs/screenshots/), regenerated."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dangjian.demo import screenshots
from dangjian.lib.chromium import CHROMIUM


class Command(BaseCommand):
    help = "在临时数据库中生成演示数据并启动演示服务器，用无头 Chromium 截取首页、会议记录、统计页和手机页面（PNG）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.PROJECT_DIR / "docs" / "screenshots"),
            help="截图目录（默认 docs/screenshots）。",
        )
        parser.add_argument("--user", default="secretary", help="登录的演示账号（默认 secretary）。")
        parser.add_argument(
            "--classes-per-grade", type=int, default=None, help="示范县第一中学每个年段的班级数（默认同演示）。"
        )

    def handle(self, *args, output, user, classes_per_grade, **options):
        if not Path(CHROMIUM).exists():
            raise CommandError(f"找不到 {CHROMIUM}：请先安装 Debian 的 chromium（make system-test-deps）。")
        try:
            import playwright  # noqa: F401
        except ImportError:
            raise CommandError("需要 Playwright：pip install -e '.[test]'。") from None
        saved = screenshots.run(Path(output), username=user, classes_per_grade=classes_per_grade, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"已保存 {len(saved)} 张截图到 {output}。"))

"""``python manage.py start_school_year --school CODE --year 2026-2027 [--classes N] [--dry-run]``: 新学年."""

from django.core.management.base import BaseCommand, CommandError

from dangjian.school.models import School
from dangjian.school.rollover import RolloverRefused, school_year_start


def start_year_of(value: str) -> int:
    """``2026-2027`` (or ``2026``) to 2026."""
    first, _, second = value.partition("-")
    if not first.isdigit() or (second and second != str(int(first) + 1)):
        raise CommandError(f"学年格式应为 2026-2027：{value}")
    return int(first)


class Command(BaseCommand):
    help = "开始学校的下一个学年：建学年和学期、班级升级、高三毕业、开设高一新班、教职工年段顺延（一个事务）。"

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="学校代码")
        parser.add_argument("--year", required=True, help="新学年，如 2026-2027")
        parser.add_argument("--classes", type=int, default=None, help="新高一班级数（默认与上一学年高一相同）")
        parser.add_argument("--dry-run", action="store_true", help="只预览，不写入")

    def handle(self, *args, school, year, classes, dry_run, **options):
        found = School.objects.filter(code=school).first()
        if found is None:
            raise CommandError(f"没有代码为 {school} 的学校")
        try:
            plan = school_year_start(school=found, start_year=start_year_of(year), new_classes=classes, dry_run=dry_run)
        except RolloverRefused as refused:
            raise CommandError(str(refused)) from refused
        head = "无需变更（该学年已开始）" if plan.is_empty else ("预览（未写入）" if dry_run else "已完成")
        self.stdout.write(f"{found.name} {plan.code}学年：{head}")
        for label, n in plan.counts:
            self.stdout.write(f"  {label}：{n}")
        if plan.decisions:
            self.stdout.write("待决定：")
            for item in plan.decisions:
                self.stdout.write(f"  - {item}")

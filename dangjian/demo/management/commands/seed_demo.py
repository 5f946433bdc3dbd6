"""``python manage.py seed_demo``: the fictional demo county, its two schools and the demo logins.

Deterministic and idempotent: a school that already exists is left alone, so running it twice
changes nothing. ``make demo`` shows the summary printed at the end."""

import argparse
import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from dangjian.demo.generate import DEMO_PASSWORD, seed


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


class Command(BaseCommand):
    help = "生成示范县演示数据（虚构的学校、教职工、学生与党组织）及演示账号。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="示范县第一中学的班级、教职工和学生数量倍数（默认 1；基准测试用 10，请使用单独的数据库）。",
        )
        parser.add_argument("--quiet", action="store_true", help="不输出任何信息。")
        # Test knob: classes per grade of the main school (default 20 × scale); staff follow.
        parser.add_argument("--classes-per-grade", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args, scale, quiet, classes_per_grade, **options):
        if scale < 1:
            raise CommandError("--scale 必须是正整数。")
        if classes_per_grade is not None and classes_per_grade < 1:
            raise CommandError("--classes-per-grade 必须是正整数。")
        say = (lambda message: None) if quiet else self.stdout.write
        started = time.monotonic()
        result = seed(scale=scale, classes_per_grade=classes_per_grade, log=say)
        if quiet:
            return
        say("")
        say(self.style.SUCCESS(f"示范县演示数据已就绪（用时 {time.monotonic() - started:.1f} 秒）。"))
        rows = [["学校", "代码", "教职工", "党员", "在读学生", f"班级（{result.current_year}学年）", "本次"]]
        for s in result.schools:
            rows.append(
                [
                    s.name,
                    s.code,
                    s.staff,
                    s.party_members,
                    s.students,
                    s.classes,
                    "新生成" if s.created else "已存在",
                ]
            )
        for line in _table(rows):
            say(line)
        say("")
        say(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        rows = [["用户名", "角色", "姓名", "密码"]]
        rows += [[login.username, login.role, login.name or "—", DEMO_PASSWORD] for login in result.logins]
        for line in _table(rows):
            say(line)

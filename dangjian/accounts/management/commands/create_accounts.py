"""python manage.py create_accounts --school CODE [--output slips.xlsx|slips.docx]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangjian.accounts import onboarding
from dangjian.school.models import School


class Command(BaseCommand):
    help = "为学校每名尚无账号的在职教职工创建登录账号（用户名为工号，一次性初始密码），并输出登录单。"

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="学校代码")
        parser.add_argument("--output", help="登录单文件（.xlsx 或 .docx，每人一张）；省略则打印在屏幕上")

    def handle(self, *args, school, output=None, **options):
        target = School.objects.filter(code=school).first()
        if target is None:
            raise CommandError(f"学校代码 {school} 不存在")
        if output and Path(output).suffix.lower() not in (".xlsx", ".docx"):
            raise CommandError("登录单文件须为 .xlsx 或 .docx")
        with transaction.atomic():  # a slip file that cannot be written leaves no account behind
            slips = onboarding.accounts_create_for_staff(school=target, actor=None)
            if slips and output:
                render = onboarding.slips_docx if output.lower().endswith(".docx") else onboarding.slips_xlsx
                try:
                    Path(output).write_bytes(render(target, slips))
                except OSError as exc:
                    raise CommandError(f"无法写入 {output}：{exc.strerror}；未创建任何账号。") from exc
        if not slips:
            self.stdout.write("所有在职教职工都已有账号，未创建新账号。")
        elif output:
            self.stdout.write(f"已创建 {len(slips)} 个账号，登录单已写入 {output}（初始密码只在此文件中）。")
        else:
            for slip in slips:
                self.stdout.write(f"{slip.staff_number}\t{slip.name}\t{slip.username}\t{slip.code}")
            self.stdout.write(f"已创建 {len(slips)} 个账号。")

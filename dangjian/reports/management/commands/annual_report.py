"""python manage.py annual_report --school CODE --year 2022-2023 -o report.docx [--xlsx figures.xlsx]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.reports import report
from dangjian.school.models import School, SchoolYear


class Command(BaseCommand):
    help = "生成学校某学年的党建工作报告（.docx），可同时导出数据（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="学校代码")
        parser.add_argument("--year", required=True, help="学年，如 2022-2023")
        parser.add_argument("-o", "--output", required=True, help="输出 .docx 文件")
        parser.add_argument("--xlsx", help="同时输出数据 .xlsx 文件")

    def handle(self, *args, school, year, output, xlsx=None, **options):
        target = School.objects.filter(code=school).first()
        if target is None:
            raise CommandError(f"学校代码 {school} 不存在")
        try:
            start = int(str(year).split("-")[0])
        except ValueError:
            raise CommandError(f"学年格式应为 2022-2023：{year}") from None
        school_year = SchoolYear.objects.filter(start_year=start).first()
        if school_year is None:
            raise CommandError(f"学年 {year} 不存在")
        data = report.report_data(target, school_year)
        Path(output).write_bytes(report.annual_docx(data))
        self.stdout.write(f"已生成 {output}")
        if xlsx:
            Path(xlsx).write_bytes(report.annual_xlsx(data))
            self.stdout.write(f"已生成 {xlsx}")

"""python manage.py import_roster KIND FILE --school CODE [--semester 2022-2023-1] [--dry-run] [--add-unknown]

Prints the summary, every problem and every warning; exits 0 when the import succeeded (or a dry run
found no problem) and 1, having changed nothing, when any row has a problem. Names of open lists (特长,
处室) that the lists do not have are warnings: ignored, or added to the lists with --add-unknown."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.rosters.columns import SPECS
from dangjian.rosters.importers import CREATE, UPDATE
from dangjian.rosters.queries import current_semester, semester_from_param
from dangjian.rosters.services import added_text, roster_import
from dangjian.rosters.values import CellError, parse_school_year
from dangjian.school.models import School, SchoolYear
from dangjian.school.queries import current_school_year


class Command(BaseCommand):
    help = "从 Excel（.xlsx）或 CSV 导入教职工、学生、班级、任课安排或党员名册；有任何问题则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS), help="staff、students、classes、assignments 或 members")
        parser.add_argument("file", help=".xlsx 或 .csv 文件")
        parser.add_argument("--school", required=True, help="学校代码，如 sfyz")
        parser.add_argument(
            "--semester",
            help="学期（如 2022-2023-1）或学年（如 2022-2023）；默认当前学期/学年。"
            "教职工、学生、班级按其学年导入，任课安排中「学期」为空的行按此学期导入。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入")
        parser.add_argument(
            "--add-unknown", action="store_true", help="把特长、处室列表中没有的名称加入列表并导入（默认忽略这些值）"
        )

    def handle(self, *args, kind, file, school, semester=None, dry_run=False, add_unknown=False, **options):
        school_obj = School.objects.filter(code=school).first()
        if school_obj is None:
            raise CommandError(f"找不到学校：{school}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        semester_obj, school_year = self._period(semester)
        plan, applied = roster_import(
            kind=kind,
            school=school_obj,
            data=path.read_bytes(),
            filename=path.name,
            school_year=school_year,
            semester=semester_obj,
            dry_run=dry_run,
            add_unknown=add_unknown,
        )
        period = plan.semester or plan.school_year
        self.stdout.write(f"{school_obj.name} · {path.name}" + (f" · {period}" if period else ""))
        for notice in plan.notices:
            self.stdout.write(f"提示：{notice}")
        for problem in plan.problems:
            self.stdout.write(f"问题：{problem}")
        for warning in plan.warnings:
            self.stdout.write(f"提醒：{warning}")
        self.stdout.write(plan.summary())
        if plan.problems:
            raise CommandError(f"发现 {len(plan.problems)} 个问题，未写入任何数据。")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("试运行：没有发现问题，未写入任何数据。"))
        elif applied:
            counts = plan.counts
            self.stdout.write(
                self.style.SUCCESS(f"导入完成：新增 {counts[CREATE]}，更新 {counts[UPDATE]}{added_text(plan)}。")
            )

    def _period(self, value):
        """--semester as a semester (2022-2023-1) or a school year (2022-2023); default the current ones."""
        if not value:
            semester = current_semester()
            return semester, current_school_year()
        semester = semester_from_param(value)
        if semester is not None:
            return semester, semester.school_year
        try:
            start = parse_school_year(value)
        except CellError:
            start = None
        year = SchoolYear.objects.filter(start_year=start).first() if start else None
        if year is None:
            raise CommandError(f"找不到学期或学年：{value}（应如 2022-2023-1 或 2022-2023）")
        return None, year

"""manage.py export_assignment_problem --school CODE --semester 2022-2023-1 [--output problem.json]

Writes the problem.json of a school's semester (classes, the subjects each needs, teachers with their
subjects, grades, Party membership and load limits, 班主任, previous assignments), so that a real case
can be shared and reproduced with ``assign_teachers``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangjian.school.models import School
from dangjian.staffing import queries


class Command(BaseCommand):
    help = "导出某校某学期的任课安排问题（problem.json）。"

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="学校代码")
        parser.add_argument("--semester", help="学期，如 2022-2023-1；默认当前学期")
        parser.add_argument("--output", default="-", help="输出文件（默认标准输出）")

    def handle(self, *args, **options):
        school = School.objects.filter(code=options["school"]).first()
        if school is None:
            raise CommandError(f"学校“{options['school']}”不存在。")
        if options["semester"]:
            semester = queries.semester_by_code(options["semester"])
            if semester is None:
                raise CommandError(f"学期“{options['semester']}”不存在（格式如 2022-2023-1）。")
        else:
            semester = queries.current_semester()
            if semester is None:
                raise CommandError("尚未设置学期。")
        data = queries.problem_dict(queries.load_semester(school, semester))
        body = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"] == "-":
            self.stdout.write(body)
        else:
            Path(options["output"]).write_text(body + "\n", encoding="utf-8")
            self.stdout.write(
                f"已导出 {school.name} {semester}：{len(data['classes'])} 个班、{len(data['teachers'])} 名教师 → {options['output']}"
            )

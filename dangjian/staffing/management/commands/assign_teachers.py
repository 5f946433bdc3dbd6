"""manage.py assign_teachers --input problem.json --output solution.json [--time-limit 30]

Works on files alone, without the database. Exit 0 for an optimal or feasible assignment; 2 only when it
is proven that the hard rules cannot all hold (solution.json is still written, with the explanation); 3 when
no assignment was found within the time limit and none was proven impossible (status ``unknown``: allow
more time); 1 for invalid input (a message naming the offending entry; no output file)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from dangjian.staffing import optimizer


class Command(BaseCommand):
    help = "求解任课安排（problem.json → solution.json），不访问数据库。"
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="problem.json 路径（- 表示标准输入）")
        parser.add_argument("--output", required=True, help="solution.json 路径（- 表示标准输出）")
        parser.add_argument("--time-limit", type=float, default=optimizer.DEFAULT_TIME_LIMIT, help="求解时限（秒）")

    def handle(self, *args, **options):
        code = self.run(options)
        if code:
            sys.exit(code)

    def run(self, options) -> int:
        limit = options["time_limit"]
        if not limit > 0:
            self.stderr.write("--time-limit 应为正数。")
            return 1
        try:
            text = sys.stdin.read() if options["input"] == "-" else Path(options["input"]).read_text(encoding="utf-8")
        except OSError as exc:
            self.stderr.write(f"无法读取 {options['input']}：{exc.strerror}")
            return 1
        try:
            data = json.loads(text)
        except ValueError as exc:
            self.stderr.write(f"{options['input']} 不是有效的 JSON：{exc}")
            return 1
        try:
            problem = optimizer.parse_problem(data)
        except optimizer.ProblemError as exc:
            self.stderr.write("输入有误：")
            for line in exc.errors:
                self.stderr.write(f"  - {line}")
            return 1
        solution = optimizer.solve(problem, time_limit=limit)
        body = json.dumps(solution.to_dict(problem), ensure_ascii=False, indent=2)
        if options["output"] == "-":
            self.stdout.write(body)
        else:
            Path(options["output"]).write_text(body + "\n", encoding="utf-8")
        summary = (
            f"{solution.status}：{len(solution.assignments)} 条任课安排，保留上学期 {solution.kept_previous} 条，"
            f"用时 {solution.solve_seconds:.2f} 秒"
        )
        (self.stderr if options["output"] == "-" else self.stdout).write(summary)
        for line in solution.explanation:
            self.stderr.write(f"  - {line}")
        return {optimizer.INFEASIBLE: 2, optimizer.UNKNOWN: 3}.get(solution.status, 0)

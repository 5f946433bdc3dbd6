"""python manage.py import_roster: same summary and problems; exit 1 and nothing changed on any problem."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangjian.school.models import Staff, Student
from dangjian.staffing.models import TeachingAssignment

from .helpers import csv_bytes, xlsx_bytes
from .snapshot import snapshot


def run(*args):
    out = io.StringIO()
    call_command("import_roster", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_staff_then_reimport_unchanged(roster, tmp_path):
    path = write(tmp_path, "staff.xlsx", xlsx_bytes([["工号", "姓名", "性别"], ["T1", "甲", "男"], ["T2", "乙", "女"]]))
    out = run("staff", path, "--school", "a", "--semester", "2022-2023-1")
    assert out.splitlines() == [
        "甲中学 · staff.xlsx · 2022-2023学年",
        "教职工：新增 2 行，更新 0 行，不变 0 行，问题 0 个",
        "导入完成：新增 2，更新 0。",
    ]
    assert Staff.objects.filter(staff_number__in=["T1", "T2"]).count() == 2
    out = run("staff", path, "--school", "a", "--semester", "2022-2023")
    assert out.splitlines()[1] == "教职工：新增 0 行，更新 0 行，不变 2 行，问题 0 个"


def test_dry_run_changes_nothing(roster, tmp_path):
    path = write(
        tmp_path, "s.csv", csv_bytes([["学号", "姓名", "性别", "班级"], ["S1", "甲", "男", "1-1"]], encoding="gbk")
    )
    before = snapshot()
    out = run("students", path, "--school", "a", "--semester", "2022-2023", "--dry-run")
    assert out.splitlines()[-2:] == [
        "学生：新增 1 行，更新 0 行，不变 0 行，问题 0 个",
        "试运行：没有发现问题，未写入任何数据。",
    ]
    assert snapshot() == before


def test_any_problem_exits_1_and_changes_nothing(roster, tmp_path):
    rows = [["工号", "姓名", "性别", "出生日期"], ["T1", "甲", "男", "1990-01-01"], ["T2", "乙", "女", "2022/13/01"]]
    path = write(tmp_path, "bad.xlsx", xlsx_bytes(rows, title_rows=["教职工名单"]))
    before = snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_roster", "staff", path, "--school", "a", stdout=out)
    assert str(error.value) == "发现 1 个问题，未写入任何数据。"
    assert error.value.returncode == 1
    assert out.getvalue().splitlines()[1:] == [
        "问题：第 4 行「出生日期」无法识别：2022/13/01",
        "教职工：新增 1 行，更新 0 行，不变 0 行，问题 1 个",
    ]
    assert snapshot() == before


def test_assignments_with_semester_default(roster, tmp_path):
    rows = [["班级", "学科", "教师工号"], ["高一（1）班", "语文", "J001"]]
    path = write(tmp_path, "a.xlsx", xlsx_bytes(rows))
    run("assignments", path, "--school", "a", "--semester", "2022-2023-2")
    assert TeachingAssignment.objects.get().semester == roster.semester2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["staff", "nofile.xlsx", "--school", "a"], "找不到文件：nofile.xlsx"),
        (["staff", "{file}", "--school", "zz"], "找不到学校：zz"),
        (
            ["staff", "{file}", "--school", "a", "--semester", "2030"],
            "找不到学期或学年：2030（应如 2022-2023-1 或 2022-2023）",
        ),
    ],
)
def test_bad_arguments(roster, tmp_path, args, message):
    path = write(tmp_path, "s.xlsx", xlsx_bytes([["工号", "姓名", "性别"]]))
    with pytest.raises(CommandError) as error:
        run(*[a.replace("{file}", path) for a in args])
    assert str(error.value) == message


def test_default_period_is_the_current_one(roster, tmp_path):
    path = write(tmp_path, "s.xlsx", xlsx_bytes([["学号", "姓名", "性别"], ["S1", "甲", "男"]]))
    run("students", path, "--school", "a")
    assert Student.objects.get().student_number == "S1"

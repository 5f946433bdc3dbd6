"""Importing staff: create, re-import unchanged, update by 工号, and every problem by row and column."""

import datetime as dt

from dangjian.rosters.importers import plan_import
from dangjian.rosters.services import roster_import
from dangjian.school.models import Staff, StaffYear

from .helpers import csv_bytes, xlsx_bytes
from .snapshot import snapshot

HEADER = [
    "工号",
    "姓名",
    "性别",
    "出生日期",
    "参加工作时间",
    "任教学科",
    "政治面貌",
    "入党时间",
    "所属年段",
    "职务",
    "职称",
    "骨干教师级别",
    "手机号",
    "特长",
]
ROWS = [
    HEADER,
    [
        "R1001",
        "陈晓",
        "女",
        dt.date(1990, 3, 4),
        "2012/8/1",
        "语文、数学",
        "中共党员",
        "2015年7月1日",
        "高一",
        "教研组长",
        "一级教师",
        "县级骨干",
        13800000001,
        "",
    ],
    ["R1002", "王强", "男", "1985.6.7", "200808", "物理", "群众", "", "", "", "未评", "无", "", ""],
]


def run(roster, rows, *, name="staff.xlsx", data=None, **kwargs):
    data = data if data is not None else xlsx_bytes(rows)
    return roster_import(
        kind="staff", school=roster.school, data=data, filename=name, school_year=roster.year, **kwargs
    )


def test_import_creates_staff_with_subjects_and_grade(roster):
    plan, applied = run(roster, ROWS)
    assert [str(p) for p in plan.problems] == []
    assert (applied, plan.counts) == (True, {"create": 2, "update": 0, "unchanged": 0})
    chen = Staff.objects.get(school=roster.school, staff_number="R1001")
    assert (chen.name, chen.gender, chen.birth_date, chen.started_teaching_on) == (
        "陈晓",
        "F",
        dt.date(1990, 3, 4),
        dt.date(2012, 8, 1),
    )
    assert (chen.political_status, chen.joined_party_on, chen.title, chen.key_teacher_level, chen.phone) == (
        "party",
        dt.date(2015, 7, 1),
        "first",
        "county",
        "13800000001",
    )
    assert sorted(s.name for s in chen.subjects.all()) == ["数学", "语文"]
    assert StaffYear.objects.get(staff=chen, school_year=roster.year).grade.level == 1
    wang = Staff.objects.get(school=roster.school, staff_number="R1002")
    assert (wang.started_teaching_on, wang.title, wang.key_teacher_level) == (dt.date(2008, 8, 1), "", "")
    assert not StaffYear.objects.filter(staff=wang).exists()


def test_reimporting_the_same_file_changes_nothing(roster):
    run(roster, ROWS)
    before = snapshot()
    plan, applied = run(roster, ROWS)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert {k: v for k, v in snapshot().items() if k != "accounts.AuditLog"} == {
        k: v for k, v in before.items() if k != "accounts.AuditLog"
    }


def test_corrected_file_updates_by_staff_number(roster):
    run(roster, ROWS)
    corrected = [list(r) for r in ROWS]
    corrected[2][1] = "王刚"
    corrected[2][5] = "物理、英语"
    corrected[2][8] = "高二"
    plan, applied = run(roster, corrected)
    assert plan.counts == {"create": 0, "update": 1, "unchanged": 1}
    assert plan.changed[0].changes == ("姓名", "任教学科", "所属年段")
    wang = Staff.objects.get(staff_number="R1002")
    assert wang.name == "王刚"
    assert sorted(s.name for s in wang.subjects.all()) == ["物理", "英语"]
    assert StaffYear.objects.get(staff=wang).grade.level == 2
    assert Staff.objects.filter(school=roster.school, staff_number__startswith="R1").count() == 2  # no duplicates


def test_existing_staff_keep_columns_the_file_does_not_have(roster):
    teacher = roster.teachers["J001"]
    teacher.phone = "13900000000"
    teacher.save()
    plan, applied = run(roster, [["工号", "姓名", "性别"], ["J001", "张明", "男"]])
    assert (applied, plan.counts["update"], plan.changed[0].changes) == (True, 1, ("性别",))
    teacher.refresh_from_db()
    assert (teacher.gender, teacher.phone, teacher.birth_date) == ("M", "13900000000", dt.date(1985, 5, 1))


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(roster):
    rows = [
        HEADER,
        ["T1", "甲", "男", "2022/13/01", "", "化学", "党员", "", "高四", "", "教授", "", "12345", ""],
        ["T2", "", "未知", "", "", "", "群众", "2010-01-01", "", "", "", "", "", "飞行"],
        ["T1", "丙", "女", "", "", "", "", "", "", "", "", "", "", ""],
        ["", "丁", "女", "", "", "", "", "", "", "", "", "", "", ""],
    ]
    before = snapshot()
    plan, applied = run(roster, rows)
    assert applied is False
    assert [str(p) for p in plan.problems] == [
        "第 2 行「出生日期」无法识别：2022/13/01",
        "第 2 行「任教学科」找不到“化学”（可选：数学、物理、英语、语文）",
        "第 2 行「所属年段」不在可选范围内：高四（可选：高一、高二、高三）",
        "第 2 行「职称」不在可选范围内：教授（可选：未评、正高级教师、高级教师、一级教师、二级教师、三级教师）",
        "第 2 行「手机号」请输入 11 位手机号码。",
        "第 3 行「姓名」这个字段是必填项。",
        "第 3 行「性别」不在可选范围内：未知（可选：男、女）",
        "第 3 行「入党时间」只有中共党员或预备党员才填写入党时间。",
        "第 4 行「工号」与第 2 行重复：工号 T1。",
        "第 5 行「工号」不能为空。",
    ]
    # 特长 is an open list: a name it does not have is a warning, never a problem (test_free_text.py).
    assert [str(p) for p in plan.warnings] == [
        "第 3 行「特长」“飞行”不在特长列表中：确认导入时选择“加入列表”则加入并导入，否则忽略该值。"
    ]
    assert snapshot() == before


def test_form_rules_apply_to_rows(roster):
    rows = [HEADER[:4] + ["入党时间", "政治面貌"], ["T1", "甲", "男", "2010-01-01", "2020-01-01", "中共党员"]]
    plan, _ = run(roster, rows)
    assert [str(p) for p in plan.problems] == ["第 2 行「入党时间」入党时年龄不足 18 周岁，请核对。"]


def test_missing_required_column(roster):
    plan, applied = run(roster, [["工号", "姓名"], ["T1", "甲"]])
    assert [str(p) for p in plan.problems] == ["「性别」缺少必填列。"]


def test_error_cells_are_row_problems(roster):
    rows = [["工号", "姓名", "性别", "出生日期"], ["T1", "甲", "男", "#N/A"], ["T2", "#REF!", "女", ""]]
    plan, _ = run(roster, rows)
    assert [str(p) for p in plan.problems] == [
        "第 2 行「出生日期」是错误值 #N/A，请修正公式或填写实际内容。",
        "第 3 行「姓名」是错误值 #REF!，请修正公式或填写实际内容。",
    ]


def test_full_width_digits_stray_spaces_and_line_breaks(roster):
    rows = [
        ["工号", "姓名", "性别", "出生日期", "手机号"],
        ["Ｒ１００１ ", " 陈\n晓", " 女 ", "１９９０年３月４日", "１３８-００００ ０００１"],
    ]
    plan, applied = run(roster, rows)
    assert applied, [str(p) for p in plan.problems]
    staff = Staff.objects.get(staff_number="R1001")
    assert (staff.name, staff.gender, staff.birth_date, staff.phone) == (
        "陈晓",
        "F",
        dt.date(1990, 3, 4),
        "13800000001",
    )


def test_gbk_csv_with_title_rows_and_extra_columns(roster):
    rows = [["示范县第一中学教职工名单"], [], ["备注", *HEADER[:3]], ["随便", "T1", "甲", "男"], ["", "", "", ""]]
    plan, applied = run(roster, rows, name="名单.csv", data=csv_bytes(rows, encoding="gbk"))
    assert (applied, plan.counts["create"]) == (True, 1)
    assert plan.notices == ["以下列不属于模板，已忽略：「备注」"]


def test_template_example_row_is_skipped(roster):
    from dangjian.rosters.columns import STAFF

    rows = [[c.header for c in STAFF.columns], STAFF.example_row, ["T1", "甲", "男"]]
    plan, applied = run(roster, rows)
    assert (applied, plan.counts["create"]) == (True, 1)
    assert plan.notices == ["第 2 行是模板的示例行，已跳过。"]


def test_dry_run_writes_nothing(roster):
    before = snapshot()
    plan, applied = run(roster, ROWS, dry_run=True)
    assert (applied, plan.counts["create"]) == (False, 2)
    assert snapshot() == before


def test_planning_runs_a_constant_number_of_queries(roster, django_assert_max_num_queries):
    small = xlsx_bytes(ROWS[:2])
    big = xlsx_bytes([HEADER] + [[f"T{i}", "某", "男", "", "", "语文", "", "", "高一"] for i in range(50)])
    with django_assert_max_num_queries(12) as small_ctx:
        plan_import("staff", school=roster.school, data=small, filename="a.xlsx", school_year=roster.year)
    with django_assert_max_num_queries(12) as big_ctx:
        plan_import("staff", school=roster.school, data=big, filename="a.xlsx", school_year=roster.year)
    assert len(big_ctx.captured_queries) == len(small_ctx.captured_queries)

"""Importing students, classes and teaching assignments."""

from dangjian.rosters.importers import plan_import
from dangjian.rosters.services import roster_import
from dangjian.school.models import Enrollment, SchoolClass, Student
from dangjian.staffing.models import TeachingAssignment
from dangjian.tests import factories as f

from .helpers import csv_bytes, xlsx_bytes
from .snapshot import snapshot


def run(roster, kind, rows, *, data=None, name="a.xlsx", **kwargs):
    kwargs.setdefault("school_year", roster.year)
    data = data if data is not None else xlsx_bytes(rows)
    return roster_import(kind=kind, school=roster.school, data=data, filename=name, **kwargs)


# Students --------------------------------------------------------------------------------------

STUDENTS = [
    ["学号", "姓名", "性别", "年段", "班级", "是否团员"],
    ["S1", "李华", "女", "高一", "3", "是"],
    ["S2", "赵敏", "女", "", "高一（2）班", "否"],
    ["S3", "周杰", "男", "", "1-1", ""],
    ["S4", "吴磊", "男", "", "", ""],
]


def test_students_are_created_and_placed_in_classes(roster):
    plan, applied = run(roster, "students", STUDENTS)
    assert (applied, plan.counts) == (True, {"create": 4, "update": 0, "unchanged": 0})
    placed = {e.student.student_number: e.school_class for e in Enrollment.objects.filter(school_year=roster.year)}
    assert placed == {"S1": roster.classes[(1, 3)], "S2": roster.classes[(1, 2)], "S3": roster.classes[(1, 1)]}
    assert list(Student.objects.filter(is_league_member=True).values_list("student_number", flat=True)) == ["S1"]


def test_students_reimport_unchanged_then_move_class(roster):
    run(roster, "students", STUDENTS)
    plan, _ = run(roster, "students", STUDENTS)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 4}
    moved = [list(r) for r in STUDENTS]
    moved[1][4] = "高二3班"
    moved[1][3] = ""
    moved[2][4] = ""  # no longer placed
    plan, applied = run(roster, "students", moved)
    assert (applied, [a.changes for a in plan.changed]) == (True, [("班级",), ("班级",)])
    assert Enrollment.objects.get(student__student_number="S1").school_class == roster.classes[(2, 3)]
    assert not Enrollment.objects.filter(student__student_number="S2").exists()


def test_student_problems(roster):
    rows = [
        STUDENTS[0] + ["学籍状态"],
        ["S1", "甲", "男", "高一", "9", "", ""],
        ["S2", "乙", "男", "高二", "高一（1）班", "", ""],
        ["S3", "丙", "男", "", "3", "", ""],
        ["S4", "丁", "男", "高一", "1", "也许", "毕业"],
    ]
    before = snapshot()
    plan, applied = run(roster, "students", rows)
    assert [str(p) for p in plan.problems] == [
        "第 2 行「班级」找不到2022-2023学年的班级：高一（9）班。",
        "第 3 行「班级」高一（1）班与年段「高二」不一致。",
        "第 4 行「班级」无法确定年段：请填写「年段」列，或写成 高一（3）班。",
        "第 5 行「班级」只有在读学生才能编入班级。",
        "第 5 行「是否团员」应填“是”或“否”：也许",
    ]
    assert (applied, snapshot()) == (False, before)


def test_students_from_utf8_bom_csv(roster):
    plan, applied = run(roster, "students", STUDENTS, data=csv_bytes(STUDENTS, encoding="utf-8-sig"), name="s.csv")
    assert (applied, plan.counts["create"]) == (True, 4)


def test_student_planning_queries_do_not_grow(roster, django_assert_max_num_queries):
    for size in (1, 5):
        rows = [STUDENTS[0]] + [[f"S{i}", "某", "男", "高一", "1", "是"] for i in range(size)]
        with django_assert_max_num_queries(6):
            plan = plan_import(
                "students", school=roster.school, data=xlsx_bytes(rows), filename="a.xlsx", school_year=roster.year
            )
        assert plan.counts["create"] == size


# Classes ---------------------------------------------------------------------------------------

CLASSES = [["年段", "班级", "班主任工号", "班主任姓名"], ["高一", "1", "J001", "张明"], ["", "高三（1）班", "J002", ""]]


def test_classes_create_and_update_homeroom_teachers(roster):
    plan, applied = run(roster, "classes", CLASSES)
    assert (applied, plan.counts) == (True, {"create": 1, "update": 1, "unchanged": 0})
    assert roster.classes[(1, 1)].__class__.objects.get(pk=roster.classes[(1, 1)].pk).homeroom_teacher.name == "张明"
    new = SchoolClass.objects.get(grade__school=roster.school, grade__school_year=roster.year, grade__level=3)
    assert (new.number, new.homeroom_teacher.name) == (1, "李红")
    plan, _ = run(roster, "classes", CLASSES)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2}


def test_homeroom_teachers_may_swap_classes(roster):
    run(roster, "classes", [["班级", "班主任工号"], ["1-1", "J001"], ["1-2", "J002"]])
    plan, applied = run(roster, "classes", [["班级", "班主任工号"], ["1-1", "J002"], ["1-2", "J001"]])
    assert (applied, plan.counts["update"]) == (True, 2)


def test_class_problems(roster):
    rows = [
        CLASSES[0],
        ["高一", "1", "J001", "王五"],
        ["高一", "2", "X999", ""],
        ["高一", "3", "", "李红"],
        ["高二", "1", "J002", ""],
        ["高二", "2", "J002", ""],
        ["高一", "高一1班", "", ""],
        ["高一", "100", "", ""],
    ]
    plan, applied = run(roster, "classes", rows)
    assert [str(p) for p in plan.problems] == [
        "第 2 行「班主任姓名」“王五”与工号 J001 的姓名“张明”不一致。",
        "第 3 行「班主任工号」找不到本校在职教职工：工号 X999。",
        "第 4 行「班主任工号」请填写“李红”的工号。",
        "第 5 行「班主任工号」李红（J002）将同时担任高二（1）班、高二（2）班的班主任。",
        "第 6 行「班主任工号」李红（J002）将同时担任高二（1）班、高二（2）班的班主任。",
        "第 7 行「班级」与第 2 行重复：高一（1）班。",
        "第 8 行「班级」无法识别：100（应如 高一（3）班、高一3班 或 1-3）",
    ]
    assert applied is False


def test_class_combinations_are_read_in_any_spelling_and_kept_short(roster):
    rows = [["班级", "选科组合"], ["2-1", "物理+化学+生物"], ["2-2", "史政地"], ["2-3", "地理 生物 历史"]]
    plan, applied = run(roster, "classes", rows)
    assert (applied, plan.counts["update"]) == (True, 3)
    stored = dict(
        SchoolClass.objects.filter(grade__level=2, grade__school=roster.school).values_list("number", "combination")
    )
    assert stored == {1: "物化生", 2: "史政地", 3: "史地生"}
    plan, _ = run(roster, "classes", [["班级", "选科组合"], ["2-1", "物化生"], ["2-2", "政治、历史、地理"]])
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2}
    plan, _ = run(roster, "classes", [["班级", "班主任工号"], ["2-1", "J001"]])  # no 选科组合 column: kept
    assert SchoolClass.objects.get(pk=roster.classes[(2, 1)].pk).combination == "物化生"


def test_bad_combinations_are_refused_naming_the_valid_forms(roster):
    rows = [["班级", "选科组合"], ["2-1", "物史地"], ["2-2", "物化"], ["2-3", "物化音"], ["1-1", "物化生"]]
    plan, applied = run(roster, "classes", rows)
    assert applied is False
    problems = [str(p) for p in plan.problems]
    assert [p.split("」")[0] for p in problems] == [f"第 {n} 行「选科组合" for n in (2, 3, 4, 5)]
    assert "须在物理、历史中选且只选一科" in problems[0]
    assert "三门不同的科目" in problems[1]
    assert "“音”不是选考科目" in problems[2]
    assert problems[3] == "第 5 行「选科组合」高一不分选科组合，请留空。"
    assert all("物化生" in p for p in problems[:3])


# Assignments -----------------------------------------------------------------------------------

ASSIGNMENTS = [
    ["学期", "班级", "学科", "教师工号", "教师姓名"],
    ["2022-2023-1", "高一（1）班", "语文", "J001", "张明"],
    ["2022-2023学年第一学期", "高一（1）班", "数学", "J002", ""],
    ["", "1-2", "语文", "J001", ""],
]


def test_assignments_create_update_unchanged(roster):
    plan, applied = run(roster, "assignments", ASSIGNMENTS, semester=roster.semester)
    assert (applied, plan.counts) == (True, {"create": 3, "update": 0, "unchanged": 0})
    assert TeachingAssignment.objects.filter(semester=roster.semester).count() == 3
    changed = [list(r) for r in ASSIGNMENTS]
    changed[2][3] = "J001"
    plan, applied = run(roster, "assignments", changed, semester=roster.semester)
    assert (plan.counts, plan.changed[0].changes) == ({"create": 0, "update": 1, "unchanged": 2}, ("教师工号",))
    math = TeachingAssignment.objects.get(subject=roster.subjects["数学"])
    assert math.teacher == roster.teachers["J001"]


def test_assignment_problems(roster):
    f.SemesterFactory(school_year=f.SchoolYearFactory(start_year=2021), term=1)
    rows = [
        ASSIGNMENTS[0],
        ["2030-2031-1", "高一（1）班", "语文", "J001", ""],
        ["2021-2022-1", "高一（1）班", "语文", "J001", ""],
        ["", "高一（1）班", "化学", "J001", ""],
        ["2022-2023-1", "高一（1）班", "语文", "J001", ""],
        ["2022-2023-1", "1-1", "语文", "J002", ""],
    ]
    plan, applied = run(roster, "assignments", rows, school_year=None)
    assert [str(p) for p in plan.problems] == [
        "第 2 行「学期」找不到学期：2030-2031-1。",
        "第 3 行「班级」找不到2021-2022学年的班级：高一（1）班。",
        "第 4 行「学期」不能为空（导入时也未选择学期）。",
        "第 4 行「学科」找不到“化学”（可选：数学、物理、英语、语文）",
        "第 6 行「学科」与第 5 行重复：2022-2023-1 高一（1）班 语文。",
    ]
    assert applied is False


def test_assignments_need_a_semester_column_without_a_default(roster):
    plan, _ = run(roster, "assignments", [ASSIGNMENTS[0][1:], ASSIGNMENTS[1][1:]], school_year=None)
    assert [str(p) for p in plan.problems] == ["「学期」缺少必填列。"]


def test_inactive_teacher_is_refused(roster):
    teacher = roster.teachers["J002"]
    teacher.is_active = False
    teacher.save()
    plan, _ = run(roster, "assignments", ASSIGNMENTS[:3], semester=roster.semester)
    assert [str(p) for p in plan.problems] == ["第 3 行「教师工号」找不到本校在职教职工：工号 J002。"]


def test_assignment_planning_queries_do_not_grow(roster, django_assert_max_num_queries):
    for size in (1, 3):
        with django_assert_max_num_queries(7):
            plan = plan_import(
                "assignments",
                school=roster.school,
                data=xlsx_bytes(ASSIGNMENTS[: size + 1]),
                filename="a.xlsx",
                semester=roster.semester,
            )
        assert plan.counts["create"] == size


def test_student_birth_dates_are_read_and_bad_ones_name_their_row(roster):
    rows = [
        ["学号", "姓名", "性别", "出生日期"],
        ["S1", "李华", "女", "2007-03-15"],
        ["S2", "赵敏", "女", "2007/13/01"],
    ]
    rows.append(["S3", "周杰", "男", "2099-01-01"])
    before = snapshot()
    plan, applied = run(roster, "students", rows)
    assert [str(p) for p in plan.problems] == [
        "第 3 行「出生日期」无法识别：2007/13/01",
        "第 4 行「出生日期」日期应在 1940-01-01 到今天之间。",
    ]
    assert (applied, snapshot()) == (False, before)
    plan, applied = run(roster, "students", rows[:2])
    assert applied
    assert str(Student.objects.get(student_number="S1").birth_date) == "2007-03-15"

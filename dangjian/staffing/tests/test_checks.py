"""The coverage check and the grade Party group warnings as pure functions."""

from dangjian.staffing.checks import (
    AssignmentFacts,
    ClassFacts,
    Finding,
    GradeFacts,
    GradeTeacherFacts,
    GroupFacts,
    TeacherFacts,
    coverage_check,
    grade_group_rows,
)


def t(pk, name, party=False, subjects=("语文",), levels=(1,), max_classes=2):
    return TeacherFacts(pk, name, party, frozenset(subjects), frozenset(levels), max_classes)


def c(pk, name, homeroom=None, needs=("语文", "数学"), level=1):
    return ClassFacts(pk, name, level, {1: "高一", 2: "高二"}[level], homeroom, needs)


def test_coverage_lists_uncovered_missing_overloaded_and_outside():
    teachers = {
        1: t(1, "甲", party=True),
        2: t(2, "乙", max_classes=1),
        3: t(3, "丙", subjects=("数学",), levels=(2,)),
        4: t(4, "丁", party=True, subjects=()),
    }
    classes = [c(10, "高一（1）班"), c(11, "高一（2）班"), c(12, "高一（3）班", homeroom=4)]
    assignments = [
        AssignmentFacts(10, "语文", 1),
        AssignmentFacts(10, "数学", 3),
        AssignmentFacts(11, "语文", 2),
        AssignmentFacts(11, "数学", 2),
        AssignmentFacts(12, "语文", 2),
    ]
    result = coverage_check(classes, teachers, assignments)
    assert [r.school_class.name for r in result.uncovered] == ["高一（2）班"]
    assert [(r.school_class.name, s) for r, s in result.missing] == [("高一（3）班", "数学")]
    assert [(x.name, n, m) for x, n, m in result.overloaded] == [("乙", 3, 1)]
    assert [(o.row.school_class.name, o.subject, o.teacher.name, o.reason) for o in result.outside] == [
        ("高一（1）班", "数学", "丙", "不在高一任教"),
        ("高一（2）班", "数学", "乙", "不任教数学"),
    ]
    assert [x.name for x in result.rows[2].party_members] == ["丁"]  # the 班主任 counts
    assert result.findings() == [
        Finding("danger", "1 个班级的任课教师和班主任中没有党员：高一（2）班"),
        Finding("danger", "1 个班级学科尚未安排任课教师"),
        Finding("warning", "1 名教师任教班次超过上限：乙（3/1）"),
        Finding("warning", "2 处任课安排超出教师的任教学科或所在年段"),
    ]


def test_coverage_all_good_has_no_findings_and_counts_distinct_members():
    teachers = {1: t(1, "甲", party=True, subjects=("语文", "数学"))}
    result = coverage_check(
        [c(10, "高一（1）班", homeroom=1)], teachers, [AssignmentFacts(10, "语文", 1), AssignmentFacts(10, "数学", 1)]
    )
    assert result.findings() == []
    assert len(result.rows[0].party_members) == 1


def test_below_minimum_is_a_warning_when_the_school_asks_for_two():
    teachers = {1: t(1, "甲", party=True, subjects=("语文", "数学"))}
    result = coverage_check(
        [c(10, "高一（1）班")], teachers, [AssignmentFacts(10, "语文", 1), AssignmentFacts(10, "数学", 1)], min_party=2
    )
    assert result.findings() == [Finding("warning", "1 个班级的党员教师少于规定的 2 名")]


def test_grade_group_warnings():
    grades = [
        GradeFacts(1, "高一", head_id=1, head_name="段长甲", deputy_id=2, deputy_name="副段长乙"),
        GradeFacts(2, "高二", head_id=3, head_name="段长丙"),
        GradeFacts(3, "高三"),
    ]
    groups = [
        GroupFacts(100, "高一年段党小组", 1, leaders=((1, "段长甲"),), member_count=5),
        GroupFacts(200, "高二年段党小组", 2, leaders=((9, "王某"),), member_count=3),
    ]
    teachers = [
        GradeTeacherFacts(1, "段长甲", 1, 100),
        GradeTeacherFacts(5, "党员戊", 2, None),
        GradeTeacherFacts(6, "党员己", 2, 200),
    ]
    rows = grade_group_rows(grades, groups, teachers)
    assert [r.findings for r in rows] == [
        [],
        [
            Finding("warning", "高二年段党小组的党小组长王某既不是高二年段长，也不是副段长"),
            Finding("warning", "高二有 1 名党员教师未编入任何党小组：党员戊"),
        ],
        [Finding("danger", "高三没有年段党小组")],
    ]
    assert [r.party_teachers for r in rows] == [1, 2, 0]


def test_group_without_leader_is_flagged():
    rows = grade_group_rows([GradeFacts(1, "高一", head_id=1)], [GroupFacts(1, "高一年段党小组", 1)], [])
    assert rows[0].findings == [Finding("warning", "高一年段党小组未配备党小组长")]

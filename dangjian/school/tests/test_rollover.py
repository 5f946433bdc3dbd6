"""新学年: the plan, its application in one transaction, idempotence, the dry run, refusals, the command."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from dangjian.accounts.models import AuditLog
from dangjian.league.models import LeagueBranch
from dangjian.party.models import PartyMember
from dangjian.school.enums import StudentStatus
from dangjian.school.models import Enrollment, Grade, SchoolClass, SchoolYear, Semester, StaffYear, Student
from dangjian.school.rollover import RolloverRefused, next_level, plan_school_year, school_year_start
from dangjian.tests import factories as f


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def school_2022(world):
    """School a in 2022-2023: one class per grade with two students each, a 团支部 in 高一（1）班, grade heads,
    staff years, grade Party groups, and a young teacher with no mentor."""
    school, year = world.school, world.year
    f.SemesterFactory(school_year=year, term=1)
    f.SemesterFactory(school_year=year, term=2, starts_on=dt.date(2023, 2, 1), ends_on=dt.date(2023, 7, 15))
    heads = {lv: f.StaffFactory(school=school, name=f"段长{lv}") for lv in (1, 2, 3)}
    grades = {lv: f.GradeFactory(school=school, school_year=year, level=lv, head=heads[lv]) for lv in (1, 2, 3)}
    homeroom = f.StaffFactory(school=school, name="班主任甲")
    classes = {
        lv: f.SchoolClassFactory(
            grade=grades[lv],
            number=1,
            homeroom_teacher=homeroom if lv == 1 else None,
            combination={1: "", 2: "史地生", 3: "物化生"}[lv],
        )
        for lv in (1, 2, 3)
    }
    students = {lv: [f.StudentFactory(school=school) for _ in range(2)] for lv in (1, 2, 3)}
    for lv, group in students.items():
        for s in group:
            f.EnrollmentFactory(student=s, school_class=classes[lv], school_year=year)
    f.LeagueBranchFactory(school_class=classes[1], secretary=students[1][0])
    for lv, head in heads.items():
        StaffYear.objects.create(staff=head, school_year=year, grade=grades[lv])
    branch = world.branch
    groups = {
        lv: f.OrganizationFactory(school=school, parent=branch, kind="group", name=f"{lv}组", grade_level=lv)
        for lv in (1, 2, 3)
    }
    member = f.PartyMemberFactory(branch=branch, group=groups[1], staff__name="党员甲")
    StaffYear.objects.create(staff=member.staff, school_year=year, grade=grades[1])
    f.StaffFactory(school=school, name="新教师", birth_date=dt.date(2000, 1, 1)).subjects.add(
        f.SubjectFactory(school=school)
    )
    mentored = f.MentorshipFactory(school=school, school_year=f.SchoolYearFactory(start_year=2021)).mentee
    mentored.subjects.add(f.SubjectFactory(school=school, name="语文"))  # paired before: not listed as new
    return {"classes": classes, "students": students, "groups": groups, "member": member, "heads": heads}


def test_next_level_moves_cohorts_up_and_loops_the_graduated_staff_to_grade_one():
    assert [next_level(lv) for lv in (1, 2, 3, None)] == [2, 3, 1, None]


def test_the_plan_moves_up_graduates_opens_and_lists_decisions(school_2022, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        plan = plan_school_year(world.school, 2023, new_classes=3)
    assert plan.year is None and plan.year_dates == (dt.date(2023, 9, 1), dt.date(2024, 8, 31))
    assert plan.semesters == [
        (1, dt.date(2023, 9, 1), dt.date(2024, 1, 31)),
        (2, dt.date(2024, 2, 1), dt.date(2024, 7, 15)),
    ]
    heads = school_2022["heads"]
    assert plan.grades == {1: (None, None), 2: (heads[1].pk, None), 3: (heads[2].pk, None)}
    assert [(m.name, len(m.student_ids), m.league) for m in plan.moves] == [
        ("高二（1）班", 2, ("高一（1）班团支部", school_2022["students"][1][0].pk)),
        ("高三（1）班", 2, None),
    ]
    assert sorted(plan.graduates) == sorted(s.pk for s in school_2022["students"][3])
    assert plan.graduating_classes == ["高三（1）班"]
    assert plan.new_classes == [1, 2, 3]
    assert dict(plan.staff_years)[heads[3].pk] == 1  # 高三's staff loop back to 高一
    assert [(m.staff_name, m.from_group, m.to_group) for m in plan.party_moves] == [("党员甲", "1组", "2组")]
    assert plan.decisions == [
        "新高一年段需要任命年段长（上一届高三年段长：段长3）",
        "4 个班级需要安排班主任：高一（1）班、高一（2）班、高一（3）班、高三（1）班",
        "1 个班级需要确定 3+1+2 选科组合：高二（1）班",
        "1 名新青年教师需要结对导师：新教师",
    ]
    assert [m.combination for m in plan.moves] == ["", "史地生"]  # 高二's carried into 高三


def test_starting_the_year_applies_the_plan_in_one_audited_transaction(school_2022, world):
    plan = school_year_start(school=world.school, start_year=2023, new_classes=2, actor=world.users["jiaowu"])
    year = SchoolYear.objects.get(start_year=2023)
    assert plan.year == year and Semester.objects.filter(school_year=year).count() == 2
    names = sorted(c.name for c in SchoolClass.objects.filter(grade__school_year=year).select_related("grade"))
    assert names == ["高一（1）班", "高一（2）班", "高三（1）班", "高二（1）班"]
    combinations = dict(SchoolClass.objects.filter(grade__school_year=year).values_list("grade__level", "combination"))
    assert combinations == {1: "", 2: "", 3: "史地生"}
    moved = Enrollment.objects.filter(school_year=year).select_related("school_class__grade")
    assert sorted((e.school_class.name, e.student_id) for e in moved) == sorted(
        [("高二（1）班", s.pk) for s in school_2022["students"][1]]
        + [("高三（1）班", s.pk) for s in school_2022["students"][2]]
    )
    new_branch = LeagueBranch.objects.get(school_year=year)
    assert (new_branch.name, new_branch.secretary) == ("高二（1）班团支部", school_2022["students"][1][0])
    assert new_branch.school_class.homeroom_teacher.name == "班主任甲"
    graduates = Student.objects.filter(pk__in=[s.pk for s in school_2022["students"][3]])
    assert {s.status for s in graduates} == {StudentStatus.GRADUATED}
    # history kept: the old year's classes, enrollments and 团支部 are untouched
    assert Enrollment.objects.filter(school_year=world.year).count() == 6
    assert SchoolClass.objects.filter(grade__school_year=world.year).count() == 3
    assert LeagueBranch.objects.filter(school_year=world.year).count() == 1
    assert Grade.objects.get(school=world.school, school_year=year, level=2).head == school_2022["heads"][1]
    member = PartyMember.objects.get(pk=school_2022["member"].pk)
    assert member.group == school_2022["groups"][2]
    assert StaffYear.objects.get(staff=member.staff, school_year=year).grade.level == 2
    log = AuditLog.objects.get(action="school_year.start")
    assert log.user == world.users["jiaowu"] and log.summary.startswith("2023-2024学年：新建学年 1，新建学期 2")


def test_running_it_again_changes_nothing(school_2022, world):
    school_year_start(school=world.school, start_year=2023, new_classes=2)
    before = row_counts()
    statuses = list(Student.objects.order_by("pk").values_list("status", flat=True))
    plan = school_year_start(school=world.school, start_year=2023, new_classes=2)
    assert plan.is_empty
    assert row_counts() == before
    assert list(Student.objects.order_by("pk").values_list("status", flat=True)) == statuses
    assert plan.decisions  # what still needs a decision is still listed
    assert "1 个班级需要确定 3+1+2 选科组合：高二（1）班" in plan.decisions


def test_the_dry_run_writes_nothing(school_2022, world):
    before = row_counts()
    plan = school_year_start(school=world.school, start_year=2023, dry_run=True)
    assert not plan.is_empty
    assert row_counts() == before
    assert not Student.objects.filter(status=StudentStatus.GRADUATED).exists()


@pytest.mark.parametrize("start", [2022, 2024, 2021])
def test_only_the_next_year_may_be_started(school_2022, world, start):
    with pytest.raises(RolloverRefused, match="只能开始 2023-2024 学年"):
        plan_school_year(world.school, start)


def test_a_school_without_grades_is_refused(world):
    with pytest.raises(RolloverRefused, match="还没有任何学年的年段和班级"):
        plan_school_year(world.other_school, 2023)


def test_the_year_another_school_started_is_reused(school_2022, world):
    SchoolYear.objects.create(start_year=2023, starts_on=dt.date(2023, 8, 28), ends_on=dt.date(2024, 8, 31))
    plan = school_year_start(school=world.school, start_year=2023)
    assert plan.year.starts_on == dt.date(2023, 8, 28) and SchoolYear.objects.filter(start_year=2023).count() == 1


def test_the_command_previews_applies_and_refuses(school_2022, world):
    out = StringIO()
    call_command("start_school_year", "--school", "a", "--year", "2023-2024", "--dry-run", stdout=out)
    assert "预览（未写入）" in out.getvalue() and "待决定" in out.getvalue()
    assert not SchoolYear.objects.filter(start_year=2023).exists()
    call_command("start_school_year", "--school", "a", "--year", "2023-2024", "--classes", "1", stdout=out)
    assert SchoolClass.objects.filter(grade__school_year__start_year=2023).count() == 3
    out = StringIO()
    call_command("start_school_year", "--school", "a", "--year", "2023-2024", stdout=out)
    assert "无需变更" in out.getvalue()
    with pytest.raises(CommandError, match="只能开始 2024-2025 学年"):
        call_command("start_school_year", "--school", "a", "--year", "2025-2026")
    with pytest.raises(CommandError, match="学年格式"):
        call_command("start_school_year", "--school", "a", "--year", "2025-2027")

"""Runs, pins, apply and restore against the database (the small demo-like school)."""

import pytest
from django.core.exceptions import ValidationError

from dangjian.accounts.models import AuditLog
from dangjian.staffing import queries, services
from dangjian.staffing.models import AssignmentVersion, StaffingSettings, TeacherLoad, TeachingAssignment


def cells(small):
    return sorted(
        TeachingAssignment.objects.filter(semester=small.semester).values_list(
            "school_class_id", "subject__name", "teacher_id"
        )
    )


def test_coverage_of_the_small_school(small):
    coverage = queries.semester_coverage(small.school, small.semester)
    assert [r.school_class.name for r in coverage.uncovered] == ["高一（1）班"]
    assert coverage.assigned == coverage.slots == 9


def test_problem_uses_current_assignments_as_previous_and_auto_loads(small):
    data = queries.load_semester(small.school, small.semester)
    problem = queries.problem_dict(data)
    assert [c["name"] for c in problem["classes"]] == ["高一（1）班", "高一（2）班", "高一（3）班"]
    assert problem["classes"][0]["needs"] == ["语文", "数学", "英语"]
    assert len(problem["previous"]) == 9
    assert {t["max_classes"] for t in problem["teachers"]} == {3}  # ceil(3 / 2) + 1
    assert sum(t["party_member"] for t in problem["teachers"]) == 2


def test_loads_and_settings_override_the_automatic_maximum(small):
    StaffingSettings.objects.create(school=small.school, default_max_classes=2, min_party_teachers_per_class=1)
    TeacherLoad.objects.create(
        semester=small.semester, teacher=small.teachers[("语文", 0)], max_classes=1, min_classes=1
    )
    problem = queries.problem_dict(queries.load_semester(small.school, small.semester))
    limits = {t["name"]: (t["max_classes"], t["min_classes"]) for t in problem["teachers"]}
    assert limits["语文老师1"] == (1, 1)
    assert limits["数学老师1"] == (2, 0)


def test_previous_semester_maps_classes_when_current_is_empty(small, world):
    TeachingAssignment.objects.filter(semester=small.semester).update(semester=small.previous)
    problem = queries.problem_dict(queries.load_semester(small.school, small.semester))
    assert len(problem["previous"]) == 9
    assert problem["previous"][0]["class"] == small.classes[0].pk


def test_run_apply_and_restore(small, world):
    actor = world.users["jiaowu"]
    before = cells(small)
    run = services.optimizer_run(school=small.school, semester=small.semester, actor=actor, time_limit=5)
    assert run.status == "optimal"
    assert run.solution["kept_previous"] == 8  # one cell changes to put a Party member in class 1
    version = services.run_apply(run=run, actor=actor)
    assert version.cells and version.size == 9
    assert queries.semester_coverage(small.school, small.semester).uncovered == []
    assert cells(small) != before
    with pytest.raises(ValidationError):
        services.run_apply(run=run, actor=actor)
    services.version_restore(version=version, actor=actor)
    assert cells(small) == before
    assert AssignmentVersion.objects.filter(school=small.school).count() == 2
    assert list(AuditLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "staffing.run",
        "staffing.apply",
        "staffing.restore",
    ]


def test_apply_refused_when_assignments_changed_after_the_run(small, world):
    run = services.optimizer_run(
        school=small.school, semester=small.semester, actor=world.users["jiaowu"], time_limit=5
    )
    TeachingAssignment.objects.filter(semester=small.semester).first().delete()
    with pytest.raises(ValidationError) as exc:
        services.run_apply(run=run, actor=world.users["jiaowu"])
    assert exc.value.messages == ["运行优化之后，本学期的任课安排已被修改，请重新运行优化后再应用。"]
    assert AssignmentVersion.objects.count() == 0


def test_pin_and_rerun_keep_the_pinned_cell(small, world):
    actor = world.users["jiaowu"]
    run = services.optimizer_run(school=small.school, semester=small.semester, actor=actor, time_limit=5)
    klass, teacher = small.classes[1], small.teachers[("英语", 1)]
    services.run_pin(run=run, class_id=klass.pk, subject="英语", teacher_id=teacher.pk, actor=actor)
    again = services.run_rerun(run=run, actor=actor)
    assert again.problem["pinned"] == [{"class": klass.pk, "subject": "英语", "teacher": teacher.pk}]
    chosen = {(a["class"], a["subject"]): a["teacher"] for a in again.solution["assignments"]}
    assert chosen[(klass.pk, "英语")] == teacher.pk
    services.run_pin(run=again, class_id=klass.pk, subject="英语", teacher_id=None, actor=actor)
    again.refresh_from_db()
    assert again.pins == []


def test_infeasible_run_cannot_be_applied(small, world):
    StaffingSettings.objects.create(school=small.school, min_party_teachers_per_class=3)
    run = services.optimizer_run(
        school=small.school, semester=small.semester, actor=world.users["jiaowu"], time_limit=5
    )
    assert run.status == "infeasible"
    assert run.solution["explanation"] == [
        "高一：高一（1）班、高一（2）班、高一（3）班 可任教的党员教师（含党员班主任）不足 3 名，无法保证每班至少 3 名党员"
    ]
    with pytest.raises(ValidationError):
        services.run_apply(run=run, actor=world.users["jiaowu"])


def test_demo_seed_is_idempotent(small, world):
    from dangjian.staffing import demo

    TeachingAssignment.objects.all().delete()
    demo.seed(school=small.school, years={2022: world.year}, log=lambda m: None)
    first = TeachingAssignment.objects.count()
    assert first == 18  # two semesters × three classes × three subjects
    demo.seed(school=small.school, years={2022: world.year}, log=lambda m: None)
    assert TeachingAssignment.objects.count() == first

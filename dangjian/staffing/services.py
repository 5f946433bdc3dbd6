"""Writes of teaching assignments: optimizer runs, pins, applying a proposal and restoring a version.
Each owns its transaction and writes the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.accounts.services import audit
from dangjian.school.models import School, SchoolClass, Semester, Staff, Subject

from . import optimizer, queries
from .enums import VersionReason
from .models import AssignmentVersion, OptimizerRun, StaffingSettings, TeachingAssignment

MAX_TIME_LIMIT = 120


def build_problem(school: School, semester: Semester, pins: list[dict] | None = None):
    """(semester data, problem.json, parsed problem); a ValidationError naming each refused entry (a bad pin,
    or something in the database the optimizer's contract refuses). Cheap: used to refuse bad input before a
    background run is queued."""
    data = queries.load_semester(school, semester)
    problem_data = queries.problem_dict(data, pins=pins)
    try:
        return data, problem_data, optimizer.parse_problem(problem_data)
    except optimizer.ProblemError as exc:
        raise ValidationError(exc.errors) from exc


def optimizer_run(
    *,
    school: School,
    semester: Semester,
    actor,
    pins: list[dict] | None = None,
    time_limit: int | None = None,
    request=None,
) -> OptimizerRun:
    """Build the semester's problem from the database, solve it and keep the run (its proposal)."""
    data, problem_data, problem = build_problem(school, semester, pins)
    limit = min(MAX_TIME_LIMIT, max(1, int(time_limit or data.settings.time_limit)))
    solution = optimizer.solve(problem, time_limit=limit)
    with transaction.atomic():
        run = OptimizerRun.objects.create(
            school=school,
            semester=semester,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            status=solution.status,
            time_limit=limit,
            problem=problem_data,
            solution=solution.to_dict(problem),
            current=[list(cell) for cell in data.current],
            pins=list(pins or []),
        )
        audit(
            actor,
            "staffing.run",
            run,
            school=school,
            summary=f"{semester} 任课安排优化：{run.get_status_display()}",
            request=request,
        )
    return run


def run_pin(*, run: OptimizerRun, class_id: int, subject: str, teacher_id: int | None, actor, request=None) -> None:
    """Pin (or with ``teacher_id`` None, unpin) a cell of the proposal for the next run."""
    pins = [p for p in run.pins if not (str(p["class"]) == str(class_id) and p["subject"] == subject)]
    if teacher_id is not None:
        pins.append({"class": class_id, "subject": subject, "teacher": teacher_id})
    with transaction.atomic():
        run.pins = pins
        run.save(update_fields=["pins"])
        audit(actor, "staffing.pin", run, school=run.school, summary=f"锁定 {len(pins)} 格", request=request)


def run_rerun(*, run: OptimizerRun, actor, time_limit: int | None = None, request=None) -> OptimizerRun:
    return optimizer_run(
        school=run.school,
        semester=run.semester,
        actor=actor,
        pins=run.pins,
        time_limit=time_limit or run.time_limit,
        request=request,
    )


def _snapshot(school: School, semester: Semester, *, reason: str, actor) -> AssignmentVersion:
    cells = list(
        TeachingAssignment.objects.filter(semester=semester, school_class__grade__school=school)
        .order_by("school_class_id", "subject_id")
        .values_list("school_class_id", "subject_id", "teacher_id")
    )
    return AssignmentVersion.objects.create(
        school=school,
        semester=semester,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        cells=[list(c) for c in cells],
        size=len(cells),
    )


def _replace(school: School, semester: Semester, cells: list[tuple[int, int, int]]) -> int:
    TeachingAssignment.objects.filter(semester=semester, school_class__grade__school=school).delete()
    TeachingAssignment.objects.bulk_create(
        [TeachingAssignment(semester=semester, school_class_id=c, subject_id=s, teacher_id=t) for c, s, t in cells]
    )
    return len(cells)


def run_apply(*, run: OptimizerRun, actor, request=None) -> AssignmentVersion:
    """Replace the semester's assignments by the run's proposal in one transaction; the assignments it
    replaces are kept as a version that can be restored."""
    if not run.is_feasible:
        raise ValidationError("该方案不满足全部规则，不能应用。")
    if run.applied_at is not None:
        raise ValidationError("该方案已经应用过。")
    school, semester = run.school, run.semester
    subjects = dict(Subject.objects.filter(school=school).values_list("name", "pk"))
    class_ids = set(
        SchoolClass.objects.filter(grade__school=school, grade__school_year=semester.school_year).values_list(
            "pk", flat=True
        )
    )
    staff_ids = set(Staff.objects.filter(school=school).values_list("pk", flat=True))
    cells = []
    for a in run.solution["assignments"]:
        if a["class"] not in class_ids or a["subject"] not in subjects or a["teacher"] not in staff_ids:
            raise ValidationError("方案中的班级、学科或教师已被删除，请重新运行优化。")
        cells.append((a["class"], subjects[a["subject"]], a["teacher"]))
    with transaction.atomic():
        now = list(
            TeachingAssignment.objects.select_for_update()
            .filter(semester=semester, school_class__grade__school=school)
            .order_by("school_class_id", "subject__order", "subject__name")
            .values_list("school_class_id", "subject__name", "teacher_id")
        )
        if sorted(map(list, now)) != sorted(map(list, run.current)):
            raise ValidationError("运行优化之后，本学期的任课安排已被修改，请重新运行优化后再应用。")
        version = _snapshot(school, semester, reason=VersionReason.BEFORE_APPLY, actor=actor)
        count = _replace(school, semester, cells)
        run.applied_at = timezone.now()
        run.save(update_fields=["applied_at"])
        audit(
            actor,
            "staffing.apply",
            run,
            school=school,
            summary=f"{semester} 应用优化方案（{count} 条）",
            request=request,
        )
    return version


def version_restore(*, version: AssignmentVersion, actor, request=None) -> AssignmentVersion:
    """Put a kept version back (the assignments it replaces are kept in turn). Cells whose class,
    subject or teacher no longer exists are skipped."""
    school, semester = version.school, version.semester
    classes = set(SchoolClass.objects.filter(grade__school=school).values_list("pk", flat=True))
    subjects = set(Subject.objects.filter(school=school).values_list("pk", flat=True))
    staff = set(Staff.objects.filter(school=school).values_list("pk", flat=True))
    cells = [tuple(c) for c in version.cells if c[0] in classes and c[1] in subjects and c[2] in staff]
    with transaction.atomic():
        kept = _snapshot(school, semester, reason=VersionReason.BEFORE_RESTORE, actor=actor)
        count = _replace(school, semester, cells)
        audit(
            actor,
            "staffing.restore",
            version,
            school=school,
            summary=f"{semester} 恢复历史版本（{count} 条）",
            request=request,
        )
    return kept


def settings_save(*, form, actor, request=None) -> StaffingSettings:
    with transaction.atomic():
        obj = form.save()
        audit(actor, "staffing.settings", obj, school=obj.school, request=request)
    return obj


__all__ = ["optimizer_run", "run_apply", "run_pin", "run_rerun", "settings_save", "version_restore"]

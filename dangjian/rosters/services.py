"""Applying an import: all or nothing, in one transaction, with one audit entry."""

from django.db import transaction

from dangjian.accounts.services import audit, leavers_lock

from .importers import CREATE, UNCHANGED, UPDATE, Plan, plan_import


def roster_import(
    *,
    kind: str,
    school,
    data: bytes,
    filename: str,
    actor=None,
    school_year=None,
    semester=None,
    dry_run: bool = False,
    request=None,
) -> tuple[Plan, bool]:
    """Plan the import and, unless ``dry_run`` or any row has a problem, apply it.
    Returns the plan and whether it was applied."""
    plan = plan_import(kind, school=school, data=data, filename=filename, school_year=school_year, semester=semester)
    if dry_run or not plan.ok:
        return plan, False
    counts = plan.counts
    with transaction.atomic():
        if counts[CREATE] or counts[UPDATE]:
            plan.importer.apply(plan.changed)
            if kind == "staff":  # staff marked 在职 = 否 lose their login and roles
                leavers_lock(school=school, actor=actor, request=request)
        period = plan.semester or plan.school_year
        audit(
            actor,
            f"roster.import.{kind}",
            school=school,
            summary=f"导入{plan.spec.label}（{filename}{'，' + str(period) if period else ''}）：新增 {counts[CREATE]}，"
            f"更新 {counts[UPDATE]}，不变 {counts[UNCHANGED]}",
            request=request,
        )
    return plan, True

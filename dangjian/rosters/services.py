"""Applying an import: all or nothing, in one transaction, with one audit entry."""

from django.db import transaction

from dangjian.accounts.services import audit, leavers_lock

from .importers import CREATE, OPEN_LISTS, UNCHANGED, UPDATE, Plan, plan_import


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
    add_unknown: bool = False,
    request=None,
) -> tuple[Plan, bool]:
    """Plan the import and, unless ``dry_run`` or any row has a problem, apply it. Names of open lists
    (特长, 处室) that the lists do not have are ignored, or with ``add_unknown`` added to the lists first.
    Returns the plan and whether it was applied."""
    periods = {"school_year": school_year, "semester": semester}
    plan = plan_import(kind, school=school, data=data, filename=filename, **periods)
    if dry_run or not plan.ok:
        return plan, False
    with transaction.atomic():
        if add_unknown and plan.unknown:
            first = plan
            add_to_lists(school, first.unknown)
            plan = plan_import(kind, school=school, data=data, filename=filename, **periods)  # now they are known
            plan.added, plan.unknown_labels = first.unknown, {**first.unknown_labels, **plan.unknown_labels}
            if not plan.ok:
                transaction.set_rollback(True)
                return plan, False
        counts = plan.counts
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
            f"更新 {counts[UPDATE]}，不变 {counts[UNCHANGED]}{added_text(plan)}",
            request=request,
        )
    return plan, True


def add_to_lists(school, names: dict[str, list[str]]) -> None:
    """Add names to open lists (vocabulary → names); the school's own lists are the school's."""
    for vocabulary, new in names.items():
        model, per_school = OPEN_LISTS[vocabulary]
        scope = {"school": school} if per_school else {}
        model.objects.bulk_create([model(name=name, **scope) for name in new], ignore_conflicts=True)


def added_text(plan: Plan) -> str:
    return "".join(f"；加入{plan.unknown_labels[k]}列表：{'、'.join(names)}" for k, names in plan.added.items())

"""Writes of 抓好一个学科. Each owns its transaction and writes the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.accounts.services import audit
from dangjian.lib.files import delete_after_commit
from dangjian.school.models import School, SchoolYear

from .enums import LinkStatus
from .forms import LessonEvaluationForm, LinkGridForm, SubjectActivityForm, SubjectLinkForm, SubjectRulesForm
from .models import LessonEvaluation, SubjectActivity, SubjectLink, SubjectRules
from .permissions import can_manage

ACTIVITY_EVALUATED = "该示范课已有 {count} 条评课，删除会一并删除同事的评课，挂钩干部不能删除；如确属重复录入，请联系书记或党务干部删除。"


def subject_link_create(*, form: SubjectLinkForm, actor, request=None) -> SubjectLink:
    with transaction.atomic():
        link = form.save()
        audit(actor, "subject_link.create", link, school=form.school, request=request)
    return link


def subject_link_grid_save(*, form: LinkGridForm, actor, request=None) -> tuple[int, int]:
    """Make the year's links match the ticked cells: new cells become draft links, unticked links
    (without activities; the form refuses the others) are removed. Returns (added, removed)."""
    school, year = form.school, form.school_year
    wanted = form.pairs()
    with transaction.atomic():
        existing = {
            (link.cadre_id, link.subject_id): link
            for link in SubjectLink.objects.filter(school=school, school_year=year)
        }
        removed = [link.pk for key, link in existing.items() if key not in wanted]
        SubjectLink.objects.filter(pk__in=removed, activities__isnull=True).delete()
        added = [
            SubjectLink(school=school, school_year=year, cadre_id=cadre, subject_id=subject, status=LinkStatus.DRAFT)
            for cadre, subject in sorted(wanted - set(existing))
        ]
        SubjectLink.objects.bulk_create(added)
        if added or removed:
            audit(
                actor,
                "subject_link.grid",
                school=school,
                summary=f"{year} 学科挂钩：新增 {len(added)} 条（草稿），取消 {len(removed)} 条",
                request=request,
            )
    return len(added), len(removed)


def subject_links_publish(*, school: School, school_year: SchoolYear, actor, request=None) -> int:
    with transaction.atomic():
        count = SubjectLink.objects.filter(school=school, school_year=school_year, status=LinkStatus.DRAFT).update(
            status=LinkStatus.PUBLISHED, published_at=timezone.now()
        )
        if count:
            audit(
                actor,
                "subject_link.publish",
                school=school,
                summary=f"发布 {school_year} 学科挂钩 {count} 条",
                request=request,
            )
    return count


def subject_activity_save(*, form: SubjectActivityForm, actor, request=None) -> SubjectActivity:
    with transaction.atomic():
        created = form.instance.pk is None
        activity = form.save(commit=False)
        if created:
            activity.created_by = actor if actor is not None and actor.is_authenticated else None
        activity.save()
        form.save_m2m()
        audit(
            actor,
            "subject_activity.create" if created else "subject_activity.update",
            activity,
            school=form.link.school,
            request=request,
        )
    return activity


def subject_activity_delete(*, activity: SubjectActivity, actor, request=None) -> None:
    """Deleted for good with its evaluations (the audit log keeps it); the evidence file goes once the delete
    commits. Colleagues' evaluations are deleted only by the secretary and Party affairs staff."""
    school = activity.link.school
    evaluations = activity.evaluations.count()
    if evaluations and not can_manage(actor, school):
        raise ValidationError(ACTIVITY_EVALUATED.format(count=evaluations))
    with transaction.atomic():
        summary = f"{activity}（评课 {evaluations} 条）" if evaluations else ""
        audit(actor, "subject_activity.delete", activity, school=school, summary=summary, request=request)
        activity.delete()
        delete_after_commit(activity.evidence)


def lesson_evaluation_save(*, form: LessonEvaluationForm, actor, request=None) -> LessonEvaluation:
    with transaction.atomic():
        created = form.instance.pk is None
        evaluation = form.save()
        audit(
            actor,
            "lesson_evaluation.create" if created else "lesson_evaluation.update",
            evaluation,
            school=form.activity.link.school,
            request=request,
        )
    return evaluation


def subject_rules_save(*, form: SubjectRulesForm, actor, request=None) -> SubjectRules:
    with transaction.atomic():
        rules = form.save()
        audit(actor, "subject_rules.update", rules, school=rules.school, request=request)
    return rules

"""Writes of the mentoring app: keyword-only, each in one transaction with its audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.lib.files import delete_after_commit
from dangjian.school.models import School, SchoolYear

from . import matching, queries
from .enums import DEFAULT_DUTIES, DEFAULT_GOALS, Dimension, MentorshipStatus
from .models import (
    AgreementTemplate,
    Evaluation,
    MentoringActivity,
    MentoringSettings,
    Mentorship,
    Milestone,
    Reflection,
)
from .permissions import can_manage

ACTIVITY_EVALUATED = (
    "该结对已完成年终考核，带教活动是考核的依据，导师和青年教师不能再删除；如确属重复录入，请联系书记或党务干部删除。"
)


def settings_save(*, form, actor, request=None) -> MentoringSettings:
    with transaction.atomic():
        settings = form.save()
        audit(actor, "mentoring.settings", settings, school=settings.school, request=request)
    return settings


def matching_run(
    *, school: School, school_year: SchoolYear, actor, request=None
) -> tuple[matching.Proposal, list[Mentorship]]:
    """Solve the year's matching and store the new pairs as proposals (decided pairs stay as they are)."""
    settings = queries.settings_of(school)
    state = queries.matching_state(school, school_year, settings)
    proposal = matching.propose(state.problem)
    created = []
    with transaction.atomic():
        for pair in proposal.new_pairs():
            dimension = Dimension(pair.dimension)
            previous = state.continuing.get((pair.mentee_id, pair.mentor_id, pair.dimension))
            created.append(
                Mentorship(
                    school=school,
                    school_year=school_year,
                    mentee_id=pair.mentee_id,
                    mentor_id=pair.mentor_id,
                    dimension=pair.dimension,
                    status=MentorshipStatus.PROPOSED,
                    continued_from=previous if pair.origin == "kept" else None,
                    goals=previous.goals if previous and previous.goals else DEFAULT_GOALS[dimension],
                    duties=previous.duties if previous and previous.duties else DEFAULT_DUTIES[dimension],
                )
            )
        Mentorship.objects.bulk_create(created)
        audit(
            actor,
            "mentoring.match",
            school=school,
            summary=f"{school_year} 智能配对：新增拟定 {len(created)} 对，未配 {len(proposal.unmatched)} 个",
            request=request,
        )
    return proposal, created


def mentorship_save(*, form, actor, request=None) -> Mentorship:
    with transaction.atomic():
        created = form.instance.pk is None
        mentorship = form.save()
        audit(
            actor,
            "mentoring.create" if created else "mentoring.update",
            mentorship,
            school=form.school,
            request=request,
        )
    return mentorship


def mentorship_confirm(*, mentorship: Mentorship, actor, request=None) -> Mentorship:
    if mentorship.status != MentorshipStatus.PROPOSED:
        raise ValueError(f"该结对当前为“{mentorship.get_status_display()}”，只有拟定的结对可以确认。")
    with transaction.atomic():
        mentorship.status = MentorshipStatus.CONFIRMED
        mentorship.confirmed_on = clock.today()
        mentorship.save(update_fields=["status", "confirmed_on"])
        audit(actor, "mentoring.confirm", mentorship, school=mentorship.school, request=request)
    return mentorship


def mentorships_confirm_all(*, school: School, school_year: SchoolYear, actor, request=None) -> int:
    with transaction.atomic():
        count = Mentorship.objects.filter(
            school=school, school_year=school_year, status=MentorshipStatus.PROPOSED
        ).update(status=MentorshipStatus.CONFIRMED, confirmed_on=clock.today())
        audit(actor, "mentoring.confirm_all", school=school, summary=f"{school_year} 确认 {count} 对", request=request)
    return count


def mentorship_release(*, mentorship: Mentorship, reason: str = "", actor, request=None) -> Mentorship:
    """End a pairing (or drop a proposal). A released pair is not proposed again for that year."""
    if mentorship.status == MentorshipStatus.RELEASED:
        raise ValueError("该结对已经解除。")
    with transaction.atomic():
        mentorship.status = MentorshipStatus.RELEASED
        mentorship.released_on = clock.today()
        mentorship.release_reason = reason.strip()[:200]
        mentorship.save(update_fields=["status", "released_on", "release_reason"])
        audit(actor, "mentoring.release", mentorship, school=mentorship.school, request=request)
    return mentorship


def proposals_clear(*, school: School, school_year: SchoolYear, actor, request=None) -> int:
    with transaction.atomic():
        count, _ = Mentorship.objects.filter(
            school=school, school_year=school_year, status=MentorshipStatus.PROPOSED
        ).delete()
        audit(actor, "mentoring.clear", school=school, summary=f"{school_year} 清除拟定 {count} 对", request=request)
    return count


def agreement_sign(*, form, actor, request=None) -> Mentorship:
    with transaction.atomic():
        mentorship = form.save()
        audit(actor, "mentoring.sign", mentorship, school=mentorship.school, request=request)
    return mentorship


def activity_save(*, form, actor, request=None):
    with transaction.atomic():
        created = form.instance.pk is None
        activity = form.save(commit=False)
        if created:
            activity.logged_by = actor
        activity.save()
        audit(
            actor,
            "mentoring.activity" if created else "mentoring.activity_update",
            activity,
            school=form.mentorship.school,
            request=request,
        )
    return activity


def activity_delete(*, activity: MentoringActivity, actor, request=None) -> None:
    """Deleted for good (the audit log keeps it); the evidence file goes once the delete commits. After the
    pair's year-end evaluation only the secretary and Party affairs staff delete."""
    mentorship = activity.mentorship
    if not can_manage(actor, mentorship.school) and Evaluation.objects.filter(mentorship=mentorship).exists():
        raise ValidationError(ACTIVITY_EVALUATED)
    with transaction.atomic():
        audit(actor, "mentoring.activity_delete", activity, school=mentorship.school, request=request)
        activity.delete()
        delete_after_commit(activity.evidence)


def reflection_save(*, form, actor, request=None):
    with transaction.atomic():
        reflection = form.save()
        audit(actor, "mentoring.reflection", reflection, school=form.school, request=request)
    return reflection


def reflection_delete(*, reflection: Reflection, actor, request=None) -> None:
    with transaction.atomic():
        audit(actor, "mentoring.reflection_delete", reflection, school=reflection.school, request=request)
        reflection.delete()


def evaluation_save(*, form, actor, request=None):
    with transaction.atomic():
        evaluation = form.save(commit=False)
        evaluation.evaluated_by = actor
        evaluation.save()
        audit(actor, "mentoring.evaluation", evaluation, school=form.mentorship.school, request=request)
    return evaluation


def milestone_save(*, form, actor, request=None):
    with transaction.atomic():
        milestone = form.save()
        audit(actor, "mentoring.milestone", milestone, school=form.school, request=request)
    return milestone


def milestone_delete(*, milestone: Milestone, actor, request=None) -> None:
    with transaction.atomic():
        audit(actor, "mentoring.milestone_delete", milestone, school=milestone.school, request=request)
        milestone.delete()


def template_save(*, school: School, upload, actor, request=None) -> AgreementTemplate:
    with transaction.atomic():
        template = AgreementTemplate.objects.filter(school=school).first() or AgreementTemplate(school=school)
        old = template.file.name if template.pk and template.file else None
        template.file = upload
        template.uploaded_by = actor
        template.save()
        audit(actor, "mentoring.template", template, school=school, request=request)
    if old and old != template.file.name:
        template.file.storage.delete(old)
    return template


def template_delete(*, school: School, actor, request=None) -> None:
    template = AgreementTemplate.objects.filter(school=school).first()
    if template is None:
        return
    name = template.file.name
    with transaction.atomic():
        template.delete()
        audit(actor, "mentoring.template_delete", school=school, summary="恢复默认协议模板", request=request)
    if name:
        template.file.storage.delete(name)

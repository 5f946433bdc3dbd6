"""Services: the matching run, confirmation, release, continuity from last year, the deletes, and the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from dangjian.accounts.models import AuditLog
from dangjian.mentoring import queries, services
from dangjian.mentoring.models import Evaluation, MentoringActivity, Mentorship, Reflection
from dangjian.reports.figures import figures
from dangjian.tests import factories as f


@pytest.fixture
def school_with_teachers(world):
    """Two young maths teachers, three experienced Party-member maths teachers with homeroom experience."""
    school = world.school
    math = f.SubjectFactory(school=school, name="数学")
    young = []
    for i in range(2):
        staff = f.StaffFactory(
            school=school, name=f"青年{i}", birth_date=dt.date(1998, 1, 1), started_teaching_on=dt.date(2021, 8, 1)
        )
        staff.subjects.set([math])
        young.append(staff)
    mentors = []
    skill = f.StaffFactory._meta.model.skills.rel.model.objects.get_or_create(name="班主任经验")[0]
    for i in range(3):
        staff = f.StaffFactory(school=school, name=f"导师{i}", political_status="party")
        staff.subjects.set([math])
        staff.skills.set([skill])
        mentors.append(staff)
    return {"young": young, "mentors": mentors}


def test_matching_run_stores_proposals_and_audits(world, school_with_teachers):
    secretary = world.users["secretary"]
    proposal, created = services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    assert len(created) == 6  # 2 young teachers x 3 dimensions, 3 mentors x capacity 2
    assert proposal.unmatched == []
    assert set(Mentorship.objects.values_list("status", flat=True)) == {"proposed"}
    assert AuditLog.objects.filter(action="mentoring.match").count() == 1
    # A second run changes nothing: every slot is taken.
    _, again = services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    assert again == []


def test_confirm_all_then_continuity_into_the_next_year(world, school_with_teachers):
    secretary = world.users["secretary"]
    services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    assert services.mentorships_confirm_all(school=world.school, school_year=world.year, actor=secretary) == 6
    last_year = {(m.mentee_id, m.mentor_id, m.dimension) for m in Mentorship.objects.all()}
    next_year = f.SchoolYearFactory(start_year=2023)
    proposal, created = services.matching_run(school=world.school, school_year=next_year, actor=secretary)
    assert {(m.mentee_id, m.mentor_id, m.dimension) for m in created} == last_year
    assert all(m.continued_from_id is not None for m in created)
    assert {p.origin for p in proposal.new_pairs()} == {"kept"}


def test_a_released_pair_is_not_continued(world, school_with_teachers):
    secretary = world.users["secretary"]
    services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    services.mentorships_confirm_all(school=world.school, school_year=world.year, actor=secretary)
    released = Mentorship.objects.order_by("pk").first()
    services.mentorship_release(mentorship=released, reason="导师调离", actor=secretary)
    next_year = f.SchoolYearFactory(start_year=2023)
    _, created = services.matching_run(school=world.school, school_year=next_year, actor=secretary)
    continued = {m.continued_from_id for m in created}
    assert released.pk not in continued
    assert len([m for m in created if m.continued_from_id]) == 5


def test_a_proposal_dropped_this_year_is_not_proposed_again(world, school_with_teachers):
    secretary = world.users["secretary"]
    spare = f.StaffFactory(school=world.school, name="导师备", political_status="party", leader_post="vice_principal")
    spare.subjects.set(school_with_teachers["mentors"][0].subjects.all())
    spare.skills.set(school_with_teachers["mentors"][0].skills.all())
    _, created = services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    dropped = created[0]
    services.mentorship_release(mentorship=dropped, actor=secretary)
    _, again = services.matching_run(school=world.school, school_year=world.year, actor=secretary)
    assert [(m.mentee_id, m.dimension) for m in again] == [(dropped.mentee_id, dropped.dimension)]
    assert again[0].mentor_id != dropped.mentor_id


def test_confirm_and_release_rules(world, mentoring):
    secretary = world.users["secretary"]
    with pytest.raises(ValueError, match="只有拟定的结对可以确认"):
        services.mentorship_confirm(mentorship=mentoring.pairing, actor=secretary)
    confirmed = services.mentorship_confirm(mentorship=mentoring.proposed, actor=secretary)
    assert (confirmed.status, confirmed.confirmed_on is not None) == ("confirmed", True)
    services.mentorship_release(mentorship=mentoring.pairing, reason="调动", actor=secretary)
    with pytest.raises(ValueError, match="已经解除"):
        services.mentorship_release(mentorship=mentoring.pairing, actor=secretary)
    assert list(
        AuditLog.objects.filter(action__startswith="mentoring.").values_list("action", flat=True).order_by("pk")
    ) == [
        "mentoring.confirm",
        "mentoring.release",
    ]


def test_clear_removes_only_proposals(world, mentoring):
    count = services.proposals_clear(school=world.school, school_year=world.year, actor=world.users["secretary"])
    assert count == 1
    assert set(Mentorship.objects.values_list("status", flat=True)) == {"confirmed"}


# Deletes ------------------------------------------------------------------------------------------


def _audit(action):
    return list(AuditLog.objects.filter(action=action).values_list("user__username", "school__code", "object_id"))


def test_activity_delete_audits_removes_the_evidence_and_the_dashboard_figure_drops(
    world, mentoring, django_capture_on_commit_callbacks
):
    activity = mentoring.activity
    activity.evidence.save("e.pdf", ContentFile(b"%PDF-1.4 demo"))
    storage, name, pk = activity.evidence.storage, activity.evidence.name, activity.pk
    key = (world.school.pk, 2022)
    assert (storage.exists(name), figures([world.school.pk], [world.year])[key].mentoring_activities) == (True, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(activity=activity, actor=world.users["young"])
    assert (MentoringActivity.objects.filter(pk=pk).exists(), storage.exists(name)) == (False, False)
    assert figures([world.school.pk], [world.year])[key].mentoring_activities == 1
    assert _audit("mentoring.activity_delete") == [("young", "a", str(pk))]


def test_after_the_year_end_evaluation_only_admins_delete_activities(world, mentoring):
    Evaluation.objects.create(
        mentorship=mentoring.pairing, result="pass", comments="合格", evaluated_on=dt.date(2023, 7, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.activity_delete(activity=mentoring.activity, actor=world.users["teacher"])
    assert exc.value.messages == [services.ACTIVITY_EVALUATED]
    assert MentoringActivity.objects.filter(pk=mentoring.activity.pk).exists() is True
    services.activity_delete(activity=mentoring.activity, actor=world.users["party_staff"])
    assert MentoringActivity.objects.filter(mentorship=mentoring.pairing).exists() is False


def test_milestone_delete_audits_and_the_key_teacher_figure_drops(world, mentoring):
    def key_teachers():
        return queries.figures(world.school, [world.year], queries.settings_of(world.school))["key_teachers"]

    pk = mentoring.milestone.pk
    assert key_teachers() == 1
    services.milestone_delete(milestone=mentoring.milestone, actor=world.users["secretary"])
    assert key_teachers() == 0
    assert _audit("mentoring.milestone_delete") == [("secretary", "a", str(pk))]


def test_reflection_delete_audits(world, mentoring):
    pk = mentoring.reflection.pk
    services.reflection_delete(reflection=mentoring.reflection, actor=world.users["young"])
    assert Reflection.objects.count() == 0
    assert _audit("mentoring.reflection_delete") == [("young", "a", str(pk))]

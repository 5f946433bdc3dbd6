"""Taking steps through the service: the rules refuse, the member record and its history follow."""

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangjian.development.enums import Stage
from dangjian.development.enums import StepKind as K
from dangjian.development.forms import ALL_FIELDS
from dangjian.development.models import DevelopmentFile
from dangjian.development.queries import development_figures, pipeline
from dangjian.development.services import step_correct, step_undo
from dangjian.party.enums import MemberStatus
from dangjian.party.membership import party_member_ids
from dangjian.party.models import MemberStatusChange
from dangjian.school.enums import PoliticalStatus
from dangjian.tests import factories as f

from .conftest import VOTE, lawful_file, open_dev_file, take_step

D = dt.date


@pytest.fixture
def dev(db, settings):
    settings.DANGJIAN_TODAY = "2024-12-31"
    branch = f.OrganizationFactory(name="第一党支部")
    school = branch.school
    members = [f.PartyMemberFactory(branch=branch).staff for _ in range(4)]
    person = f.StaffFactory(school=school, name="申请人", birth_date=D(1998, 3, 1))
    return type("Dev", (), {"school": school, "branch": branch, "members": members, "person": person})


def test_a_file_from_application_to_full_membership(dev):
    lawful_file(dev)
    member = dev.person.party_record
    member.refresh_from_db()
    assert (member.status, member.applied_on, member.activist_on, member.candidate_on) == (
        MemberStatus.FULL,
        D(2021, 3, 1),
        D(2021, 4, 1),
        D(2022, 4, 1),
    )
    assert (member.admitted_on, member.full_on, member.branch) == (D(2022, 6, 20), D(2023, 6, 20), dev.branch)
    history = list(MemberStatusChange.objects.filter(member=member).values_list("status", "changed_on"))
    assert history == [
        (MemberStatus.APPLICANT, D(2021, 3, 1)),
        (MemberStatus.ACTIVIST, D(2021, 4, 1)),
        (MemberStatus.CANDIDATE, D(2022, 4, 1)),
        (MemberStatus.PROBATIONARY, D(2022, 6, 20)),
        (MemberStatus.FULL, D(2023, 6, 20)),
    ]
    dev.person.refresh_from_db()
    assert (dev.person.political_status, dev.person.joined_party_on) == (PoliticalStatus.PARTY_MEMBER, D(2022, 6, 20))
    # coverage counts the new member from the vote, not before
    assert party_member_ids([dev.person], D(2022, 6, 19)) == set()
    assert party_member_ids([dev.person], D(2022, 6, 20)) == {dev.person.pk}


def test_figures_count_each_stage_entered_in_the_school_year(dev):
    lawful_file(dev)
    assert development_figures(dev.school, 2021) == {
        Stage.APPLICANT: 0,
        Stage.ACTIVIST: 0,
        Stage.CANDIDATE: 1,
        Stage.PROBATIONARY: 1,
        Stage.FULL: 0,
    }
    assert development_figures(dev.school, 2022)[Stage.FULL] == 1


def test_a_refused_step_changes_nothing(dev):
    file = open_dev_file(dev)
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.ACTIVIST, D(2021, 4, 1), contact_1=dev.members[0], contact_2=dev.members[1])
    assert exc.value.messages == ["不能登记“确定入党积极分子”：发展程序须按顺序进行，当前下一步应为：派人谈话。"]
    assert list(file.steps.values_list("kind", flat=True)) == [K.APPLICATION]
    assert dev.person.party_record.status == MemberStatus.APPLICANT


def test_an_underage_applicant_is_refused_and_no_file_is_left(dev):
    dev.person.birth_date = D(2004, 3, 2)
    dev.person.save()
    with pytest.raises(ValidationError) as exc:
        open_dev_file(dev, D(2022, 3, 1))
    assert exc.value.messages == ["入党申请人须年满十八岁（按递交申请之日计算）。"]
    assert not DevelopmentFile.objects.exists()


def _to_publicity(dev):
    file = open_dev_file(dev)
    a, b = dev.members[:2]
    take_step(file, K.TALK, D(2021, 3, 2))
    take_step(file, K.ACTIVIST, D(2021, 4, 1), contact_1=a, contact_2=b)
    take_step(file, K.ASSESSMENT, D(2021, 10, 1))
    take_step(file, K.ASSESSMENT, D(2022, 3, 1))
    take_step(file, K.CANDIDATE, D(2022, 4, 1))
    take_step(file, K.POLITICAL_REVIEW, D(2022, 4, 2))
    take_step(file, K.TRAINING, D(2022, 4, 3), training_days=3)
    for kind in (K.COMMITTEE_REVIEW, K.PRE_REVIEW, K.PUBLICITY):
        take_step(file, kind, D(2022, 4, 4))
    return file


INTRODUCER_REFUSED = ["支部大会讨论接收预备党员须有两名入党介绍人，且均为正式党员（不能是本人）。"]


def test_introducers_must_be_full_members_and_not_the_person(dev):
    file = _to_publicity(dev)
    a, b = dev.members[:2]
    probationary = f.PartyMemberFactory(
        branch=dev.branch, status=MemberStatus.PROBATIONARY, staff__political_status=PoliticalStatus.PROBATIONARY
    ).staff
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.ASSEMBLY, D(2022, 5, 1), introducer_1=a, introducer_2=probationary, **VOTE)
    assert exc.value.messages == INTRODUCER_REFUSED
    with pytest.raises(ValidationError):
        take_step(file, K.ASSEMBLY, D(2022, 5, 1), introducer_1=a, introducer_2=dev.person, **VOTE)
    take_step(file, K.ASSEMBLY, D(2022, 5, 1), introducer_1=a, introducer_2=b, **VOTE)


def test_cancellation_ends_membership_from_its_date(dev):
    file = lawful_file(dev, until=K.PROBATION_ASSESSMENT)
    take_step(file, K.CANCEL, D(2023, 1, 10), note="不履行党员义务")
    member = dev.person.party_record
    member.refresh_from_db()
    dev.person.refresh_from_db()
    assert (member.status, member.admitted_on, dev.person.political_status) == (
        MemberStatus.CANCELLED,
        D(2022, 6, 20),
        PoliticalStatus.MASSES,
    )
    assert list(member.status_changes.values_list("status", "changed_on"))[-2:] == [
        (MemberStatus.PROBATIONARY, D(2022, 6, 20)),
        (MemberStatus.CANCELLED, D(2023, 1, 10)),
    ]
    assert party_member_ids([dev.person], D(2023, 1, 9)) == {dev.person.pk}
    assert party_member_ids([dev.person], D(2023, 1, 10)) == set()
    [row] = pipeline(DevelopmentFile.objects.all())
    assert (row.stage, row.next) == (Stage.CANCELLED, None)


def test_a_party_member_gets_no_file(dev):
    dev.person.political_status = PoliticalStatus.PARTY_MEMBER
    with pytest.raises(ValidationError) as exc:
        open_dev_file(dev)
    assert exc.value.messages == ["申请人已是党员，无需建立发展档案。"]


def test_undo_withdraws_the_last_step_and_its_stage(dev):
    file = open_dev_file(dev)
    take_step(file, K.TALK, D(2021, 3, 20))
    take_step(file, K.ACTIVIST, D(2021, 4, 1), contact_1=dev.members[0], contact_2=dev.members[1])
    assert step_undo(file=file, actor=None).kind == K.ACTIVIST
    member = dev.person.party_record
    member.refresh_from_db()
    assert (member.status, member.activist_on) == (MemberStatus.APPLICANT, None)
    assert list(member.status_changes.values_list("status", flat=True)) == [MemberStatus.APPLICANT]
    step_undo(file=file, actor=None)
    assert list(file.steps.values_list("kind", flat=True)) == [K.APPLICATION]
    with pytest.raises(ValidationError) as exc:
        step_undo(file=file, actor=None)
    assert exc.value.messages == ["递交入党申请是档案的第一步，不能撤销。"]


def test_undo_refuses_the_higher_committees_decisions(dev):
    file = lawful_file(dev, until=K.APPROVAL)
    with pytest.raises(ValidationError) as exc:
        step_undo(file=file, actor=None)
    assert exc.value.messages[0].startswith("“上级党委审批”是上级党委的决定")
    assert file.steps.count() == 13


def test_an_introducer_counts_as_a_full_member_from_the_day_of_becoming_one(dev):
    """Old code read today's political status: a 正式党员 of today who was a 预备党员 on the vote's day passed."""
    file = _to_publicity(dev)
    recent = f.PartyMemberFactory(branch=dev.branch, admitted_on=D(2021, 5, 10), full_on=D(2022, 5, 10))
    MemberStatusChange.objects.create(member=recent, status=MemberStatus.PROBATIONARY, changed_on=D(2021, 5, 10))
    MemberStatusChange.objects.create(member=recent, status=MemberStatus.FULL, changed_on=D(2022, 5, 10))
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.ASSEMBLY, D(2022, 5, 9), introducer_1=dev.members[0], introducer_2=recent.staff, **VOTE)
    assert exc.value.messages == INTRODUCER_REFUSED
    step = take_step(file, K.ASSEMBLY, D(2022, 5, 10), introducer_1=dev.members[0], introducer_2=recent.staff, **VOTE)
    assert step.pk is not None


def test_an_introducer_since_transferred_out_was_a_full_member_on_the_day(dev):
    """Someone who has since left the school still introduced as a 正式党员 on the day."""
    file = _to_publicity(dev)
    left = f.PartyMemberFactory(branch=dev.branch, status=MemberStatus.TRANSFERRED_OUT)
    MemberStatusChange.objects.create(member=left, status=MemberStatus.FULL, changed_on=D(2011, 7, 1))
    MemberStatusChange.objects.create(member=left, status=MemberStatus.TRANSFERRED_OUT, changed_on=D(2023, 2, 1))
    take_step(file, K.ASSEMBLY, D(2022, 5, 10), introducer_1=dev.members[0], introducer_2=left.staff, **VOTE)


def test_an_introducer_without_a_member_record_is_full_a_year_after_joining(dev):
    file = _to_publicity(dev)
    joined = f.StaffFactory(
        school=dev.school, political_status=PoliticalStatus.PARTY_MEMBER, joined_party_on=D(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.ASSEMBLY, D(2022, 5, 31), introducer_1=dev.members[0], introducer_2=joined, **VOTE)
    assert exc.value.messages == INTRODUCER_REFUSED
    take_step(file, K.ASSEMBLY, D(2022, 6, 1), introducer_1=dev.members[0], introducer_2=joined, **VOTE)


def test_contacts_must_be_full_members_on_the_day(dev):
    """Old code counted any two people as 培养联系人, though the rule (and its message) asks for 正式党员."""
    file = open_dev_file(dev)
    take_step(file, K.TALK, D(2021, 3, 2))
    probationary = f.PartyMemberFactory(
        branch=dev.branch, status=MemberStatus.PROBATIONARY, staff__political_status=PoliticalStatus.PROBATIONARY
    ).staff
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.ACTIVIST, D(2021, 4, 1), contact_1=dev.members[0], contact_2=probationary)
    assert exc.value.messages == ["确定入党积极分子时须指定两名培养联系人（正式党员，不能是本人）。"]


def test_a_corrected_vote_date_moves_the_member_records_dates_and_history(dev):
    file = lawful_file(dev)
    assembly = file.steps.get(kind=K.ASSEMBLY)
    assembly.date = D(2022, 6, 15)
    step_correct(step=assembly, actor=None)
    member = dev.person.party_record
    member.refresh_from_db()
    dev.person.refresh_from_db()
    assert (member.admitted_on, member.full_on, dev.person.joined_party_on) == (
        D(2022, 6, 15),
        D(2023, 6, 15),
        D(2022, 6, 15),
    )
    assert list(member.status_changes.values_list("status", "changed_on"))[-2:] == [
        (MemberStatus.PROBATIONARY, D(2022, 6, 15)),
        (MemberStatus.FULL, D(2023, 6, 15)),
    ]


def test_a_correction_that_makes_a_later_step_unlawful_is_refused_and_nothing_changes(dev):
    file = lawful_file(dev, until=K.CANDIDATE)
    activist = file.steps.get(kind=K.ACTIVIST)
    activist.date = D(2021, 5, 1)  # the 发展对象 step of 2022-04-01 would come before a full year
    with pytest.raises(ValidationError) as exc:
        step_correct(step=activist, actor=None)
    assert exc.value.messages == [
        "更正后，“确定发展对象”（2022-04-01）不再合规：确定为发展对象须在确定为入党积极分子满一年后（最早 2022-05-01）。"
    ]
    assert file.steps.get(kind=K.ACTIVIST).date == D(2021, 4, 1)
    member = dev.person.party_record
    member.refresh_from_db()
    assert member.activist_on == D(2021, 4, 1)


def test_a_corrected_introducer_must_have_been_a_full_member_on_the_day(dev):
    file = lawful_file(dev, until=K.ASSEMBLY)
    assembly = file.steps.get(kind=K.ASSEMBLY)
    assembly.introducer_2 = f.PartyMemberFactory(branch=dev.branch, status=MemberStatus.PROBATIONARY).staff
    with pytest.raises(ValidationError) as exc:
        step_correct(step=assembly, actor=None)
    assert exc.value.messages == INTRODUCER_REFUSED


def _admin_change(client, step, **changes):
    """The step's admin change form as it would be posted, with ``changes``."""
    data = {
        name: getattr(step, f"{name}_id", None) or getattr(step, name) or ""
        for name in ALL_FIELDS
        if name not in ("kind", "document")
    }
    data.update(changes)
    return client.post(reverse("admin:development_developmentstep_change", args=[step.pk]), data)


def test_the_admin_corrects_a_step_through_the_rules(dev, admin_client):
    """Old admin saved any date: a 谈话 before the application, an 积极分子 without full-member contacts."""
    file = lawful_file(dev, until=K.ACTIVIST)
    talk = file.steps.get(kind=K.TALK)
    response = _admin_change(admin_client, talk, date="2021-02-01")
    assert response.status_code == 200
    assert "发展程序须按顺序进行" in response.content.decode()
    assert file.steps.get(kind=K.TALK).date == D(2021, 3, 20)
    response = _admin_change(admin_client, talk, date="2021-03-05", note="日期更正")
    assert response.status_code == 302
    assert file.steps.get(kind=K.TALK).note == "日期更正"
    activist = file.steps.get(kind=K.ACTIVIST)
    response = _admin_change(admin_client, activist, date="2021-04-02")
    assert response.status_code == 302
    member = dev.person.party_record
    member.refresh_from_db()
    assert member.activist_on == D(2021, 4, 2)
    assert member.status_changes.get(status=MemberStatus.ACTIVIST).changed_on == D(2021, 4, 2)


def test_the_admin_adds_no_step_and_deletes_only_what_the_page_could_withdraw(dev, admin_client):
    file = lawful_file(dev, until=K.APPROVAL)
    assert admin_client.get(reverse("admin:development_developmentstep_add")).status_code == 403
    approval = file.steps.get(kind=K.APPROVAL)
    delete = reverse("admin:development_developmentstep_delete", args=[approval.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assembly = file.steps.get(kind=K.ASSEMBLY)
    assert (
        admin_client.post(
            reverse("admin:development_developmentstep_delete", args=[assembly.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    take_step(file, K.OATH, D(2022, 7, 10))
    oath = file.steps.get(kind=K.OATH)
    response = admin_client.post(reverse("admin:development_developmentstep_delete", args=[oath.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not file.steps.filter(kind=K.OATH).exists()


def test_the_file_admin_changes_no_step_behind_the_rules(dev, admin_client, settings, tmp_path):
    """The file's step list in the admin is for reading: a document or note changed there skipped the upload's
    type check and the audit log; corrections are made on the step's own admin page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    file = open_dev_file(dev)
    step = file.steps.get()
    url = reverse("admin:development_developmentfile_change", args=[file.pk])
    data = {
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "1",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": str(step.pk),
        "steps-0-file": str(file.pk),
        "steps-0-note": "改过",
        "steps-0-document": SimpleUploadedFile("x.exe", b"MZ\x90\x00 not a document"),
    }
    admin_client.post(url, data)
    step.refresh_from_db()
    assert (step.note, step.document.name) == ("", "")


def test_a_corrected_document_replaces_the_old_one_in_storage(
    dev, admin_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    file = lawful_file(dev, until=K.TALK)
    talk = file.steps.get(kind=K.TALK)
    talk.document = SimpleUploadedFile("谈话记录.pdf", b"%PDF-1.4 old")
    talk.save()
    old = talk.document.path
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_change(admin_client, talk, document=SimpleUploadedFile("谈话记录更正.pdf", b"%PDF-1.4 new"))
    assert response.status_code == 302
    talk.refresh_from_db()
    with talk.document.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 new"
    assert not os.path.exists(old)


def test_no_step_after_the_person_has_transferred_out(dev):
    """A 预备党员 whose organization relationship went to another Party organization is examined and made full
    there: a 转正 recorded here set the transferred-out record back to 正式党员 of this branch."""
    file = lawful_file(dev, until=K.PROBATION_ASSESSMENT)
    member = dev.person.party_record
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    MemberStatusChange.objects.create(member=member, status=MemberStatus.TRANSFERRED_OUT, changed_on=D(2023, 3, 1))
    with pytest.raises(ValidationError) as exc:
        take_step(file, K.FULL, D(2023, 6, 25), **VOTE)
    assert exc.value.messages == ["申请人已转出本校党组织，发展程序由接收的党组织继续办理，本档案不能再登记步骤。"]
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT


def test_a_file_whose_person_has_left_shows_nothing_due_and_withdraws_nothing(dev):
    """Old code kept showing the next step (then 已逾期) for a person who had transferred out, and its undo took
    the 已转出 record back to an earlier stage."""
    file = lawful_file(dev, until=K.ACTIVIST)
    member = dev.person.party_record
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    [row] = pipeline(DevelopmentFile.objects.all(), D(2024, 12, 31))
    assert (row.has_left, row.next, row.overdue, row.due_soon) == (True, None, False, False)
    with pytest.raises(ValidationError):
        step_undo(file=file, actor=None)
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT


def test_a_correction_takes_people_of_the_files_school_only(dev):
    """Old admin corrections accepted a 入党介绍人 of another school (the pages offer the school's own only)."""
    file = lawful_file(dev, until=K.ASSEMBLY)
    assembly = file.steps.get(kind=K.ASSEMBLY)
    assembly.introducer_2 = f.PartyMemberFactory().staff  # a full member of another school
    with pytest.raises(ValidationError) as exc:
        step_correct(step=assembly, actor=None)
    assert exc.value.messages == ["培养联系人和入党介绍人须是本校的教职工（党员）。"]

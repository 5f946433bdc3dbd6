"""Writes: the grid, publishing, activities (and their delete) and evaluations, each audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.accounts.models import AuditLog
from dangjian.reports.figures import figures
from dangjian.subjects import queries
from dangjian.subjects.forms import LessonEvaluationForm, LinkGridForm, SubjectActivityForm
from dangjian.subjects.models import LessonEvaluation, SubjectActivity, SubjectLink
from dangjian.subjects.services import (
    lesson_evaluation_save,
    subject_activity_delete,
    subject_activity_save,
    subject_link_grid_save,
    subject_links_publish,
)
from dangjian.tests import factories as f


def test_grid_save_adds_drafts_and_removes_unticked_links(world, sdata):
    principal = f.StaffFactory(school=world.school, name="钱校长", leader_post="principal")
    grid = queries.grid(world.school, world.year)
    form = LinkGridForm(
        data={"cells": [f"{principal.pk}-{sdata.chemistry.pk}"]}, school=world.school, school_year=world.year, grid=grid
    )
    assert form.is_valid() is True
    assert subject_link_grid_save(form=form, actor=world.users["secretary"]) == (1, 1)
    links = list(SubjectLink.objects.values_list("cadre__name", "subject__name", "status"))
    assert links == [("钱校长", "化学", "draft")]
    assert AuditLog.objects.filter(action="subject_link.grid").count() == 1


def test_publish_turns_the_years_drafts_into_published_links(world, sdata):
    draft = f.SubjectLinkFactory(school=world.school, school_year=world.year, subject=sdata.chemistry, status="draft")
    assert subject_links_publish(school=world.school, school_year=world.year, actor=world.users["secretary"]) == 1
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_at is not None
    assert subject_links_publish(school=world.school, school_year=world.year, actor=world.users["secretary"]) == 0


def test_activity_save_keeps_participants_evidence_and_author(world, sdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = SubjectActivityForm(
        data={
            "kind": "demo_lesson",
            "date": "2022-10-10",
            "topic": "楞次定律",
            "participants": [sdata.group_member.pk],
        },
        files={"evidence": SimpleUploadedFile("教案.pdf", b"%PDF-1.4 x")},
        link=sdata.link,
    )
    assert form.is_valid() is True
    activity = subject_activity_save(form=form, actor=world.users["cadre"])
    assert list(activity.participants.values_list("name", flat=True)) == ["王老师"]
    assert activity.created_by == world.users["cadre"]
    with activity.evidence.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 x"
    assert AuditLog.objects.filter(action="subject_activity.create", object_id=str(activity.pk)).count() == 1


def test_overview_figures_count_the_new_demonstration_lesson(world, sdata):
    before = queries.overview(world.school, world.year, dt.date(2023, 3, 1))
    physics_row = next(r for r in before["subject_rows"] if r["subject"] == sdata.physics)
    assert physics_row["tally"].total.activities == 0
    f.SubjectActivityFactory(link=sdata.link, date=dt.date(2022, 10, 10))
    after = queries.overview(world.school, world.year, dt.date(2023, 3, 1))
    physics_row = next(r for r in after["subject_rows"] if r["subject"] == sdata.physics)
    assert (physics_row["tally"].first.activities, physics_row["tally"].first.demo_lessons) == (1, 1)
    assert [r.message for r in after["behind"]] == [
        "第一学期未达标：活动 1/2 次",
        "第二学期尚未达标：活动 0/2 次，示范课 0/1 节",
    ]
    assert [x.message for x in after["findings"]] == ["化学：没有挂钩干部"]


def test_evaluation_save(world, sdata):
    activity = f.SubjectActivityFactory(link=sdata.link)
    activity.participants.set([sdata.group_member])
    form = LessonEvaluationForm(
        data={"evaluator": sdata.group_member.pk, "score": 92, "comment": "示范性强"},
        activity=activity,
        evaluators=activity.participants.all(),
    )
    assert form.is_valid() is True
    evaluation = lesson_evaluation_save(form=form, actor=world.users["teacher"])
    assert (evaluation.score, evaluation.comment) == (92, "示范性强")


def _delete_fixture(world, sdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return f.SubjectActivityFactory(link=sdata.link, evidence=SimpleUploadedFile("教案.pdf", b"%PDF-1.4 demo"))


def test_activity_delete_audits_removes_the_file_and_the_figure_drops(
    world, sdata, settings, tmp_path, django_capture_on_commit_callbacks
):
    activity = _delete_fixture(world, sdata, settings, tmp_path)
    pk, stored = activity.pk, tmp_path / activity.evidence.name
    key = (world.school.pk, 2022)
    assert (stored.exists(), figures([world.school.pk], [world.year])[key].subject_activities) == (True, 1)
    with django_capture_on_commit_callbacks(execute=True):
        subject_activity_delete(activity=activity, actor=sdata.cadre.user)
    assert (SubjectActivity.objects.count(), stored.exists()) == (0, False)
    assert figures([world.school.pk], [world.year])[key].subject_activities == 0
    entry = AuditLog.objects.get(action="subject_activity.delete")
    assert (entry.user, entry.school, entry.object_id) == (sdata.cadre.user, world.school, str(pk))


def test_evaluated_activity_is_deleted_by_admins_only_with_its_evaluations(world, sdata, settings, tmp_path):
    activity = _delete_fixture(world, sdata, settings, tmp_path)
    f.LessonEvaluationFactory(activity=activity, evaluator=sdata.group_member)
    with pytest.raises(ValidationError) as exc:
        subject_activity_delete(activity=activity, actor=sdata.cadre.user)
    assert exc.value.messages == [
        "该示范课已有 1 条评课，删除会一并删除同事的评课，挂钩干部不能删除；如确属重复录入，请联系书记或党务干部删除。"
    ]
    assert (SubjectActivity.objects.count(), LessonEvaluation.objects.count()) == (1, 1)
    subject_activity_delete(activity=activity, actor=world.users["secretary"])
    assert (SubjectActivity.objects.count(), LessonEvaluation.objects.count()) == (0, 0)
    assert AuditLog.objects.get(action="subject_activity.delete").summary.endswith("（评课 1 条）")

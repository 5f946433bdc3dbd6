"""Bad input is refused field by field, with a Chinese message naming the problem."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.subjects import queries
from dangjian.subjects.forms import LessonEvaluationForm, LinkGridForm, SubjectActivityForm, SubjectLinkForm
from dangjian.subjects.models import SubjectActivity
from dangjian.tests import factories as f


def _link_form(world, sdata, **data):
    return SubjectLinkForm(data=data, school=world.school, school_year=world.year)


def test_link_to_a_subject_of_another_school_is_refused(world, sdata):
    cadre = f.StaffFactory(school=world.school, leader_post="principal")
    form = _link_form(world, sdata, cadre=cadre.pk, subject=sdata.other_school_subject.pk)
    assert form.is_valid() is False
    assert form.errors["subject"] == ["所选学科不是本校开设的学科。"]


def test_link_of_an_ordinary_teacher_is_refused(world, sdata):
    ordinary = f.StaffFactory(school=world.school)
    form = _link_form(world, sdata, cadre=ordinary.pk, subject=sdata.chemistry.pk)
    assert form.is_valid() is False
    assert form.errors["cadre"] == ["所选教职工不是本校在职的校级领导或党员骨干教师（党员且为骨干教师或高级职称）。"]


def test_duplicate_link_is_refused(world, sdata):
    form = _link_form(world, sdata, cadre=sdata.cadre.pk, subject=sdata.physics.pk)
    assert form.is_valid() is False
    assert form.errors["subject"] == ["赵校长 在 2022-2023学年 已挂钩物理。"]


def test_second_subject_for_a_cadre_is_allowed_and_warned_about(world, sdata):
    form = _link_form(world, sdata, cadre=sdata.cadre.pk, subject=sdata.chemistry.pk)
    assert form.is_valid() is True


def _grid_form(world, cells):
    grid = queries.grid(world.school, world.year)
    return LinkGridForm(data={"cells": cells}, school=world.school, school_year=world.year, grid=grid)


def test_grid_refuses_a_cell_with_another_schools_subject(world, sdata):
    bad = f"{sdata.cadre.pk}-{sdata.other_school_subject.pk}"
    form = _grid_form(world, [f"{sdata.cadre.pk}-{sdata.physics.pk}", bad])
    assert form.is_valid() is False
    assert form.errors["cells"] == [
        f"“{bad}”不是可挂钩的组合：学科须为本校开设的学科，干部须为本校的校级领导或党员骨干教师。"
    ]


def test_grid_refuses_to_drop_a_link_with_activities(world, sdata):
    f.SubjectActivityFactory(link=sdata.link)
    form = _grid_form(world, [])
    assert form.is_valid() is False
    assert form.errors["cells"] == ["以下挂钩已有活动记录，不能取消：赵校长—物理。"]


def _activity_form(sdata, files=None, **data):
    base = {"kind": "demo_lesson", "date": "2022-10-10", "topic": "牛顿第二定律", "participants": []}
    return SubjectActivityForm(data={**base, **data}, files=files, link=sdata.link)


def test_activity_date_outside_the_school_year_is_refused(sdata):
    form = _activity_form(sdata, date="2022-08-31")
    assert form.is_valid() is False
    assert form.errors["date"] == ["日期应在 2022-2023学年 内（2022-09-01 至 2023-08-31）。"]


def test_activity_participant_outside_the_teaching_research_group_is_refused(world, sdata):
    outsider = f.StaffFactory(school=world.other_school)
    form = _activity_form(sdata, participants=[sdata.group_member.pk, outsider.pk])
    assert form.is_valid() is False
    assert form.errors["participants"] == ["所选参加人员不是本校物理教研组（在职、任教物理）的成员。"]


def test_activity_with_its_group_is_valid(sdata):
    assert _activity_form(sdata, participants=[sdata.group_member.pk]).is_valid() is True


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            "文件类型不支持（virus.exe），请上传 pdf、jpg、jpeg、png、gif、webp、docx、xlsx、pptx、doc、xls、ppt 格式。",
        ),
        ("fake.pdf", b"<html>not a pdf</html>", "文件内容与扩展名 .pdf 不符，请确认文件未损坏。"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "文件过大（10.0 MB），不能超过 10 MB。"),
    ],
)
def test_activity_evidence_type_and_size_are_checked(sdata, name, content, message):
    form = _activity_form(sdata, files={"evidence": SimpleUploadedFile(name, content)})
    assert form.is_valid() is False
    assert form.errors["evidence"] == [message]


def test_activity_evidence_pdf_is_accepted(sdata):
    form = _activity_form(sdata, files={"evidence": SimpleUploadedFile("教案.pdf", b"%PDF-1.4 minimal")})
    assert form.is_valid() is True


def _evaluation_form(activity, evaluators, **data):
    return LessonEvaluationForm(data=data, activity=activity, evaluators=evaluators)


def test_evaluation_score_over_100_is_refused(sdata):
    activity = f.SubjectActivityFactory(link=sdata.link)
    activity.participants.set([sdata.group_member])
    form = _evaluation_form(activity, activity.participants.all(), evaluator=sdata.group_member.pk, score=101)
    assert form.is_valid() is False
    assert form.errors["score"] == ["评分应在 0 到 100 之间。"]


def test_one_evaluation_per_evaluator(sdata):
    activity = f.SubjectActivityFactory(link=sdata.link)
    activity.participants.set([sdata.group_member])
    f.LessonEvaluationFactory(activity=activity, evaluator=sdata.group_member)
    form = _evaluation_form(activity, activity.participants.all(), evaluator=sdata.group_member.pk, score=90)
    assert form.is_valid() is False
    assert form.errors["evaluator"] == ["王老师 已评价过本节示范课，请修改原评价。"]


def test_only_demonstration_lessons_are_evaluated(sdata):
    activity = f.SubjectActivityFactory(link=sdata.link, kind="seminar")
    activity.participants.set([sdata.group_member])
    form = _evaluation_form(activity, activity.participants.all(), evaluator=sdata.group_member.pk, score=90)
    assert form.is_valid() is False
    assert form.errors["__all__"] == ["只有示范课可以评课打分。"]


def test_evaluator_must_be_a_participant(world, sdata):
    activity = f.SubjectActivityFactory(link=sdata.link)
    stranger = f.StaffFactory(school=world.school)
    form = _evaluation_form(activity, activity.participants.all(), evaluator=stranger.pk, score=90)
    assert form.is_valid() is False
    assert form.errors["evaluator"] == ["评课人须是本节示范课的参加人员（授课人除外）。"]


def test_future_activity_is_refused(world, sdata, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2022, 10, 1))
    form = _activity_form(sdata, date="2022-10-10")
    assert form.is_valid() is False
    assert form.errors["date"] == ["活动日期不能晚于今天：请在活动开展后再记录。"]
    assert SubjectActivity.objects.count() == 0

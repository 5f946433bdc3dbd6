"""Files of 推优学生: who may have one (an accepted 推优 record, 18 on the day of the application, this school),
and a student's stages stay on the file (no member record)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangjian.development import rules
from dangjian.development.enums import Stage
from dangjian.development.enums import StepKind as K
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.development.queries import development_figures, pipeline
from dangjian.development.services import development_file_create, step_add, step_undo
from dangjian.league.enums import RecommendationStatus
from dangjian.party.models import MemberStatusChange, PartyMember
from dangjian.tests import factories as f

from .conftest import open_student_file, recommended_student

D = dt.date
BORN = D(2006, 7, 1)


def test_the_age_rule_at_its_boundary():
    assert rules.application_age_error(BORN, D(2024, 6, 30)) == "入党申请人须年满十八岁（按递交申请之日计算）。"
    assert rules.application_age_error(BORN, D(2024, 7, 1)) is None
    assert rules.application_age_error(None, D(2024, 7, 1), "学生信息") == (
        "请先在学生信息中填写出生日期：入党申请人须年满十八岁。"
    )


@pytest.fixture
def sdev(db, settings):
    settings.DANGJIAN_TODAY = "2024-12-31"
    branch = f.OrganizationFactory(name="高三年段党支部")
    members = [f.PartyMemberFactory(branch=branch).staff for _ in range(2)]
    return type("SDev", (), {"school": branch.school, "branch": branch, "members": members})


@pytest.mark.parametrize(
    ("applied", "error"),
    [
        (D(2024, 6, 30), "入党申请人须年满十八岁（按递交申请之日计算）。"),  # 17 years and 364 days
        (D(2024, 7, 1), None),  # the 18th birthday
    ],
)
def test_a_student_applies_on_turning_18(sdev, applied, error):
    student = recommended_student(sdev.school, "王同学", BORN)
    if error is None:
        file = open_student_file(sdev.school, sdev.branch, student, applied)
        assert (file.student, file.staff, file.person_name, str(file)) == (student, None, "王同学", "王同学的发展档案")
        return
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, applied)
    assert exc.value.messages == [error]
    assert not DevelopmentFile.objects.exists()


def test_a_student_without_a_birth_date_is_asked_for_it(sdev):
    student = recommended_student(sdev.school, "王同学", None)
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    assert exc.value.messages == ["请先在学生信息中填写出生日期：入党申请人须年满十八岁。"]
    assert not DevelopmentFile.objects.exists()


@pytest.mark.parametrize(
    "status", [RecommendationStatus.PROPOSED, RecommendationStatus.RECOMMENDED, RecommendationStatus.DECLINED]
)
def test_a_recommendation_not_accepted_is_refused(sdev, status):
    student = recommended_student(sdev.school, "王同学", BORN, status=status)
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    assert exc.value.messages == [
        "王同学没有经党组织接收的推优入党记录：学生须经团支部推优、党组织接收后才能建立发展档案（推优入党）。"
    ]


def test_a_student_never_recommended_is_refused(sdev):
    student = f.StudentFactory(school=sdev.school, name="李同学", birth_date=BORN)
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    assert exc.value.messages[0].startswith("李同学没有经党组织接收的推优入党记录")


def test_another_schools_student_is_refused(sdev):
    student = recommended_student(f.SchoolFactory(), "外校生", BORN)
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    assert exc.value.messages == ["学生须属于本校。"]


def test_one_person_per_file(sdev):
    student = recommended_student(sdev.school, "王同学", BORN)
    both = {"staff": sdev.members[0], "student": student}
    for people in ({}, both):
        with pytest.raises(ValidationError) as exc:
            development_file_create(
                school=sdev.school,
                branch=sdev.branch,
                application=DevelopmentStep(date=D(2024, 9, 1)),
                actor=None,
                **people,
            )
        assert exc.value.messages == ["请选择申请人：一名教职工或一名推优学生。"]
    open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    with pytest.raises(ValidationError) as exc:
        open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 2))
    assert exc.value.messages == ["王同学已有发展档案。"]


def test_a_students_stages_stay_on_the_file(sdev):
    student = recommended_student(sdev.school, "王同学", BORN)
    file = open_student_file(sdev.school, sdev.branch, student, D(2024, 9, 1))
    a, b = sdev.members
    step_add(file=file, step=DevelopmentStep(kind=K.TALK, date=D(2024, 9, 10)), actor=None)
    step_add(
        file=file, step=DevelopmentStep(kind=K.ACTIVIST, date=D(2024, 10, 8), contact_1=a, contact_2=b), actor=None
    )
    assert PartyMember.objects.count() == 2  # the contacts only
    assert not MemberStatusChange.objects.filter(note__startswith="发展党员").exists()
    [row] = pipeline(DevelopmentFile.objects.all())
    assert (row.stage, row.stage_dates) == (
        Stage.ACTIVIST,
        {Stage.APPLICANT: D(2024, 9, 1), Stage.ACTIVIST: D(2024, 10, 8)},
    )
    assert development_figures(sdev.school, 2024)[Stage.ACTIVIST] == 1  # development work, counted
    step_undo(file=file, actor=None)
    [row] = pipeline(DevelopmentFile.objects.all())
    assert row.stage == Stage.APPLICANT
    assert PartyMember.objects.count() == 2

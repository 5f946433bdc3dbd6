import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.development.enums import StepKind as K
from dangjian.development.models import DevelopmentStep
from dangjian.development.services import development_file_create, step_add
from dangjian.league.enums import RecommendationStatus
from dangjian.tests import factories as f

PDF = b"%PDF-1.4 test"


def open_file(school, branch, name, applied, **staff):
    person = f.StaffFactory(school=school, name=name, birth_date=dt.date(1998, 1, 1), **staff)
    step = DevelopmentStep(date=applied, document=SimpleUploadedFile("申请书.pdf", PDF), note="本人申请")
    return development_file_create(school=school, staff=person, branch=branch, application=step, actor=None)


@pytest.fixture
def ddata(world, settings, tmp_path):
    """Today 2024-06-30. The world's branch has three more full members and a file whose talk is overdue;
    a second branch (not the branch secretary's) has a file too."""
    settings.DANGJIAN_TODAY = "2024-06-30"
    settings.MEDIA_ROOT = tmp_path
    members = [world.users["teacher"].staff] + [f.PartyMemberFactory(branch=world.branch).staff for _ in range(3)]
    other_branch = f.OrganizationFactory(school=world.school, name="第二党支部")
    file = open_file(world.school, world.branch, "李申请", dt.date(2024, 5, 1))
    other = open_file(world.school, other_branch, "赵申请", dt.date(2024, 6, 20))
    return SimpleNamespace(members=members, file=file, other=other, other_branch=other_branch)


def recommended_student(school, name, birth_date, status=RecommendationStatus.ACCEPTED):
    """A student of ``school`` recommended by their League branch (推优), the recommendation in ``status``."""
    recommendation = f.RecommendationFactory(
        branch__school_class__grade__school=school, student__name=name, student__birth_date=birth_date, status=status
    )
    return recommendation.student


def open_student_file(school, branch, student, applied):
    step = DevelopmentStep(date=applied, note="本人申请")
    return development_file_create(school=school, student=student, branch=branch, application=step, actor=None)


D = dt.date
APPLIED = D(2021, 3, 1)


def open_dev_file(dev, day=APPLIED):
    """Open a file for ``dev.person`` (``dev``: school, branch, person, members) with its application."""
    return development_file_create(
        school=dev.school,
        staff=dev.person,
        branch=dev.branch,
        application=DevelopmentStep(date=day),
        actor=None,
    )


def take_step(file, kind, day, **facts):
    """Take one step through the service (the rules apply)."""
    return step_add(file=file, step=DevelopmentStep(kind=kind, date=day, **facts), actor=None)


VOTE = {"voters_eligible": 4, "voters_present": 4, "votes_for": 3, "votes_against": 1}


def lawful_file(dev, until=K.FULL):
    """Take a file lawfully from the application (2021-03-01) up to ``until``; ``dev.members`` are four full
    members: two contacts, two introducers."""
    file = open_dev_file(dev)
    a, b, c, d = dev.members
    for kind, day, facts in [
        (K.TALK, D(2021, 3, 20), {}),
        (K.ACTIVIST, D(2021, 4, 1), {"contact_1": a, "contact_2": b}),
        (K.ASSESSMENT, D(2021, 10, 1), {}),
        (K.ASSESSMENT, D(2022, 3, 30), {}),
        (K.CANDIDATE, D(2022, 4, 1), {}),
        (K.POLITICAL_REVIEW, D(2022, 5, 1), {}),
        (K.TRAINING, D(2022, 5, 10), {"training_hours": 24}),
        (K.COMMITTEE_REVIEW, D(2022, 5, 20), {}),
        (K.PRE_REVIEW, D(2022, 6, 1), {}),
        (K.PUBLICITY, D(2022, 6, 5), {}),
        (K.ASSEMBLY, D(2022, 6, 20), {"introducer_1": c, "introducer_2": d, **VOTE}),
        (K.APPROVAL, D(2022, 7, 10), {}),
        (K.OATH, D(2022, 7, 10), {}),
        (K.PROBATION_ASSESSMENT, D(2022, 12, 20), {}),
        (K.FULL, D(2023, 6, 25), VOTE),
    ]:
        take_step(file, kind, day, **facts)
        if kind == until:
            return file
    return file

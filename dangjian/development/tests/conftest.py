import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.development.models import DevelopmentStep
from dangjian.development.services import development_file_create
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

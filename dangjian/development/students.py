"""推优学生: the students who may have a development file. A student comes in through their League branch's
推优 record once the Party organization has accepted it; the age rule (18 on the day of the application) is
the application's, in ``rules.application_age_error``."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from dangjian.league.enums import RecommendationStatus
from dangjian.league.models import Recommendation
from dangjian.lib.dates import age_on
from dangjian.school.enums import StudentStatus
from dangjian.school.models import School, Student

from . import rules
from .models import DevelopmentFile

# The 推优 states that let the Party organization open a file: the recommendation it has accepted.
ACCEPTED = (RecommendationStatus.ACCEPTED,)


def recommended_students(school: School):
    """The school's enrolled students with an accepted 推优 record and no development file yet."""
    return Student.objects.filter(
        Exists(Recommendation.objects.filter(student=OuterRef("pk"), status__in=ACCEPTED)),
        school=school,
        status=StudentStatus.ENROLLED,
        development_file__isnull=True,
    ).order_by("student_number")


def student_refusal(school: School, student: Student) -> str | None:
    """Why ``student`` may not have a file opened (a sentence naming the rule), or None. The age is checked with
    the application."""
    if student.school_id != school.pk:
        return "学生须属于本校。"
    if student.status != StudentStatus.ENROLLED:
        return f"{student.name}不是在读学生，不能建立发展档案。"
    if not Recommendation.objects.filter(student=student, status__in=ACCEPTED).exists():
        return (
            f"{student.name}没有经党组织接收的推优入党记录：学生须经团支部推优、党组织接收后才能建立发展档案"
            "（推优入党）。"
        )
    return None


@dataclass(frozen=True)
class FileState:
    """What the 推优入党 list offers beside an accepted recommendation: the file, or opening one, or why not
    yet (no birth date entered, under 18 today)."""

    file: DevelopmentFile | None = None
    may_open: bool = False
    reason: str = ""


def file_state(recommendation: Recommendation, today: dt.date) -> FileState | None:
    """None unless the Party organization has accepted the recommendation. The student's ``development_file``
    is expected select_related."""
    if recommendation.status not in ACCEPTED:
        return None
    student = recommendation.student
    try:
        return FileState(file=student.development_file)
    except DevelopmentFile.DoesNotExist:
        pass
    if student.status != StudentStatus.ENROLLED:
        return FileState(reason="已不是在读学生")
    if student.birth_date is None:
        return FileState(reason="请先填写出生日期")
    if age_on(student.birth_date, today) < rules.MIN_AGE:
        return FileState(reason=f"未满 {rules.MIN_AGE} 周岁")
    return FileState(may_open=True)

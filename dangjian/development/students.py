"""推优学生: the students who may have a development file. A student comes in through their League branch's
推优 record once the Party organization has accepted it; the age rule (18 on the day of the application) is
the application's, in ``rules.application_age_error``."""

from django.db.models import Exists, OuterRef

from dangjian.league.enums import RecommendationStatus
from dangjian.league.models import Recommendation
from dangjian.school.enums import StudentStatus
from dangjian.school.models import School, Student

# The 推优 states that let the Party organization open a file: the recommendation it has accepted.
ACCEPTED = (RecommendationStatus.ACCEPTED,)
STUDENT_RECORD = "学生信息"


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

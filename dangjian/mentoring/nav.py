"""Menu entries of the mentoring app (registered in accounts.context_processors.MODULE_NAV)."""

from django.urls import reverse

from . import permissions as perms
from .enums import MentorshipStatus
from .models import Mentorship


def entries(user, school) -> list[tuple[str, str]]:
    if perms.can_manage(user, school):
        return [("青年教师", reverse("mentoring:index", args=[school.code]))]
    staff_id = perms.own_staff_id(user, school)
    if staff_id is None:
        return []
    involved = (
        Mentorship.objects.filter(school=school, status__in=[MentorshipStatus.CONFIRMED, MentorshipStatus.RELEASED])
        .filter(mentor_id=staff_id)
        .exists()
        or Mentorship.objects.filter(school=school, mentee_id=staff_id)
        .exclude(status=MentorshipStatus.PROPOSED)
        .exists()
    )
    return [("我的结对", reverse("mentoring:mine", args=[school.code]))] if involved else []

"""Who may read and write the subject links and their activities (deny by default).

- 书记 and 党务干部 (and superusers): everything in their school.
- 教务处: reads everything (teaching research is their business), writes nothing.
- The linked cadre: reads their own links and logs activities in them.
- Any other member of the school: the activities they took part in or evaluated.
- The county committee and other schools: nothing (404)."""

from django.db.models import Q, QuerySet

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS

from .enums import ActivityKind, LinkStatus
from .models import SubjectActivity, SubjectLink

FULL_READERS = (*SCHOOL_ADMINS, Role.ACADEMIC_AFFAIRS)


def can_view(user, school: School) -> bool:
    """The module's pages open to everyone who works in the school (each sees what concerns them)."""
    return get_access(user).is_member_of(school.pk)


def can_read_all(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *FULL_READERS)


def can_manage(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def links_for_user(user, school: School) -> QuerySet[SubjectLink]:
    qs = SubjectLink.objects.filter(school=school)
    if can_read_all(user, school):
        return qs
    staff_id = get_access(user).staff_id
    return qs.filter(cadre_id=staff_id, status=LinkStatus.PUBLISHED) if staff_id else qs.none()


def can_log_on_link(user, link: SubjectLink) -> bool:
    """Admins log for anyone; the cadre logs in their own published link."""
    if can_manage(user, link.school):
        return True
    return link.status == LinkStatus.PUBLISHED and link.cadre_id == get_access(user).staff_id


def get_link_for_user(user, school: School, pk: int, write: bool = False) -> SubjectLink:
    link = (
        links_for_user(user, school).filter(pk=pk).select_related("school", "school_year", "cadre", "subject").first()
    )
    if link is None:
        not_found()
    if write:
        require(can_log_on_link(user, link))
    return link


def activities_for_user(user, school: School) -> QuerySet[SubjectActivity]:
    qs = SubjectActivity.objects.filter(link__school=school)
    if can_read_all(user, school):
        return qs
    staff_id = get_access(user).staff_id
    if not staff_id:
        return qs.none()
    mine = SubjectActivity.objects.filter(
        Q(link__cadre_id=staff_id) | Q(participants=staff_id) | Q(evaluations__evaluator_id=staff_id)
    ).values("pk")
    return qs.filter(pk__in=mine)


def can_edit_activity(user, activity: SubjectActivity) -> bool:
    return can_log_on_link(user, activity.link)


def get_activity_for_user(user, school: School, pk: int, write: bool = False) -> SubjectActivity:
    activity = (
        activities_for_user(user, school)
        .filter(pk=pk)
        .select_related("link__school", "link__school_year", "link__cadre", "link__subject")
        .first()
    )
    if activity is None:
        not_found()
    if write:
        require(can_edit_activity(user, activity))
    return activity


def can_evaluate(user, activity: SubjectActivity, participant_ids: set[int]) -> bool:
    """Demonstration lessons only: admins record for any participant; a participant (not the
    lecturing cadre) records their own evaluation."""
    if activity.kind != ActivityKind.DEMO_LESSON:
        return False
    if can_manage(user, activity.link.school):
        return True
    staff_id = get_access(user).staff_id
    return bool(staff_id) and staff_id in participant_ids and staff_id != activity.link.cadre_id


def evaluator_choices_for_user(user, activity: SubjectActivity, participants):
    """Who the user may record an evaluation for: any participant (admins) or themself."""
    if can_manage(user, activity.link.school):
        return participants.exclude(pk=activity.link.cadre_id)
    return participants.filter(pk=get_access(user).staff_id)

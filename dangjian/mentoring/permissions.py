"""Who may see and do what in mentoring (deny by default).

- 书记 and 党务干部 (and superusers): everything in their school.
- A mentor: their own pairs (read, log activities, evaluate at year end).
- A young teacher: their own pairs (read, log activities, write term reflections).
- Other members of the school: 403 on the school-wide pages, 404 on others' pairs; the county: 404."""

from django.db.models import Q, QuerySet

from dangjian.accounts.access import get_access
from dangjian.lib.access import not_found, require
from dangjian.school.models import School, Staff
from dangjian.school.permissions import SCHOOL_ADMINS

from .enums import MentorshipStatus
from .models import MentoringActivity, Mentorship, Milestone, Reflection


def can_manage(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def own_staff_id(user, school: School) -> int | None:
    """The user's staff record in this school, if any."""
    access = get_access(user)
    return access.staff_id if access.staff_school_id == school.pk else None


def can_use_mine(user, school: School) -> bool:
    """The “我的结对” page: any staff member of the school (it may be empty)."""
    return own_staff_id(user, school) is not None


def mentorships_for_user(user, school: School) -> QuerySet[Mentorship]:
    qs = Mentorship.objects.filter(school=school)
    if can_manage(user, school):
        return qs
    staff_id = own_staff_id(user, school)
    if staff_id is None:
        return qs.none()
    return qs.filter(Q(mentor_id=staff_id) | Q(mentee_id=staff_id)).exclude(status=MentorshipStatus.PROPOSED)


def get_mentorship_for_user(user, school: School, pk: int, write: bool = False) -> Mentorship:
    mentorship = (
        mentorships_for_user(user, school)
        .filter(pk=pk)
        .select_related("school", "school_year", "mentee", "mentor", "continued_from")
        .first()
    )
    if mentorship is None:
        not_found()
    if write:
        require(can_manage(user, school))
    return mentorship


def is_mentor(user, mentorship: Mentorship) -> bool:
    return own_staff_id(user, mentorship.school) == mentorship.mentor_id


def is_mentee(user, mentorship: Mentorship) -> bool:
    return own_staff_id(user, mentorship.school) == mentorship.mentee_id


def can_log_activity(user, mentorship: Mentorship) -> bool:
    if mentorship.status != MentorshipStatus.CONFIRMED:
        return False
    return can_manage(user, mentorship.school) or is_mentor(user, mentorship) or is_mentee(user, mentorship)


def can_evaluate(user, mentorship: Mentorship) -> bool:
    if mentorship.confirmed_on is None:
        return False
    return can_manage(user, mentorship.school) or is_mentor(user, mentorship)


def can_download_agreement(user, mentorship: Mentorship) -> bool:
    """The mentorship is already visible to the user; agreements exist once it is confirmed."""
    return mentorship.confirmed_on is not None


def activities_for_user(user, school: School) -> QuerySet[MentoringActivity]:
    return MentoringActivity.objects.filter(mentorship__in=mentorships_for_user(user, school))


def can_delete_activities(user, mentorship: Mentorship) -> bool:
    """Who logs activities in a pair may delete them (a duplicate entered by mistake); admins also once
    the pair has ended."""
    return can_manage(user, mentorship.school) or can_log_activity(user, mentorship)


def get_activity_for_user(user, school: School, pk: int, write: bool = False) -> MentoringActivity:
    activity = (
        activities_for_user(user, school)
        .filter(pk=pk)
        .select_related("mentorship__school", "mentorship__mentee", "mentorship__mentor")
        .first()
    )
    if activity is None:
        not_found()
    if write:
        require(
            can_delete_activities(user, activity.mentorship), "只有该结对的导师、青年教师或党务干部可以删除带教活动。"
        )
    return activity


def reflections_for_user(user, school: School) -> QuerySet[Reflection]:
    qs = Reflection.objects.filter(school=school)
    if can_manage(user, school):
        return qs
    staff_id = own_staff_id(user, school)
    if staff_id is None:
        return qs.none()
    # A mentor reads the reflections of their mentees in the years they mentor them.
    mentored = Mentorship.objects.filter(school=school, mentor_id=staff_id, confirmed_on__isnull=False).values_list(
        "mentee_id", "school_year_id"
    )
    visible = Q(mentee_id=staff_id)
    for mentee_id, year_id in mentored:
        visible |= Q(mentee_id=mentee_id, school_year_id=year_id)
    return qs.filter(visible)


def can_write_reflection(user, school: School) -> bool:
    """A young teacher with a confirmed pair writes their own reflections."""
    staff_id = own_staff_id(user, school)
    if staff_id is None:
        return False
    return Mentorship.objects.filter(school=school, mentee_id=staff_id, confirmed_on__isnull=False).exists()


def get_reflection_for_user(user, school: School, pk: int, write: bool = False) -> Reflection:
    reflection = reflections_for_user(user, school).filter(pk=pk).select_related("school_year", "mentee").first()
    if reflection is None:
        not_found()
    if write:
        require(reflection.mentee_id == own_staff_id(user, school) or can_manage(user, school))
    return reflection


def can_view_teacher(user, school: School, staff: Staff) -> bool:
    """A teacher's development path: admins, the teacher, and anyone who has mentored them."""
    if can_manage(user, school):
        return True
    staff_id = own_staff_id(user, school)
    if staff_id is None:
        return False
    if staff_id == staff.pk:
        return True
    return Mentorship.objects.filter(
        school=school, mentor_id=staff_id, mentee=staff, confirmed_on__isnull=False
    ).exists()


def get_teacher_for_user(user, school: School, pk: int) -> Staff:
    staff = Staff.objects.filter(school=school, pk=pk).first()
    if staff is None or not can_view_teacher(user, school, staff):
        not_found()
    return staff


def get_milestone_for_user(user, school: School, pk: int) -> Milestone:
    milestone = Milestone.objects.filter(school=school, pk=pk).select_related("staff").first()
    if milestone is None or not can_manage(user, school):
        if milestone is not None and get_access(user).is_member_of(school.pk):
            require(False)
        not_found()
    return milestone

"""Who may read and write 三会一课 records (deny by default).

- secretary / party_staff: everything in the school; only the secretary approves and publishes plans.
- branch secretary: the records and plans of their organization's subtree.
- any other staff member (teacher, 教务处 …): the activities they were invited to, host or lecture, their own
  attendance, published plans and the plans naming them as lecturer.
- county: none (figures come later through the dashboards)."""

from django.db.models import Q, QuerySet

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.party.models import Organization
from dangjian.party.queries import subtree_ids
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS

from .enums import PlanStatus
from .models import Activity, Attendance, CalendarToken, Evidence, LessonPlan, PlannedLesson


def can_use(user, school: School) -> bool:
    return get_access(user).is_member_of(school.pk)


def is_school_admin(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_approve_plans(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, Role.SECRETARY)


def editable_org_ids(user, school: School) -> set[int]:
    """Organizations whose records the user may write (one query, none for ordinary staff)."""
    access = get_access(user)
    if access.has_role(school.pk, *SCHOOL_ADMINS):
        return set(Organization.objects.filter(school=school).values_list("pk", flat=True))
    if access.has_role(school.pk, Role.BRANCH_SECRETARY):
        return subtree_ids(school, access.branch_org_ids)
    return set()


def editable_organizations(user, school: School) -> QuerySet[Organization]:
    if is_school_admin(user, school):
        return Organization.objects.filter(school=school)
    return Organization.objects.filter(school=school, pk__in=editable_org_ids(user, school))


def can_write_records(user, school: School) -> bool:
    access = get_access(user)
    return access.has_role(school.pk, *SCHOOL_ADMINS) or (
        access.has_role(school.pk, Role.BRANCH_SECRETARY) and bool(access.branch_org_ids)
    )


def can_view_compliance(user, school: School) -> bool:
    return can_write_records(user, school)


def get_feed_user(token: str):
    """The owner of a private calendar feed token (the key of the .ics URLs); 404 for an unknown token or an
    inactive user."""
    row = CalendarToken.objects.filter(token=token).select_related("user").first()
    if row is None or not row.user.is_active:
        not_found()
    return row.user


# Activities --------------------------------------------------------------------------------------


def activities_for_user(user, school: School) -> QuerySet[Activity]:
    access = get_access(user)
    qs = Activity.objects.filter(school=school)
    if not access.is_member_of(school.pk):
        return qs.none()
    if access.has_role(school.pk, *SCHOOL_ADMINS):
        return qs
    visible = (  # invited, hosting or lecturing: what 我的待办 links to
        Q(pk__in=Attendance.objects.filter(staff_id=access.staff_id).values("activity_id"))
        | Q(host_id=access.staff_id)
        | Q(lecturer_id=access.staff_id)
        if access.staff_id
        else Q(pk__in=[])
    )
    if access.branch_org_ids:
        visible |= Q(organization__in=editable_org_ids(user, school))
    return qs.filter(visible)


def can_edit_activity(user, activity: Activity) -> bool:
    access = get_access(user)
    if access.has_role(activity.school_id, *SCHOOL_ADMINS):
        return True
    return activity.organization_id in editable_org_ids(user, activity.school)


def get_activity_for_user(user, school: School, pk: int, write: bool = False) -> Activity:
    activity = (
        activities_for_user(user, school)
        .filter(pk=pk)
        .select_related("school", "organization", "host", "lecturer", "created_by")
        .first()
    )
    if activity is None:
        not_found()
    if write:
        require(can_edit_activity(user, activity))
    return activity


def get_evidence_for_user(user, school: School, pk: int, write: bool = False) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, activity__school=school).select_related("activity__school").first()
    if evidence is None:
        not_found()
    get_activity_for_user(user, school, evidence.activity_id, write=write)
    return evidence


# Plans -------------------------------------------------------------------------------------------


def plans_for_user(user, school: School) -> QuerySet[LessonPlan]:
    access = get_access(user)
    qs = LessonPlan.objects.filter(school=school)
    if not access.is_member_of(school.pk):
        return qs.none()
    if access.has_role(school.pk, *SCHOOL_ADMINS):
        return qs
    visible = Q(status=PlanStatus.PUBLISHED)
    if access.staff_id:  # a lecturer sees the plans naming them (我的待办 links there)
        visible |= Q(pk__in=PlannedLesson.objects.filter(lecturer_id=access.staff_id).values("plan_id"))
    if access.branch_org_ids:
        visible |= Q(organization__in=editable_org_ids(user, school))
    return qs.filter(visible)


def can_edit_plan(user, plan: LessonPlan) -> bool:
    """Drafts (and plans sent back) are edited by whoever writes the organization's records;
    once approved, only the school's Party office changes them."""
    if is_school_admin(user, plan.school):
        return True
    return plan.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED) and plan.organization_id in editable_org_ids(
        user, plan.school
    )


def get_plan_for_user(user, school: School, pk: int, write: bool = False) -> LessonPlan:
    plan = (
        plans_for_user(user, school)
        .filter(pk=pk)
        .select_related("school", "organization", "semester__school_year", "approved_by", "created_by")
        .first()
    )
    if plan is None:
        not_found()
    if write:
        require(can_edit_plan(user, plan))
    return plan


def get_lesson_for_user(user, school: School, pk: int, write: bool = False) -> PlannedLesson:
    lesson = PlannedLesson.objects.filter(pk=pk, plan__school=school).select_related("lecturer", "activity").first()
    if lesson is None:
        not_found()
    lesson.plan = get_plan_for_user(user, school, lesson.plan_id, write=write)
    return lesson

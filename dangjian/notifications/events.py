"""The events people are told of, each a small function called where the event happens (a service function)
or by the scheduled ``send_notifications`` command. Nothing about a student leaves the product: items about
support cases and students' development files go out as counts only ("您有 1 项帮扶联系待完成")."""

import datetime as dt
import hashlib
from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.enums import Role
from dangjian.lib import clock
from dangjian.meetings.enums import ActivityStatus, AttendanceStatus
from dangjian.meetings.models import Activity
from dangjian.meetings.queries import day_start, rule_settings
from dangjian.reports import todo

from .services import choices_for, notify

User = get_user_model()


def _key(*parts) -> str:
    text = ":".join(map(str, parts))
    return text if len(text) <= 100 else f"{parts[0]}:{hashlib.sha1(text.encode()).hexdigest()}"


def _role_holders(school, role, organization_ids=()):
    grants = Q(role_grants__role=role, role_grants__school=school)
    if organization_ids:
        grants = Q(role_grants__role=role, role_grants__organization_id__in=organization_ids)
    return User.objects.filter(grants, is_active=True).distinct()


def plan_changed(plan, action: str) -> None:
    """A lesson plan submitted (the secretary is told) or approved (its author and the branch secretary)."""
    link = reverse("meetings:plan_detail", args=[plan.school.code, plan.pk])
    name = f"{plan.organization.name} {plan.semester} 党课计划"
    if action == "submit":
        notify(
            _role_holders(plan.school, Role.SECRETARY),
            plan.school,
            kind="plan_submitted",
            title=f"待审批：{name}",
            body=f"{name}已提交，请审批。",
            link=link,
            event_key=_key("plan-submitted", plan.pk, plan.submitted_at and plan.submitted_at.timestamp()),
        )
    elif action == "approve":
        users = [plan.created_by, *_role_holders(plan.school, Role.BRANCH_SECRETARY, [plan.organization_id])]
        notify(
            users,
            plan.school,
            kind="plan_approved",
            title=f"已审批通过：{name}",
            body=f"{name}已由书记审批通过。",
            link=link,
            event_key=_key("plan-approved", plan.pk, plan.approved_at and plan.approved_at.timestamp()),
        )


def _people(activity) -> list:
    """The users invited to, hosting or lecturing ``activity`` (attendances prefetched)."""
    staff = [a.staff for a in activity.attendances.all()] + [activity.host, activity.lecturer]
    return [s.user for s in staff if s is not None and s.user_id]


def _activities(school=None):
    rows = (
        Activity.objects.exclude(status=ActivityStatus.CANCELLED)
        .select_related("school", "organization", "host__user", "lecturer__user")
        .prefetch_related("attendances__staff__user")
    )
    return rows.filter(school=school) if school else rows


def meetings_tomorrow(today: dt.date) -> int:
    """Tell everyone invited to, hosting or lecturing a meeting of tomorrow; the group robot once."""
    tomorrow = today + dt.timedelta(days=1)
    count = 0
    for activity in _activities().filter(
        starts_at__gte=day_start(tomorrow), starts_at__lt=day_start(tomorrow + dt.timedelta(days=1))
    ):
        when = timezone.localtime(activity.starts_at)
        place = f"，地点：{activity.place}" if activity.place else ""
        count += len(
            notify(
                _people(activity),
                activity.school,
                kind="meeting_tomorrow",
                title=f"明天{when:%H:%M}：{activity.topic}",
                body=f"{activity.organization.name}「{activity.topic}」于明天 {when:%m月%d日 %H:%M} 举行{place}。",
                link=reverse("meetings:activity_detail", args=[activity.school.code, activity.pk]),
                event_key=_key("meeting-tomorrow", activity.pk, tomorrow),
            )
        )
    return count


def checkins_open(now: dt.datetime | None = None) -> int:
    """Tell the invitees not checked in yet that an activity's check-in has opened (once per activity)."""
    now = now or timezone.now()
    count = 0
    rows = _activities().filter(starts_at__lte=now + dt.timedelta(days=1), ends_at__gte=now)
    settings_of = {}
    for activity in rows:
        rules = settings_of.setdefault(activity.school_id, rule_settings(activity.school))
        if activity.starts_at - dt.timedelta(minutes=rules.checkin_before_minutes) > now:
            continue
        users = [
            a.staff.user for a in activity.attendances.all() if a.staff.user_id and a.status != AttendanceStatus.PRESENT
        ]
        count += len(
            notify(
                users,
                activity.school,
                kind="checkin_open",
                title=f"可以签到了：{activity.topic}",
                body=f"{activity.organization.name}「{activity.topic}」已开放扫码签到。",
                link=reverse("meetings:checkin", args=[activity.school.code, activity.pk]),
                event_key=_key("checkin", activity.pk),
            )
        )
    return count


# What a private item (about a student) is called when it goes out as a count, by module.
PRIVATE_LABELS = {todo.SUPPORT: "帮扶联系", todo.DEVELOPMENT: "学生发展党员工作"}


def digest_text(items: list[todo.TodoItem]) -> str:
    """The digest's body: the user's own items by title, anything about students as a count only."""
    lines = []
    mine = [i for i in items if not i.school_wide and not i.private]
    for item in mine[:10]:
        when = f"{item.day:%m月%d日} " if item.day else ""
        lines.append(f"- {when}{item.title}{'（已逾期）' if item.overdue else ''}")
    if len(mine) > 10:
        lines.append(f"- 另有 {len(mine) - 10} 项")
    private = Counter(i.module for i in items if i.private and not i.school_wide)
    for module, label in PRIVATE_LABELS.items():
        if private[module]:
            lines.append(f"- 您有 {private[module]} 项{label}待完成")
    school_wide = [i for i in items if i.school_wide]
    if school_wide:
        overdue = sum(1 for i in school_wide if i.overdue)
        lines.append(f"- 学校待办 {len(school_wide)} 项（其中逾期 {overdue} 项）")
    return "\n".join(lines)


def due_soon(user, school, items: list[todo.TodoItem], today: dt.date) -> int:
    """A notice for each of the user's own items about to become overdue (due soon, not a meeting)."""
    count = 0
    for item in items:
        if item.level != "warning" or item.school_wide or item.module == todo.MEETINGS:
            continue
        label = PRIVATE_LABELS.get(item.module, "")
        title = f"{label}即将到期" if item.private else f"即将到期：{item.title}"
        body = f"您有 1 项{label}即将到期，请登录查看。" if item.private else f"{item.title}即将到期，请及时办理。"
        count += len(
            notify(
                [user],
                school,
                kind="due_soon",
                title=title,
                body=body,
                link=item.url,
                robot=False,
                event_key=_key("due-soon", item.uid or item.url, item.title, today.isocalendar()[:2]),
            )
        )
    return count


def daily(school, users, today: dt.date | None = None) -> tuple[int, int]:
    """The daily digest (to those who keep it on) and the due-soon notices of ``users`` in ``school``."""
    today = today or clock.today()
    choices = choices_for(school, users)
    digests = due = 0
    for user in users:
        items = todo.items(user, school, today)
        due += due_soon(user, school, items, today)
        if not items or not choices[user.pk].digest:
            continue
        digests += len(
            notify(
                [user],
                school,
                kind="digest",
                title=f"{today:%m月%d日}待办：共 {len(items)} 项",
                body=digest_text(items),
                link=reverse("reports:me", args=[school.code]),
                robot=False,
                event_key=_key("digest", today),
            )
        )
    return digests, due


def school_users(school):
    """The active users who work in ``school``: its staff with a login and its role holders."""
    grants = Q(role_grants__school=school) | Q(role_grants__organization__school=school)
    return list(User.objects.filter(Q(staff__school=school, staff__is_active=True) | grants, is_active=True).distinct())

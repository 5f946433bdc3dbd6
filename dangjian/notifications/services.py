"""Sending: ``notify`` writes the in-app notices and queues one Delivery per outside channel the recipient
chose; ``deliver`` (run by the background task) sends one and, on failure, schedules the next attempt with
backoff. A notice is best-effort: an error here is logged, never raised into the page that caused it."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from dangjian.party.models import PartyMember

from . import webhooks
from .models import Channel, ChannelChoice, Delivery, DeliveryStatus, Notification, Webhook

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 30, 120)  # after the 1st … 4th failure; the 5th failure gives up
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1


def choices_for(school, users) -> dict[int, ChannelChoice]:
    """Each user's channel choice in ``school``: their own, else the school's default (one query)."""
    rows = list(ChannelChoice.objects.filter(Q(user__in=users) | Q(school=school, user__isnull=True)))
    default = next((r for r in rows if r.user_id is None), None) or ChannelChoice(school=school)
    own = {r.user_id: r for r in rows if r.user_id is not None}
    return {u.pk: own.get(u.pk, default) for u in users}


def robots_for(school, users) -> dict[int, Webhook]:
    """Each user's group robot: their 党小组's, else their branch's, else the school's (two queries)."""
    hooks = list(Webhook.objects.filter(school=school, active=True))
    by_org = {h.organization_id: h for h in hooks}
    members = PartyMember.objects.filter(staff__user__in=users).values_list("staff__user_id", "group_id", "branch_id")
    orgs = {user_id: (group_id, branch_id) for user_id, group_id, branch_id in members}
    out = {}
    for user in users:
        group_id, branch_id = orgs.get(user.pk, (None, None))
        hook = by_org.get(group_id) or by_org.get(branch_id) or by_org.get(None)
        if hook is not None:
            out[user.pk] = hook
    return out


def notify(
    users, school, *, kind: str, title: str, body: str = "", link: str = "", event_key: str, robot: bool = True
) -> list[Notification]:
    """Notify each user once per ``event_key``; ``robot=False`` for personal notices (the digest), which stay
    out of group chats. Returns the notices made (none for users already told)."""
    try:
        return _notify(list(users), school, kind, title, body, link, event_key, robot)
    except Exception:  # a notice must never break the page or command that triggered it
        log.exception("notify %s failed", event_key)
        return []


def _notify(users, school, kind, title, body, link, event_key, robot) -> list[Notification]:
    users = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    told = set(
        Notification.objects.filter(recipient__in=users, event_key=event_key).values_list("recipient_id", flat=True)
    )
    users = [u for u in users if u.pk not in told]
    if not users:
        return []
    choices = choices_for(school, users)
    robots = robots_for(school, users) if robot else {}
    made, deliveries = [], []
    posted = set(  # a group hears of an event once, however many of its members are told
        Delivery.objects.filter(notification__event_key=event_key, channel=Channel.ROBOT).values_list(
            "webhook_id", flat=True
        )
    )
    with transaction.atomic():
        for user in users:
            try:
                with transaction.atomic():
                    notice = Notification.objects.create(
                        recipient=user,
                        school=school,
                        kind=kind,
                        title=title[:200],
                        body=body,
                        link=link,
                        event_key=event_key[:100],
                    )
            except IntegrityError:  # told meanwhile by a concurrent run
                continue
            made.append(notice)
            choice = choices[user.pk]
            if choice.email and user.email:
                deliveries.append(Delivery(notification=notice, channel=Channel.EMAIL))
            hook = robots.get(user.pk)
            if choice.robot and hook is not None and hook.pk not in posted:
                posted.add(hook.pk)
                deliveries.append(Delivery(notification=notice, channel=Channel.ROBOT, webhook=hook))
        Delivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return made


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    try:
        if run_after is not None:
            if not send_delivery.get_backend().supports_defer:
                return  # left for the next `send_notifications` run, which picks up what is due
            send_delivery.using(run_after=run_after).enqueue(delivery_id)
        else:
            send_delivery.enqueue(delivery_id)
    except Exception:
        log.exception("could not queue delivery %s", delivery_id)


def absolute(link: str) -> str:
    base = getattr(settings, "DANGJIAN_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def _send(delivery: Delivery) -> None:
    notice = delivery.notification
    text = notice.body + (f"\n\n[打开党建343]({absolute(notice.link)})" if notice.link else "")
    if delivery.channel == Channel.EMAIL:
        plain = notice.body + (f"\n\n{absolute(notice.link)}" if notice.link else "")
        send_mail(f"【党建343】{notice.title}", plain, None, [notice.recipient.email], fail_silently=False)
    else:
        webhooks.post(delivery.webhook, notice.title, text)


def deliver(delivery_id: int, now: dt.datetime | None = None) -> Delivery | None:
    """Send one pending delivery; on failure record the error and schedule the next try (or give up)."""
    now = now or timezone.now()
    delivery = (
        Delivery.objects.select_related("notification__recipient", "webhook")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:
        return None
    delivery.attempts += 1
    try:
        _send(delivery)
    except Exception as exc:
        log.warning("delivery %s (%s) attempt %s failed: %s", delivery.pk, delivery.channel, delivery.attempts, exc)
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:300]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = now + dt.timedelta(minutes=BACKOFF_MINUTES[delivery.attempts - 1])
    else:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, now, None
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
    if delivery.status == DeliveryStatus.PENDING:
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


@task()
def send_delivery(delivery_id: int) -> None:
    deliver(delivery_id)


def deliver_due(now: dt.datetime | None = None) -> int:
    """Send every pending delivery whose time has come (retries the worker could not defer); returns how many."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        deliver(pk, now)
    return len(ids)


def mark_read(user, ids=None) -> int:
    """Mark the user's unread notices read (all of them, or those of ``ids``); returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())

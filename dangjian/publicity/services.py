"""Writes of the Party-building pages: news items, honours and view counts."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from dangjian.accounts.services import audit
from dangjian.lib import clock
from dangjian.lib.client_ip import client_ip
from dangjian.lib.files import delete_after_commit

from .enums import NewsStatus
from .forms import HonourForm, NewsItemForm
from .models import Honour, NewsItem
from .sanitize import summary_of

logger = logging.getLogger(__name__)

VIEWED_SESSION_KEY = "publicity_viewed"
VIEWED_REMEMBERED = 200  # ids kept per session; older ones may count again
ANONYMOUS_VIEW_SECONDS = 24 * 60 * 60


def news_save(*, form: NewsItemForm, actor, request=None, publish: bool = False) -> NewsItem:
    """Create or update an item from a valid form; ``publish`` also publishes it (dated now when
    no publication time was given). An empty summary is taken from the body."""
    with transaction.atomic():
        item = form.instance
        created = item.pk is None
        old_cover = NewsItem.objects.get(pk=item.pk).cover if not created else None
        if created:
            item.created_by = actor if actor is not None and actor.is_authenticated else None
        item = form.save(commit=False)
        if form.cleaned_data.get("remove_cover") and "cover" not in form.changed_data:
            item.cover = ""
        if not item.summary.strip():
            item.summary = summary_of(item.body)
        if publish:
            item.status = NewsStatus.PUBLISHED
        if item.status == NewsStatus.PUBLISHED and item.published_at is None:
            item.published_at = timezone.now()
        item.save()
        if old_cover and old_cover.name != item.cover.name:
            delete_after_commit(old_cover)
        action = "news.create" if created else "news.update"
        audit(actor, action, item, school=item.school, request=request)
        if publish:
            audit(actor, "news.publish", item, school=item.school, request=request)
    return item


def news_publish(*, item: NewsItem, actor, request=None) -> NewsItem:
    with transaction.atomic():
        item.status = NewsStatus.PUBLISHED
        item.published_at = item.published_at or timezone.now()
        item.save(update_fields=["status", "published_at", "updated_at"])
        audit(actor, "news.publish", item, school=item.school, request=request)
    return item


def news_unpublish(*, item: NewsItem, actor, request=None) -> NewsItem:
    """Back to draft: the item leaves the public pages; its date and view count are kept."""
    with transaction.atomic():
        item.status = NewsStatus.DRAFT
        item.save(update_fields=["status", "updated_at"])
        audit(actor, "news.unpublish", item, school=item.school, request=request)
    return item


def news_delete(*, item: NewsItem, actor, request=None) -> None:
    """Deleted for good (the audit log keeps its title); its cover file goes once the delete commits."""
    with transaction.atomic():
        audit(actor, "news.delete", item, school=item.school, summary=item.title, request=request)
        if item.cover:
            delete_after_commit(item.cover)
        item.delete()


def news_register_view(*, item: NewsItem, request) -> bool:
    """Count one view of a published item: one UPDATE … SET view_count = view_count + 1. Not counted:
    the author's own views, a second view of the same item in the same session (signed-in readers), and
    a second view from the same address on the same day (anonymous readers: remembered in the cache, so
    that the public pages never create a session row). Never raises: a failed count must not cost the
    reader the page. Returns whether the view was counted."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.pk == item.created_by_id:
            return False
        return _count_in_session(item, request)
    key = f"publicity:viewed:{item.pk}:{client_ip(request) if hasattr(request, 'META') else ''}:{clock.today()}"
    try:
        first = cache.add(key, 1, timeout=ANONYMOUS_VIEW_SECONDS)
    except Exception:  # a failing cache must not cost the reader the page
        logger.exception("could not remember a view of news item %s", item.pk)
        first = True
    return first and _count(item)


def _count_in_session(item: NewsItem, request) -> bool:
    session = getattr(request, "session", None)
    try:
        viewed = list(session.get(VIEWED_SESSION_KEY, [])) if session is not None else []
    except Exception:  # a damaged session must not cost the reader the page
        viewed = []
    if item.pk in viewed or not _count(item):
        return False
    if session is not None:
        session[VIEWED_SESSION_KEY] = [*viewed[-(VIEWED_REMEMBERED - 1) :], item.pk]
    return True


def _count(item: NewsItem) -> bool:
    try:
        with transaction.atomic():
            NewsItem.objects.filter(pk=item.pk).update(view_count=F("view_count") + 1)
    except DatabaseError:
        logger.exception("could not count a view of news item %s", item.pk)
        return False
    return True


def honour_save(*, form: HonourForm, actor, request=None) -> Honour:
    with transaction.atomic():
        created = form.instance.pk is None
        honour = form.save()
        audit(actor, "honour.create" if created else "honour.update", honour, school=honour.school, request=request)
    return honour


def honour_delete(*, honour: Honour, actor, request=None) -> None:
    with transaction.atomic():
        audit(actor, "honour.delete", honour, school=honour.school, summary=str(honour), request=request)
        honour.delete()

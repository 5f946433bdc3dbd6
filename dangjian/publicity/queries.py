"""Reads of the Party-building pages; each a fixed number of queries, bodies loaded only when shown."""

from django.db.models import F, QuerySet

from dangjian.school.models import School

from .enums import NewsStatus
from .models import Honour, NewsItem

LATEST_COUNT = 6
LIST_FIELDS = ("pk", "school_id", "title", "summary", "source", "author_name", "published_at", "status", "view_count")


def published_news(school: School) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(school=school, status=NewsStatus.PUBLISHED)


def public_news_list(school: School, *, q: str = "") -> QuerySet[NewsItem]:
    """Published items, newest first, searched by title; without their bodies."""
    qs = published_news(school)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.only(*LIST_FIELDS, "cover").order_by("-published_at", "-pk")


def public_news_item(pk: int) -> NewsItem | None:
    """A published item of any school, with its school (the public API addresses items by id alone)."""
    return NewsItem.objects.filter(pk=pk, status=NewsStatus.PUBLISHED).select_related("school").first()


def latest_news(school: School, count: int = LATEST_COUNT, *, exclude: int | None = None) -> list[NewsItem]:
    qs = published_news(school).only(*LIST_FIELDS).order_by("-published_at", "-pk")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs[:count])


def neighbours(item: NewsItem) -> tuple[NewsItem | None, NewsItem | None]:
    """The published items just before (older) and after (newer) ``item``, by publication time then id."""
    at = item.published_at
    if at is None:  # published without a date (only possible by hand in the database): no neighbours
        return None, None
    qs = published_news(item.school).only("pk", "title", "published_at")
    # A range on published_at (which the index serves) minus the items of the same instant on the wrong side.
    older = qs.filter(published_at__lte=at).exclude(published_at=at, pk__gte=item.pk).order_by("-published_at", "-pk")
    newer = qs.filter(published_at__gte=at).exclude(published_at=at, pk__lte=item.pk).order_by("published_at", "pk")
    return older.first(), newer.first()


def honours_of(school: School) -> list[Honour]:
    return list(Honour.objects.filter(school=school).order_by("order", "-year", "pk"))


def manage_news_list(school: School, *, q: str = "", status: str = "") -> QuerySet[NewsItem]:
    """All items of the school for its editors: drafts first, then newest first."""
    qs = NewsItem.objects.filter(school=school)
    if q:
        qs = qs.filter(title__icontains=q)
    if status in NewsStatus.values:
        qs = qs.filter(status=status)
    return qs.only(*LIST_FIELDS, "created_at", "updated_at").order_by(
        "status", F("published_at").desc(nulls_first=True), "-created_at", "-pk"
    )

"""/api/v1/publicity: the public Party-building pages as JSON. No authentication: only what the public
pages show (published news items, honours), through the same queries and access helpers."""

import datetime as dt
from typing import Annotated

from django.db.models import Value
from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.publicity import permissions as perms
from dangjian.publicity import queries
from dangjian.publicity.sanitize import clean_html

from .common import ERRORS, Pagination, SchoolParam, Text
from .errors import NOT_FOUND

router = Router(tags=["党建之窗（公开）"], auth=None)

NewsId = Annotated[int, Path(..., title="动态编号")]


class NewsOut(Schema):
    id: int
    title: str
    summary: str
    source: str
    author_name: str = Field(description="作者署名")
    published_at: dt.datetime | None
    view_count: int
    url: str = Field(description="公开页面地址")
    cover_url: str = Field(description="封面图片地址，无封面时为空")

    @staticmethod
    def resolve_published_at(obj):
        return timezone.localtime(obj.published_at) if obj.published_at else None

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(f"/p/{obj.school_code}/news/{obj.pk}/")

    @staticmethod
    def resolve_cover_url(obj, context):
        if not obj.cover:
            return ""
        return context["request"].build_absolute_uri(f"/p/{obj.school_code}/news/{obj.pk}/cover/")


class NewsDetailOut(NewsOut):
    body: str = Field(description="正文（已净化的 HTML）")

    @staticmethod
    def resolve_body(obj):
        return clean_html(obj.body)


class HonourOut(Schema):
    id: int
    name: str
    year: int
    awarded_by: str
    level: str
    level_display: str

    @staticmethod
    def resolve_level_display(obj):
        return obj.get_level_display()


class NewsFilters(Schema):
    school: Text = Field(..., title="学校代码（school）")
    q: Text = Field("", title="标题关键词（q）")


def _public_school(code: str):
    try:
        return perms.get_public_school(code)
    except Http404:
        raise Http404(f"学校“{code}”不存在") from None


@router.get("/news", response={200: list[NewsOut], **ERRORS}, summary="已发布的党建动态（公开）")
@paginate(Pagination)
def news_list(request, filters: Query[NewsFilters]):
    """Published items of the school, newest first; ``q`` searches titles. Drafts never appear."""
    school = _public_school(filters.school)
    return queries.public_news_list(school, q=filters.q[:50]).annotate(school_code=Value(school.code))


@router.get("/news/{news_id}", response={200: NewsDetailOut, **ERRORS}, summary="党建动态详情（公开）")
def news_detail(request, news_id: NewsId):
    """A published item with its body. Reading through the API does not count as a page view."""
    item = queries.public_news_item(news_id)
    if item is None:
        raise Http404(NOT_FOUND)
    item.school_code = item.school.code
    return item


@router.get("/honours", response={200: list[HonourOut], **ERRORS}, summary="学校荣誉（公开）")
@paginate(Pagination)
def honour_list(request, school: SchoolParam):
    return queries.honours_of(_public_school(school))

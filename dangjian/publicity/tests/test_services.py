"""Writes: news items (save, publish, unpublish, delete), honours, and view counting."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import DatabaseError
from django.utils import timezone

from dangjian.accounts.models import AuditLog
from dangjian.publicity.enums import NewsStatus
from dangjian.publicity.forms import HonourForm, NewsItemForm
from dangjian.publicity.models import Honour, NewsItem
from dangjian.publicity.services import (
    honour_delete,
    honour_save,
    news_delete,
    news_publish,
    news_register_view,
    news_save,
    news_unpublish,
)
from dangjian.tests import factories as f


def _form(world, **data):
    payload = {"title": "主题党日活动", "summary": "", "body": "<p>正文<strong>重点</strong></p>", "source": "党总支"}
    payload.update(data)
    form = NewsItemForm(data=payload, school=world.school)
    assert form.is_valid(), form.errors
    return form


def _actions(item):
    return list(AuditLog.objects.filter(object_id=str(item.pk)).order_by("pk").values_list("action", flat=True))


def test_save_creates_a_draft_with_a_summary_from_the_body(world):
    secretary = world.users["secretary"]
    item = news_save(form=_form(world), actor=secretary)
    item.refresh_from_db()
    assert (item.status, item.published_at, item.summary) == (NewsStatus.DRAFT, None, "正文重点")
    assert item.created_by == secretary
    assert item.school == world.school
    assert _actions(item) == ["news.create"]


def test_save_and_publish_dates_the_item_now(world):
    before = timezone.now()
    item = news_save(form=_form(world, summary="自定摘要"), actor=world.users["secretary"], publish=True)
    assert item.status == NewsStatus.PUBLISHED
    assert before <= item.published_at <= timezone.now()
    assert item.summary == "自定摘要"
    assert _actions(item) == ["news.create", "news.publish"]


def test_save_keeps_a_given_publication_time(world):
    form = _form(world, published_at="2021-06-30T09:30")
    item = news_save(form=form, actor=world.users["secretary"], publish=True)
    assert timezone.localtime(item.published_at).strftime("%Y-%m-%d %H:%M") == "2021-06-30 09:30"


def test_edit_does_not_change_the_creator(world):
    item = news_save(form=_form(world), actor=world.users["secretary"])
    form = NewsItemForm(data={"title": "改过的标题", "body": "<p>新正文</p>"}, instance=item, school=world.school)
    assert form.is_valid(), form.errors
    news_save(form=form, actor=world.users["party_staff"])
    item.refresh_from_db()
    assert (item.title, item.body, item.created_by) == ("改过的标题", "<p>新正文</p>", world.users["secretary"])
    assert _actions(item) == ["news.create", "news.update"]


def test_publish_unpublish(world):
    item = f.NewsItemFactory(school=world.school, status=NewsStatus.DRAFT, published_at=None)
    news_publish(item=item, actor=world.users["secretary"])
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    published_at = item.published_at
    assert published_at is not None
    news_unpublish(item=item, actor=world.users["secretary"])
    item.refresh_from_db()
    assert (item.status, item.published_at) == (NewsStatus.DRAFT, published_at)
    assert _actions(item) == ["news.publish", "news.unpublish"]


def test_delete_is_real_and_audited(world):
    item = f.NewsItemFactory(school=world.school, title="将被删除")
    pk = item.pk
    news_delete(item=item, actor=world.users["secretary"])
    assert NewsItem.objects.filter(pk=pk).exists() is False
    log = AuditLog.objects.get(action="news.delete")
    assert (log.object_id, log.summary, log.school) == (str(pk), "将被删除", world.school)


def test_honour_save_and_delete(world):
    form = HonourForm(
        data={"name": "省级文明校园", "year": 2020, "awarded_by": "省文明委", "level": "provincial", "order": 1},
        school=world.school,
    )
    assert form.is_valid(), form.errors
    honour = honour_save(form=form, actor=world.users["secretary"])
    assert (honour.school, str(honour)) == (world.school, "2020年 省级文明校园")
    honour_delete(honour=honour, actor=world.users["secretary"])
    assert Honour.objects.count() == 0
    assert list(AuditLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "honour.create",
        "honour.delete",
    ]


# View counting ----------------------------------------------------------------------------------


def _request(user=None, session=None, ip="198.51.100.1"):
    return SimpleNamespace(
        user=user or AnonymousUser(),
        session=session if session is not None else SessionStore(),
        META={"REMOTE_ADDR": ip},
    )


def _views(item):
    item.refresh_from_db()
    return item.view_count


def test_a_view_counts_once_per_session(world, django_assert_num_queries):
    item = f.NewsItemFactory(school=world.school, view_count=10)
    request = _request(world.users["teacher"])
    with django_assert_num_queries(3):  # savepoint, UPDATE, release
        assert news_register_view(item=item, request=request) is True
    assert news_register_view(item=item, request=request) is False
    assert _views(item) == 11
    assert news_register_view(item=item, request=_request(world.users["branch"])) is True  # another reader
    assert _views(item) == 12


def test_an_anonymous_view_counts_once_per_address_and_day(world):
    item = f.NewsItemFactory(school=world.school, view_count=0)
    assert news_register_view(item=item, request=_request(ip="198.51.100.1")) is True
    assert news_register_view(item=item, request=_request(ip="198.51.100.1")) is False
    assert news_register_view(item=item, request=_request(ip="198.51.100.2")) is True
    assert _views(item) == 2


def test_anonymous_readers_create_no_session_rows(world, client):
    from django.contrib.sessions.models import Session
    from django.urls import reverse

    item = f.NewsItemFactory(school=world.school, view_count=0)
    url = reverse("publicity:news_detail", args=["a", item.pk])
    for n in range(5):
        assert client.get(url, REMOTE_ADDR=f"198.51.100.{n}").status_code == 200
        client.cookies.clear()
    assert Session.objects.count() == 0
    assert _views(item) == 5


def test_the_authors_own_views_do_not_count(world):
    item = f.NewsItemFactory(school=world.school, created_by=world.users["secretary"], view_count=5)
    assert news_register_view(item=item, request=_request(world.users["secretary"])) is False
    assert news_register_view(item=item, request=_request(world.users["party_staff"])) is True
    assert _views(item) == 6


def test_the_session_remembers_a_bounded_number_of_items(world):
    item = f.NewsItemFactory(school=world.school)
    session = SessionStore()
    session["publicity_viewed"] = list(range(10_000, 10_300))
    news_register_view(item=item, request=_request(world.users["teacher"], session=session))
    assert len(session["publicity_viewed"]) == 200
    assert session["publicity_viewed"][-1] == item.pk


def test_a_database_error_never_breaks_the_page(world):
    item = f.NewsItemFactory(school=world.school, view_count=3)
    with mock.patch("dangjian.publicity.models.NewsItem.objects.filter", side_effect=DatabaseError("locked")):
        assert news_register_view(item=item, request=_request()) is False
    assert _views(item) == 3


def test_a_damaged_session_value_is_ignored(world):
    item = f.NewsItemFactory(school=world.school, view_count=0)
    session = SessionStore()
    session["publicity_viewed"] = 42  # not a list
    assert news_register_view(item=item, request=_request(world.users["teacher"], session=session)) is True
    assert _views(item) == 1


def test_no_session_at_all_still_counts(world):
    item = f.NewsItemFactory(school=world.school, view_count=0)
    request = SimpleNamespace(user=AnonymousUser())
    assert news_register_view(item=item, request=request) is True
    assert _views(item) == 1


@pytest.mark.parametrize("days", [0, 400])
def test_published_at_within_range_is_accepted(world, days):
    when = timezone.localtime(timezone.now() - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
    assert _form(world, published_at=when).cleaned_data["published_at"] is not None

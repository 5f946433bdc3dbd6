"""Every page of the Party-building pages against every role: public pages open to all (published
items only); editing pages for the secretary and Party affairs staff, 403 to the school's other
people, 404 to outsiders and the county, a login redirect for anonymous visitors."""

import pytest
from django.urls import reverse

from dangjian.conftest import ROLE_NAMES
from dangjian.publicity.enums import NewsStatus
from dangjian.publicity.models import Honour, NewsItem
from dangjian.tests import factories as f

EDITORS = {"secretary", "party_staff", "superuser"}
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}


def public(_role: str) -> int:
    return 200


def nobody(_role: str) -> int:
    return 404


def editors_only_else_404(role: str) -> int:
    return 200 if role in EDITORS else 404


def editing(ok: int = 200):
    def expected(role: str) -> int:
        if role == "anonymous":
            return 302
        if role in EDITORS:
            return ok
        return 403 if role in MEMBERS else 404

    return expected


@pytest.fixture
def objects(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "publicity").mkdir()
    (tmp_path / "publicity" / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    published = f.NewsItemFactory(school=world.school, title="已发布", cover="publicity/c.png")
    draft = f.NewsItemFactory(
        school=world.school, title="草稿", status=NewsStatus.DRAFT, published_at=None, cover="publicity/c.png"
    )
    honour = f.HonourFactory(school=world.school)
    return {"published": published, "draft": draft, "honour": honour}


def _url(name, *args):
    return reverse(f"publicity:{name}", args=["a", *args])


CASES = {
    "home": (lambda o: _url("home"), public),
    "news_list": (lambda o: _url("news_list"), public),
    "news_list_search": (lambda o: _url("news_list") + "?q=发布&page=abc", public),
    "news_detail": (lambda o: _url("news_detail", o["published"].pk), public),
    "news_detail_draft": (lambda o: _url("news_detail", o["draft"].pk), nobody),
    "news_cover": (lambda o: _url("news_cover", o["published"].pk), public),
    "news_cover_draft": (lambda o: _url("news_cover", o["draft"].pk), editors_only_else_404),
    "honours": (lambda o: _url("honours"), public),
    "unknown_school": (lambda o: reverse("publicity:home", args=["nope"]), nobody),
    "manage_news": (lambda o: _url("manage_news"), editing()),
    "manage_news_export": (lambda o: _url("manage_news_export"), editing()),
    "manage_news_create": (lambda o: _url("manage_news_create"), editing()),
    "manage_news_edit": (lambda o: _url("manage_news_edit", o["draft"].pk), editing()),
    "manage_news_preview": (lambda o: _url("manage_news_preview", o["draft"].pk), editing()),
    "manage_honours": (lambda o: _url("manage_honours"), editing()),
    "manage_honour_create": (lambda o: _url("manage_honour_create"), editing()),
    "manage_honour_edit": (lambda o: _url("manage_honour_edit", o["honour"].pk), editing()),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, objects, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(objects))
    if response.streaming:  # a cover is a streamed file: read it, which closes it
        b"".join(response.streaming_content)
    assert response.status_code == expected(role)


POSTS = {
    "publish": ("manage_news_publish", "draft", lambda o: NewsItem.objects.get(pk=o["draft"].pk).status == "published"),
    "unpublish": (
        "manage_news_unpublish",
        "published",
        lambda o: NewsItem.objects.get(pk=o["published"].pk).status == "draft",
    ),
    "delete": ("manage_news_delete", "published", lambda o: not NewsItem.objects.filter(pk=o["published"].pk).exists()),
    "honour_delete": (
        "manage_honour_delete",
        "honour",
        lambda o: not Honour.objects.filter(pk=o["honour"].pk).exists(),
    ),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(POSTS))
def test_post_actions(world, objects, client_for, case, role):
    name, key, changed = POSTS[case]
    response = client_for(role).post(_url(name, objects[key].pk))
    assert response.status_code == editing(302)(role)
    assert changed(objects) is (role in EDITORS)


@pytest.mark.parametrize("case", sorted(POSTS))
def test_actions_refuse_get(world, objects, client_for, case):
    name, key, _ = POSTS[case]
    assert client_for("secretary").get(_url(name, objects[key].pk)).status_code == 405


def test_writes_on_create_and_edit_are_refused_to_readers(world, objects, client_for):
    client = client_for("teacher")
    assert client.post(_url("manage_news_create"), {"title": "x", "body": "<p>x</p>"}).status_code == 403
    assert client.post(_url("manage_news_edit", objects["draft"].pk), {"title": "x", "body": "y"}).status_code == 403
    assert client.post(_url("manage_honour_create"), {"name": "x", "year": 2020, "level": "city"}).status_code == 403
    assert NewsItem.objects.filter(title="x").exists() is False
    assert Honour.objects.filter(name="x").exists() is False


def test_another_schools_items_are_not_reachable_through_own_school(world, client_for):
    other = f.NewsItemFactory(school=world.other_school, status=NewsStatus.DRAFT, published_at=None)
    other_honour = f.HonourFactory(school=world.other_school)
    client = client_for("secretary")
    assert client.get(_url("manage_news_edit", other.pk)).status_code == 404
    assert client.get(_url("manage_news_preview", other.pk)).status_code == 404
    assert client.post(_url("manage_news_publish", other.pk)).status_code == 404
    assert client.post(_url("manage_honour_delete", other_honour.pk)).status_code == 404
    assert client.get(reverse("publicity:manage_news", args=["b"])).status_code == 404
    assert client.get(reverse("publicity:news_detail", args=["a", other.pk])).status_code == 404
    other.status = NewsStatus.PUBLISHED
    other.save()
    # Published in school b: visible at b's address only.
    assert client.get(reverse("publicity:news_detail", args=["a", other.pk])).status_code == 404
    assert client.get(reverse("publicity:news_detail", args=["b", other.pk])).status_code == 200


@pytest.mark.parametrize(("role", "shown"), [("secretary", True), ("party_staff", True), ("teacher", False)])
def test_menu_entry_for_editors(world, client_for, role, shown):
    response = client_for(role).get(reverse("school:home", args=["a"]))
    labels = [item.label for item in response.context["nav_items"]]
    assert ("党建动态" in labels) is shown
    assert reverse("publicity:home", args=["a"]) in response.content.decode()  # the 党建之窗 link

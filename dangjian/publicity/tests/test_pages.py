"""The pages with real data: what the public sees (and never sees), editing, export, query counts."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.publicity.enums import NewsStatus
from dangjian.publicity.models import NewsItem
from dangjian.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TZ = dt.timezone(dt.timedelta(hours=8))


def _url(name, *args, code="a"):
    return reverse(f"publicity:{name}", args=[code, *args])


@pytest.fixture
def school(world):
    school = world.school
    school.spirit = "特别能吃苦、特别能奉献、特别讲大局"
    school.history = "学校诞生了县里第一个地下党组织。\n\n红色基因代代相传。"
    school.save()
    return school


def test_home_shows_spirit_history_honours_and_latest_news(school, client):
    f.HonourFactory(school=school, name="省先进基层党组织", year=2021, awarded_by="中共省委", level="provincial")
    f.HonourFactory(school=school, name="联合嘉奖", year=2019, awarded_by="市委组织部", level="city")
    f.NewsItemFactory(school=school, title="公开的动态")
    f.NewsItemFactory(school=school, title="内部草稿", status=NewsStatus.DRAFT, published_at=None)
    response = client.get(_url("home"))
    assert response.status_code == 200
    assert [str(p) for p in response.context["spirit_parts"]] == ["特别能吃苦", "特别能奉献", "特别讲大局"]
    assertContains(response, "红色基因代代相传。")
    assertContains(response, "省先进基层党组织")
    assertContains(response, "市级")
    assertContains(response, "公开的动态")
    assertNotContains(response, "内部草稿")
    assertContains(response, "最新资讯")


def test_home_of_an_empty_school_has_empty_states(world, client):
    response = client.get(_url("home", code="b"))
    assertContains(response, "暂无荣誉")
    assertContains(response, "暂无资讯")


def test_news_list_paginates_and_searches_titles(school, client):
    for i in range(17):
        f.NewsItemFactory(school=school, title=f"主题党日第{i}期", published_at=dt.datetime(2022, 1, 1 + i, tzinfo=TZ))
    f.NewsItemFactory(school=school, title="团课开讲", published_at=dt.datetime(2021, 5, 4, tzinfo=TZ))
    f.NewsItemFactory(school=school, title="团课草稿", status=NewsStatus.DRAFT, published_at=None)
    page1 = client.get(_url("news_list"))
    titles = [n.title for n in page1.context["page_obj"].object_list]
    assert titles[:2] == ["主题党日第16期", "主题党日第15期"]
    assert (len(titles), page1.context["page_obj"].paginator.count) == (15, 18)
    page2 = client.get(_url("news_list"), {"page": 2})
    assert [n.title for n in page2.context["page_obj"].object_list][-1] == "团课开讲"
    found = client.get(_url("news_list"), {"q": "团课"})
    assert [n.title for n in found.context["page_obj"].object_list] == ["团课开讲"]
    none = client.get(_url("news_list"), {"q": "不存在"})
    assertContains(none, "没有标题包含该关键词的资讯")
    weird = client.get(_url("news_list"), {"q": "\x00" + "长" * 500, "page": "999"})
    assert weird.status_code == 200


def test_article_page_shows_date_source_views_and_neighbours(school, client):
    older = f.NewsItemFactory(school=school, title="较早", published_at=dt.datetime(2022, 3, 1, 9, 0, tzinfo=TZ))
    item = f.NewsItemFactory(
        school=school,
        title="本篇",
        body="<p>第一段<strong>加粗</strong></p>",
        source="县教育局网站",
        author_name="党建办",
        view_count=41,
        published_at=dt.datetime(2022, 10, 21, 0, 2, tzinfo=TZ),
    )
    newer = f.NewsItemFactory(school=school, title="较新", published_at=dt.datetime(2022, 11, 1, 9, 0, tzinfo=TZ))
    response = client.get(_url("news_detail", item.pk))
    assertContains(response, '<h1 class="h4 dj-pub-article-title">本篇</h1>', html=False)
    assertContains(response, '日期：<time datetime="2022-10-21T00:02:00+08:00">2022-10-21 00:02</time>', html=False)
    assertContains(response, '浏览：<span class="dj-pub-views">42</span>', html=False)
    assertContains(response, "<p>第一段<strong>加粗</strong></p>", html=False)
    assertContains(response, "文章来源：县教育局网站")
    assertContains(response, "作者：党建办")
    assert (response.context["older"].pk, response.context["newer"].pk) == (older.pk, newer.pk)
    assert [n.title for n in response.context["latest"]] == ["较新", "较早"]
    item.refresh_from_db()
    assert item.view_count == 42
    again = client.get(_url("news_detail", item.pk))  # the same session: not counted again
    assertContains(again, '浏览：<span class="dj-pub-views">42</span>', html=False)


def test_a_stored_unsafe_body_is_sanitized_when_shown(school, client):
    item = f.NewsItemFactory(
        school=school, body='<p onclick="x()">好</p><script>alert(1)</script><img src=x onerror=y>'
    )
    response = client.get(_url("news_detail", item.pk))
    assertContains(response, '<div class="dj-pub-prose dj-pub-body"><p>好</p></div>', html=False)
    assertNotContains(response, "alert(1)")
    assertNotContains(response, "onerror")


def test_public_pages_show_no_personal_data(school, client):
    user = f.UserFactory(username="zhang", first_name="三", last_name="张", email="zhang@example.org")
    f.StaffFactory(school=school, user=user, name="张三", phone="13800000000")
    f.StudentFactory(school=school, name="学生甲")
    item = f.NewsItemFactory(school=school, created_by=user, author_name="")
    for response in (client.get(_url("home")), client.get(_url("news_list")), client.get(_url("news_detail", item.pk))):
        for secret in ("张三", "zhang", "13800000000", "学生甲"):
            assertNotContains(response, secret)


def test_cover_is_served_with_its_type(school, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "publicity").mkdir()
    (tmp_path / "publicity" / "c.png").write_bytes(PNG)
    item = f.NewsItemFactory(school=school, cover="publicity/c.png")
    response = client.get(_url("news_cover", item.pk))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert b"".join(response.streaming_content) == PNG
    missing = f.NewsItemFactory(school=school, cover="publicity/gone.png")
    assert client.get(_url("news_cover", missing.pk)).status_code == 404
    no_cover = f.NewsItemFactory(school=school)
    assert client.get(_url("news_cover", no_cover.pk)).status_code == 404


def test_honours_page_lists_every_honour(school, client):
    f.HonourFactory(school=school, name="第一届省级文明校园", year=2017, awarded_by="省文明委", order=2)
    f.HonourFactory(school=school, name="省先进基层党组织", year=2021, awarded_by="中共省委", order=1)
    response = client.get(_url("honours"))
    assert [h.name for h in response.context["honours"]] == ["省先进基层党组织", "第一届省级文明校园"]
    assertContains(response, "授予单位：省文明委")


# Editing --------------------------------------------------------------------------------------


def test_secretary_writes_and_publishes(school, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("secretary")
    form = client.get(_url("manage_news_create"))
    assert form.context["form"]["source"].value() == "甲中学"
    response = client.post(
        _url("manage_news_create"),
        {
            "title": "新闻",
            "body": "<p><strong>重点</strong><script>alert(1)</script></p>",
            "source": "党总支",
            "action": "publish",
            "cover": SimpleUploadedFile("封面.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(title="新闻")
    assert (item.status, item.body, item.summary) == ("published", "<p><strong>重点</strong></p>", "重点")
    assert item.cover.name.startswith("publicity/") and item.cover.name.endswith(".png")
    assert "封面" not in item.cover.name
    assert (tmp_path / item.cover.name).read_bytes() == PNG


def test_replacing_and_removing_a_cover_deletes_the_old_file(
    school, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("secretary")
    data = {"title": "带图", "body": "<p>x</p>", "cover": SimpleUploadedFile("a.png", PNG)}
    client.post(_url("manage_news_create"), data)
    item = NewsItem.objects.get(title="带图")
    first = tmp_path / item.cover.name
    assert first.exists()
    data = {"title": "带图", "body": "<p>x</p>", "cover": SimpleUploadedFile("b.png", PNG)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_news_edit", item.pk), data)
    item.refresh_from_db()
    second = tmp_path / item.cover.name
    assert (first.exists(), second.exists()) == (False, True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_news_edit", item.pk), {"title": "带图", "body": "<p>x</p>", "remove_cover": "on"})
    item.refresh_from_db()
    assert (item.cover.name, second.exists()) == ("", False)


def test_invalid_post_shows_errors_and_saves_nothing(school, client_for):
    response = client_for("secretary").post(_url("manage_news_create"), {"title": "", "body": "<script>x</script>"})
    assert response.status_code == 200
    assertContains(response, "保存失败，请按提示修改标红的字段。")
    assertContains(response, "正文不能为空")
    assert NewsItem.objects.count() == 0


def test_manage_list_shows_drafts_and_filters(school, client_for):
    f.NewsItemFactory(school=school, title="已发布一", view_count=7)
    f.NewsItemFactory(school=school, title="草稿一", status=NewsStatus.DRAFT, published_at=None)
    f.NewsItemFactory(school=school.__class__.objects.get(code="b"), title="别校")
    client = client_for("party_staff")
    response = client.get(_url("manage_news"))
    assert [n.title for n in response.context["page_obj"].object_list] == ["草稿一", "已发布一"]
    drafts = client.get(_url("manage_news"), {"status": "draft"})
    assert [n.title for n in drafts.context["page_obj"].object_list] == ["草稿一"]
    bad = client.get(_url("manage_news"), {"status": "nonsense", "q": "已发布"})
    assert [n.title for n in bad.context["page_obj"].object_list] == ["已发布一"]


def test_action_returns_to_the_list_page_it_came_from(school, client_for):
    item = f.NewsItemFactory(school=school, status=NewsStatus.DRAFT, published_at=None)
    client = client_for("secretary")
    response = client.post(_url("manage_news_publish", item.pk), {"back": "?status=draft&page=2"})
    assert response["Location"] == _url("manage_news") + "?status=draft&page=2"
    evil = client.post(_url("manage_news_unpublish", item.pk), {"back": "//evil.example/"})
    assert evil["Location"] == _url("manage_news")


def test_export_opens_in_excel(school, client_for):
    f.NewsItemFactory(
        school=school, title="导出测试", view_count=9, published_at=dt.datetime(2022, 10, 21, 8, 30, tzinfo=TZ)
    )
    f.NewsItemFactory(school=school, title="草稿", status=NewsStatus.DRAFT, published_at=None)
    response = client_for("secretary").get(_url("manage_news_export"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("标题", "状态", "发布时间", "浏览次数", "作者", "文章来源")
    assert rows[1:] == [
        ("草稿", "草稿", None, 0, "党建办", "校党总支"),
        ("导出测试", "已发布", dt.datetime(2022, 10, 21, 8, 30), 9, "党建办", "校党总支"),
    ]


def test_honour_create_edit(school, client_for):
    client = client_for("secretary")
    response = client.post(
        _url("manage_honour_create"), {"name": "省级文明校园", "year": 2020, "level": "provincial", "order": 0}
    )
    assert response["Location"] == _url("manage_honours")
    honour = school.honours.get()
    response = client.post(
        _url("manage_honour_edit", honour.pk),
        {"name": "第二届省级文明校园", "year": 2020, "level": "provincial", "order": 0},
    )
    honour.refresh_from_db()
    assert honour.name == "第二届省级文明校园"
    response = client.post(_url("manage_honour_create"), {"name": "第二届省级文明校园", "year": 2020, "level": "city"})
    assertContains(response, "2020 年的“第二届省级文明校园”已登记。")


# Query counts ---------------------------------------------------------------------------------


def _fill(school, k):
    for i in range(k):
        f.NewsItemFactory(school=school, title=f"动态{i}")
        f.NewsItemFactory(school=school, title=f"草稿{i}", status=NewsStatus.DRAFT, published_at=None)
        f.HonourFactory(school=school)


PUBLIC_PAGES = ["home", "news_list", "honours", "news_detail"]
MANAGE_PAGES = ["manage_news", "manage_honours", "manage_news_export"]


def _page_url(school, name):
    if name == "news_detail":
        return _url(name, NewsItem.objects.filter(school=school, status="published").order_by("pk")[1].pk)
    return _url(name)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_query_counts_do_not_grow(school, client, django_assert_max_num_queries, name):
    counts = []
    for k in (2, 5):  # the article page needs a neighbour on each side
        NewsItem.objects.all().delete()
        _fill(school, k)
        client.cookies.clear()  # a new visitor each time (a first visit creates the session)
        url = _page_url(school, name)
        with django_assert_max_num_queries(12) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_manage_query_counts_do_not_grow(school, client_for, django_assert_max_num_queries, name):
    client = client_for("secretary")
    counts = []
    for k in (1, 5):
        _fill(school, k if not counts else k - 1)
        url = _page_url(school, name)
        with django_assert_max_num_queries(15) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]

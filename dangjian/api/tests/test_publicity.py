"""/api/v1/publicity: public (no authentication), published items only, paginated, constant queries."""

import datetime as dt

import pytest
from django.test import Client

from dangjian.conftest import ROLE_NAMES
from dangjian.publicity.enums import NewsStatus
from dangjian.tests import factories as f

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def news(world):
    published = f.NewsItemFactory(
        school=world.school,
        title="主题党日",
        summary="摘要",
        body="<p>正文<strong>重点</strong></p>",
        view_count=12,
        published_at=dt.datetime(2022, 10, 21, 8, 30, tzinfo=TZ),
        cover="publicity/c.png",
    )
    draft = f.NewsItemFactory(school=world.school, title="草稿", status=NewsStatus.DRAFT, published_at=None)
    other = f.NewsItemFactory(school=world.other_school, title="乙校动态")
    return {"published": published, "draft": draft, "other": other}


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_published_news_for_everyone_without_login(api_for, news, role):
    response = api_for(role).get("/api/v1/publicity/news", {"school": "a"})
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": news["published"].pk,
                "title": "主题党日",
                "summary": "摘要",
                "source": "校党总支",
                "author_name": "党建办",
                "published_at": "2022-10-21T08:30:00+08:00",
                "view_count": 12,
                "url": f"http://testserver/p/a/news/{news['published'].pk}/",
                "cover_url": f"http://testserver/p/a/news/{news['published'].pk}/cover/",
            }
        ],
        "count": 1,
    }


def test_bearer_token_is_not_needed_and_a_bad_one_is_ignored(news):
    response = Client().get("/api/v1/publicity/news?school=a", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 200


def test_search_and_pagination(world, news):
    for i in range(3):
        f.NewsItemFactory(school=world.school, title=f"团课{i}")
    client = Client()
    found = client.get("/api/v1/publicity/news", {"school": "a", "q": "团课", "page_size": 2}).json()
    assert (found["count"], [item["title"] for item in found["items"]]) == (3, ["团课2", "团课1"])
    page2 = client.get("/api/v1/publicity/news", {"school": "a", "q": "团课", "page_size": 2, "page": 2}).json()
    assert [item["title"] for item in page2["items"]] == ["团课0"]


def test_unknown_school_and_bad_parameters(news):
    client = Client()
    assert client.get("/api/v1/publicity/news", {"school": "nope"}).json() == {"detail": "学校“nope”不存在"}
    missing = client.get("/api/v1/publicity/news")
    assert (missing.status_code, missing.json()["errors"]) == (422, {"学校代码（school）": ["必须提供此参数。"]})
    assert client.get("/api/v1/publicity/news", {"school": "a", "page": 0}).status_code == 422


def test_detail_of_a_published_item_only(news):
    client = Client()
    response = client.get(f"/api/v1/publicity/news/{news['published'].pk}")
    assert response.status_code == 200
    assert response.json()["body"] == "<p>正文<strong>重点</strong></p>"
    assert response.json()["url"] == f"http://testserver/p/a/news/{news['published'].pk}/"
    draft = client.get(f"/api/v1/publicity/news/{news['draft'].pk}")
    assert (draft.status_code, draft.json()) == (404, {"detail": "对象不存在或无权访问"})
    assert client.get("/api/v1/publicity/news/999999").status_code == 404
    news["published"].refresh_from_db()
    assert news["published"].view_count == 12  # reading the API is not a page view


def test_honours(world):
    f.HonourFactory(school=world.school, name="省先进基层党组织", year=2021, awarded_by="中共省委", level="provincial")
    response = Client().get("/api/v1/publicity/honours", {"school": "a"})
    assert response.json()["items"] == [
        {
            "id": world.school.honours.get().pk,
            "name": "省先进基层党组织",
            "year": 2021,
            "awarded_by": "中共省委",
            "level": "provincial",
            "level_display": "省级",
        }
    ]


def test_writes_are_not_offered(news):
    assert Client().post("/api/v1/publicity/news?school=a", {}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("path", ["/api/v1/publicity/news?school=a", "/api/v1/publicity/honours?school=a"])
def test_query_count_does_not_grow(world, django_assert_max_num_queries, path):
    client, counts = Client(), []
    for k in (1, 5):
        for _ in range(k - len(counts) * 1):
            f.NewsItemFactory(school=world.school)
            f.HonourFactory(school=world.school)
        with django_assert_max_num_queries(4) as ctx:
            assert client.get(path).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]

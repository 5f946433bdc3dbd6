"""党建之窗 in a real browser: a visitor reads the news (the view count rises); the secretary writes
and publishes an item in the rich-text editor, and a script smuggled into the body is stripped."""

import re

import pytest
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login, open_nav


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_visitor_reads_news_and_secretary_publishes(page, world):
    school = world.school
    school.spirit = "特别能吃苦、特别能奉献、特别讲大局"
    school.save()
    f.HonourFactory(school=school, name="省先进基层党组织", year=2021)
    f.NewsItemFactory(school=school, title="主题党日活动", body="<p>活动正文</p>", view_count=5)

    # An anonymous visitor: home, news list, article; the count rises once per session.
    page.goto(page.base_url + "/p/a/")
    expect(page.get_by_text("特别能奉献")).to_be_visible()
    expect(page.get_by_text("省先进基层党组织")).to_be_visible()
    page.locator(".dj-pub-tabs").get_by_role("link", name="党建动态").click()
    expect(page.locator("h1")).to_have_text("党建动态")
    page.get_by_role("link", name="主题党日活动").click()
    expect(page.locator("h1")).to_have_text("主题党日活动")
    expect(page.locator(".dj-pub-views")).to_have_text("6")
    page.reload()
    expect(page.locator(".dj-pub-views")).to_have_text("6")

    # The secretary writes an item with bold text; a script is slipped into the submitted body.
    login(page, "secretary")
    open_nav(page, "党建动态")
    page.get_by_role("link", name="撰写动态").click()
    page.fill("input[name=title]", "党员教师讲团课")
    editor = page.locator(".ql-editor")
    editor.click()
    page.keyboard.type("团课开讲，")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("青春心向党")
    expect(editor.locator("strong")).to_have_text("青春心向党")
    page.evaluate(
        """() => { const body = document.querySelector('textarea[name=body]');
        body.value += '<script>window.smuggled = 1</script><p onclick="window.smuggled = 2">尾声</p>'; }"""
    )
    page.get_by_role("button", name="保存并发布").click()
    expect(page.get_by_text("已发布：党员教师讲团课")).to_be_visible()

    page.goto(page.base_url + "/p/a/news/")
    page.get_by_role("link", name="党员教师讲团课").click()
    expect(page).to_have_url(re.compile(r"/p/a/news/\d+/$"))
    body = page.locator(".dj-pub-body")
    expect(body.locator("strong")).to_have_text("青春心向党")
    expect(body).to_contain_text("尾声")
    assert body.locator("script").count() == 0
    assert body.inner_html() == "<p>团课开讲，<strong>青春心向党</strong></p><p>尾声</p>"
    body.get_by_text("尾声").click()
    assert page.evaluate("window.smuggled") is None
    expect(page.locator(".dj-pub-views")).to_have_text("0")  # the author's own view does not count
    assert page.console_errors == []

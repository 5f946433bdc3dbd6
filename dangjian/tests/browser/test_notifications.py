"""消息 in a real browser, on a phone: the bell counts the unread notices, the list shows them marked 新 and
opens their page, and once seen the count is gone."""

import re

import pytest
from playwright.sync_api import expect

from dangjian.notifications.services import notify

from .conftest import login


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_a_teacher_reads_the_notices_the_bell_counts(page, world):
    teacher = world.users["teacher"]
    notify(
        [teacher], world.school, kind="meeting_tomorrow", title="明天：四月党小组会", link="/s/a/me/", event_key="t1"
    )
    notify([teacher], world.school, kind="digest", title="您有 2 项待办", event_key="t2", robot=False)
    login(page, "teacher")
    bell = page.get_by_role("link", name="消息：2 条未读")
    expect(bell).to_be_visible()  # on a phone the bell stays outside the folded menu
    bell.click()
    expect(page.locator("h1")).to_have_text("消息")
    notices = page.locator("#notices a")
    expect(notices).to_have_count(2)
    expect(notices.filter(has_text="新")).to_have_count(2)
    expect(page.get_by_role("link", name="消息：2 条未读")).to_have_count(0)  # seen on opening
    notices.filter(has_text="明天：四月党小组会").click()
    expect(page).to_have_url(re.compile(r"/s/a/me/$"))
    page.get_by_role("link", name="消息", exact=True).click()  # no count any more
    expect(page.locator("#notices a")).to_have_count(2)
    expect(page.locator("#notices a").filter(has_text="新")).to_have_count(0)
    assert page.console_errors == []

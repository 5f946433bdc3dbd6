"""组织关系转接 in a real browser: the receiving school's secretary finds the waiting transfer through the menu,
accepts it into a branch, and both schools see it 已接收."""

from playwright.sync_api import expect

from dangjian.transfers.tests.conftest import county, pending  # noqa: F401  (fixtures)

from .conftest import login, open_nav


def test_receiving_secretary_accepts_a_county_transfer(page, world, county, pending):  # noqa: F811
    login(page, "b_secretary")
    page.goto(page.base_url + "/s/b/")
    open_nav(page, "组织关系转接")
    expect(page.get_by_text("待本校接收（1）")).to_be_visible()
    page.get_by_role("link", name="办理").click()
    page.get_by_role("link", name="接收到本校支部").click()
    page.get_by_label("接收支部").select_option(label="乙校第一党支部")
    page.get_by_label("本校工号").fill("B001")
    page.get_by_role("button", name="确认接收").click()
    expect(page.get_by_text("已接收：王老师转入乙校第一党支部")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("已接收")

    page.context.clear_cookies()
    login(page, "secretary")
    page.goto(page.base_url + f"/s/a/transfers/{pending.pk}/")
    expect(page.locator("h1 .badge")).to_have_text("已接收")
    assert page.console_errors == []

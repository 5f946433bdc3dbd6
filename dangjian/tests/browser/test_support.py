"""Student support in a real browser: the helper records a home visit on a phone; another teacher
cannot open the case; the secretary finds the reads of the case in the audit log."""

import re

import pytest
from playwright.sync_api import expect

from dangjian.support.tests.fixtures import sw  # noqa: F401

from .conftest import login


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_home_visit_is_recorded_protected_and_audited(page, sw):  # noqa: F811
    login(page, "teacher")
    page.goto(page.base_url + "/s/a/support/")
    expect(page.locator("h1")).to_contain_text("帮好每名贫困生")
    row = page.locator("li.list-group-item", has_text="李小红")
    row.get_by_role("link", name="填写记录").click()
    page.select_option("select[name=kind]", "home_visit")
    page.fill("input[name=date]", "2023-03-01")
    page.fill("textarea[name=notes]", "第二次入户家访：家长反映孩子作息规律了。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("日期应在本学期（2022-09-01 至 2023-01-31）之内。")).to_be_visible()
    page.fill("input[name=date]", "2022-12-10")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.get_by_text("第二次入户家访：家长反映孩子作息规律了。")).to_be_visible()
    case_url = page.url
    assert re.search(r"/s/a/support/students/\d+/$", case_url)

    page.context.clear_cookies()
    login(page, "helper2")
    response = page.goto(case_url)
    assert response.status == 404
    assert page.get_by_text("第二次入户家访").count() == 0

    page.context.clear_cookies()
    login(page, "secretary")
    page.goto(page.base_url + "/s/a/support/audit/")
    page.click(".dj-filters-toggle")  # on a phone the filters fold behind one button
    page.select_option("select[name=action]", "support.case.read")
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("teacher")
    expect(rows.first).to_contain_text("support.case.read")
    assert rows.count() == 1  # the helper's read after saving; helper2 was refused and read nothing
    page.click(".dj-filters-toggle")
    page.select_option("select[name=action]", "support.record")
    page.wait_for_load_state()
    expect(page.locator("tbody tr").first).to_contain_text("support.record.create")
    assert [e for e in page.console_errors if "404 (Not Found)" not in e] == []  # the refused case page

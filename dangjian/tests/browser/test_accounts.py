"""Adopting the product without /admin/: the secretary makes the staff's logins and downloads the slips; a
teacher logs in on a phone with the slip's one-time password and must set their own first."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login, open_nav


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_makes_logins_and_a_teacher_sets_a_password(page, world, browser):
    f.StaffFactory(school=world.school, staff_number="N01", name="林一")
    login(page, "secretary")
    open_nav(page, "账号与权限")
    expect(page.locator("#missing-logins")).to_contain_text("还有 1 名在职教职工没有账号")
    with page.expect_download() as download:
        page.get_by_role("button", name="创建并下载登录单（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    rows = list(load_workbook(BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("N01", "林一", None, "N01")
    code = rows[1][4]
    assert page.console_errors == []

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    phone.goto(page.base_url + "/accounts/login/")
    phone.fill("input[name=username]", "N01")
    phone.fill("input[name=password]", code)
    phone.click("button[type=submit]")
    expect(phone.locator("#must-change")).to_be_visible()  # nothing else until a password of one's own
    phone.goto(page.base_url + "/s/a/")
    expect(phone.locator("#must-change")).to_be_visible()
    phone.fill("input[name=old_password]", code)
    phone.fill("input[name=new_password1]", "Hongqi-2026-piao")
    phone.fill("input[name=new_password2]", "Hongqi-2026-piao")
    phone.get_by_role("button", name="保存新密码").click()
    expect(phone.get_by_text("密码已修改")).to_be_visible()
    phone.context.close()

"""Roster import in a real browser: a file with a mistake is refused with the row and column named,
the corrected file is previewed and confirmed, and the new teacher is on the staff list."""

import pytest
from playwright.sync_api import expect

from dangjian.rosters.tests.helpers import xlsx_bytes
from dangjian.school.models import Staff
from dangjian.tests import factories as f

from .conftest import login

HEADER = ["工号", "姓名", "性别", "出生日期", "任教学科"]


def xlsx_file(rows):
    return {"name": "教职工.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(rows)}


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_imports_staff_after_fixing_a_mistake(page, world):
    f.SubjectFactory(school=world.school, name="物理")
    login(page, "secretary")
    page.goto(page.base_url + "/s/a/rosters/")
    expect(page.locator("h1")).to_have_text("导入导出")
    page.get_by_role("link", name="导入教职工").click()

    page.set_input_files("input[name=file]", xlsx_file([HEADER, ["R8001", "林老师", "女", "2022/13/01", "物理"]]))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("第 2 行")).to_be_visible()
    expect(page.get_by_role("cell", name="无法识别：2022/13/01")).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not Staff.objects.filter(staff_number="R8001").exists()

    page.get_by_role("link", name="重新上传").click()
    page.set_input_files("input[name=file]", xlsx_file([HEADER, ["R8001", "林老师", "女", "1990/1/13", "物理"]]))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#count-create")).to_have_text("1")
    page.get_by_role("button", name="确认导入（新增 1，更新 0）").click()
    expect(page.get_by_text("导入完成。教职工：新增 1 行，更新 0 行，不变 0 行。")).to_be_visible()
    expect(page.get_by_role("link", name="林老师")).to_be_visible()
    assert page.console_errors == []

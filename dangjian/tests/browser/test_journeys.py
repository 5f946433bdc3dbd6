"""Main journeys in a real browser, on a phone-sized and a desktop-sized screen."""

import re

from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login, open_nav


def test_secretary_walks_the_main_pages_and_adds_a_teacher(page, world):
    f.SubjectFactory(school=world.school, name="物理")
    login(page, "secretary")
    expect(page).to_have_url(re.compile(r"/s/a/$"))
    expect(page.locator("h1")).to_contain_text("甲中学")

    open_nav(page, "党组织")
    expect(page.get_by_text("第一党支部").first).to_be_visible()

    open_nav(page, "教职工")
    expect(page.get_by_text("王老师")).to_be_visible()
    page.get_by_role("link", name="新增教职工").click()
    page.fill("input[name=staff_number]", "T7001")
    page.fill("input[name=name]", "陈晓")
    page.select_option("select[name=gender]", "F")
    page.fill("input[name=birth_date]", "2099-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("日期应在 1940-01-01 到今天之间。")).to_be_visible()
    page.fill("input[name=birth_date]", "1996-05-04")
    page.get_by_label("物理").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("陈晓")

    open_nav(page, "班级")
    expect(page.locator("h1")).to_contain_text("班级")
    open_nav(page, "学生")
    expect(page.locator("h1")).to_contain_text("学生")
    assert page.console_errors == []


def test_teacher_sees_own_record_but_not_another_school(page, world):
    other_staff = f.StaffFactory(school=world.other_school, name="乙校教师")
    login(page, "teacher")
    expect(page).to_have_url(re.compile(r"/s/a/$"))
    open_nav(page, "我的档案")
    expect(page.locator("h1")).to_contain_text("王老师")
    open_nav(page, "党组织")
    expect(page.get_by_text("第一党支部").first).to_be_visible()

    response = page.goto(f"{page.base_url}/s/b/staff/{other_staff.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    response = page.goto(f"{page.base_url}/s/a/staff/")
    assert response.status == 403
    response = page.goto(f"{page.base_url}/s/b/")
    assert response.status == 404
    assert page.get_by_text("乙校教师").count() == 0

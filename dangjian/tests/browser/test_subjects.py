"""抓好一个学科 in a real browser: the secretary links a cadre to 物理 and publishes it, the cadre logs
a demonstration lesson, and the subject's figure rises."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login


def _physics_total(page):
    return page.locator("#subject-figures tr[data-subject='物理'] .dj-subject-total")


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_links_a_cadre_who_logs_a_demonstration_lesson(page, world):
    f.SemesterFactory(school_year=world.year, term=1)
    f.SemesterFactory(school_year=world.year, term=2, starts_on=dt.date(2023, 2, 1), ends_on=dt.date(2023, 7, 15))
    physics = f.SubjectFactory(school=world.school, name="物理")
    cadre = f.StaffFactory(
        school=world.school, name="赵校长", leader_post="vice_principal", user=f.UserFactory(username="cadre")
    )
    cadre.subjects.set([physics])
    world.users["teacher"].staff.subjects.set([physics])
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, "secretary")
    page.goto(page.base_url + "/s/a/subjects/")
    expect(_physics_total(page)).to_have_text("0")
    expect(page.get_by_text("物理：没有挂钩干部")).to_be_visible()
    page.get_by_role("link", name="设置挂钩").click()
    page.get_by_label("赵校长 挂钩 物理").check()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("新增 1 条挂钩（草稿）")).to_be_visible()
    page.get_by_role("button", name="发布 1 条草稿").click()
    expect(page.get_by_text("已发布 2022-2023学年 学科挂钩 1 条。")).to_be_visible()

    page.context.clear_cookies()
    login(page, "cadre")
    page.goto(page.base_url + "/s/a/subjects/")
    page.get_by_role("link", name="记录活动").click()
    page.select_option("select[name=kind]", "demo_lesson")
    page.fill("input[name=date]", "2022-10-10")
    page.fill("input[name=topic]", "示范课：楞次定律")
    page.get_by_label("王老师").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("示范课：楞次定律")

    page.context.clear_cookies()
    login(page, "secretary")
    page.goto(page.base_url + "/s/a/subjects/")
    expect(_physics_total(page)).to_have_text("1")
    expect(page.get_by_text("物理：没有挂钩干部")).to_have_count(0)
    assert page.console_errors == []

"""三会一课 in a real browser: the secretary drafts a semester plan, approves it, records the lesson as held
with attendance, and sees the compliance figures change."""

import pytest
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login


def lesson_cell(page):
    """This branch's 党课 cell for Q4 in the quarterly compliance table."""
    table = page.locator("table", has=page.locator("caption", has_text="按季度"))
    return table.locator("tr", has=page.locator("th", has_text="党课")).locator("td").nth(3)


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_plans_and_records_a_lesson(page, world):
    f.SemesterFactory(school_year=world.year, term=1)
    leader = f.PartyMemberFactory(branch=world.branch, staff__name="书记甲", staff__leader_post="secretary").staff
    f.PartyMemberFactory(branch=world.branch, staff__name="李党员")
    login(page, "secretary")

    page.goto(f"{page.base_url}/s/a/meetings/compliance/?year=2022&organization={world.branch.pk}")
    expect(lesson_cell(page)).to_contain_text("0/1")

    page.goto(f"{page.base_url}/s/a/meetings/plans/")
    page.get_by_role("link", name="制定计划").click()
    page.select_option("select[name=organization]", str(world.branch.pk))
    page.fill("textarea[name=note]", "学校领导带头讲党课")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    page.get_by_role("link", name="添加党课").click()
    page.fill("input[name=planned_on]", "2023-03-01")
    page.select_option("select[name=lecturer]", str(leader.pk))
    page.fill("input[name=topic]", "学习党的二十大精神")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("应在2022-2023学年第一学期内")).to_be_visible()
    page.fill("input[name=planned_on]", "2022-10-20")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("cell", name="学习党的二十大精神", exact=True)).to_be_visible()

    page.get_by_role("button", name="审批通过").click()
    expect(page.get_by_text("已审批通过")).to_be_visible()
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".badge", has_text="已发布")).to_be_visible()

    page.get_by_role("link", name="记录讲授").click()
    expect(page.locator("input[name=topic]")).to_have_value("学习党的二十大精神")
    page.fill("input[name=place]", "党员活动室")
    page.get_by_role("button", name="保存").click()
    # a meeting recorded as held opens its attendance: everyone shows as 出席, change the exceptions
    expect(page.locator("h1")).to_have_text("出勤登记：学习党的二十大精神")
    page.get_by_role("radiogroup", name="李党员的出勤").get_by_text("请假").click()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("请假，须填写原因")).to_be_visible()
    page.get_by_label("李党员的原因").fill("外出培训")  # the choices made are kept
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存出勤登记")).to_be_visible()
    expect(page.get_by_text("应到 3 人，出席 2，请假 1，缺席 0")).to_be_visible()

    page.goto(f"{page.base_url}/s/a/meetings/compliance/?year=2022&organization={world.branch.pk}")
    expect(lesson_cell(page)).to_contain_text("1/1")
    expect(page.locator("#lecturers")).to_contain_text("书记甲")
    assert page.console_errors == []


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_the_host_is_found_by_pinyin_initials_with_the_branchs_members_first(page, world):
    """Among many staff, the chosen branch's members come first and typing "wls" picks 王老师 (a phone)."""
    for i in range(30):
        f.StaffFactory(school=world.school, name=f"群众{i:02d}", staff_number=f"A{i:03d}")
    login(page, "secretary")
    page.goto(f"{page.base_url}/s/a/meetings/new/")
    host = page.locator("select[name=host]")
    page.select_option("select[name=organization]", str(world.branch.pk))
    expect(host.locator("option").nth(1)).to_have_text("王老师（" + world.users["teacher"].staff.staff_number + "）")
    page.get_by_label("筛选主持人").fill("wls")
    expect(host).to_have_value(str(world.users["teacher"].staff.pk))
    assert page.console_errors == []

"""发展党员 in a real browser: a branch secretary finds an overdue file on the 发展工作 page, records the talk,
takes the applicant on to 入党积极分子 with two 培养联系人, then withdraws that step."""

import datetime as dt

from playwright.sync_api import expect

from dangjian.development.tests.conftest import open_file
from dangjian.party.enums import MemberStatus
from dangjian.tests import factories as f

from .conftest import login, open_nav


def test_branch_secretary_takes_a_file_a_step_forward(page, world, settings, tmp_path):
    settings.DANGJIAN_TODAY = "2024-06-30"
    settings.MEDIA_ROOT = tmp_path
    contacts = [f.PartyMemberFactory(branch=world.branch, staff__name=name).staff for name in ("陈联系", "林联系")]
    file = open_file(world.school, world.branch, "李申请", dt.date(2024, 5, 1))

    login(page, "branch")
    open_nav(page, "发展党员")
    overdue = page.locator(".card", has=page.get_by_role("heading", name="已逾期（1）"))
    expect(overdue).to_contain_text("李申请")
    overdue.get_by_role("link", name="李申请").click()
    expect(page.get_by_test_id("next-step")).to_contain_text("下一步：派人谈话，期限 2024-06-01（已逾期）")

    page.fill("input[name=date]", "2024-05-20")
    page.fill("textarea[name=note]", "支部书记谈话，了解入党动机")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记：派人谈话（2024-05-20）。")).to_be_visible()
    expect(page.get_by_test_id("next-step")).to_contain_text("下一步：确定入党积极分子")

    page.fill("input[name=date]", "2024-06-01")
    page.select_option("select[name=contact_1]", str(contacts[0].pk))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("确定入党积极分子时须指定两名培养联系人")).to_be_visible()
    page.select_option("select[name=contact_2]", str(contacts[1].pk))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记：确定入党积极分子（2024-06-01）。")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("入党积极分子")
    expect(page.get_by_test_id("next-step")).to_contain_text("下一步：积极分子半年考察，期限 2024-12-01")
    file.staff.party_record.refresh_from_db()
    assert (file.staff.party_record.status, file.staff.party_record.activist_on) == (
        MemberStatus.ACTIVIST,
        dt.date(2024, 6, 1),
    )

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="撤销最后一步").click()
    expect(page.get_by_text("已撤销：确定入党积极分子（2024-06-01）。")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("入党申请人")
    expect(page.get_by_test_id("next-step")).to_contain_text("下一步：确定入党积极分子")
    assert page.console_errors == []

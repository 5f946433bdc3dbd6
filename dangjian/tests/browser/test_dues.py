"""党费 in a real browser, on a phone and a desktop: a branch secretary opens the branch's ledger from the
menu, ticks every unpaid member of July at once, and the ledger shows the computed amounts."""

import datetime as dt
import re
from decimal import Decimal

from playwright.sync_api import expect

from dangjian.dues.models import DuesPayment
from dangjian.dues.tests.conftest import dues, pinned_today  # noqa: F401  (fixtures)

from .conftest import login, open_nav


def test_a_branch_secretary_records_a_month_for_the_whole_branch(page, world, dues):  # noqa: F811
    login(page, "branch")
    open_nav(page, "党费收缴")
    expect(page.get_by_role("heading", name="党费收缴 · 2026 年")).to_be_visible()
    page.get_by_role("link", name="第一党支部").click()
    expect(page.get_by_text("王老师")).to_be_visible()
    page.get_by_role("link", name="登记交纳").click()
    page.fill("#pick-month", "2026-07")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", name="登记党费 · 2026 年 7 月")).to_be_visible()
    page.select_option("select[name=channel]", "wechat")
    page.get_by_role("button", name="全选未交").click()
    page.get_by_role("button", name="登记为已交").click()
    expect(page.get_by_text("已登记 2 人 2026 年 07 月 党费。")).to_be_visible()
    expect(page).to_have_url(re.compile(r"month=2026-07$"))
    expect(page.get_by_text("已交 90.00 元")).to_be_visible()
    paid = dict(DuesPayment.objects.filter(month=dt.date(2026, 7, 1)).values_list("member__staff__name", "amount"))
    assert paid == {"王老师": Decimal("90.00"), "李预备": Decimal("14.00")}
    assert page.console_errors == []

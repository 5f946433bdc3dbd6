"""建好一支队伍 in a real browser: the 教务处 runs the optimizer, pins a cell, re-runs, applies, and the
coverage check shows no uncovered class."""

import re

import pytest
from playwright.sync_api import expect

from dangjian.staffing.models import OptimizerRun
from dangjian.staffing.tests.conftest import build_small

from .conftest import login


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_academic_office_runs_pins_reruns_and_applies(page, world):
    small = build_small(world)
    page.set_default_timeout(30_000)  # each run solves for real; the suite may run in parallel
    login(page, "jiaowu")
    page.goto(page.base_url + "/s/a/staffing/coverage/")
    expect(page.locator("#uncovered-count")).to_have_text("1")

    page.get_by_role("link", name="优化排课").first.click()
    page.fill("input[name=time_limit]", "5")
    page.get_by_role("button", name="运行优化").click()
    expect(page).to_have_url(re.compile(r"/staffing/runs/\d+/$"))
    expect(page.locator("#run-status")).to_have_text("最优方案")

    page.select_option("#f-show", "all")
    cell = page.locator(f'td.dj-cell[data-class="{small.classes[2].pk}"][data-subject="英语"]')
    cell.get_by_role("button").click()
    expect(page.get_by_text("已锁定，重新运行时将保留该格。")).to_be_visible()
    first = OptimizerRun.objects.get()
    assert len(first.pins) == 1

    page.locator("#rerun").click()
    expect(page).to_have_url(re.compile(rf"/runs/(?!{first.pk}/)\d+/$"))
    expect(page.locator("#run-status")).to_have_text("最优方案")
    second = OptimizerRun.objects.order_by("-pk").first()
    assert second.problem["pinned"] == first.pins
    page.goto(page.base_url + second.get_absolute_url() + "?show=all")
    expect(page.locator("td.dj-cell-pinned")).to_have_count(1)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#apply").click()
    expect(page).to_have_url(re.compile(r"/staffing/coverage/"))
    expect(page.locator("#uncovered-count")).to_have_text("0")
    assert page.console_errors == []

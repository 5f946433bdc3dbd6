"""The main lists on a 390 px phone (issue 18, "Look and hierarchy"): each row is a card (title on top, then
date, status and the labelled details), tab bars scroll, and no page is wider than the screen."""

import pytest
from playwright.sync_api import expect

from dangjian.demo.generate import DEMO_PASSWORD

from .conftest import login

LISTS = ["meetings/", "meetings/plans/", "league/lessons/", "staff/", "students/"]


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_lists_are_cards_without_sideways_scrolling_on_a_phone(page, demo):
    login(page, "secretary", password=DEMO_PASSWORD)
    for path in LISTS:
        page.goto(f"{page.base_url}/s/sfyz/{path}")
        card = page.locator("table.table-cards tbody tr").first
        expect(card).to_be_visible()
        expect(page.locator("table.table-cards thead")).to_be_hidden()
        title, row = card.locator("td.dj-card-title").bounding_box(), card.bounding_box()
        assert title["y"] - row["y"] < 16, f"{path}: the title is not on top of its card"
        assert title["width"] > row["width"] * 0.8, f"{path}: the title does not span its card"
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px phone"
        tabs = page.locator("main .nav-pills").first
        if tabs.count():
            assert tabs.evaluate("el => getComputedStyle(el).overflowX") == "auto", f"{path}: tabs do not scroll"
    assert page.console_errors == []


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_filters_fold_behind_one_button_on_a_phone(page, demo):
    login(page, "secretary", password=DEMO_PASSWORD)
    page.goto(f"{page.base_url}/s/sfyz/staff/?political_status=party_any")
    toggle = page.locator("form.dj-filters .dj-filters-toggle")
    expect(toggle).to_have_text("筛选（已选 2 项）")  # 党员 and the default 在职: the filters in effect
    expect(page.locator("#f-political")).to_be_hidden()
    toggle.click()
    expect(page.locator("#f-political")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(page.locator("#f-political")).to_be_visible()
    assert page.console_errors == []

"""Proving the work in a real browser: the secretary opens the dashboard and clicks through a figure;
the county user sees counts and cannot open a student."""

import pytest
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login, open_nav


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_dashboard_and_county_counts(page, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f.LeagueLessonFactory.create_batch(3, school=world.school, school_year=world.year, topic="传承红色基因")
    semester = f.SemesterFactory(school_year=world.year)
    student = f.StudentFactory(school=world.school, name="李保密")
    f.SupportRecordFactory(pairing=f.PairingFactory(student=student, semester=semester))

    login(page, "secretary")
    open_nav(page, "数据看板")
    expect(page.locator("h1")).to_contain_text("数据看板")
    card = page.locator("#figure-league_lessons")
    expect(card.locator("[data-value]")).to_have_text("3")
    expect(card.locator("[data-echarts] canvas")).to_have_count(1)
    card.get_by_role("link", name="查看明细").click()
    page.wait_for_load_state()
    expect(page.get_by_text("传承红色基因").first).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="年度报告").click()  # made by the worker; the job page offers the file
    expect(page.locator("#job-state")).to_have_text("已完成")
    with page.expect_download() as download:
        page.locator("#job-result").click()
    assert download.value.suggested_filename.endswith("学年党建工作报告.docx")
    assert page.console_errors == []

    page.context.clear_cookies()
    login(page, "county")
    open_nav(page, "县域概览")
    expect(page.locator("#total-support")).to_have_text("1")
    expect(page.locator("#county-table")).to_contain_text("甲中学")
    expect(page.get_by_text("李保密")).to_have_count(0)
    page.get_by_role("link", name="甲中学").click()
    page.wait_for_load_state()
    expect(page.locator("#figure-support_person_times [data-value]")).to_have_text("1")
    response = page.goto(page.base_url + f"/s/a/students/{student.pk}/")
    assert response.status == 404

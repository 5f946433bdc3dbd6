"""带好一名教师 in a real browser: the secretary proposes pairings, confirms one and downloads its
agreement; the mentor logs an activity."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from dangjian.school.models import Skill
from dangjian.tests import factories as f

from .conftest import login, open_nav


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_matches_confirms_and_the_mentor_logs(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    math = f.SubjectFactory(school=world.school, name="数学")
    mentor = world.users["teacher"].staff
    mentor.subjects.set([math])
    mentor.skills.set([Skill.objects.get_or_create(name="班主任经验")[0]])
    young = f.StaffFactory(
        school=world.school, name="青年甲", birth_date=dt.date(1999, 1, 1), started_teaching_on=dt.date(2021, 8, 20)
    )
    young.subjects.set([math])

    login(page, "secretary")
    open_nav(page, "青年教师")
    expect(page.locator("h1")).to_contain_text("青年教师")
    expect(page.get_by_role("link", name="青年甲")).to_be_visible()
    page.get_by_role("link", name="智能配对").first.click()
    page.get_by_role("button", name="生成配对方案").click()
    expect(page.get_by_text("已生成拟定配对 1 对")).to_be_visible()
    expect(page.get_by_text("未能配齐的原因")).to_be_visible()
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_text("已确认结对")).to_be_visible()

    page.get_by_role("link", name="王老师").first.click()
    expect(page.locator("h1")).to_contain_text("青年甲")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载协议书").click()
    download = info.value
    assert re.fullmatch(r"2022-2023_(思想导师|德育导师|业务导师)_青年甲_王老师\.docx", download.suggested_filename)
    assert download.path().read_bytes()[:2] == b"PK"

    page.context.clear_cookies()
    login(page, "teacher")
    open_nav(page, "我的结对")
    page.get_by_role("link", name="记录活动").first.click()
    page.fill("input[name=date]", "2023-09-01")
    page.select_option("select[name=six_kind]", "method")
    page.select_option("select[name=kind]", "observe")
    page.fill("textarea[name=notes]", "听课并评课")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("活动日期须在2022-2023学年内（2022-09-01 至 2023-08-31）。")).to_be_visible()
    page.fill("input[name=date]", "2022-10-12")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.get_by_text("听课并评课")).to_be_visible()
    assert page.console_errors == []

"""我的待办 in a real browser: a teacher on a phone finds today's meeting on 我的待办 and checks in, in at most
four interactions (issue 18, "Measured")."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.tests import factories as f

from .conftest import login
from .journey import Journey


@pytest.mark.parametrize("page", [(390, 844)], indirect=True)
def test_teacher_checks_in_to_todays_meeting_from_the_todo_on_a_phone(page, world):
    teacher = world.users["teacher"].staff
    now = timezone.now()
    activity = f.ActivityFactory(
        organization=world.branch,
        topic="四月党小组会",
        status="planned",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(minutes=60),
        kinds=["group_meeting"],
    )
    f.AttendanceFactory(activity=activity, staff=teacher, status="")
    login(page, "teacher")
    expect(page).to_have_url(re.compile(r"/s/a/$"))

    journey = Journey(page, target=4)
    journey.nav("我的待办")
    expect(page.locator("h1")).to_have_text("我的待办")
    item = page.locator("#todo li", has_text="党小组会：四月党小组会")
    expect(item).to_be_visible()
    journey.click(item.get_by_role("link", name="签到", exact=True), navigates=True)
    journey.click(page.get_by_role("button", name="确认签到"), navigates=True)
    expect(page.get_by_role("status")).to_contain_text("签到成功")
    journey.done()
    attendance = activity.attendances.get(staff=teacher)
    assert (attendance.status, attendance.checked_in_at is not None) == ("present", True)
    assert page.console_errors == []

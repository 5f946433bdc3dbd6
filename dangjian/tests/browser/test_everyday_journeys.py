"""Everyday tasks on the demo, counted (issue 18, "Measured"): each journey fails when it needs more
interactions (clicks, fills, selects, uploads) than its target."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dangjian.demo.generate import DEMO_PASSWORD
from dangjian.meetings.models import Activity
from dangjian.meetings.queries import org_member_ids
from dangjian.party.models import Organization
from dangjian.rosters.exports import staff_export
from dangjian.school.current import current_school_year
from dangjian.school.models import Staff

from .conftest import login
from .journey import Journey


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_secretary_records_a_group_meeting_with_two_absences(page, demo):
    group = Organization.objects.get(school=demo, name="高一年段党小组")
    members = list(Staff.objects.filter(pk__in=org_member_ids(group)).order_by("staff_number"))
    host, away = members[0], members[-2:]
    login(page, "secretary", password=DEMO_PASSWORD)

    journey = Journey(page, target=12)
    journey.nav("三会一课")
    journey.click(page.get_by_role("link", name="新增记录"), navigates=True)
    journey.select(page.locator("select[name=organization]"), str(group.pk))
    journey.check(page.get_by_label("党小组会"))
    journey.fill(page.locator("input[name=topic]"), "学习教育专题党小组会")
    journey.fill(page.get_by_label("筛选主持人"), host.staff_number)
    journey.fill(page.locator("input[name=place]"), "高一年段办公室")
    journey.click(page.get_by_role("button", name="保存", exact=True), navigates=True)
    expect(page.locator("h1")).to_have_text("出勤登记：学习教育专题党小组会")  # held: its attendance opens next
    for person in away:
        journey.click(page.get_by_role("radiogroup", name=f"{person.name}的出勤").get_by_text("缺席"))
    journey.click(page.get_by_role("button", name="保存", exact=True), navigates=True)
    n = len(members)
    expect(page.get_by_text(f"应到 {n} 人，出席 {n - 2}，请假 0，缺席 2")).to_be_visible()
    journey.done()

    activity = Activity.objects.get(topic="学习教育专题党小组会")
    assert (activity.organization, activity.host, activity.status) == (group, host, "held")
    assert set(activity.attendances.filter(status="absent").values_list("staff", flat=True)) == {p.pk for p in away}
    assert page.console_errors == []


@pytest.mark.parametrize("page", [(1280, 800)], indirect=True)
def test_jiaowu_imports_a_corrected_staff_roster_and_sees_what_changed(page, demo):
    staff = Staff.objects.filter(school=demo).order_by("staff_number")
    book = load_workbook(BytesIO(staff_export(demo, staff, current_school_year()).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    renamed, moved = sheet[2], sheet[3]  # two corrections in the whole roster
    old_name = renamed[header.index("姓名")].value
    renamed[header.index("姓名")].value = old_name + "敏"
    moved[header.index("手机号")].value = "13900000001"
    buffer = BytesIO()
    book.save(buffer)
    login(page, "jiaowu", password=DEMO_PASSWORD)

    journey = Journey(page, target=7)
    journey.nav("导入导出")
    journey.click(page.get_by_role("link", name="导入教职工"), navigates=True)
    roster = {"name": "教职工（更正）.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}
    journey.upload(page.locator("input[name=file]"), roster)
    journey.click(page.get_by_role("button", name="上传并预览"), navigates=True)
    expect(page.locator("#count-update")).to_have_text("2")
    changes = page.get_by_role("table", name="将要写入的变化")
    expect(changes).to_contain_text(f"姓名：{old_name} → {old_name}敏")
    expect(changes).to_contain_text("→ 13900000001")
    journey.click(page.get_by_role("button", name="确认导入（新增 0，更新 2）"), navigates=True)
    expect(page.get_by_text("更新 2 行")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_role("link", name=old_name + "敏")).to_be_visible()
    journey.done()
    assert page.console_errors == []

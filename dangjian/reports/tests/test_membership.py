"""The 党员队伍 figures (reports.membership): the development file of a school year reaches the dashboard,
the annual report, its spreadsheet and the API with the same counts."""

import datetime as dt
from io import BytesIO

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.development.tests.conftest import open_file
from dangjian.reports import membership
from dangjian.reports.report import annual_docx, annual_xlsx, report_data


def _applicants(world, day):
    return [open_file(world.school, world.branch, name, day) for name in ("李申请", "王申请")]


def test_applications_of_the_year_are_counted_and_others_not(world, settings):
    settings.DANGJIAN_TODAY = "2023-06-30"
    _applicants(world, dt.date(2022, 10, 8))  # in the world's 2022-2023 school year
    open_file(world.school, world.branch, "往年", dt.date(2021, 10, 8))
    table = membership.tables(world.school, world.year)[0]
    assert table.key == "development"
    assert dict(table.rows) == {
        "入党申请人": "2 人",
        "入党积极分子": "0 人",
        "发展对象": "0 人",
        "预备党员": "0 人",
        "正式党员": "0 人",
    }


def test_every_member_life_module_has_its_table_and_no_names(world, settings):
    settings.DANGJIAN_TODAY = "2023-06-30"
    tables = membership.tables(world.school, world.year)
    assert [t.key for t in tables] == ["development", "dues", "transfers", "appraisal"]
    dues = tables[1]
    assert dues.title == "党费收缴（2022 年）" and dues.headline == "收缴率 —"  # nothing due: no rate, not 0 %
    assert dict(dues.rows)["应缴"] == "0.00 元"
    assert dict(tables[3].rows) == {"优秀": "0 人", "合格": "0 人", "基本合格": "0 人", "不合格": "0 人"}


def test_dashboard_report_spreadsheet_and_api_show_the_same_counts(client_for, world, settings):
    settings.DANGJIAN_TODAY = "2023-06-30"
    _applicants(world, dt.date(2022, 10, 8))
    page = client_for("secretary").get(reverse("reports:dashboard", args=["a"]) + "?year=2022").content.decode()
    card = page[page.index('id="membership-development"') :]
    assert "发展党员" in card and "入党申请人" in card
    data = report_data(world.school, world.year)
    text = "\n".join(p.text for p in Document(BytesIO(annual_docx(data))).paragraphs)
    assert "发展党员：入党申请人 2 人，入党积极分子 0 人" in text
    sheet = load_workbook(BytesIO(annual_xlsx(data)))["党员队伍"]
    assert ("发展党员", "入党申请人", "2 人") in list(sheet.values)
    body = client_for("secretary").get("/api/v1/stats/school?school=a&year=2022").json()
    (dev,) = [t for t in body["membership"] if t["key"] == "development"]
    assert {"label": "入党申请人", "value": "2 人"} in dev["rows"]


def test_the_tables_read_a_fixed_number_of_queries(world, settings, django_assert_num_queries):
    settings.DANGJIAN_TODAY = "2023-06-30"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_file(world.school, world.branch, "张申请", dt.date(2022, 10, 8))
    with CaptureQueriesContext(connection) as one:
        membership.tables(world.school, world.year)
    _applicants(world, dt.date(2022, 10, 8))
    with django_assert_num_queries(len(one.captured_queries)):
        membership.tables(world.school, world.year)

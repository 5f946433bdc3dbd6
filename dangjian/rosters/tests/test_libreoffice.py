"""Files written by a real LibreOffice (soffice --headless --convert-to xlsx). The test fails, not
skips, when soffice is missing: `make system-test-deps` installs libreoffice-calc-nogui."""

import datetime as dt

import pytest
from openpyxl import Workbook

from dangjian.rosters.services import roster_import
from dangjian.school.models import Staff, Student

from .helpers import csv_bytes, soffice_convert, xlsx_bytes
from .snapshot import snapshot

UTF8_CSV = "CSV:44,34,76,1"  # comma, double quote, UTF-8, from line 1


@pytest.fixture(scope="module")
def lo_staff_from_csv():
    """A staff list typed into LibreOffice (via CSV): ISO dates become real dates, formulas are
    calculated and saved with their values."""
    rows = [
        ["工号", "姓名", "性别", "出生日期", "参加工作时间", "任教学科", "手机号"],
        ["R2001", '="陈"&"晓"', "女", "1990-03-04", "2012/8/1", "语文", "=13800000000+1"],
        ["R2002", "王强", "男", "1985-06-07", "2008年8月1日", "数学", ""],
    ]
    return soffice_convert(csv_bytes(rows), ".csv", infilter=UTF8_CSV)


@pytest.fixture(scope="module")
def lo_students_with_titles_and_errors():
    """Merged title rows, formula cells and error cells, re-saved by LibreOffice."""
    wb = Workbook()
    ws = wb.active
    ws.append(["示范县第一中学"])
    ws.merge_cells("A1:F1")
    ws.append(["2022 级学生名单"])
    ws.merge_cells("A2:F2")
    ws.append(["学号", "姓名", "性别", "年段", "班级", "是否团员"])
    ws.append(["S1", "李华", "女", "高一", "=1+2", "是"])
    ws.append(["S2", "赵敏", "女", "高一", "=1/0", "否"])
    ws.append(["S3", '=VLOOKUP("x",A1:A2,1,FALSE)', "男", "高一", "1", "否"])
    return soffice_convert(_save(wb), ".xlsx")


def _save(wb) -> bytes:
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_libreoffice_xlsx_is_imported_with_cached_formula_values(roster, lo_staff_from_csv):
    assert lo_staff_from_csv[:2] == b"PK"
    plan, applied = roster_import(
        kind="staff", school=roster.school, data=lo_staff_from_csv, filename="lo.xlsx", school_year=roster.year
    )
    assert [str(p) for p in plan.problems] == []
    assert (applied, plan.counts["create"]) == (True, 2)
    chen = Staff.objects.get(staff_number="R2001")
    assert (chen.name, chen.birth_date, chen.started_teaching_on, chen.phone) == (
        "陈晓",
        dt.date(1990, 3, 4),
        dt.date(2012, 8, 1),
        "13800000001",
    )
    assert Staff.objects.get(staff_number="R2002").started_teaching_on == dt.date(2008, 8, 1)
    plan, _ = roster_import(
        kind="staff", school=roster.school, data=lo_staff_from_csv, filename="lo.xlsx", school_year=roster.year
    )
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2}


def test_libreoffice_error_cells_are_row_problems_and_nothing_is_written(roster, lo_students_with_titles_and_errors):
    before = snapshot()
    plan, applied = roster_import(
        kind="students",
        school=roster.school,
        data=lo_students_with_titles_and_errors,
        filename="lo.xlsx",
        school_year=roster.year,
    )
    assert [str(p) for p in plan.problems] == [
        "第 5 行「班级」是错误值 #DIV/0!，请修正公式或填写实际内容。",
        "第 6 行「姓名」是错误值 #N/A，请修正公式或填写实际内容。",
    ]
    assert (applied, snapshot()) == (False, before)
    # The first row's class came from its formula (=1+2): 高一（3）班.
    assert plan.counts["create"] == 1


def test_libreoffice_merged_titles_then_clean_rows_import(roster):
    wb = Workbook()
    ws = wb.active
    ws.append(["学生名单"])
    ws.merge_cells("A1:E1")
    for row in (["学号", "姓名", "性别", "班级", "是否团员"], ["S9", "钱七", "男", "高二（2）班", "是"]):
        ws.append(row)
    data = soffice_convert(_save(wb), ".xlsx")
    plan, applied = roster_import(
        kind="students", school=roster.school, data=data, filename="lo.xlsx", school_year=roster.year
    )
    assert (applied, plan.counts["create"]) == (True, 1)
    assert Student.objects.get(student_number="S9").enrollments.get().school_class == roster.classes[(2, 2)]


def test_libreoffice_legacy_xls_is_refused():
    from dangjian.rosters.columns import STAFF
    from dangjian.rosters.reader import ReadError, read_table

    xls = soffice_convert(xlsx_bytes([["工号", "姓名", "性别"], ["T1", "甲", "男"]]), ".xlsx", to="xls")
    with pytest.raises(ReadError) as error:
        read_table(xls, "old.xls", headers=STAFF.headers, find_by=STAFF.find_by)
    assert str(error.value) == "文件已加密或为旧版 .xls 格式，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入。"

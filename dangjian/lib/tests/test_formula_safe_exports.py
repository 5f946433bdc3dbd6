"""Formula injection: text typed or imported by users (a staff name ``=HYPERLINK(…)``) comes back out of every
export as inert text with its exact value, never as a live formula."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.lib.xlsx import workbook_bytes
from dangjian.support.tests.fixtures import sw  # noqa: F401
from dangjian.tests import factories as f

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def cells(data: bytes):
    """Every cell of every sheet, read back without evaluating anything."""
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def assert_inert(data: bytes, *values: str):
    found = {cell.value: cell for cell in cells(data) if cell.value in values}
    assert set(found) == set(values)
    for cell in found.values():
        assert (cell.data_type, cell.quotePrefix) == ("s", True), cell.value
    assert [c.value for c in cells(data) if c.data_type == "f"] == []


@pytest.mark.parametrize("value", HOSTILE)
def test_the_one_writer_keeps_every_formula_opener_as_text(value):
    assert_inert(workbook_bytes([("表", ["姓名"], [[value], ["普通文本"]])]), value)


def test_plain_text_numbers_and_dates_are_untouched():
    data = workbook_bytes([("表", ["a", "b"], [["张三", 3]])])
    values = {c.value: c for c in cells(data)}
    assert values["张三"].quotePrefix is False
    assert values[3].data_type == "n"


def test_staff_student_and_class_exports(client_for, world):
    f.StaffFactory(school=world.school, name=HOSTILE[0], staff_number="=1+1")
    student = f.StudentFactory(school=world.school, name="-2+3", student_number="@S1")
    f.EnrollmentFactory(student=student, school_year=world.year)
    client = client_for("secretary")
    staff = client.get(reverse("school:staff_list", args=["a"]), {"export": "xlsx", "active": "all"})
    assert_inert(staff.content, HOSTILE[0], "=1+1")
    students = client.get(reverse("school:student_list", args=["a"]), {"export": "xlsx", "year": "2022"})
    assert_inert(students.content, "-2+3", "@S1")


def test_special_and_poor_student_registers(client_for, sw):  # noqa: F811
    sw.special_student.name = "=cmd|' /C calc'!A0"
    sw.special_student.save()
    sw.poor_student.name = "+HYPERLINK(1)"
    sw.poor_student.save()
    client = client_for("secretary")
    special = client.get(reverse("support:export", args=["a", "special"]), {"year": "2022"})
    assert_inert(special.content, "=cmd|' /C calc'!A0")
    poor = client.get(reverse("support:export", args=["a", "poor"]), {"year": "2022"})
    assert_inert(poor.content, "+HYPERLINK(1)")


def test_roster_template_drop_down_options(client_for, world):
    f.SubjectFactory(school=world.school, name="=evil()")
    response = client_for("secretary").get(reverse("rosters:template", args=["a", "staff"]))
    assert_inert(response.content, "=evil()")


def test_an_export_with_formula_like_names_imports_back_unchanged(client_for, world):
    from dangjian.rosters.services import roster_import
    from dangjian.school.models import Staff

    f.StaffFactory(school=world.school, name="=1+1", staff_number="T9")
    data = client_for("secretary").get(reverse("school:staff_list", args=["a"]), {"export": "xlsx", "active": "all"})
    plan, _ = roster_import(
        kind="staff", school=world.school, data=data.content, filename="e.xlsx", school_year=world.year
    )
    assert [str(p) for p in plan.problems] == []
    assert plan.counts["unchanged"] == Staff.objects.filter(school=world.school).count()
    assert Staff.objects.get(staff_number="T9").name == "=1+1"

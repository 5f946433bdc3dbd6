"""Importing the registers the roster way: template, upload → preview → confirm, all or nothing."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains

from dangjian.accounts.models import AuditLog
from dangjian.support import importers
from dangjian.support.enums import CaseOutcome, PoorType
from dangjian.support.models import PoorStudentRecord, SpecialStudentCase
from dangjian.tests import factories as f


def url(name, *args):
    return reverse(f"support:{name}", args=["a", *args])


def xlsx(rows, name="名册.xlsx") -> BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = name
    return out


def upload(client, register, rows, year, name="名册.xlsx"):
    """Post the file; returns the preview response (followed)."""
    file = xlsx(rows, name) if isinstance(rows, list) else rows
    return client.post(url("import"), {"register": register, "school_year": year.pk, "file": file}, follow=True)


def token_of(response):
    return response.context["token"]


# Templates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "headers", "lists"),
    [
        ("poor", ["学号", "姓名", "困难类型", "认定来源", "认定日期", "家庭情况"], {"C": ["建档立卡", "低保"]}),
        ("special", ["学号", "姓名", "类别", "简要情况", "转介人", "转介日期", "帮扶成效"], {"C": ["心理", "行为"]}),
    ],
)
def test_template_has_headers_example_drop_downs_and_notes(client_for, sw, register, headers, lists):
    response = client_for("secretary").get(url("import_template", register))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == [importers.SPECS[register].label, "选项", "说明"]
    ws, options = wb.worksheets[0], wb["选项"]
    assert [c.value for c in ws[1]] == headers
    assert ws["A2"].value == "2022001"  # the example row
    assert options.sheet_state == "hidden"
    validations = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    for letter, first in lists.items():
        dv = validations[letter]
        assert dv.type == "list"
        assert dv.formula1 == f"'选项'!${letter}$2:${letter}${len(importers.SPECS[register].columns[2].choices) + 1}"
        assert [options[f"{letter}{i}"].value for i in (2, 3)] == first
    if register == "poor":
        assert validations["C"].showErrorMessage is True  # one type only
    else:
        assert validations["C"].showErrorMessage is False  # several categories may be typed: 心理、家庭
        assert validations["G"].type == "list"  # 帮扶成效
    notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
    assert notes[0] == f"{importers.SPECS[register].label}导入说明"
    assert "学号" in notes
    assert AuditLog.objects.count() == 0  # a template holds no data


def test_the_template_filled_in_imports(client_for, sw, world):
    """Download, fill in below the example row, upload: the example row is skipped."""
    new = f.StudentFactory(school=world.school, name="新生甲")
    client = client_for("secretary")
    wb = load_workbook(BytesIO(client.get(url("import_template", "poor")).content))
    wb.worksheets[0].append([new.student_number, "新生甲", "低保", "民政局", dt.date(2022, 9, 5), "单亲家庭"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "模板.xlsx"
    response = upload(client, "poor", out, world.year)
    assert response.context["counts"] == {"create": 1, "update": 0, "unchanged": 0}
    assert "第 2 行是模板的示例行，已跳过。" in response.context["plan"].notices


# Preview → confirm ------------------------------------------------------------------------------


def test_preview_names_every_problem_and_writes_nothing(client_for, sw, world):
    new = f.StudentFactory(school=world.school)
    rows = [
        ["学号", "姓名", "困难类型", "认定来源", "认定日期"],
        [new.student_number, new.name, "低保", "民政局", "2022-09-04"],
        [new.student_number, new.name, "低保", "", "2022-09-04"],
        ["NOPE", "", "建档立卡", "", "2022/9/1"],
        [sw.poor_student.student_number, "别人", "贫穷", "", "昨天"],
        [f.StudentFactory(school=world.school).student_number, "", "", "", "2999-01-01"],
    ]
    response = upload(client_for("secretary"), "poor", rows, world.year)
    assert [str(p) for p in response.context["plan"].problems] == [
        f"第 3 行「学号」与第 2 行重复：{new.student_number}。",
        "第 4 行「学号」本校没有学号为 NOPE 的学生。",
        f"第 5 行「姓名」与学号 {sw.poor_student.student_number} 的学生姓名（张小明）不一致，请核对学号。",
        "第 5 行「困难类型」不在可选范围内：贫穷（可选：建档立卡、低保、特困供养、残疾、其他）",
        "第 5 行「认定日期」无法识别：昨天",
        "第 6 行「困难类型」这个字段是必填项。",
        "第 6 行「认定日期」日期应在 2000-01-01 到今天之间。",
    ]
    assertContains(response, "未写入任何数据")
    assertContains(response, "第 4 行")
    assertNotContainsConfirm(response)
    assert PoorStudentRecord.objects.count() == 1
    assert AuditLog.objects.filter(action__startswith="support.import").count() == 0


def assertNotContainsConfirm(response):
    assert "确认导入" not in response.content.decode()


def test_confirm_imports_in_one_go_and_reimport_changes_nothing(client_for, sw, world):
    new = [f.StudentFactory(school=world.school) for _ in range(2)]
    rows = [
        ["学年", "学号", "姓名", "困难类型", "认定来源", "认定日期", "家庭情况"],
        ["2022-2023", new[0].student_number, new[0].name, "建档立卡", "乡村振兴局", dt.datetime(2022, 9, 3), "务农"],
        ["2022-2023", new[1].student_number, "", "低保户", "", "2022年9月4日", ""],
        ["2022-2023", sw.poor_student.student_number, "张小明", "低保", "", "2022-09-01", ""],
    ]
    client = client_for("secretary")
    response = upload(client, "poor", rows, world.year)
    plan = response.context["plan"]
    assert plan.problems == []
    assert plan.notices == ["以下列不属于模板，已忽略：「学年」"]
    assert response.context["counts"] == {"create": 2, "update": 1, "unchanged": 0}
    assert PoorStudentRecord.objects.count() == 1  # the preview writes nothing
    assertContains(response, "确认导入（新增 2，更新 1）")
    response = client.post(url("import_confirm", "poor", token_of(response)), follow=True)
    assertContains(response, "导入完成：新增 2 行，更新 1 行，不变 0 行。")
    records = {r.student_id: r for r in PoorStudentRecord.objects.filter(school_year=world.year)}
    assert (records[new[0].pk].type, records[new[0].pk].recognized_on, records[new[0].pk].family_note) == (
        PoorType.FILED,
        dt.date(2022, 9, 3),
        "务农",
    )
    assert records[new[1].pk].type == PoorType.SUBSISTENCE
    assert records[sw.poor_student.pk].family_note == "父亲务工，母亲患病。"  # a blank note keeps what is stored
    log = AuditLog.objects.get(action="support.import.poor")
    assert (log.user, log.school) == (world.users["secretary"], world.school)
    assert log.summary == "导入2022-2023学年贫困生名册：新增 2，更新 1，不变 0"
    # The same file again: nothing to do.
    response = upload(client, "poor", rows, world.year)
    assert response.context["counts"] == {"create": 0, "update": 0, "unchanged": 3}
    assertContains(response, "文件与现有数据完全一致，无需导入。")
    before = list(PoorStudentRecord.objects.order_by("pk").values())
    client.post(url("import_confirm", "poor", token_of(response)))
    assert list(PoorStudentRecord.objects.order_by("pk").values()) == before


def test_special_register_csv_in_gbk_by_the_counsellor(client_for, sw, world):
    new = f.StudentFactory(school=world.school)
    text = (
        "学号,类别,简要情况,转介人,转介日期,帮扶成效\n"
        f"{new.student_number},心理、家庭,夜里失眠,班主任,2022-10-08,\n"
        f"{sw.other_student.student_number},行为、学习,,,2022.10.1,明显好转\n"
    )
    file = BytesIO(text.encode("gb18030"))
    file.name = "特殊生.csv"
    client = client_for("counsellor")
    response = upload(client, "special", file, world.year)
    assert response.context["plan"].problems == []
    assert response.context["counts"] == {"create": 1, "update": 1, "unchanged": 0}
    assert [a.changes for a in response.context["changed"]] == [(), ("转介人", "转介日期", "帮扶成效")]
    client.post(url("import_confirm", "special", token_of(response)))
    case = SpecialStudentCase.objects.get(student=new)
    assert (case.category_list, case.description, case.outcome) == (
        ["psychological", "family"],
        "夜里失眠",
        CaseOutcome.ONGOING,
    )
    sw.other_case.refresh_from_db()
    assert (sw.other_case.outcome, sw.other_case.description) == (CaseOutcome.IMPROVED, "厌学，作业常缺交。")
    assert AuditLog.objects.get(action="support.import.special").user == world.users["counsellor"]


def test_a_change_after_the_preview_is_refused_at_confirm(client_for, sw, world):
    new = f.StudentFactory(school=world.school)
    client = client_for("secretary")
    rows = [["学号", "困难类型", "认定日期"], [new.student_number, "低保", "2022-09-01"]]
    response = upload(client, "poor", rows, world.year)
    new.delete()
    response = client.post(url("import_confirm", "poor", token_of(response)))
    assert response.status_code == 409
    assert PoorStudentRecord.objects.count() == 1
    assert AuditLog.objects.filter(action__startswith="support.import").count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not excel", "x.xlsx", "不是电子表格文件"),
        (None, "x.xlsx", "未找到表头：缺少列「学号」"),
        (b"PK\x03\x04broken", "x.xlsx", "文件已损坏"),
    ],
)
def test_bad_files_are_named_in_the_preview(client_for, sw, world, content, name, message):
    file = BytesIO(content) if content else xlsx([["姓名", "困难类型", "认定日期"], ["某", "低保", "2022-09-01"]])
    file.name = name
    response = upload(client_for("secretary"), "poor", file, world.year)
    assertContains(response, message)
    assert response.context["counts"] == {"create": 0, "update": 0, "unchanged": 0}


def test_upload_form_refuses_other_file_types(client_for, sw, world):
    response = upload(client_for("secretary"), "poor", [["学号"]], world.year, name="名册.pdf")
    assert response.context["form"].errors["file"] == ["请上传 .xlsx 格式的 Excel 文件或 .csv 文件。"]


# Permissions ------------------------------------------------------------------------------------


def test_counsellor_cannot_import_the_poor_register(client_for, sw, world):
    client = client_for("counsellor")
    response = upload(client, "poor", [["学号", "困难类型", "认定日期"]], world.year)
    assert response.context["form"].errors["register"][0].startswith("选择一个有效的选项")
    assert client.get(url("import_template", "poor")).status_code == 403


def test_preview_and_confirm_belong_to_the_uploader_and_the_register(client_for, sw, world, client):
    secretary = client_for("secretary")
    rows = [
        ["学号", "困难类型", "认定日期"],
        [f.StudentFactory(school=world.school).student_number, "低保", "2022-9-1"],
    ]
    token = token_of(upload(secretary, "poor", rows, world.year))
    # Another user (even one who may import) does not find someone else's upload.
    superuser = client_for("superuser")
    assert superuser.get(url("import_preview", "poor", token)).status_code == 302
    assert superuser.post(url("import_confirm", "poor", token)).status_code == 302
    # Not under another register, not by GET, not by those without the right.
    assert secretary.get(url("import_preview", "special", token)).status_code == 302
    assert secretary.get(url("import_confirm", "poor", token)).status_code == 405
    assert client_for("counsellor").post(url("import_confirm", "poor", token)).status_code == 403
    assert client_for("teacher").get(url("import_preview", "poor", token)).status_code == 403
    assert client_for("county").get(url("import_preview", "poor", token)).status_code == 404
    assert secretary.get(url("import_preview", "aid", token)).status_code == 404
    assert PoorStudentRecord.objects.count() == 1


# The county's figures -----------------------------------------------------------------------------


def test_county_user_reaches_the_support_figures_from_the_school_home(client_for, sw):
    home = reverse("school:home", args=["a"])
    response = client_for("county").get(home, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:county_school", args=["sfx", "a"])
    assertContains(response, f'href="{url("figures")}"')
    assertContains(response, "帮扶统计")
    for role in ("secretary", "teacher"):
        assert "帮扶统计" not in client_for(role).get(home).content.decode()


def test_a_large_register_import_is_applied_by_the_worker(client_for, sw, world, settings, tmp_path, monkeypatch):
    from dangjian.jobs.models import Job
    from dangjian.rosters import jobs

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(jobs, "JOB_ROWS", 1)
    new = [f.StudentFactory(school=world.school) for _ in range(2)]
    rows = [["学号", "姓名", "困难类型", "认定日期"], *([s.student_number, s.name, "低保", "2022-09-01"] for s in new)]
    client = client_for("secretary")
    response = client.post(url("import_confirm", "poor", token_of(upload(client, "poor", rows, world.year))))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.result_url) == ("support.import", "done", url("poor_list") + "?year=2022")
    assert PoorStudentRecord.objects.filter(student__in=new).count() == 2
    assert AuditLog.objects.filter(action="support.import.poor").count() == 1
    assert client_for("counsellor").get(job.get_absolute_url()).status_code == 404  # the uploader's job alone

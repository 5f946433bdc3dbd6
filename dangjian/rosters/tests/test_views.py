"""Pages: the role matrix, upload → preview → confirm, templates and exports."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from dangjian.accounts.models import AuditLog
from dangjian.rosters import uploads
from dangjian.rosters.columns import SPECS, STAFF
from dangjian.rosters.services import roster_import
from dangjian.school.models import Staff, Student, Subject
from dangjian.staffing.models import TeachingAssignment
from dangjian.tests import factories as f

from .helpers import xlsx_bytes
from .snapshot import snapshot

ROLES = [
    "anonymous",
    "secretary",
    "party_staff",
    "branch",
    "jiaowu",
    "counsellor",
    "teacher",
    "outsider",
    "county",
    "superuser",
]
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
OFFICE = {"secretary", "party_staff", "jiaowu", "counsellor", "superuser"}
WRITERS = {"secretary", "party_staff", "jiaowu", "superuser"}
PARTY_ADMINS = {"secretary", "party_staff", "superuser"}  # who manage Party member records
IMPORTERS = {kind: PARTY_ADMINS if kind == "members" else WRITERS for kind in SPECS}


def expect(allowed):
    return {
        role: 302 if role == "anonymous" else 200 if role in allowed else 403 if role in MEMBERS else 404
        for role in ROLES
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


CASES = {
    "index": (lambda: reverse("rosters:index", args=["a"]), expect(WRITERS)),
    **{
        f"template_{kind}": (lambda kind=kind: reverse("rosters:template", args=["a", kind]), expect(IMPORTERS[kind]))
        for kind in SPECS
    },
    **{
        f"upload_{kind}": (lambda kind=kind: reverse("rosters:upload", args=["a", kind]), expect(IMPORTERS[kind]))
        for kind in SPECS
    },
    "export_assignments": (lambda: reverse("rosters:export_assignments", args=["a"]), expect(WRITERS)),
    "export_members": (lambda: reverse("rosters:export_members", args=["a"]), expect(PARTY_ADMINS)),
    "export_staff": (lambda: reverse("school:staff_list", args=["a"]) + "?export=xlsx", expect(OFFICE | {"branch"})),
    "export_students": (lambda: reverse("school:student_list", args=["a"]) + "?export=xlsx", expect(OFFICE)),
    "export_classes": (lambda: reverse("school:class_list", args=["a"]) + "?export=xlsx", expect(MEMBERS)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(roster, client_for, case, role):
    url_of, expected = CASES[case]
    assert client_for(role).get(url_of()).status_code == expected[role]


def test_unknown_kind_is_404(roster, client_for):
    assert client_for("secretary").get("/s/a/rosters/teachers/import/").status_code == 404


def test_confirm_needs_post_and_a_writer(roster, client_for):
    url = reverse("rosters:confirm", args=["a", "staff", "x" * 32])
    assert client_for("secretary").get(url).status_code == 405
    assert client_for("counsellor").post(url).status_code == 403
    assert client_for("outsider").post(url).status_code == 404


ROWS = [["工号", "姓名", "性别", "任教学科"], ["R3001", "陈晓", "女", "语文"], ["J001", "张明", "男", "数学"]]


def upload(client, rows=ROWS, name="名单.xlsx", kind="staff", **extra):
    data = {"file": _file(xlsx_bytes(rows) if isinstance(rows, list) else rows, name), **extra}
    if kind != "assignments" and "school_year" not in extra:
        from dangjian.school.models import SchoolYear

        data["school_year"] = SchoolYear.objects.get(start_year=2022).pk
    return client.post(reverse("rosters:upload", args=["a", kind]), data)


def _file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_upload_preview_confirm(roster, client_for, settings):
    client = client_for("secretary")
    response = upload(client)
    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.rstrip("/").split("/")[-1]
    assert len(list(Path(settings.MEDIA_ROOT, "imports").glob("*.upload"))) == 1
    before = snapshot()
    page = client.get(preview_url)
    assert page.status_code == 200
    assert page.context["counts"] == {"create": 1, "update": 1, "unchanged": 0}
    assert [(a.op, a.label, a.changes) for a in page.context["changed"]] == [
        ("create", "工号 R3001 陈晓", ()),
        ("update", "工号 J001 张明", ("性别", "任教学科")),
    ]
    assert "确认导入（新增 1，更新 1）" in page.text
    assert snapshot() == before  # nothing written before confirm
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("school:staff_list", args=["a"]) + "?imported=1"
    assert Staff.objects.get(staff_number="R3001").name == "陈晓"
    assert list(Path(settings.MEDIA_ROOT, "imports").glob("*.upload")) == []
    entry = AuditLog.objects.get(action="roster.import.staff")
    assert (entry.user.username, entry.school.code) == ("secretary", "a")
    assert entry.summary == "导入教职工（名单.xlsx，2022-2023学年）：新增 1，更新 1，不变 0"
    # The token is spent.
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    assert response["Location"] == reverse("rosters:upload", args=["a", "staff"])


def test_preview_with_problems_has_no_confirm_and_confirm_writes_nothing(roster, client_for):
    client = client_for("jiaowu")
    response = upload(client, [["工号", "姓名", "性别", "出生日期"], ["T1", "甲", "男", "2022/13/01"]])
    page = client.get(response["Location"])
    assert [str(p) for p in page.context["plan"].problems] == ["第 2 行「出生日期」无法识别：2022/13/01"]
    assert "确认导入" not in page.text
    before = snapshot()
    token = response["Location"].rstrip("/").split("/")[-1]
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    assert response.status_code == 409
    assert snapshot() == before


def test_another_users_upload_is_not_reachable(roster, client_for):
    response = upload(client_for("secretary"))
    preview_url = response["Location"]
    client = client_for("party_staff")
    response = client.get(preview_url)
    assert response["Location"] == reverse("rosters:upload", args=["a", "staff"])


def test_expired_upload_is_gone(roster, client_for, monkeypatch, settings):
    client = client_for("secretary")
    response = upload(client)
    monkeypatch.setattr(uploads, "TTL_SECONDS", -1)
    assert client.get(response["Location"])["Location"] == reverse("rosters:upload", args=["a", "staff"])
    assert list(Path(settings.MEDIA_ROOT, "imports").glob("*.upload")) == []


def test_oversized_upload_is_refused_before_storing(roster, client_for, monkeypatch, settings):
    monkeypatch.setattr("dangjian.rosters.views.MAX_BYTES", 1024 * 1024)
    response = upload(client_for("secretary"), b"x" * (1024 * 1024 + 1), name="big.csv")
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["文件超过 1 MB，请拆分后分批导入。"]}
    assert not Path(settings.MEDIA_ROOT, "imports").exists() or not list(Path(settings.MEDIA_ROOT, "imports").glob("*"))


def test_not_a_spreadsheet_is_refused_in_the_preview(roster, client_for):
    client = client_for("secretary")
    page = client.get(upload(client, b"%PDF-1.4", name="a.pdf")["Location"])
    assert [str(p) for p in page.context["plan"].problems] == ["不是电子表格文件：请上传 .xlsx 或 .csv 文件。"]


def test_template_has_drop_downs_notes_and_an_example_that_is_skipped(roster, client_for):
    response = client_for("secretary").get(reverse("rosters:template", args=["a", "staff"]))
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E6%95%99%E8%81%8C%E5%B7%A5%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["教职工", "选项", "说明"]
    assert wb["选项"].sheet_state == "hidden"
    ws = wb["教职工"]
    assert [c.value for c in ws[1]] == [c.header for c in STAFF.columns]
    validations = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert validations["C2:C2001"] == "'选项'!$C$2:$C$3"  # 性别
    assert [wb["选项"].cell(row=r, column=6).value for r in range(2, 6)] == ["数学", "物理", "英语", "语文"]
    notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
    assert notes[0] == "教职工导入说明"
    assert "出生日期" in notes
    plan, applied = roster_import(
        kind="staff", school=roster.school, data=response.content, filename="t.xlsx", school_year=roster.year
    )
    assert (plan.counts, plan.notices, applied) == (
        {"create": 0, "update": 0, "unchanged": 0},
        ["第 2 行是模板的示例行，已跳过。"],
        True,
    )


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_template_opens_and_matches_its_columns(roster, client_for, kind):
    response = client_for("superuser").get(reverse("rosters:template", args=["a", kind]))
    ws = load_workbook(io.BytesIO(response.content))[SPECS[kind].label]
    assert [c.value for c in ws[1]] == [c.header for c in SPECS[kind].columns]


def _export(client, url) -> list[list]:
    if "/rosters/" not in url:
        url += ("&" if "?" in url else "?") + "export=xlsx"
    response = client.get(url)
    assert response.status_code == 200
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_staff_export_applies_filters_and_round_trips(roster, client_for):
    roster_import(
        kind="staff",
        school=roster.school,
        data=xlsx_bytes(
            [
                ["工号", "姓名", "性别", "出生日期", "任教学科", "政治面貌", "入党时间", "所属年段", "手机号", "在职"],
                [
                    "R3001",
                    "陈晓",
                    "女",
                    "1990-03-04",
                    "语文、数学",
                    "中共党员",
                    "2015-07-01",
                    "高一",
                    "13800000001",
                    "是",
                ],
            ]
        ),
        filename="a.xlsx",
        school_year=roster.year,
    )
    client = client_for("secretary")
    rows = _export(client, reverse("school:staff_list", args=["a"]) + "?political_status=party_any")
    assert rows[0] == [c.header for c in STAFF.columns]
    party_teacher = roster.school.staff.get(name="王老师")
    assert [r[0] for r in rows[1:]] == ["R3001", party_teacher.staff_number]  # the new one, the fixture's party teacher
    assert rows[1][:9] == ["R3001", "陈晓", "女", rows[1][3], rows[1][4], "数学、语文", "中共党员", rows[1][7], "高一"]
    everyone = _export(client, reverse("school:staff_list", args=["a"]) + "?active=all")
    exported = xlsx_bytes(everyone)
    plan, _ = roster_import(
        kind="staff", school=roster.school, data=exported, filename="e.xlsx", school_year=roster.year
    )
    assert [str(p) for p in plan.problems] == []
    assert plan.counts == {"create": 0, "update": 0, "unchanged": Staff.objects.filter(school=roster.school).count()}


def test_student_and_class_exports_round_trip(roster, client_for):
    roster_import(
        kind="students",
        school=roster.school,
        data=xlsx_bytes(
            [
                ["学号", "姓名", "性别", "出生日期", "班级", "是否团员"],
                ["S1", "李华", "女", "2007-03-15", "高一（3）班", "是"],
                ["S2", "赵敏", "女", "", "", "否"],
            ]
        ),
        filename="a.xlsx",
        school_year=roster.year,
    )
    roster_import(
        kind="classes",
        school=roster.school,
        data=xlsx_bytes(
            [
                ["班级", "班主任工号", "选科组合"],
                ["1-1", "J001", ""],
                ["2-1", "", "物理、化学、生物"],
                ["2-2", "", "史地生"],
            ]
        ),
        filename="a.xlsx",
        school_year=roster.year,
    )
    client = client_for("secretary")
    students = _export(client, reverse("school:student_list", args=["a"]) + "?year=2022")
    assert students == [
        [c.header for c in SPECS["students"].columns],
        ["S1", "李华", "女", dt.datetime(2007, 3, 15), "高一", "高一（3）班", "是", "在读"],
        ["S2", "赵敏", "女", None, None, None, "否", "在读"],
    ]
    classes = _export(client, reverse("school:class_list", args=["a"]) + "?grade=1")
    assert classes[:2] == [
        ["年段", "班级", "班主任工号", "班主任姓名", "选科组合"],
        ["高一", "高一（1）班", "J001", "张明", None],
    ]
    assert len(classes) == 4
    gao_er = _export(client, reverse("school:class_list", args=["a"]) + "?grade=2")
    assert [row[-1] for row in gao_er[1:]] == ["物化生", "史地生", None]
    for kind, rows in (("students", students), ("classes", classes), ("classes", gao_er)):
        plan, _ = roster_import(
            kind=kind, school=roster.school, data=xlsx_bytes(rows), filename="e.xlsx", school_year=roster.year
        )
        assert (plan.problems, plan.counts["create"], plan.counts["update"]) == ([], 0, 0)


def test_assignment_export_round_trips(roster, client_for):
    for school_class in roster.classes.values():
        TeachingAssignment.objects.create(
            semester=roster.semester,
            school_class=school_class,
            subject=roster.subjects["语文"],
            teacher=roster.teachers["J001"],
        )
    rows = _export(
        client_for("jiaowu"), reverse("rosters:export_assignments", args=["a"]) + "?semester=2022-2023-1&grade=2"
    )
    assert rows[:2] == [
        ["学期", "年段", "班级", "学科", "教师工号", "教师姓名"],
        ["2022-2023-1", "高二", "高二（1）班", "语文", "J001", "张明"],
    ]
    assert len(rows) == 4
    plan, _ = roster_import(kind="assignments", school=roster.school, data=xlsx_bytes(rows), filename="e.xlsx")
    assert (plan.problems, plan.counts) == ([], {"create": 0, "update": 0, "unchanged": 3})


def test_unknown_semester_export_is_404(roster, client_for):
    url = reverse("rosters:export_assignments", args=["a"]) + "?semester=2030-2031-1"
    assert client_for("secretary").get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_export_query_counts(roster, client_for, django_assert_max_num_queries, size):
    for i in range(size):
        student = f.StudentFactory(school=roster.school)
        f.EnrollmentFactory(student=student, school_class=roster.classes[(1, 1)], school_year=roster.year)
        staff = f.StaffFactory(school=roster.school)
        staff.subjects.add(roster.subjects["语文"])
        TeachingAssignment.objects.create(
            semester=roster.semester,
            school_class=roster.classes[(1, i % 3 + 1)],
            subject=list(roster.subjects.values())[i % 4],
            teacher=staff,
        )
    client = client_for("secretary")
    urls = {
        reverse("school:staff_list", args=["a"]) + "?export=xlsx": 12,
        reverse("school:student_list", args=["a"]) + "?export=xlsx": 10,
        reverse("school:class_list", args=["a"]) + "?export=xlsx": 10,
        reverse("rosters:export_assignments", args=["a"]) + "?semester=2022-2023-1": 8,
    }
    for url, limit in urls.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    assert Student.objects.count() == size


def test_index_lists_what_the_user_may_import(roster, client_for):
    page = client_for("jiaowu").get(reverse("rosters:index", args=["a"]))
    assert [s.kind for s in page.context["specs"]] == ["staff", "students", "classes", "assignments"]


@pytest.mark.parametrize("role", ROLES)
def test_preview_per_role(roster, client_for, role):
    """Only the writer who uploaded a file sees its preview; another writer is sent back to the upload page."""
    uploader = client_for("secretary")
    preview_url = upload(uploader)["Location"]
    assert resolve(preview_url).view_name == "rosters:preview"
    response = (uploader if role == "secretary" else client_for(role)).get(preview_url)
    if role == "secretary":
        assert response.status_code == 200 and "陈晓" in response.content.decode()
    elif role in WRITERS:
        assert response.status_code == 302 and response["Location"] == reverse("rosters:upload", args=["a", "staff"])
    else:
        assert response.status_code == expect(WRITERS)[role]


def test_a_large_import_is_applied_by_the_worker(roster, client_for, settings, monkeypatch):
    """Above JOB_ROWS previewed rows the confirm step queues a job (run at once by the tests' immediate backend)
    whose page leads to the list; the upload is spent and the job is the uploader's alone."""
    from dangjian.jobs.models import Job
    from dangjian.rosters import jobs

    monkeypatch.setattr(jobs, "JOB_ROWS", 1)
    client = client_for("secretary")
    preview_url = upload(client)["Location"]
    token = preview_url.rstrip("/").split("/")[-1]
    client.get(preview_url)
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.params["rows"]) == ("rosters.import", "done", 2)
    assert job.result_url == reverse("school:staff_list", args=["a"])
    assert job.stage == "导入完成：教职工：新增 1 行，更新 1 行，不变 0 行，问题 0 个"
    assert Staff.objects.get(staff_number="R3001").name == "陈晓"
    assert AuditLog.objects.filter(action="roster.import.staff", user__username="secretary").count() == 1
    assert list(Path(settings.MEDIA_ROOT, "imports").glob("*.upload")) == []
    assert client.post(reverse("rosters:confirm", args=["a", "staff", token]))["Location"].endswith("/import/")
    assert client_for("party_staff").get(job.get_absolute_url()).status_code == 404


def test_a_large_import_whose_data_changed_since_the_preview_fails_writing_nothing(roster, client_for, monkeypatch):
    from dangjian.jobs.models import Job
    from dangjian.rosters import jobs

    monkeypatch.setattr(jobs, "JOB_ROWS", 1)
    client = client_for("secretary")
    rows = [["工号", "姓名", "性别", "任教学科"], ["R3001", "陈晓", "女", "语文"], ["R3002", "林立", "男", "数学"]]
    preview_url = upload(client, rows)["Location"]
    token = preview_url.rstrip("/").split("/")[-1]
    client.get(preview_url)
    Subject.objects.filter(school__code="a", name="语文").delete()  # the data changes after the preview
    before = snapshot()
    client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error.startswith(
        "数据在预览后发生了变化，出现了问题，未写入任何数据。请核对后重新上传。；第 2 行「任教学科」"
    )
    after = snapshot()
    assert [e["action"] for e in after.pop("accounts.AuditLog")] == ["jobs.start"]  # the only write
    before.pop("accounts.AuditLog")
    assert after == before


def test_the_preview_shows_old_and_new_values_of_each_update(roster, client_for):
    client = client_for("secretary")
    page = client.get(upload(client)["Location"])
    [update] = [a for a in page.context["changed"] if a.op == "update"]
    before = Staff.objects.get(staff_number="J001")
    old_subjects = "、".join(s.name for s in before.subjects.order_by("pk")) or "（空）"
    assert update.diffs == (
        ("性别", before.get_gender_display() or "（空）", "男"),
        ("任教学科", old_subjects, "数学"),
    )
    assert "<del" in page.content.decode() and "→" in page.content.decode()


def test_after_an_import_the_list_opens_on_what_it_created_or_changed(roster, client_for):
    client = client_for("secretary")
    preview_url = upload(client)["Location"]
    client.get(preview_url)
    token = preview_url.rstrip("/").split("/")[-1]
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]))
    assert response["Location"] == reverse("school:staff_list", args=["a"]) + "?imported=1"
    page = client.get(response["Location"])
    assert sorted(s.staff_number for s in page.context["object_list"]) == ["J001", "R3001"]
    assert "只显示刚导入新增或更新的 2 条记录" in page.content.decode()
    everyone = client.get(reverse("school:staff_list", args=["a"]))
    assert everyone.context["page_obj"].paginator.count > 2 and everyone.context["imported"] is None

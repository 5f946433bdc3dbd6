"""/api/v1/rosters: the pages' permissions, dry run and commit through the same service as the
page, problems by row and column with nothing written, bad files as 422, template and exports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from dangjian.accounts.models import AuditLog
from dangjian.conftest import ROLE_NAMES
from dangjian.rosters.columns import SPECS, STAFF
from dangjian.rosters.tests import conftest as roster_fixtures
from dangjian.rosters.tests.helpers import csv_bytes, xlsx_bytes
from dangjian.rosters.tests.snapshot import snapshot
from dangjian.school.models import Staff, Student
from dangjian.staffing.models import TeachingAssignment
from dangjian.tests import factories as f

STAFF_ROWS = [["工号", "姓名", "性别", "任教学科"], ["R3001", "陈晓", "女", "语文"], ["J001", "张明", "男", "数学"]]
FILES = {
    "staff": STAFF_ROWS,
    "students": [["学号", "姓名", "性别", "班级"], ["S1", "李华", "女", "高一（3）班"]],
    "classes": [["班级", "班主任工号"], ["1-1", "J001"]],
    "assignments": [["学期", "班级", "学科", "教师工号"], ["2022-2023-1", "高一（1）班", "语文", "J001"]],
    "members": [
        ["工号", "所在支部", "状态", "接收为预备党员日期", "转为正式党员日期", "党内职务"],
        ["J001", "第一党支部", "正式党员", "2009-07-01", "2010-07-01", "组织委员"],
    ],
}
QUERY = "school=a&year=2022&semester=2022-2023-1"
roster = roster_fixtures.roster  # the rosters tests' fixture: subjects, classes, teachers J001/J002, semesters


def post_file(client, kind="staff", data=None, *, name="名单.xlsx", query=QUERY, **headers):
    data = xlsx_bytes(FILES[kind]) if data is None else data
    url = f"/api/v1/rosters/{kind}/import?{query}"
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, headers=headers)


def commit(client, kind="staff", data=None, **kwargs):
    return post_file(client, kind, data, query=QUERY + "&dry_run=false", **kwargs)


# Permissions -------------------------------------------------------------------------------------

#         anonymous secretary party_staff branch jiaowu counsellor teacher outsider county superuser
WRITERS = [401, 200, 200, 403, 200, 403, 403, 404, 404, 200]
PARTY_ADMINS = [401, 200, 200, 403, 403, 403, 403, 404, 404, 200]  # the Party member roster
IMPORTERS = {kind: PARTY_ADMINS if kind == "members" else WRITERS for kind in SPECS}
ENDPOINTS = {
    "kinds": (lambda c: c.get("/api/v1/rosters/kinds?school=a"), WRITERS),
    **{
        f"template_{kind}": (lambda c, kind=kind: c.get(f"/api/v1/rosters/{kind}/template?school=a"), IMPORTERS[kind])
        for kind in SPECS
    },
    **{f"import_{kind}": (lambda c, kind=kind: post_file(c, kind), IMPORTERS[kind]) for kind in SPECS},
    "commit_staff": (lambda c: commit(c), WRITERS),
    "export_staff": (
        lambda c: c.get(f"/api/v1/rosters/staff/export?{QUERY}"),
        [401, 200, 200, 200, 200, 200, 403, 404, 404, 200],
    ),
    "export_students": (
        lambda c: c.get(f"/api/v1/rosters/students/export?{QUERY}"),
        [401, 200, 200, 403, 200, 200, 403, 404, 404, 200],
    ),
    "export_classes": (
        lambda c: c.get(f"/api/v1/rosters/classes/export?{QUERY}"),
        [401, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    ),
    "export_assignments": (lambda c: c.get(f"/api/v1/rosters/assignments/export?{QUERY}"), WRITERS),
    "export_members": (lambda c: c.get(f"/api/v1/rosters/members/export?{QUERY}"), PARTY_ADMINS),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_permission_matrix(roster, client_for, endpoint, role):
    call, expected = ENDPOINTS[endpoint]
    before = Staff.objects.count()
    response = call(client_for(role))
    status = expected[ROLE_NAMES.index(role)]
    assert response.status_code == status, response.content.decode()
    if status != 200:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert set(response.json()) == {"detail"}
        assert Staff.objects.count() == before


def test_unknown_kind_is_404(roster, client_for):
    client = client_for("secretary")
    for response in (
        client.get("/api/v1/rosters/teachers/template?school=a"),
        client.get("/api/v1/rosters/teachers/export?school=a"),
        post_file(client, "staff", query="school=b"),
        client.post("/api/v1/rosters/teachers/import?school=a", {"file": SimpleUploadedFile("a.xlsx", b"x")}),
    ):
        assert response.status_code == 404
    assert response.json()["detail"].startswith("没有这种名册：teachers")


def test_bearer_token_imports_without_csrf_and_session_needs_it(roster, world, token_for):
    bearer = Client(enforce_csrf_checks=True)
    response = commit(bearer, Authorization=f"Bearer {token_for('jiaowu')}")
    assert response.status_code == 200
    assert AuditLog.objects.get(action="roster.import.staff").user == world.users["jiaowu"]
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.users["secretary"])
    response = commit(session)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF 校验失败")


# Kinds and template ----------------------------------------------------------------------------------


def test_kinds_list_what_the_user_may_import_with_columns(roster, client_for):
    kinds = client_for("jiaowu").get("/api/v1/rosters/kinds?school=a").json()
    assert [(k["kind"], k["label"], k["period"]) for k in kinds] == [
        ("staff", "教职工", "school_year"),
        ("students", "学生", "school_year"),
        ("classes", "班级", "school_year"),
        ("assignments", "任课安排", "semester"),
    ]
    staff = kinds[0]
    assert staff["key_columns"] == ["工号"]
    assert [c["header"] for c in staff["columns"]] == [c.header for c in STAFF.columns]
    assert [c["header"] for c in staff["columns"] if c["required"]] == ["工号", "姓名", "性别"]
    columns = {c["header"]: c for c in staff["columns"]}
    assert columns["工号"]["note"] == STAFF.column("staff_number").note
    assert columns["性别"]["options"] == ["男", "女"]
    assert columns["任教学科"]["options"] == ["数学", "物理", "英语", "语文"]
    assert columns["姓名"]["options"] == []
    assert [k["kind"] for k in client_for("secretary").get("/api/v1/rosters/kinds?school=a").json()] == list(SPECS)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_template_is_the_pages_template(roster, client_for, kind):
    client = client_for("secretary")
    response = client.get(f"/api/v1/rosters/{kind}/template?school=a")
    page = client.get(f"/s/a/rosters/{kind}/template.xlsx")
    assert response["Content-Disposition"] == page["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [SPECS[kind].label, "选项", "说明"]
    assert [c.value for c in workbook[SPECS[kind].label][1]] == [c.header for c in SPECS[kind].columns]


# Import ------------------------------------------------------------------------------------------------


def test_dry_run_previews_without_writing(roster, client_for):
    before = snapshot()
    response = post_file(client_for("secretary"))
    assert response.status_code == 200
    assert snapshot() == before
    assert response.json() == {
        "kind": "staff",
        "label": "教职工",
        "filename": "名单.xlsx",
        "school_year": "2022-2023",
        "semester": None,
        "dry_run": True,
        "applied": False,
        "ok": True,
        "summary": "教职工：新增 1 行，更新 1 行，不变 0 行，问题 0 个",
        "counts": {"create": 1, "update": 1, "unchanged": 0},
        "problems": [],
        "warnings": [],
        "added": {},
        "notices": [],
        "changes": [
            {"row": 2, "op": "create", "op_display": "新增", "label": "工号 R3001 陈晓", "changes": []},
            {
                "row": 3,
                "op": "update",
                "op_display": "更新",
                "label": "工号 J001 张明",
                "changes": ["性别", "任教学科"],
            },
        ],
        "changes_more": 0,
    }


def test_dry_run_lists_row_problems_as_the_preview_page(roster, client_for):
    rows = [
        ["工号", "姓名", "性别", "出生日期", "备注"],
        ["T1", "甲", "男", "2022/13/01", ""],
        ["T2", "乙", "女", "", ""],
    ]
    before = snapshot()
    response = post_file(client_for("secretary"), data=xlsx_bytes(rows))
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["counts"], body["notices"]) == (
        False,
        {"create": 1, "update": 0, "unchanged": 0},
        ["以下列不属于模板，已忽略：「备注」"],
    )
    assert body["problems"] == [
        {
            "row": 2,
            "column": "出生日期",
            "message": "无法识别：2022/13/01",
            "text": "第 2 行「出生日期」无法识别：2022/13/01",
        }
    ]
    assert snapshot() == before


def test_commit_writes_in_one_go_and_audits_like_the_page(roster, client_for):
    response = commit(client_for("secretary"))
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["applied"], body["counts"]) == (
        False,
        True,
        {"create": 1, "update": 1, "unchanged": 0},
    )
    assert Staff.objects.get(staff_number="R3001").name == "陈晓"
    assert list(Staff.objects.get(staff_number="J001").subjects.values_list("name", flat=True)) == ["数学"]
    entry = AuditLog.objects.get(action="roster.import.staff")
    assert (entry.user.username, entry.school.code) == ("secretary", "a")
    assert entry.summary == "导入教职工（名单.xlsx，2022-2023学年）：新增 1，更新 1，不变 0"
    again = commit(client_for("secretary")).json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 2}


def test_commit_of_assignments_uses_the_semester(roster, client_for):
    rows = [["班级", "学科", "教师工号", "教师姓名"], ["高二（2）班", "数学", "J002", "李红"]]
    response = commit(client_for("jiaowu"), "assignments", xlsx_bytes(rows))
    assert response.status_code == 200
    assert response.json()["semester"] == "2022-2023-1"
    assignment = TeachingAssignment.objects.get()
    assert (assignment.semester, assignment.school_class.name, assignment.teacher.name) == (
        roster.semester,
        "高二（2）班",
        "李红",
    )


def test_commit_with_one_bad_row_is_422_and_writes_nothing(roster, client_for):
    rows = [["学号", "姓名", "性别", "班级"], ["S1", "李华", "女", "高一（3）班"], ["S2", "赵敏", "女", "高三（9）班"]]
    before = snapshot()
    response = commit(client_for("secretary"), "students", xlsx_bytes(rows))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "发现 1 个问题，未写入任何数据。",
        "errors": {"第 3 行「班级」": ["找不到2022-2023学年的班级：高三（9）班。"]},
        "problems": [
            {
                "row": 3,
                "column": "班级",
                "message": "找不到2022-2023学年的班级：高三（9）班。",
                "text": "第 3 行「班级」找不到2022-2023学年的班级：高三（9）班。",
            }
        ],
        "notices": [],
    }
    assert snapshot() == before
    assert Student.objects.count() == 0


FILE = "文件"
BAD_FILES = {
    "pdf": (b"%PDF-1.4 not a spreadsheet", "a.pdf", {FILE: ["不是电子表格文件：请上传 .xlsx 或 .csv 文件。"]}),
    "empty": (b"", "a.xlsx", {FILE: ["文件是空的。"]}),
    "corrupt": (
        b"PK\x03\x04 broken zip",
        "a.xlsx",
        {FILE: ["文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。"]},
    ),
    "legacy_xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64,
        "a.xls",
        {FILE: ["文件已加密或为旧版 .xls 格式，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入。"]},
    ),
    "no_header": (
        xlsx_bytes([["编号", "名字"], ["1", "甲"]]),
        "a.xlsx",
        {FILE: ["未找到表头：缺少列「工号」「姓名」。"]},
    ),
    "missing_required": (xlsx_bytes([["工号", "姓名"], ["T1", "甲"]]), "a.xlsx", {"文件「性别」": ["缺少必填列。"]}),
}


@pytest.mark.parametrize("dry_run", ["true", "false"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_422_with_a_chinese_message(roster, client_for, case, dry_run):
    data, name, errors = BAD_FILES[case]
    before = snapshot()
    response = post_file(client_for("secretary"), data=data, name=name, query=f"{QUERY}&dry_run={dry_run}")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == errors
    assert [p["row"] for p in body["problems"]] == [None]
    assert body["detail"] == body["problems"][0]["text"]
    assert snapshot() == before


def test_oversized_file_is_422(roster, client_for, monkeypatch):
    monkeypatch.setattr("dangjian.rosters.reader.MAX_BYTES", 1024 * 1024)
    response = post_file(client_for("secretary"), data=b"x" * (1024 * 1024 + 1), name="big.csv")
    assert response.status_code == 422
    assert response.json()["detail"] == "文件超过 1 MB，请拆分后分批导入。"


def test_csv_is_accepted_like_on_the_page(roster, client_for):
    response = commit(client_for("secretary"), data=csv_bytes(STAFF_ROWS, encoding="gb18030"), name="名单.csv")
    assert response.json()["counts"] == {"create": 1, "update": 1, "unchanged": 0}


def test_missing_file_and_bad_flag_are_422(roster, client_for):
    client = client_for("secretary")
    response = client.post(f"/api/v1/rosters/staff/import?{QUERY}")
    assert response.status_code == 422
    assert response.json()["errors"] == {"文件": ["必须提供此参数。"]}
    response = post_file(client, query=QUERY + "&dry_run=maybe")
    assert response.status_code == 422
    assert response.json()["errors"] == {"只预览（dry_run）": ["应为布尔值（true 或 false）。"]}


def test_unknown_semester_is_404(roster, client_for):
    response = post_file(client_for("secretary"), "assignments", query="school=a&semester=2030-2031-1")
    assert response.status_code == 404
    assert response.json()["detail"] == "学期不存在：2030-2031-1"


@pytest.mark.parametrize("size", [1, 5])
def test_dry_run_query_count_is_constant(roster, client_for, django_assert_max_num_queries, size):
    rows = [["工号", "姓名", "性别", "任教学科", "处室"]] + [
        [f"R{i:04}", f"老师{i}", "女", "语文、数学", "教务处"] for i in range(size)
    ]
    client = client_for("secretary")
    with django_assert_max_num_queries(13):
        response = post_file(client, data=xlsx_bytes(rows))
    assert response.json()["counts"]["create"] == size


# Export ------------------------------------------------------------------------------------------------


def _rows(response) -> list[list]:
    assert response.status_code == 200, response.content.decode()
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_exports_reopen_and_round_trip(roster, client_for):
    client = client_for("secretary")
    for kind in SPECS:
        assert commit(client, kind).json()["applied"] is True
    for kind in SPECS:
        rows = _rows(client.get(f"/api/v1/rosters/{kind}/export?{QUERY}"))
        assert rows[0] == [c.header for c in SPECS[kind].columns]
        preview = post_file(client, kind, xlsx_bytes(rows)).json()
        assert (preview["problems"], preview["counts"]["create"], preview["counts"]["update"]) == ([], 0, 0)
    students = _rows(client.get(f"/api/v1/rosters/students/export?{QUERY}"))
    assert students[1:] == [["S1", "李华", "女", None, "高一", "高一（3）班", "否", "在读"]]
    assignments = _rows(client.get(f"/api/v1/rosters/assignments/export?{QUERY}&grade=1"))
    assert assignments[1:] == [["2022-2023-1", "高一", "高一（1）班", "语文", "J001", "张明"]]
    assert len(_rows(client.get(f"/api/v1/rosters/classes/export?{QUERY}&grade=2"))) == 4


def test_staff_export_shows_what_the_user_may_read(roster, client_for):
    f.StaffFactory(school=roster.school, staff_number="X1", is_active=False)
    secretary = [r[0] for r in _rows(client_for("secretary").get(f"/api/v1/rosters/staff/export?{QUERY}"))[1:]]
    assert "X1" not in secretary  # in-service staff only, as the page's default
    assert {"J001", "J002"} <= set(secretary)
    branch = _rows(client_for("branch").get(f"/api/v1/rosters/staff/export?{QUERY}"))
    assert [r[1] for r in branch[1:]] == ["王老师"]


def test_export_is_named_like_the_page(roster, client_for):
    response = client_for("jiaowu").get(f"/api/v1/rosters/assignments/export?{QUERY}")
    page = client_for("jiaowu").get("/s/a/rosters/assignments.xlsx?semester=2022-2023-1")
    assert response["Content-Disposition"] == page["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_export_of_an_unknown_semester_is_404(roster, client_for):
    response = client_for("secretary").get("/api/v1/rosters/assignments/export?school=a&semester=2030-2031-1")
    assert response.status_code == 404


def test_openapi_documents_the_rosters_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = {p: sorted(ops) for p, ops in schema["paths"].items() if p.startswith("/api/v1/rosters")}
    assert paths == {
        "/api/v1/rosters/kinds": ["get"],
        "/api/v1/rosters/{kind}/template": ["get"],
        "/api/v1/rosters/{kind}/import": ["post"],
        "/api/v1/rosters/{kind}/export": ["get"],
    }
    operation = schema["paths"]["/api/v1/rosters/{kind}/import"]["post"]
    assert operation["summary"] == "导入名册（默认只预览）"
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert sorted(operation["responses"]) == ["200", "401", "403", "404", "422"]


def test_unknown_skill_is_a_warning_and_is_added_with_add_unknown(roster, client_for):
    rows = [["工号", "姓名", "性别", "特长"], ["J001", "张明", "男", "心理健康教育C证"]]
    client = client_for("secretary")
    preview = post_file(client, data=xlsx_bytes(rows)).json()
    assert (preview["ok"], [w["text"] for w in preview["warnings"]]) == (
        True,
        ["第 2 行「特长」“心理健康教育C证”不在特长列表中：确认导入时选择“加入列表”则加入并导入，否则忽略该值。"],
    )
    response = post_file(client, data=xlsx_bytes(rows), query=QUERY + "&dry_run=false&add_unknown=true").json()
    assert (response["applied"], response["added"], response["warnings"]) == (
        True,
        {"skills": ["心理健康教育C证"]},
        [],
    )
    assert list(Staff.objects.get(staff_number="J001").skills.values_list("name", flat=True)) == ["心理健康教育C证"]

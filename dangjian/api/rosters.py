"""/api/v1/rosters: the spreadsheet import and export of the 导入导出 pages, with their permissions.

An import is one request: a dry run (the default) answers the preview the page shows (rows to create,
update or leave unchanged, and every problem by row and column); ``dry_run=false`` applies the file
through the same service as the page's confirm button (one transaction, one audit entry), or answers
422 with the problems and writes nothing. A file that cannot be read as the roster (not a
spreadsheet, too big, empty, a required column missing) is 422 in both modes."""

from typing import Annotated

from django.http import Http404
from ninja import File, Path, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import Field

from dangjian.lib.xlsx import XLSX_CONTENT_TYPE
from dangjian.rosters import exports, queries
from dangjian.rosters import permissions as perms
from dangjian.rosters.columns import SPECS
from dangjian.rosters.importers import OP_LABELS, Plan, Problem
from dangjian.rosters.reader import MAX_BYTES
from dangjian.rosters.services import roster_import
from dangjian.rosters.views import PREVIEW_LIMIT
from dangjian.school import permissions as school_perms
from dangjian.school import queries as school_queries
from dangjian.school.queries import school_year_from_param

from .common import ERRORS, SchoolParam, Text, YearParam, school_year_for

router = Router(tags=["名册导入导出"])

KINDS = "、".join(f"{kind}（{spec.label}）" for kind, spec in SPECS.items())
KindParam = Annotated[str, Path(..., title="名册类型", description=KINDS)]
SemesterParam = Annotated[
    Text, Query("", title="学期（semester）", description="仅任课安排：如 2022-2023-1，默认当前学期")
]
GradeParam = Annotated[
    Text, Query("", title="年段（grade）", description="学生、班级、任课安排：1 高一、2 高二、3 高三；不填为全部")
]
XLSX_DOWNLOAD = {
    "responses": {
        200: {
            "description": ".xlsx 文件",
            "content": {XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _school(request, code: str, kind: str | None = None, *, export: bool = False):
    """The school through the pages' helpers: 404 for an unknown kind, to outsiders and the county;
    403 to members who may not import (or export) this roster."""
    if kind is not None and kind not in SPECS:
        raise Http404(f"没有这种名册：{kind}（可选：{KINDS}）")
    if export:
        return perms.get_school_for_export(request.user, code, kind)
    return perms.get_school_for_import(request.user, code, kind)


def _semester(value: str, *, required: bool = False):
    semester = queries.semester_or_current(value)
    if semester is None and (value or required):
        raise Http404(f"学期不存在：{value}" if value else "尚未设置学期")
    return semester


# Kinds and templates ----------------------------------------------------------------------------


class ColumnOut(Schema):
    key: str
    header: str = Field(description="表头（中文）")
    required: bool = Field(description="文件中必须有此列")
    note: str = Field(description="填写说明")
    aliases: list[str] = Field(description="表头的其他写法")
    options: list[str] = Field(description="可选值（模板中的下拉列表）；空表示自由填写")


class KindOut(Schema):
    kind: str
    label: str
    intro: str
    period: str = Field(
        description="school_year：按学年（year 参数）导入；semester：按学期（semester 参数）导入；空：不按学年"
    )
    key_columns: list[str] = Field(description="识别记录的列（表头）")
    columns: list[ColumnOut]


@router.get("/kinds", response={200: list[KindOut], **ERRORS}, summary="可导入的名册及其列")
def kinds(request, school: SchoolParam, year: YearParam = ""):
    """本人在该校可导入的名册：中文名称、说明和每一列（表头、是否必填、填写说明、可选值），供客户端生成文件。"""
    school_obj = _school(request, school)
    vocab = exports.vocabularies(school_obj, school_year_from_param(year))
    out = []
    for kind in perms.importable_kinds(request.user, school_obj):
        spec = SPECS[kind]
        out.append(
            {
                "kind": kind,
                "label": spec.label,
                "intro": spec.intro,
                "period": spec.period,
                "key_columns": [spec.column(key).header for key in spec.key_columns],
                "columns": [
                    {
                        "key": c.key,
                        "header": c.header,
                        "required": c.required,
                        "note": c.note,
                        "aliases": list(c.aliases),
                        "options": exports.column_options(c, vocab),
                    }
                    for c in spec.columns
                ],
            }
        )
    return out


@router.get("/{kind}/template", response=ERRORS, summary="下载导入模板（.xlsx）", openapi_extra=XLSX_DOWNLOAD)
def template(request, kind: KindParam, school: SchoolParam, year: YearParam = ""):
    """与“导入导出”页面相同的空白模板：表头、示例行（导入时跳过）、下拉列表和“说明”工作表。"""
    school_obj = _school(request, school, kind)
    return exports.template_response(school_obj, kind, school_year_from_param(year))


# Import ---------------------------------------------------------------------------------------------


class ProblemOut(Schema):
    row: int | None = Field(description="表格中的行号；null 表示整个文件")
    column: str = Field(description="列名（表头）；可能为空")
    message: str
    text: str = Field(description="完整说明，如：第 3 行「出生日期」无法识别：2022/13/01")


class CountsOut(Schema):
    create: int = Field(description="新增行数")
    update: int = Field(description="更新行数")
    unchanged: int = Field(description="不变行数")


class ChangeOut(Schema):
    row: int
    op: str = Field(description="create 或 update")
    op_display: str
    label: str = Field(description="记录，如：工号 J001 张明")
    changes: list[str] = Field(description="更新时改变的列")


class ImportOut(Schema):
    kind: str
    label: str
    filename: str
    school_year: str | None
    semester: str | None
    dry_run: bool
    applied: bool = Field(description="是否已写入")
    ok: bool = Field(description="没有任何问题")
    summary: str
    counts: CountsOut
    problems: list[ProblemOut] = Field(description="每个问题（按行、列）；有任何问题则不能写入")
    warnings: list[ProblemOut] = Field(
        description="提醒（按行、列），不影响写入：如特长、处室列表中没有的名称（add_unknown=true 则加入列表，否则忽略）"
    )
    added: dict[str, list[str]] = Field(description="写入时加入列表的名称（skills 特长、departments 处室）")
    notices: list[str] = Field(description="提示（忽略的列、跳过的示例行）")
    changes: list[ChangeOut] = Field(description=f"将新增或更新的行（最多 {PREVIEW_LIMIT} 行）")
    changes_more: int = Field(description="未列出的新增或更新行数")


class ImportInvalid(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="键为“第 N 行「列名」”或“文件”，值为错误消息列表。")
    problems: list[ProblemOut] = Field([], description="每个问题（按行、列）")
    notices: list[str] = []


def _problem(problem: Problem) -> dict:
    return {"row": problem.row, "column": problem.column, "message": problem.message, "text": str(problem)}


def _where(problem: Problem) -> str:
    return (problem.row_text or "文件") + problem.column_text


def _invalid(plan: Plan, detail: str) -> Status:
    errors: dict[str, list[str]] = {}
    for problem in plan.problems:
        errors.setdefault(_where(problem), []).append(problem.message)
    problems = [_problem(p) for p in plan.problems]
    return Status(422, {"detail": detail, "errors": errors, "problems": problems, "notices": plan.notices})


def _preview(plan: Plan, *, dry_run: bool, applied: bool) -> dict:
    changed = plan.changed
    return {
        "kind": plan.spec.kind,
        "label": plan.spec.label,
        "filename": plan.filename,
        "school_year": plan.school_year.code if plan.school_year else None,
        "semester": plan.semester.code if plan.semester else None,
        "dry_run": dry_run,
        "applied": applied,
        "ok": plan.ok,
        "summary": plan.summary(),
        "counts": plan.counts,
        "problems": [_problem(p) for p in plan.problems],
        "warnings": [_problem(p) for p in plan.warnings],
        "added": plan.added,
        "notices": plan.notices,
        "changes": [
            {"row": a.row, "op": a.op, "op_display": OP_LABELS[a.op], "label": a.label, "changes": list(a.changes)}
            for a in changed[:PREVIEW_LIMIT]
        ],
        "changes_more": max(0, len(changed) - PREVIEW_LIMIT),
    }


@router.post(
    "/{kind}/import", response={200: ImportOut, **ERRORS, 422: ImportInvalid}, summary="导入名册（默认只预览）"
)
def import_roster(
    request,
    kind: KindParam,
    school: SchoolParam,
    file: Annotated[UploadedFile, File(..., title="文件", description=".xlsx 或 .csv（UTF-8/GBK），不超过 20 MB")],
    dry_run: Annotated[bool, Query(True, title="只预览（dry_run）", description="false 则在没有问题时写入")] = True,
    year: YearParam = "",
    semester: SemesterParam = "",
    add_unknown: Annotated[
        bool, Query(False, title="加入列表（add_unknown）", description="写入时把特长、处室列表中没有的名称加入列表")
    ] = False,
):
    """上传 .xlsx（或 .csv）文件，按与页面相同的规则逐行校验。

    - `dry_run=true`（默认）：只预览，不写入：新增、更新、不变的行数和每个问题（行号、列名、中文说明）。
    - `dry_run=false`：没有任何问题时在一个事务中全部写入并记入审计日志；有问题则返回 422 和问题列表，不写入任何数据。

    文件无法读取（不是电子表格、超过 20 MB、空文件、缺少表头或必填列）时，两种方式都返回 422。
    教职工、学生、班级按学年（year）导入；任课安排中「学期」为空的行按 semester 导入。"""
    school_obj = _school(request, school, kind)
    period = {}
    if SPECS[kind].period == "semester":
        period = {"semester": _semester(semester)}
    elif SPECS[kind].period == "school_year":
        period = {"school_year": school_year_for(year)}
    # Read one byte past the limit, so that the reader refuses an oversized file with its own message.
    data = file.read(MAX_BYTES + 1)
    plan, applied = roster_import(
        kind=kind,
        school=school_obj,
        data=data,
        filename=(file.name or "")[:200],
        actor=request.user,
        request=request,
        dry_run=dry_run,
        add_unknown=add_unknown,
        **period,
    )
    whole_file = [p for p in plan.problems if p.row is None]
    if whole_file:
        return _invalid(plan, " ".join(str(p) for p in whole_file))
    if not dry_run and not applied:
        return _invalid(plan, f"发现 {len(plan.problems)} 个问题，未写入任何数据。")
    return _preview(plan, dry_run=dry_run, applied=applied)


# Export ---------------------------------------------------------------------------------------------


@router.get("/{kind}/export", response=ERRORS, summary="导出名册（.xlsx，可再导入）", openapi_extra=XLSX_DOWNLOAD)
def export(
    request,
    kind: KindParam,
    school: SchoolParam,
    year: YearParam = "",
    semester: SemesterParam = "",
    grade: GradeParam = "",
):
    """按导入模板的列导出（导出 → 在 Excel/WPS 中修改 → 再导入）。可导出者与可查看该名册者相同。

    教职工：本人可见的在职教职工（「所属年段」按 year）；学生、班级：year 学年；任课安排：semester 学期；
    党员名册：本校全部党员档案（含发展中的人员）。"""
    school_obj = _school(request, school, kind, export=True)
    if kind == "assignments":
        return exports.assignments_export(school_obj, _semester(semester, required=True), grade=grade)
    if kind == "members":
        return exports.members_export(school_obj)
    year_obj = school_year_for(year)
    if kind == "staff":
        staff = school_queries.search_staff(school_perms.staff_for_user(request.user, school_obj))
        return exports.staff_export(school_obj, staff, year_obj)
    if kind == "students":
        return exports.students_export(school_obj, school_queries.search_students(school_obj, year_obj, grade=grade))
    return exports.classes_export(school_obj, school_queries.classes_of_year(school_obj, year_obj, grade=grade))

"""Import templates and exports, both in the column layout of columns.py (export → edit → import)."""

import datetime as dt
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dangjian.lib import clock
from dangjian.lib.downloads import attachment
from dangjian.lib.xlsx import HEADER_FILL, HEADER_FONT, XLSX_CONTENT_TYPE, as_text, xlsx_response
from dangjian.party.enums import OrgKind
from dangjian.party.models import Organization
from dangjian.school.combinations import all_combinations
from dangjian.school.enums import GradeLevel
from dangjian.school.models import SchoolClass, Skill, StaffYear

from . import queries
from .columns import BOOL, CHOICE, CLASS, COMBINATION, GRADE, NAME, NAMES, SPECS, RosterSpec
from .party_posts import post_text
from .reader import MAX_BYTES, MAX_ROWS

TEMPLATE_ROWS = 2000  # rows of the template that carry the drop-down lists
REQUIRED_FILL = PatternFill("solid", fgColor="7F0000")
EXAMPLE_FONT = Font(italic=True, color="808080")


def _label(choices, value) -> str:
    return str(dict(choices).get(value, "")) if value not in ("", None) else ""


# Export rows ------------------------------------------------------------------------------------


def staff_rows(staff_qs, school_year):
    """Rows for the staff columns; ``staff_qs`` may carry any filters (two queries more)."""
    spec = SPECS["staff"]
    staff = list(staff_qs.prefetch_related("skills"))
    years = (
        {
            sy.staff_id: sy.grade.level
            for sy in StaffYear.objects.filter(
                staff__in=[s.pk for s in staff], school_year=school_year, grade__isnull=False
            ).select_related("grade")
        }
        if staff and school_year
        else {}
    )
    for s in staff:
        yield [
            s.staff_number,
            s.name,
            s.get_gender_display(),
            s.birth_date,
            s.started_teaching_on,
            "、".join(x.name for x in s.subjects.all()),
            s.get_political_status_display(),
            s.joined_party_on,
            _label(GradeLevel.choices, years.get(s.pk)),
            s.department.name if s.department else "",
            _label(spec.column("leader_post").choices, s.leader_post),
            s.position,
            _label(spec.column("title").choices, s.title),
            _label(spec.column("key_teacher_level").choices, s.key_teacher_level),
            s.phone,
            "、".join(x.name for x in s.skills.all()),
            s.is_active,
        ]


def student_rows(student_qs):
    """Rows for the student columns; ``student_qs`` from school.queries.search_students (it carries
    ``current_enrollments``)."""
    spec = SPECS["students"]
    for s in student_qs.iterator(chunk_size=2000):
        enrollment = s.current_enrollments[0] if s.current_enrollments else None
        school_class = enrollment.school_class if enrollment else None
        yield [
            s.student_number,
            s.name,
            s.get_gender_display(),
            s.birth_date,
            school_class.grade.get_level_display() if school_class else "",
            school_class.name if school_class else "",
            s.is_league_member,
            _label(spec.column("status").choices, s.status),
        ]


def class_rows(class_qs):
    for c in class_qs:
        teacher = c.homeroom_teacher
        yield [
            c.grade.get_level_display(),
            c.name,
            teacher.staff_number if teacher else "",
            teacher.name if teacher else "",
            c.combination,
        ]


def assignment_rows(assignment_qs):
    for a in assignment_qs:
        yield [
            a.semester.code,
            a.school_class.grade.get_level_display(),
            a.school_class.name,
            a.subject.name,
            a.teacher.staff_number,
            a.teacher.name,
        ]


def member_rows(member_qs, posts_by_staff):
    """Rows for the member columns: ``member_qs`` from queries.members_for_export, ``posts_by_staff``
    from queries.current_party_posts."""
    spec = SPECS["members"]
    for m in member_qs:
        posts = posts_by_staff.get(m.staff_id, [])
        yield [
            m.staff.staff_number,
            m.staff.name,
            m.branch.name,
            m.group.name if m.group else "",
            _label(spec.column("status").choices, m.status),
            m.applied_on,
            m.activist_on,
            m.candidate_on,
            m.admitted_on,
            m.full_on,
            "、".join(post_text(p.organization, p.post, branch_id=m.branch_id, group_id=m.group_id) for p in posts),
        ]


def export_response(kind: str, school, rows, *, suffix: str = ""):
    spec = SPECS[kind]
    filename = f"{school.name}-{spec.label}{suffix}-{clock.today():%Y%m%d}.xlsx"
    return xlsx_response(filename, [(spec.label, [c.header for c in spec.columns], rows)])


# Templates -------------------------------------------------------------------------------------


def vocabularies(school, school_year) -> dict[str, list[str]]:
    """The school's names for the drop-down lists (five queries)."""
    classes = (
        SchoolClass.objects.filter(grade__school=school, grade__school_year=school_year)
        .select_related("grade")
        .order_by("grade__level", "number")
        if school_year
        else SchoolClass.objects.none()
    )
    organizations = list(Organization.objects.filter(school=school, kind__in=(OrgKind.BRANCH, OrgKind.GROUP)))
    return {
        "subjects": list(school.subjects.values_list("name", flat=True)),
        "departments": list(school.departments.values_list("name", flat=True)),
        "skills": list(Skill.objects.values_list("name", flat=True)),
        "classes": [c.name for c in classes],
        "branches": [o.name for o in organizations if o.kind == OrgKind.BRANCH],
        "groups": [o.name for o in organizations if o.kind == OrgKind.GROUP],
    }


def column_options(column, vocab: dict[str, list[str]]) -> list[str]:
    """The values a column offers in the template's drop-down list (none: free text)."""
    if column.type in (CHOICE, GRADE, BOOL):
        return column.labels
    if column.type in (NAME, NAMES):
        return vocab.get(column.vocabulary, [])
    if column.type == CLASS:
        return vocab.get("classes", [])
    if column.type == COMBINATION:
        return all_combinations()
    return []


def template_bytes(spec: RosterSpec, vocab: dict[str, list[str]]) -> bytes:
    """The import template: the header, one example row (skipped on import), drop-down lists on
    enumerated columns (from a hidden 选项 sheet), and a 说明 sheet explaining every column."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.label
    options_ws = wb.create_sheet("选项")
    notes_ws = wb.create_sheet("说明")
    ws.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(column.width, 2 * len(column.header) + 4)
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = HEADER_FONT, REQUIRED_FILL if column.required else HEADER_FILL
        cell.comment = Comment(("必填。" if column.required else "") + column.note, "党建343")
        example = ws.cell(row=2, column=index, value=column.example if column.example != "" else None)
        example.font = EXAMPLE_FONT
        if isinstance(column.example, dt.date):
            example.number_format = "yyyy-mm-dd"
        options = column_options(column, vocab)
        if not options:
            continue
        options_ws.cell(row=1, column=index, value=column.header)
        for row, option in enumerate(options, start=2):
            as_text(options_ws.cell(row=row, column=index, value=option))
        source = f"{quote_sheetname(options_ws.title)}!${letter}$2:${letter}${len(options) + 1}"
        strict = column.type in (CHOICE, GRADE, BOOL, NAME) and not column.open_list
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=strict,
            errorStyle="stop",
            errorTitle=f"{column.header}填写有误",
            error="请从下拉列表中选择。",
            promptTitle=column.header,
            prompt=column.note[:250],
            showInputMessage=True,
        )
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    options_ws.sheet_state = "hidden"
    _notes(notes_ws, spec)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def template_response(school, kind: str, school_year) -> HttpResponse:
    """The import template of ``kind`` as a download, with the school's names in its drop-down lists."""
    spec = SPECS[kind]
    return attachment(
        template_bytes(spec, vocabularies(school, school_year)), f"{spec.label}导入模板.xlsx", XLSX_CONTENT_TYPE
    )


def _notes(ws, spec: RosterSpec) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 70
    ws.append([f"{spec.label}导入说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([spec.intro])
    ws.append(
        [
            f"第 1 行是表头，第 2 行是灰色的示例行（导入时自动跳过，可直接改写为真实数据）。"
            f"表头可调整列顺序，表头上方可以有标题行；不认识的列会被忽略并提示。"
            f"支持 .xlsx 和 CSV（UTF-8 或 GBK 编码），不超过 {MAX_BYTES // (1024 * 1024)} MB、{MAX_ROWS} 行。"
        ]
    )
    ws.append(["日期可写成 2022-09-01、2022/9/1、2022.9.1、2022年9月1日、20220901，只写年月（202209）记为当月 1 日。"])
    ws.append(
        ["导入先预览：显示将新增、更新、不变的行数和每个问题；有任何问题则不会写入，全部正确并确认后一次性写入。"]
    )
    ws.append([])
    ws.append(["列名", "必填", "说明"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for column in spec.columns:
        aliases = f"（也可写作：{'、'.join(column.aliases)}）" if column.aliases else ""
        ws.append([column.header, "是" if column.required else "", column.note + aliases])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=3)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=3)


# List-page exports (called by the school app's list views with their filtered querysets) --------


def staff_export(school, staff_qs, school_year):
    return export_response("staff", school, staff_rows(staff_qs, school_year))


def students_export(school, student_qs):
    return export_response("students", school, student_rows(student_qs))


def classes_export(school, class_qs):
    return export_response("classes", school, class_rows(class_qs))


def members_export(school):
    rows = member_rows(queries.members_for_export(school), queries.current_party_posts(school))
    return export_response("members", school, rows)


def assignments_export(school, semester, *, grade=""):
    """The semester's teaching assignments (of one grade level, if given)."""
    qs = queries.assignments_for_export(school, semester, grade=grade)
    return export_response("assignments", school, assignment_rows(qs), suffix=f"-{semester.code}")

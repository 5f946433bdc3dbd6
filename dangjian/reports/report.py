"""The annual Party-building work report of a school year: a .docx in the usual structure and the same
figures as .xlsx. Every figure comes from reports.figures (computed from the records, never typed)."""

import datetime as dt
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangjian.lib import clock
from dangjian.lib.xlsx import workbook_bytes
from dangjian.publicity.queries import honours_of
from dangjian.school.models import School, SchoolYear

from . import charts, echarts, membership
from . import figures as fig
from .problems import compliance_problems, module_problems

FONT = "Noto Sans CJK SC"
SPIRIT_DEFAULT = "特别能吃苦、特别能奉献、特别讲大局"

MEASURES = [
    ("一、上好一堂党课", ["compliance_rate"]),
    ("二、建好一支队伍", ["coverage_rate"]),
    ("三、抓好一个学科", ["subject_links", "subject_activities"]),
    ("四、带好一名教师", ["young_mentored", "mentoring_activities"]),
]
HELPS = [
    ("一、帮好一个团支部", ["league_lessons", "league_themes"]),
    ("二、帮好每名贫困生、特殊生", ["support_person_times"]),
]


def report_data(school: School, year: SchoolYear, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    years = fig.school_years(year)
    data = fig.figures([school.pk], years, today)
    rows = fig.series(data, school.pk, years)
    problems = compliance_problems(school, year, today)
    current = rows[-1]
    if current.classes and current.classes_covered < current.classes:
        problems.append(f"有 {current.classes - current.classes_covered} 个班级学期的任课教师和班主任中没有党员。")
    return {
        "school": school,
        "year": year,
        "rows": rows,
        "current": current,
        "honours": [h for h in honours_of(school) if h.year <= year.start_year + 1],
        "problems": problems + module_problems(school, year, today),
        "membership": membership.tables(school, year),
    }


def _font(doc: Document) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(11)


def _figure(doc: Document, figure: fig.Figure, rows: list[fig.YearFigures]) -> None:
    current = rows[-1].value(figure.key)
    value = "—" if current is None else f"{current:g}{figure.unit}"
    p = doc.add_paragraph()
    p.add_run(f"{figure.label}：").bold = True
    p.add_run(f"{value}。")
    doc.add_paragraph(f"口径：{figure.help}").runs[0].font.size = Pt(9)
    table = doc.add_table(rows=2, cols=len(rows) + 1)
    table.style = "Table Grid"
    table.cell(0, 0).text = "学年"
    table.cell(1, 0).text = f"{figure.label}（{figure.unit}）"
    for i, row in enumerate(rows, 1):
        v = row.value(figure.key)
        table.cell(0, i).text = row.code
        table.cell(1, i).text = "—" if v is None else f"{v:g}"
    values = [row.value(figure.key) for row in rows]
    rate = figure.unit == "%"
    png = charts.bar_chart(
        values,
        [row.code for row in rows],
        maximum=echarts.TARGET_RATE if rate else None,
        minimum=echarts.rate_floor(values) if rate else 0,
        target=echarts.TARGET_RATE if rate else None,
        unit=figure.unit,
    )
    doc.add_picture(BytesIO(png), width=Cm(14))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = doc.add_paragraph(
        f"图：近 {len(rows)} 个学年{figure.label}（单位：{figure.unit}；横轴为学年，柱上为数值"
        + (f"，虚线为目标 {echarts.TARGET_RATE}%）" if rate else "）")
    )
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.runs[0].font.size = Pt(9)


def annual_docx(data: dict) -> bytes:
    school, year, rows, cur = data["school"], data["year"], data["rows"], data["current"]
    doc = Document()
    _font(doc)
    title = doc.add_heading(f"{school.name}{year.code}学年党建工作报告", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading("基本情况", level=1)
    doc.add_paragraph(
        f"{year.code}学年，学校党组织坚持“343”党建工作机制。本学年三会一课完成率"
        f"{fig.display_value(cur.compliance_rate, '%')}，班级党员覆盖率{fig.display_value(cur.coverage_rate, '%')}，"
        f"结对青年教师 {cur.young_mentored} 人，学生帮扶 {cur.support_person_times} 人次，党员上团课 {cur.league_lessons} 节。"
        "（以上数据由系统根据记录自动统计，请书记审阅后补充文字。）"
    )
    doc.add_heading("三特精神", level=1)
    doc.add_paragraph(school.spirit or SPIRIT_DEFAULT)
    if school.history:
        doc.add_paragraph(school.history[:1000])
    doc.add_heading("四条措施", level=1)
    for heading, keys in MEASURES:
        doc.add_heading(heading, level=2)
        for key in keys:
            _figure(doc, fig.FIGURE_BY_KEY[key], rows)
    doc.add_heading("三个帮好", level=1)
    for heading, keys in HELPS:
        doc.add_heading(heading, level=2)
        for key in keys:
            _figure(doc, fig.FIGURE_BY_KEY[key], rows)
        if "support_person_times" in keys:
            doc.add_paragraph(f"其中贫困生 {cur.support_poor} 人次，特殊生 {cur.support_special} 人次（合计去重）。")
    doc.add_heading("党员队伍", level=1)
    for table in data["membership"]:
        values = "，".join(f"{label} {value}" for label, value in table.rows)
        doc.add_paragraph(f"{table.title}：{values}。（{table.help}）")
    doc.add_heading("荣誉", level=1)
    if data["honours"]:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for i, text in enumerate(("年份", "荣誉", "授予单位")):
            table.cell(0, i).text = text
        for honour in data["honours"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = str(honour.year), honour.name, honour.awarded_by
    else:
        doc.add_paragraph("（暂无荣誉记录）")
    doc.add_heading("问题与下一步", level=1)
    for message in data["problems"] or ["本学年未发现规则提示的问题。"]:
        doc.add_paragraph(message, style="List Bullet")
    doc.add_paragraph("下一步：针对上述问题逐项整改，（请书记补充）。")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def figure_sheets(data: dict) -> list:
    rows = data["rows"]
    headers = ["指标", "单位", *[row.code for row in rows], "口径"]
    body = [[f.label, f.unit, *[row.value(f.key) for row in rows], f.help] for f in fig.FIGURES]
    members = [[table.title, label, value] for table in data["membership"] for label, value in table.rows]
    return [("各项指标", headers, body), ("党员队伍", ["项目", "分项", data["year"].code], members)]


def annual_xlsx(data: dict) -> bytes:
    return workbook_bytes(figure_sheets(data))

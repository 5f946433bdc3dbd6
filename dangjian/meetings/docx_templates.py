"""Build the two Word templates (docxtpl/Jinja tags in a python-docx document).

The generated files are committed under templates/meetings/docx/; run this again only to change the layout:

    .venv/bin/python -m dangjian.meetings.docx_templates
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent / "templates" / "meetings" / "docx"
FONT = "宋体"


def _document() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    return doc


def _title(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(18)


def _heading(doc: Document, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold = True


def record_template() -> Document:
    doc = _document()
    _title(doc, "{{ school }}{{ organization }}会议记录")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [
        ("会议类型", "{{ kinds }}"),
        ("会议主题", "{{ topic }}"),
        ("时间", "{{ time }}"),
        ("地点", "{{ place }}"),
        ("主持人", "{{ host }}"),
        ("授课人", "{{ lecturer }}"),
        ("记录人", "{{ recorder }}"),
        ("参会情况", "应到 {{ invited }} 人，实到 {{ present }} 人，请假 {{ leave }} 人，缺席 {{ absent }} 人"),
        ("出席人员", "{{ present_names }}"),
        ("请假人员", "{{ leave_names }}"),
        ("缺席人员", "{{ absent_names }}"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3), Cm(13)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    doc.add_paragraph()
    _heading(doc, "会议内容")
    doc.add_paragraph("{%p for line in minutes %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    _heading(doc, "决议事项")
    doc.add_paragraph("{%p for line in resolutions %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if quorum %}")
    doc.add_paragraph("说明：{{ quorum }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph()
    doc.add_paragraph("主持人（签字）：＿＿＿＿＿＿　　记录人（签字）：＿＿＿＿＿＿")
    p = doc.add_paragraph("{{ printed }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def plan_template() -> Document:
    doc = _document()
    _title(doc, "{{ school }}{{ organization }}")
    _title(doc, "{{ semester }}党课计划")
    p = doc.add_paragraph("状态：{{ status }}{% if approved %}　审批：{{ approved }}{% endif %}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p if note %}")
    doc.add_paragraph("{{ note }}")
    doc.add_paragraph("{%p endif %}")
    headers = ["序号", "日期", "教学周", "授课人", "主题", "状态"]
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for l in lessons %}")
    values = ["{{ l.n }}", "{{ l.date }}", "{{ l.week }}", "{{ l.lecturer }}", "{{ l.topic }}", "{{ l.status }}"]
    for cell, text in zip(table.rows[2].cells, values, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_paragraph()
    _heading(doc, "校级领导（党员）讲党课安排（本年度）")
    doc.add_paragraph("{%p for c in coverage %}")
    doc.add_paragraph("{{ c }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph()
    doc.add_paragraph("学校党组织书记（签字）：＿＿＿＿＿＿")
    p = doc.add_paragraph("{{ printed }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    record_template().save(OUT / "record.docx")
    plan_template().save(OUT / "plan.docx")


if __name__ == "__main__":
    build()

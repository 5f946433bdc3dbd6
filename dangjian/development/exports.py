"""Downloads: the pipeline as .xlsx, and one person's 发展材料清单 as .docx."""

import datetime as dt
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangjian.lib.downloads import DOCX_CONTENT_TYPE, attachment
from dangjian.lib.xlsx import xlsx_response
from dangjian.reports.report import _font

from .enums import Stage
from .queries import FileRow

PIPELINE_HEADERS = [
    "党支部",
    "姓名",
    "类别",
    "工号/学号",
    "当前阶段",
    "递交申请",
    "确定积极分子",
    "确定发展对象",
    "接收预备党员",
    "转为正式党员",
    "最近步骤",
    "最近步骤日期",
    "下一步",
    "最早日期",
    "期限",
    "提醒",
]


def _warning(row: FileRow) -> str:
    return "已逾期" if row.overdue else ("即将到期" if row.due_soon else "")


def pipeline_xlsx(rows: list[FileRow], school, today: dt.date):
    def lines():
        for row in rows:
            last, nxt = row.last_step, row.next
            yield [
                row.file.branch.name,
                row.file.person_name,
                row.file.person_kind,
                row.file.person_number,
                row.stage_label,
                *(row.stage_dates.get(stage) for stage in Stage.values if stage != Stage.CANCELLED),
                last.get_kind_display() if last else "",
                last.date if last else None,
                nxt.label if nxt else "（已结束）",
                nxt.earliest if nxt else None,
                nxt.deadline if nxt else None,
                _warning(row),
            ]

    return xlsx_response(f"{school.name}发展党员工作{today:%Y%m%d}.xlsx", [("发展党员", PIPELINE_HEADERS, lines())])


def _people(step) -> str:
    names = [
        f"{label}：{person.name}"
        for label, person in (
            ("培养联系人", step.contact_1),
            ("培养联系人", step.contact_2),
            ("入党介绍人", step.introducer_1),
            ("入党介绍人", step.introducer_2),
        )
        if person is not None
    ]
    if step.votes_for is not None:
        names.append(
            f"应到 {step.voters_eligible} 人，实到 {step.voters_present} 人，赞成 {step.votes_for}、"
            f"反对 {step.votes_against or 0}、弃权 {step.votes_abstain or 0}"
        )
    if step.training_days or step.training_hours:
        names.append(f"培训 {step.training_days or 0} 天 / {step.training_hours or 0} 学时")
    if step.extension_months:
        names.append(f"延长 {step.extension_months} 个月")
    return "；".join(names)


def checklist_docx(row: FileRow, today: dt.date):
    """发展材料清单: each step with its date, people and evidence, for the person's Party file."""
    file = row.file
    doc = Document()
    _font(doc)
    title = doc.add_heading("发展党员材料清单", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"姓名：{file.person_name}（{file.person_kind}）　{'学号' if file.is_student else '工号'}：{file.person_number}　"
        f"所在党支部：{file.branch.name}　"
        f"当前阶段：{row.stage_label}"
    )
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for i, text in enumerate(("序号", "步骤", "日期", "人员与表决", "佐证材料与备注")):
        table.cell(0, i).text = text
    for number, step in enumerate(row.steps, 1):
        cells = table.add_row().cells
        evidence = step.document.name.rsplit("/", 1)[-1] if step.document else "（未上传）"
        cells[0].text = str(number)
        cells[1].text = step.get_kind_display()
        cells[2].text = f"{step.date:%Y-%m-%d}"
        cells[3].text = _people(step)
        cells[4].text = evidence + (f"；{step.note}" if step.note else "")
    nxt = row.next
    if nxt is not None:
        due = f"，期限 {nxt.deadline:%Y-%m-%d}" if nxt.deadline else ""
        first = f"，最早 {nxt.earliest:%Y-%m-%d}" if nxt.earliest else ""
        doc.add_paragraph(f"下一步：{nxt.label}{first}{due}。")
    doc.add_paragraph(f"（由系统于 {today:%Y-%m-%d} 根据登记记录生成，请党支部核对后归档。）")
    out = BytesIO()
    doc.save(out)
    return attachment(out.getvalue(), f"{file.person_name}发展材料清单.docx", DOCX_CONTENT_TYPE)

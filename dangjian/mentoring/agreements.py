"""The 结对帮扶协议书: a docxtpl template (the school's own, or the default built here with python-docx)
filled for one pairing, and all agreements of a year as one .zip."""

import functools
import io
import re
import zipfile

from django.core.exceptions import ValidationError

from dangjian.lib.templating import TemplateRefused, compile_restricted, sandbox

from .enums import DEFAULT_DUTIES, DEFAULT_GOALS, Dimension
from .models import AgreementTemplate, Mentorship

MENTEE_DUTIES = (
    "虚心向导师学习，主动请教；每学期听导师的课不少于十节，上汇报课一节；按时参加导师组织的活动，"
    "如实记录带教活动；每学期末撰写一篇成长反思。"
)

# The variables a school's template may use (shown on the template page).
VARIABLES = {
    "school_name": "学校名称",
    "school_year": "学年，如 2022-2023",
    "dimension": "导师类别（思想导师/德育导师/业务导师）",
    "mentor_name": "导师姓名",
    "mentor_subjects": "导师任教学科",
    "mentor_title": "导师职称",
    "mentor_political": "导师政治面貌",
    "mentee_name": "青年教师姓名",
    "mentee_subjects": "青年教师任教学科",
    "goals": "学年培养目标（可多行）",
    "duties": "导师职责（可多行）",
    "mentee_duties": "青年教师职责",
    "signed_on": "签订日期（未签订时为空）",
}


@functools.cache
def default_template() -> bytes:
    """The default template, built once per process with python-docx."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("{{ school_name }}\n青年教师结对帮扶协议书")
    run.bold = True
    run.font.size = Pt(18)
    sub = doc.add_paragraph("（{{ school_year }}学年 · {{ dimension }}）")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph(
        "为落实学校党组织“带好一名教师”工作要求，发挥党员和骨干教师的传帮带作用，"
        "经学校党组织研究，确定以下结对关系，双方签订本协议。"
    )
    table = doc.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    cells = [
        ("导师（甲方）", "{{ mentor_name }}", "导师类别", "{{ dimension }}"),
        ("任教学科", "{{ mentor_subjects }}", "职称 / 政治面貌", "{{ mentor_title }} / {{ mentor_political }}"),
        ("青年教师（乙方）", "{{ mentee_name }}", "任教学科", "{{ mentee_subjects }}"),
    ]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value

    for heading, body in (
        ("一、学年培养目标", "{{ goals }}"),
        ("二、导师职责", "{{ duties }}"),
        ("三、青年教师职责", "{{ mentee_duties }}"),
        (
            "四、考核",
            "学年末由导师对青年教师作出考核（优秀/合格/不合格），青年教师提交成长反思，"
            "学校党组织将结果记入青年教师成长档案。本协议一式三份，甲乙双方及学校党组织各执一份。",
        ),
    ):
        para = doc.add_paragraph()
        para.add_run(heading).bold = True
        doc.add_paragraph(body)

    doc.add_paragraph("")
    doc.add_paragraph("导师（签名）：____________________    日期：________年____月____日")
    doc.add_paragraph("青年教师（签名）：________________    日期：________年____月____日")
    doc.add_paragraph("学校党组织（盖章）：______________    签订日期：{{ signed_on }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template_bytes(school) -> bytes:
    """The school's uploaded template, or the default."""
    custom = AgreementTemplate.objects.filter(school=school).first()
    if custom and custom.file:
        try:
            with custom.file.open("rb") as handle:
                return handle.read()
        except OSError:
            pass
    return default_template()


def context(mentorship: Mentorship, mentor_subjects: str = "", mentee_subjects: str = "") -> dict:
    from docxtpl import Listing

    mentor, mentee = mentorship.mentor, mentorship.mentee
    dimension = Dimension(mentorship.dimension)
    return {
        "school_name": mentorship.school.name,
        "school_year": mentorship.school_year.code,
        "dimension": dimension.label,
        "mentor_name": mentor.name,
        "mentor_subjects": mentor_subjects or "—",
        "mentor_title": mentor.get_title_display() or "—",
        "mentor_political": mentor.get_political_status_display(),
        "mentee_name": mentee.name,
        "mentee_subjects": mentee_subjects or "—",
        "goals": Listing(mentorship.goals or DEFAULT_GOALS[dimension]),
        "duties": Listing(mentorship.duties or DEFAULT_DUTIES[dimension]),
        "mentee_duties": MENTEE_DUTIES,
        "signed_on": f"{mentorship.signed_on:%Y年%m月%d日}" if mentorship.signed_on else "",
    }


class Renderer:
    """A docxtpl template prepared once and filled many times (a year's zip holds a hundred agreements).

    Each XML part that may hold tags (document, headers, footers) goes through docxtpl's own clean-up
    (``patch_xml``: tags split across Word runs, ``{%tr %}`` …) and is compiled once in the sandbox of
    ``lib.templating`` (only the VARIABLES as plain placeholders, else ``TemplateRefused``); filling it is
    then a string render, and the other parts of the package are copied as they are."""

    PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")

    def __init__(self, template: bytes):
        from docxtpl import DocxTemplate

        self.helper = DocxTemplate(io.BytesIO(template))
        env = sandbox()
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            self.entries = [(info, archive.read(info)) for info in archive.infolist()]
        self.compiled = {}
        for info, data in self.entries:
            if self.PARTS.match(info.filename):
                source = self.helper.patch_xml(data.decode("utf-8"))
                source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
                self.compiled[info.filename] = compile_restricted(env, source, VARIABLES.keys())

    def render(self, values: dict) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in self.entries:
                template = self.compiled.get(info.filename)
                if template is not None:
                    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.render(values))
                    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
                    data = self.helper.resolve_listing(xml).encode("utf-8")
                archive.writestr(info, data)
        return out.getvalue()


def render(template: bytes, values: dict) -> bytes:
    return Renderer(template).render(values)


def _subjects(staff) -> str:
    return "、".join(s.name for s in staff.subjects.all())


def agreement_docx(mentorship: Mentorship, renderer: Renderer | None = None) -> bytes:
    renderer = renderer or Renderer(template_bytes(mentorship.school))
    return renderer.render(context(mentorship, _subjects(mentorship.mentor), _subjects(mentorship.mentee)))


def filename(mentorship: Mentorship) -> str:
    name = f"{mentorship.school_year.code}_{mentorship.get_dimension_display()}_{mentorship.mentee.name}_{mentorship.mentor.name}"
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", name) + ".docx"


def agreements_zip(mentorships, template: bytes) -> bytes:
    """``mentorships`` with mentee/mentor subjects prefetched."""
    renderer = Renderer(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        seen = set()
        for mentorship in mentorships:
            name = filename(mentorship)
            if name in seen:
                name = name.replace(".docx", f"_{mentorship.pk}.docx")
            seen.add(name)
            archive.writestr(name, agreement_docx(mentorship, renderer))
    return out.getvalue()


def check_template(data: bytes) -> None:
    """Refuse a template that docxtpl cannot fill (broken tags, not a Word document)."""
    from docxtpl import Listing

    sample = dict.fromkeys(VARIABLES, "示例")
    sample["goals"] = sample["duties"] = Listing("示例")
    try:
        render(data, sample)
    except TemplateRefused:
        raise
    except Exception as exc:  # docxtpl raises jinja2 and zipfile errors of many kinds
        message = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
        raise ValidationError(f"模板无法使用：{message}。请检查 {{{{ 变量 }}}} 的写法。") from exc

"""The 结对帮扶协议书: generated per pairing, opened again with python-docx, converted to PDF by LibreOffice,
all agreements of a year as one zip, and a school's own template."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dangjian.lib.downloads import DOCX_CONTENT_TYPE
from dangjian.mentoring import agreements, services
from dangjian.mentoring.models import AgreementTemplate


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_agreement_names_both_people_the_dimension_goals_duties_and_signature_lines(mentoring, login):
    mentoring.pairing.goals = "第一条目标\n第二条目标"
    mentoring.pairing.save()
    response = login("secretary").get(reverse("mentoring:pairing_agreement", args=["a", mentoring.pairing.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    lines = text.splitlines()
    assert lines[0] == "甲中学"
    assert lines[1] == "青年教师结对帮扶协议书"
    assert "（2022-2023学年 · 思想导师）" in lines
    assert "导师（甲方） | 王老师 | 导师类别 | 思想导师" in lines
    assert "任教学科 | 数学 | 职称 / 政治面貌 | 未评 / 中共党员" in lines
    assert "青年教师（乙方） | 青年甲 | 任教学科 | 数学" in lines
    assert lines[lines.index("一、学年培养目标") + 1 : lines.index("一、学年培养目标") + 3] == [
        "第一条目标",
        "第二条目标",
    ]
    assert lines[lines.index("二、导师职责") + 1] == "每学期谈心两次"
    assert "导师（签名）：____________________    日期：________年____月____日" in lines
    assert "青年教师（签名）：________________    日期：________年____月____日" in lines


def test_text_is_escaped_not_interpreted(mentoring, login):
    mentoring.pairing.goals = "<w:p>{{ 1 + 1 }} & 目标"
    mentoring.pairing.save()
    response = login("young").get(reverse("mentoring:pairing_agreement", args=["a", mentoring.pairing.pk]))
    assert "<w:p>{{ 1 + 1 }} & 目标" in docx_text(response.content).splitlines()


def test_the_agreement_is_a_valid_document_for_libreoffice(mentoring, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is missing: install Debian's libreoffice-writer-nogui (make system-test-deps)")
    source = tmp_path / "agreement.docx"
    source.write_bytes(agreements.agreement_docx(mentoring.pairing))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = Path(tmp_path / "agreement.pdf")
    assert (result.returncode, pdf.exists()) == (0, True), result.stderr.decode(errors="replace")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_all_agreements_of_a_year_as_one_zip(mentoring, login):
    response = login("secretary").get(reverse("mentoring:agreements_zip", args=["a"]) + "?year=2022")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["2022-2023_思想导师_青年乙_导师乙.docx", "2022-2023_思想导师_青年甲_王老师.docx"]
        assert "青年教师（乙方） | 青年甲 | 任教学科 | 数学" in docx_text(archive.read(names[1])).splitlines()


def test_a_school_template_is_used_once_uploaded(mentoring, world, login):
    doc = Document()
    doc.add_paragraph("本校协议：{{ mentor_name }} 带 {{ mentee_name }}（{{ dimension }}）")
    out = io.BytesIO()
    doc.save(out)
    client = login("secretary")
    response = client.post(
        reverse("mentoring:template", args=["a"]), {"file": SimpleUploadedFile("模板.docx", out.getvalue())}
    )
    assert response.status_code == 302
    assert AgreementTemplate.objects.filter(school=world.school).count() == 1
    data = client.get(reverse("mentoring:pairing_agreement", args=["a", mentoring.pairing.pk])).content
    assert docx_text(data) == "本校协议：王老师 带 青年甲（思想导师）"
    services.template_delete(school=world.school, actor=world.users["secretary"])
    data = client.get(reverse("mentoring:pairing_agreement", args=["a", mentoring.pairing.pk])).content
    assert docx_text(data).splitlines()[1] == "青年教师结对帮扶协议书"


def test_no_agreement_for_a_proposal(mentoring, login):
    response = login("secretary").get(reverse("mentoring:pairing_agreement", args=["a", mentoring.proposed.pk]))
    assert response.status_code == 404

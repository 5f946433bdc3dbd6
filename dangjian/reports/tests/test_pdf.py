"""The annual report converted to PDF by LibreOffice, its first page written as a PNG for visual review
(test-artifacts/annual_report_page1.png)."""

import shutil
import subprocess
from pathlib import Path

from dangjian.reports import report
from dangjian.tests import factories as f

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_report_converts_to_pdf_and_png(world, tmp_path):
    f.HonourFactory(school=world.school, name="省先进基层党组织", year=2021, awarded_by="省委")
    f.LeagueLessonFactory.create_batch(4, school=world.school, school_year=world.year)
    source = tmp_path / "report.docx"
    source.write_bytes(report.annual_docx(report.report_data(world.school, world.year)))
    env_home = tmp_path / "home"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{env_home}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "page1")],
        check=True,
        timeout=60,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "page1.png", ARTIFACTS / "annual_report_page1.png")
    assert (ARTIFACTS / "annual_report_page1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

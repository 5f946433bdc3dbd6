"""Building spreadsheet files for the tests: openpyxl, CSV in several encodings, and LibreOffice."""

import csv
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook


def xlsx_bytes(rows, *, title_rows=(), merge_title=True, sheet_title="Sheet1") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    for title in title_rows:
        ws.append([title])
        if merge_title:
            width = max(len(r) for r in rows) if rows else 1
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=max(width, 2))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def soffice_convert(data: bytes, suffix: str, to: str = "xlsx", infilter: str | None = None) -> bytes:
    """Let a real LibreOffice convert ``data`` (a file ending in ``suffix``) to ``to``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise AssertionError("LibreOffice (soffice) is missing: run `make system-test-deps`.")
    with tempfile.TemporaryDirectory(prefix="dj-soffice-") as tmp:
        source = Path(tmp) / f"in{suffix}"
        source.write_bytes(data)
        outdir = Path(tmp) / "out"
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", to, "--outdir", str(outdir), str(source)]
        subprocess.run(
            command, check=True, capture_output=True, timeout=120, env={"HOME": tmp, "PATH": "/usr/bin:/bin"}
        )
        produced = list(outdir.glob("*"))
        assert len(produced) == 1, f"soffice produced {produced}"
        return produced[0].read_bytes()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with one part replaced (or added), deflated as Office does."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()

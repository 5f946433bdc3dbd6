"""Writing .xlsx files with openpyxl: every list page exports through here."""

import datetime as dt
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .downloads import XLSX_CONTENT_TYPE, attachment

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Build a workbook of (title, headers, rows) sheets in write-only mode (constant memory).
    Dates are written as real Excel dates."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.freeze_panes = "A2"
        for i, header in enumerate(headers):
            ws.column_dimensions[get_column_letter(i + 1)].width = max(10, min(40, 2 * len(str(header)) + 4))
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(ws, value=str(header))
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([_cell_value(ws, value) for value in row])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """An attachment download; ``filename`` may be Chinese (RFC 5987 encoding)."""
    return attachment(workbook_bytes(sheets), filename, XLSX_CONTENT_TYPE)


def _cell_value(ws, value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, bool):
        return "是" if value else "否"
    return value

"""Writing .xlsx files with openpyxl: every list page exports through here.

User text is always written as text: openpyxl would store a string beginning with ``=`` as a live
formula (``=HYPERLINK(…)`` typed as a staff name), and Excel treats ``+ - @``, tab and CR openers as
formula starts when a cell is edited. Such strings get the string data type and Excel's quote prefix
(the invisible leading apostrophe), so the value reads back unchanged and never runs."""

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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """Make a cell holding user text inert: string type, quote-prefixed when it could start a formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


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
            cell = as_text(WriteOnlyCell(ws, value=str(header)))
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
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return as_text(WriteOnlyCell(ws, value=value))
    return value

"""Reading an uploaded spreadsheet (.xlsx or .csv) into rows keyed by column, without the database.

The reader refuses what it cannot trust (not a spreadsheet, corrupt, encrypted, too big), finds the
header row below any merged title rows, maps headers (and their aliases) to column keys, ignores and
reports extra columns, and skips blank rows. Cell values are returned raw (the importer parses them),
except that formula cells give their cached value."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dangjian.lib.zipcheck import MB, ArchiveDamaged, ArchiveRefused, Limits, check_archive

from .values import normalise_header, normalise_text

MAX_BYTES = 20 * MB
MAX_ROWS = 50_000
# A zip bomb is refused from the zip directory before openpyxl expands it. openpyxl reads all shared
# strings into memory at once, so they get the tightest limit (a 50,000-row roster needs a few MB).
XLSX_LIMITS = Limits(total=200 * MB, part=150 * MB, named={"xl/sharedStrings.xml": 32 * MB})
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


class ReadError(Exception):
    """The file as a whole cannot be imported; the message says why, in Chinese."""


@dataclass
class Table:
    """The data rows of the sheet: (row number as the spreadsheet shows it, {column key: raw value})."""

    sheet: str
    header_row: int
    columns: dict[str, str]  # key -> the header as written in the file
    ignored: list[str]  # headers of columns that were not recognised
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def read_table(data: bytes, filename: str, *, headers: dict[str, str], find_by: Iterable[str]) -> Table:
    """``headers``: normalised header or alias -> column key. ``find_by``: the keys whose headers
    identify the header row (the first row containing all of them)."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请拆分后分批导入。")
    if not data.strip():
        raise ReadError("文件是空的。")
    name = (filename or "").lower()
    if data.startswith(OLE_SIGNATURE):
        raise ReadError("文件已加密或为旧版 .xls 格式，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入。")
    close = None
    if data.startswith(ZIP_SIGNATURE):
        sheets, close = _xlsx_sheets(data)
    elif name.endswith((".csv", ".txt")):
        sheets = [("CSV", _csv_rows(data))]
    elif name.endswith(".xls"):
        raise ReadError("文件已加密或为旧版 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 后再导入。")
    else:
        raise ReadError("不是电子表格文件：请上传 .xlsx 或 .csv 文件。")
    find_by = list(find_by)
    missing = find_by
    try:
        for title, rows in sheets:
            table, missing_here = _table_from_rows(title, rows, headers, find_by)
            if table is not None:
                return table
            missing = min(missing, missing_here, key=len)
    finally:
        if close is not None:
            close()
    key_headers = {key: header for header, key in reversed(list(headers.items()))}
    raise ReadError("未找到表头：缺少列" + "".join(f"「{key_headers.get(k, k)}」" for k in missing) + "。")


def _table_from_rows(title, rows: Iterator[tuple], headers, find_by) -> tuple[Table | None, list[str]]:
    fewest_missing = list(find_by)
    for number, values in rows:
        keys = [headers.get(normalise_header(v)) for v in values]
        missing = [k for k in find_by if k not in keys]
        if missing:
            if len(missing) < len(fewest_missing):
                fewest_missing = missing
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        positions, columns, ignored = {}, {}, []
        for index, (key, value) in enumerate(zip(keys, values, strict=True)):
            text = normalise_text(value)
            if key is None:
                if text:
                    ignored.append(text)
            elif key in positions:
                raise ReadError(f"第 {number} 行表头中「{text}」出现了不止一次，请删除重复的列。")
            else:
                positions[key], columns[key] = index, text
        table = Table(sheet=title, header_row=number, columns=columns, ignored=ignored)
        count = 0
        for row_number, row in rows:
            cells = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
            if all(_blank(v) for v in cells.values()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ReadError(f"数据超过 {MAX_ROWS} 行，请拆分后分批导入。")
            table.rows.append((row_number, cells))
        return table, []
    return None, fewest_missing


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not normalise_text(value))


# .xlsx ------------------------------------------------------------------------------------------


def _xlsx_sheets(data: bytes):
    from openpyxl import load_workbook

    try:
        names = set(check_archive(data, XLSX_LIMITS))
    except ArchiveDamaged:
        raise ReadError("文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。") from None
    except ArchiveRefused as exc:
        raise ReadError(str(exc)) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ReadError("不是 Excel 工作簿（.xlsx）：请上传 .xlsx 或 .csv 文件。")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    except ReadError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ReadError("文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。") from None
    if not worksheets:
        workbook.close()
        raise ReadError("工作簿里没有工作表。")
    return [(ws.title, _sheet_rows(ws)) for ws in worksheets], workbook.close


def _sheet_rows(ws) -> Iterator[tuple[int, tuple]]:
    ws.reset_dimensions()  # some writers store a wrong <dimension>; read every row there is
    try:
        for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > 2 * MAX_ROWS + HEADER_SEARCH_ROWS + 1000:
                raise ReadError(f"数据超过 {MAX_ROWS} 行，请拆分后分批导入。")
            yield number, row
    except ReadError:
        raise
    except Exception:
        raise ReadError("文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。") from None


# .csv -------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what Chinese Excel writes)."""
    if b"\x00" in data[:4096]:
        raise ReadError("不是有效的 CSV 文本文件：请上传 .xlsx 或 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx。")


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    text = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for number, row in enumerate(reader, start=1):
            if number > 2 * MAX_ROWS + HEADER_SEARCH_ROWS + 1000:
                raise ReadError(f"数据超过 {MAX_ROWS} 行，请拆分后分批导入。")
            yield number, tuple(row[:MAX_COLUMNS])
    except csv.Error as exc:
        raise ReadError(f"CSV 文件格式有误：{exc}") from None

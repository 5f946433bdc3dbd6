"""Reading files: formats, encodings, header detection and the refusals, without the database."""

import datetime as dt
import io
import os
import zipfile

import pytest

from dangjian.rosters import reader
from dangjian.rosters.columns import STAFF
from dangjian.rosters.reader import ReadError, read_table

from .helpers import csv_bytes, with_part, xlsx_bytes

HEADERS = STAFF.headers
ROWS = [
    ["工号", "姓名", "性别", "出生日期"],
    ["T1", "张三", "男", dt.date(1980, 1, 2)],
    ["T2", "李四", "女", "1990/2/3"],
]


def read(data, filename="a.xlsx"):
    return read_table(data, filename, headers=HEADERS, find_by=STAFF.find_by)


def cells(table):
    return [(row, dict(values)) for row, values in table.rows]


def test_xlsx_rows_are_keyed_by_column():
    table = read(xlsx_bytes(ROWS))
    assert table.header_row == 1
    assert table.ignored == []
    assert cells(table) == [
        (2, {"staff_number": "T1", "name": "张三", "gender": "男", "birth_date": dt.datetime(1980, 1, 2)}),
        (3, {"staff_number": "T2", "name": "李四", "gender": "女", "birth_date": "1990/2/3"}),
    ]


def test_merged_title_rows_above_the_header_are_skipped():
    table = read(xlsx_bytes(ROWS, title_rows=["示范县第一中学", "2022 年教职工名单"]))
    assert table.header_row == 3
    assert [row for row, _ in table.rows] == [4, 5]


def test_headers_with_spaces_aliases_other_order_and_extra_columns():
    rows = [["备注", " 姓  名 ", "教工号", "性别*", "出生 年月"], ["新来的", "张三", "T1", "男", "1980-01-02"]]
    table = read(xlsx_bytes(rows))
    assert table.columns == {"name": "姓名", "staff_number": "教工号", "gender": "性别*", "birth_date": "出生年月"}
    assert table.ignored == ["备注"]
    assert cells(table) == [
        (2, {"name": "张三", "staff_number": "T1", "gender": "男", "birth_date": "1980-01-02"}),
    ]


def test_blank_rows_are_skipped():
    rows = [ROWS[0], ROWS[1], [None, None, None, None], ["", " ", "\n", None], ROWS[2]]
    assert [row for row, _ in read(xlsx_bytes(rows)).rows] == [2, 5]


def test_repeated_header_is_refused():
    with pytest.raises(ReadError) as error:
        read(xlsx_bytes([["工号", "姓名", "姓名"], ["T1", "a", "b"]]))
    assert str(error.value) == "第 1 行表头中「姓名」出现了不止一次，请删除重复的列。"


def test_missing_key_headers():
    with pytest.raises(ReadError) as error:
        read(xlsx_bytes([["编号", "姓名"], ["T1", "a"]]))
    assert str(error.value) == "未找到表头：缺少列「工号」。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding(encoding):
    table = read(csv_bytes(ROWS, encoding=encoding), "名单.csv")
    assert cells(table)[1] == (3, {"staff_number": "T2", "name": "李四", "gender": "女", "birth_date": "1990/2/3"})
    assert table.columns["staff_number"] == "工号"


def test_csv_with_tabs_or_semicolons():
    assert len(read(csv_bytes(ROWS, delimiter="\t"), "a.csv").rows) == 2
    assert len(read(csv_bytes(ROWS, delimiter=";"), "a.csv").rows) == 2


def test_not_a_spreadsheet():
    with pytest.raises(ReadError) as error:
        read(b"%PDF-1.4 something", "a.pdf")
    assert str(error.value) == "不是电子表格文件：请上传 .xlsx 或 .csv 文件。"


def test_binary_csv_is_refused():
    with pytest.raises(ReadError) as error:
        read(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "a.csv")
    assert str(error.value) == "不是有效的 CSV 文本文件：请上传 .xlsx 或 .csv 文件。"


def test_corrupt_xlsx_is_refused():
    data = xlsx_bytes(ROWS)
    with pytest.raises(ReadError) as error:
        read(data[: len(data) // 2])
    assert str(error.value) == "文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。"


def test_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError) as error:
        read(out.getvalue())
    assert str(error.value) == "不是 Excel 工作簿（.xlsx）：请上传 .xlsx 或 .csv 文件。"


def test_damaged_sheet_xml_is_refused():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[:200]
            archive.writestr(info, data)
    with pytest.raises(ReadError) as error:
        read(out.getvalue())
    assert str(error.value) == "文件已损坏，无法读取：请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。"


def test_encrypted_or_legacy_xls_is_refused():
    # A password-protected .xlsx is an OLE compound file (like a legacy .xls); openpyxl cannot open it.
    ole = reader.OLE_SIGNATURE + b"\x00" * 504 + b"EncryptedPackage"
    for name in ("secret.xlsx", "old.xls"):
        with pytest.raises(ReadError) as error:
            read(ole, name)
        assert str(error.value) == "文件已加密或为旧版 .xls 格式，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入。"


def test_empty_file():
    with pytest.raises(ReadError) as error:
        read(b"", "a.csv")
    assert str(error.value) == "文件是空的。"


def test_oversized_file_message(monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 2 * 1024 * 1024)
    with pytest.raises(ReadError) as error:
        read(b"x" * (2 * 1024 * 1024 + 1), "a.csv")
    assert str(error.value) == "文件超过 2 MB，请拆分后分批导入。"


@pytest.mark.parametrize(("make", "name"), [(xlsx_bytes, "a.xlsx"), (csv_bytes, "a.csv")])
def test_too_many_rows_is_refused(monkeypatch, make, name):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [ROWS[0]] + [[f"T{i}", "某", "男", ""] for i in range(4)]
    with pytest.raises(ReadError) as error:
        read(make(rows), name)
    assert str(error.value) == "数据超过 3 行，请拆分后分批导入。"


def test_exactly_the_row_limit_is_accepted(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [ROWS[0]] + [[f"T{i}", "某", "男", ""] for i in range(3)]
    assert len(read(xlsx_bytes(rows)).rows) == 3


def test_a_workbook_over_the_total_unpacked_size_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "XLSX_LIMITS", reader.Limits(total=reader.MB, part=10 * reader.MB))
    with pytest.raises(ReadError) as error:
        read(with_part(xlsx_bytes(ROWS), "xl/media/image1.bin", os.urandom(reader.MB)))
    assert str(error.value) == "文件解压后过大（超过 1 MB），请拆分后分批上传。"


def shared_strings(size: int) -> bytes:
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    return head + b"A" * size + b"</t></si></sst>"


def test_shared_strings_that_unpack_past_their_cap_are_refused_from_the_directory():
    bomb = with_part(xlsx_bytes(ROWS), "xl/sharedStrings.xml", shared_strings(40 * reader.MB))
    assert len(bomb) < 200_000  # the review's bomb was 380 MB unpacked from a small upload
    with pytest.raises(ReadError) as error:
        read(bomb)
    assert str(error.value) == "文件解压后过大（xl/sharedStrings.xml 超过 32 MB），请拆分后分批上传。"


def test_a_part_with_an_abnormal_compression_ratio_is_refused():
    bomb = with_part(xlsx_bytes(ROWS), "xl/worksheets/sheet2.xml", b" " * (30 * reader.MB))
    with pytest.raises(ReadError) as error:
        read(bomb)
    assert str(error.value) == "文件压缩比异常（xl/worksheets/sheet2.xml），不像正常的 Office 文件。"


def test_header_found_on_a_later_sheet():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "封面"
    wb.active.append(["说明文字"])
    ws = wb.create_sheet("名单")
    for row in ROWS:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    table = read(out.getvalue())
    assert (table.sheet, len(table.rows)) == ("名单", 2)

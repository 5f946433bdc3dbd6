import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from dangjian.lib.xlsx import xlsx_response


def test_xlsx_response_writes_headers_dates_and_booleans():
    response = xlsx_response(
        "教职工.xlsx", [("教职工", ["工号", "出生日期", "在职"], [["T1", dt.date(1990, 3, 1), True]])]
    )
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E6%95%99%E8%81%8C%E5%B7%A5.xlsx"
    ws = load_workbook(BytesIO(response.content))["教职工"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows == [("工号", "出生日期", "在职"), ("T1", dt.datetime(1990, 3, 1), "是")]

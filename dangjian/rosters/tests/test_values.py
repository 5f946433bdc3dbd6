"""The cell parsers, without the database."""

import datetime as dt

import pytest

from dangjian.rosters.values import (
    CellError,
    is_error_value,
    normalise_header,
    normalise_text,
    parse_bool,
    parse_choice,
    parse_class,
    parse_code,
    parse_date,
    parse_grade,
    parse_semester,
    split_names,
)

SEPT_1 = dt.date(2022, 9, 1)


@pytest.mark.parametrize(
    "raw",
    [
        dt.datetime(2022, 9, 1, 0, 0),
        SEPT_1,
        "2022-09-01",
        "2022/9/1",
        "2022.9.1",
        "2022年9月1日",
        "2022年9月1号",
        "202209",
        "20220901",
        20220901,
        202209,
        44805,  # an Excel serial number
        44805.0,
        "２０２２－０９－０１",  # full-width
        " 2022-09-01\n",
        "2022-09-01 00:00:00",
        "2022/9/1 0:00",
        "2022年9月",
        "2022-9",
    ],
)
def test_dates_in_every_office_spelling(raw):
    assert parse_date(raw) == SEPT_1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2022/13/01", "无法识别：2022/13/01"),
        ("2022-02-30", "无法识别：2022-02-30"),
        ("九月一日", "无法识别：九月一日"),
        ("202213", "无法识别：202213"),
        (99999999, "无法识别：99999999"),
        ("#N/A", "无法识别：#N/A"),
    ],
)
def test_bad_dates_say_what_they_saw(raw, message):
    with pytest.raises(CellError) as error:
        parse_date(raw)
    assert str(error.value) == message


def test_blank_date_is_none():
    assert parse_date(None) is None
    assert parse_date("  ") is None


def test_text_is_cleaned():
    assert normalise_text(" 张 三\n") == "张三"
    assert normalise_text("John  Smith") == "John Smith"
    assert normalise_text("ＡＢＣ　１２３") == "ABC 123"
    assert normalise_text("教研\r\n组长") == "教研组长"
    assert normalise_text(2022001.0) == "2022001"
    assert normalise_text(None) == ""


def test_headers_are_cleaned():
    assert normalise_header(" 出生 日期 ") == "出生日期"
    assert normalise_header("工号*") == "工号"
    assert normalise_header("工号（必填）") == "工号"
    assert normalise_header("姓\n名") == "姓名"


def test_codes_keep_whole_numbers():
    assert parse_code(2022001) == "2022001"
    assert parse_code(13800000000.0) == "13800000000"
    assert parse_code(" T 001 ") == "T001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", (None, 3)),
        ("3班", (None, 3)),
        ("（3）班", (None, 3)),
        ("高一（3）班", (1, 3)),
        ("高一(3)班", (1, 3)),
        ("高一3班", (1, 3)),
        ("高二年级12班", (2, 12)),
        ("1-3", (1, 3)),
        ("3－12", (3, 12)),
        (3, (None, 3)),
        ("13", (None, 13)),
        ("", None),
    ],
)
def test_classes(raw, expected):
    assert parse_class(raw) == expected


@pytest.mark.parametrize("raw", ["高四1班", "三班", "0", "1-", "abc"])
def test_bad_classes(raw):
    with pytest.raises(CellError):
        parse_class(raw)


def test_grades():
    assert [parse_grade(x) for x in ("高一", "高2", "3", "高三年级", "")] == [1, 2, 3, 3, None]
    with pytest.raises(CellError) as error:
        parse_grade("初一")
    assert str(error.value) == "不在可选范围内：初一（可选：高一、高二、高三）"


def test_semesters():
    assert parse_semester("2022-2023-1") == (2022, 1)
    assert parse_semester("2022-2023学年第二学期") == (2022, 2)
    assert parse_semester("2022-2023学年第1学期") == (2022, 1)
    assert parse_semester("") is None
    with pytest.raises(CellError):
        parse_semester("2022-2024-1")


def test_booleans():
    assert [parse_bool(x) for x in ("是", "否", "Y", "n", "1", 0, True, "", "√")] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
    ]
    assert parse_bool("", blank=None) is None
    with pytest.raises(CellError) as error:
        parse_bool("也许")
    assert str(error.value) == "应填“是”或“否”：也许"


def test_choices():
    mapping = {"男": "M", "女": "F", "m": "M"}
    assert parse_choice(" 男 ", mapping, ["男", "女"]) == "M"
    assert parse_choice("M", mapping, ["男", "女"]) == "M"
    assert parse_choice("", mapping, ["男", "女"]) == ""
    with pytest.raises(CellError) as error:
        parse_choice("未知", mapping, ["男", "女"])
    assert str(error.value) == "不在可选范围内：未知（可选：男、女）"


def test_names_and_errors():
    assert split_names("语文、数学,英语 语文") == ["语文", "数学", "英语"]
    assert split_names("") == []
    assert is_error_value("#N/A")
    assert is_error_value("#REF!")
    assert not is_error_value("N/A")

"""Pure parsers for spreadsheet cells: what real offices type, turned into clean values.

Every parser takes the raw cell value (str, int, float, datetime or None) and returns the clean
value or raises ``CellError`` with a Chinese message. Nothing here touches the database."""

import datetime as dt
import re
import unicodedata

from openpyxl.utils.datetime import from_excel

from dangjian.school.combinations import CombinationError, combination_code

# Error values a spreadsheet stores in a cell whose formula failed.
ERROR_VALUES = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!"}
)

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")
_SPACES = re.compile(r"\s+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_HEADER_NOTE = re.compile(r"\((必填|选填|可选|可空|非必填)\)$")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


def is_error_value(value) -> bool:
    return isinstance(value, str) and value.strip() in ERROR_VALUES


def normalise_text(value) -> str:
    """A cell as clean text: full-width → half-width (NFKC), no line breaks or stray spaces, and no
    spaces next to Chinese characters ("张 三" → "张三"). Whole numbers lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).translate(_ZERO_WIDTH)
    text = _LINE_BREAKS.sub(" ", text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalise_header(value) -> str:
    """A header as a lookup key: no spaces at all, no "*" marks or "(必填)" notes."""
    text = _SPACES.sub("", normalise_text(value)).strip("*")
    return _HEADER_NOTE.sub("", text)


def compact(value) -> str:
    """Text with every space removed: numbers, codes, enumerated values."""
    return _SPACES.sub("", normalise_text(value))


# Dates ------------------------------------------------------------------------------------------

_DATE_PATTERNS = [
    # 2022-09-01, 2022/9/1, 2022.9.1, 2022年9月1日, with an optional time after it
    re.compile(
        r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})[日号]?(?:[ T]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
    ),
    # 2022-09, 2022/9, 2022.9, 2022年9月
    re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})月?$"),
    # 20220901
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    # 202209
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$"),
]
EXCEL_SERIAL_RANGE = (1, 109574)  # 1900-01-01 .. 2199-12-31


def parse_date(value) -> dt.date | None:
    """A date from an Excel date, a datetime, an Excel serial number or text such as 2022-09-01,
    2022/9/1, 2022.9.1, 2022年9月1日, 20220901, 202209 or 2022年9月 (a month alone means its 1st).
    Blank → None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = compact(value)
    if not text:
        return None
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and (isinstance(value, float) or len(text) not in (6, 8)):
        # A bare number that is not 202209 / 20220901: an Excel serial date.
        low, high = EXCEL_SERIAL_RANGE
        if low <= value <= high:
            return from_excel(value).date()
        raise CellError(f"无法识别：{text}")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            try:
                return dt.date(int(parts["y"]), int(parts["m"]), int(parts.get("d") or 1))
            except ValueError:
                break
    raise CellError(f"无法识别：{text}")


# Enumerations -----------------------------------------------------------------------------------

TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "是的", "团员", "有"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "x", "不是", "非团员", "无"})


def parse_bool(value, *, blank: bool | None = False) -> bool | None:
    if isinstance(value, bool):
        return value
    text = compact(value).lower()
    if not text:
        return blank
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"应填“是”或“否”：{normalise_text(value)}")


def parse_choice(value, mapping: dict[str, object], labels) -> object:
    """An enumerated value by its label or one of its aliases (``mapping``: compact text → value).
    Blank → "" (the caller decides whether blank is allowed)."""
    text = compact(value)
    if not text:
        return ""
    try:
        return mapping[text.lower()]
    except KeyError:
        raise CellError(f"不在可选范围内：{text}（可选：{'、'.join(labels)}）") from None


def split_names(value) -> list[str]:
    """ "语文、数学" / "语文,数学" / "语文 数学" → ["语文", "数学"], in order, without repeats."""
    if value is None:
        return []
    text = unicodedata.normalize("NFKC", str(value)).translate(_ZERO_WIDTH)
    names = [n for n in re.split(r"[、,，;；/|\s]+", text) if n]
    return list(dict.fromkeys(names))


def parse_code(value) -> str:
    """工号, 学号: numbers stay whole (2022001, not 2022001.0), spaces go."""
    return compact(value)


# Grades, classes and semesters ------------------------------------------------------------------

_GRADE_WORDS = {"一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3}
_GRADE = r"(?:高[一二三123]|[一二三123])(?:年级|年段|级|段)?"
_CLASS_PATTERNS = [
    re.compile(
        r"^高(?P<grade>[一二三123])(?:年级|年段|级|段)?[-—.·(]?(?P<number>\d{1,2})\)?班?$"
    ),  # 高一(3)班, 高一3班
    re.compile(r"^(?P<grade>[一二三123])(?:年级|年段|级|段)?[-—.·(](?P<number>\d{1,2})\)?班?$"),  # 1-3, 一(3)班
    re.compile(r"^(?P<grade>)\(?(?P<number>\d{1,2})\)?班?$"),  # 3, 3班, (3)班
]


def _level(grade_text: str) -> int:
    return _GRADE_WORDS[grade_text.removeprefix("高")[:1]]


def parse_grade(value) -> int | None:
    """高一 / 高1 / 高一年级 / 1 → 1. Blank → None."""
    text = compact(value)
    if not text:
        return None
    if re.match(rf"^{_GRADE}$", text):
        return _level(text)
    raise CellError(f"不在可选范围内：{text}（可选：高一、高二、高三）")


def parse_combination(value) -> str:
    """A 3+1+2 combination in any accepted spelling (物化生, 物理、化学、生物) → its short form; blank → ""."""
    text = normalise_text(value)
    if not text:
        return ""
    try:
        return combination_code(text)
    except CombinationError as error:
        raise CellError(str(error)) from None


def parse_class(value) -> tuple[int | None, int] | None:
    """A class as (grade level or None, number): "3", "3班", "(3)班", "高一(3)班", "高一3班", "1-3".
    Blank → None."""
    text = compact(value)
    if not text:
        return None
    for pattern in _CLASS_PATTERNS:
        match = pattern.match(text)
        if match and int(match["number"]) >= 1:
            return (_level(match["grade"]) if match["grade"] else None), int(match["number"])
    raise CellError(f"无法识别：{text}（应如 高一（3）班、高一3班 或 1-3）")


_SEMESTER = re.compile(r"^(?P<y>\d{4})(?:[-/](?P<y2>\d{4}))?(?:学年)?(?:[-/]|第)?(?P<term>[12一二上下])(?:学期)?$")
_TERMS = {"1": 1, "2": 2, "一": 1, "二": 2, "上": 1, "下": 2}


def parse_semester(value) -> tuple[int, int] | None:
    """A semester as (start year, term): "2022-2023-1", "2022-2023学年第一学期", "2022-2023第二学期".
    Blank → None."""
    text = compact(value)
    if not text:
        return None
    match = _SEMESTER.match(text)
    if not match or (match["y2"] and int(match["y2"]) != int(match["y"]) + 1):
        raise CellError(f"无法识别：{text}（应如 2022-2023-1 或 2022-2023学年第一学期）")
    return int(match["y"]), _TERMS[match["term"]]


def parse_school_year(value) -> int | None:
    """ "2022-2023" / "2022" → 2022."""
    text = compact(value)
    if not text:
        return None
    match = re.match(r"^(\d{4})(?:[-/](\d{4}))?(?:学年)?$", text)
    if not match or (match[2] and int(match[2]) != int(match[1]) + 1):
        raise CellError(f"无法识别：{text}（应如 2022-2023）")
    return int(match[1])

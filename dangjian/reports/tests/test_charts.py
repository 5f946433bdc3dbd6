"""The report's bar charts carry their labels: the school year under each bar, the value above it."""

import struct
import zlib

from dangjian.reports.charts import AXIS, BAR, CHAR_H, TEXT, bar_chart


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    width, height = struct.unpack(">II", png[16:24])
    pos, data = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        if png[pos + 4 : pos + 8] == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 3 * width
    return width, height, [raw[y * stride + 1 : (y + 1) * stride] for y in range(height)]


def _text_columns(rows: list[bytes], y0: int, y1: int) -> set[int]:
    colour = bytes(TEXT)
    return {x // 3 for row in rows[y0:y1] for x in range(0, len(row), 3) if row[x : x + 3] == colour}


def test_years_under_the_bars_and_values_above_them():
    png = bar_chart([50, 100], ["2021-2022", "2022-2023"], maximum=100, unit="%")
    width, height, rows = _pixels(png)
    under = _text_columns(rows, height - CHAR_H - 12, height)
    assert any(x < width // 2 for x in under) and any(x > width // 2 for x in under)  # a label per bar
    above_half_bar = _text_columns(rows, height // 2 - CHAR_H - 40, height // 2)
    assert above_half_bar  # the 50 % value over the shorter bar
    unlabelled = bar_chart([50, 100], maximum=100)
    assert unlabelled != png


def test_a_rate_axis_starts_near_the_data_with_a_dashed_target_line():
    """Issue 18: 96 % and 100 % differ at a glance (the axis starts at 90), and the 100 % target is drawn."""
    png = bar_chart([96, 100], ["2021-2022", "2022-2023"], maximum=100, minimum=90, target=100, unit="%")
    width, height, rows = _pixels(png)
    bar_rows = [y for y, row in enumerate(rows) if bytes(BAR) in row]
    short, tall = height, height  # the top of each bar: its first row in the left and right halves
    for y in bar_rows:
        row = rows[y]
        left = any(row[x : x + 3] == bytes(BAR) for x in range(0, 3 * (width // 2), 3))
        right = any(row[x : x + 3] == bytes(BAR) for x in range(3 * (width // 2), len(row), 3))
        short, tall = (min(short, y) if left else short), (min(tall, y) if right else tall)
    bottom = max(bar_rows)
    assert (bottom - short) < 0.7 * (bottom - tall)  # 96 is at 60 % of 100 on a 90-100 axis (96 % on 0-100)
    dashed = [y for y, row in enumerate(rows) if row.count(bytes(AXIS)) > width // 4 and y < short]
    assert dashed  # the target line above the shorter bar

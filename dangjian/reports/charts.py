"""Tiny bar charts as PNG, with no imaging library: bars on a light grid, written with zlib, labelled
with a built-in 5×7 pixel font (digits, "-", "." and "%"): the school year under each bar, the value above
it, and the scale on the left axis. The figure's name and unit go in the caption beside the chart. Bars are
neutral (red marks problems only); a rate's axis may start above 0 and carry its target as a dashed line."""

import struct
import zlib

BAR = (69, 90, 100)  # #455a64, as the dashboards' ECharts palette
GRID = (224, 224, 224)
AXIS = (97, 97, 97)
TEXT = (33, 33, 33)
WHITE = (255, 255, 255)

# 5×7 glyphs, one string of five bits per row.
GLYPHS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    "-": ("00000", "00000", "00000", "11111", "00000", "00000", "00000"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    "%": ("11001", "11010", "00010", "00100", "01000", "01011", "10011"),
    " ": ("00000",) * 7,
}
SCALE = 2  # each font pixel is SCALE×SCALE image pixels
CHAR_W, CHAR_H = 6 * SCALE, 7 * SCALE  # advance (5 + 1 spacing) and height


def _png(width: int, height: int, pixels: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def number(value: float) -> str:
    """A value as labelled: integers without decimals, others with one."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class _Canvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.pixels = [bytearray(WHITE * width) for _ in range(height)]

    def fill(self, x0, y0, x1, y1, colour):
        for y in range(max(0, y0), min(self.height, y1)):
            row = self.pixels[y]
            for x in range(max(0, x0), min(self.width, x1)):
                row[3 * x : 3 * x + 3] = bytes(colour)

    def text(self, text: str, x: int, y: int, *, centre: bool = False, right: bool = False) -> None:
        """``text`` with its top at ``y``, starting at ``x`` (or centred on it, or ending at it)."""
        width = len(text) * CHAR_W - SCALE
        if centre:
            x -= width // 2
        elif right:
            x -= width
        for i, char in enumerate(text):
            for row, bits in enumerate(GLYPHS.get(char, GLYPHS[" "])):
                for col, bit in enumerate(bits):
                    if bit == "1":
                        px, py = x + i * CHAR_W + col * SCALE, y + row * SCALE
                        self.fill(px, py, px + SCALE, py + SCALE, TEXT)


def bar_chart(
    values: list[float | None],
    labels: list[str] | None = None,
    *,
    width: int = 640,
    height: int = 260,
    maximum: float | None = None,
    minimum: float = 0,
    target: float | None = None,
    unit: str = "",
) -> bytes:
    """A PNG bar chart of ``values`` (None draws no bar), each labelled under the axis by ``labels`` and
    above the bar by its value (with ``unit`` when it is "%"); the left axis shows ``minimum`` and the scale's
    top; ``target`` draws a dashed line at that value."""
    canvas = _Canvas(width, height)
    numbers = [v or 0 for v in values]
    peak = maximum or max(numbers, default=0) or 1
    span = (peak - minimum) or 1
    top_label = number(peak)
    left = 16 + len(top_label) * CHAR_W
    top, bottom = 10 + CHAR_H + 6, height - CHAR_H - 12
    for i in range(5):
        y = top + (bottom - top) * i // 4
        canvas.fill(left, y, width - 10, y + 1, GRID)
    canvas.fill(left, bottom, width - 10, bottom + 2, AXIS)
    canvas.fill(left - 2, top, left, bottom + 2, AXIS)
    canvas.text(top_label, left - 6, top - CHAR_H // 2, right=True)
    canvas.text(number(minimum), left - 6, bottom - CHAR_H // 2, right=True)
    if target is not None and minimum <= target <= peak:
        y = bottom - int((bottom - top) * (target - minimum) / span)
        for x in range(left, width - 10, 12):
            canvas.fill(x, y - 1, x + 7, y + 1, AXIS)
    suffix = unit if unit == "%" else ""
    if values:
        slot = (width - 20 - left) // len(values)
        bar = max(4, slot * 3 // 5)
        for i, value in enumerate(values):
            centre = left + 10 + i * slot + slot // 2
            if labels:
                canvas.text(labels[i], centre, bottom + 8, centre=True)
            if value is None:
                canvas.text("-", centre, bottom - CHAR_H - 4, centre=True)
                continue
            h = int((bottom - top) * (min(max(value, minimum), peak) - minimum) / span)
            canvas.fill(centre - bar // 2, bottom - h, centre - bar // 2 + bar, bottom, BAR)
            canvas.text(number(value) + suffix, centre, bottom - h - CHAR_H - 4, centre=True)
    return _png(width, height, canvas.pixels)

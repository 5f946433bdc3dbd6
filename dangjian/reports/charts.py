"""Tiny bar charts as PNG, with no imaging library: bars on a light grid, written with zlib.
The numbers and labels are in the table printed next to each chart in the report."""

import struct
import zlib

RED = (198, 40, 40)
GRID = (224, 224, 224)
AXIS = (97, 97, 97)
WHITE = (255, 255, 255)


def _png(width: int, height: int, pixels: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def bar_chart(
    values: list[float | None], *, width: int = 480, height: int = 200, maximum: float | None = None
) -> bytes:
    """A PNG bar chart of ``values`` (None draws no bar)."""
    pixels = [bytearray(WHITE * width) for _ in range(height)]

    def fill(x0, y0, x1, y1, colour):
        for y in range(max(0, y0), min(height, y1)):
            row = pixels[y]
            for x in range(max(0, x0), min(width, x1)):
                row[3 * x : 3 * x + 3] = bytes(colour)

    left, bottom, top = 10, height - 10, 10
    for i in range(5):
        y = top + (bottom - top) * i // 4
        fill(left, y, width - 10, y + 1, GRID)
    fill(left, bottom, width - 10, bottom + 2, AXIS)
    numbers = [v or 0 for v in values]
    peak = maximum or max(numbers, default=0) or 1
    if values:
        slot = (width - 20 - left) // len(values)
        bar = max(4, slot * 3 // 5)
        for i, value in enumerate(values):
            if value is None:
                continue
            x0 = left + 10 + i * slot + (slot - bar) // 2
            h = int((bottom - top) * min(value, peak) / peak)
            fill(x0, bottom - h, x0 + bar, bottom, RED)
    return _png(width, height, pixels)

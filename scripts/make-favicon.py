#!/usr/bin/env python3
"""Write static/favicon.ico: the Sister Cities mark, two linked rings on the
brand navy, at 16x16, 32x32 and 48x48.

Standard library only. Each size is drawn with 4x4 supersampling, written as
an RGBA PNG (zlib + struct), and the PNGs are wrapped in one ICO container
(PNG-in-ICO, understood by every current browser and by Windows Vista on).

    python3 scripts/make-favicon.py            # writes static/favicon.ico
    python3 scripts/make-favicon.py OUT.ico    # writes OUT.ico

The colours match the tokens in static/css/site.css.
"""

import math
import struct
import sys
import zlib
from pathlib import Path

BRAND = (0x16, 0x2E, 0x51)  # --sc-color-brand
RING_A = (0xFF, 0xFF, 0xFF)  # --sc-color-brand-text
RING_B = (0x8C, 0xC3, 0xF0)  # the light link blue of the dark theme
SIZES = (16, 32, 48)
SUPERSAMPLE = 4


def shade(x, y):
    """Colour (r, g, b, a) of the point (x, y) in a 1x1 unit square."""
    # A rounded square of the brand colour.
    radius = 0.18
    qx = max(abs(x - 0.5) - (0.5 - radius), 0.0)
    qy = max(abs(y - 0.5) - (0.5 - radius), 0.0)
    if math.hypot(qx, qy) > radius:
        return (0, 0, 0, 0)

    # Two rings, interlinked: A passes over B at the top crossing and
    # under it at the bottom one, with a gap of the background around
    # the ring on top so the link reads at a glance.
    r, half_width, gap = 0.235, 0.062, 0.045
    ca, cb = (0.365, 0.5), (0.635, 0.5)
    da = abs(math.hypot(x - ca[0], y - ca[1]) - r)
    db = abs(math.hypot(x - cb[0], y - cb[1]) - r)
    a_on_top = y < 0.5
    in_a, in_b = da <= half_width, db <= half_width
    near_a, near_b = da <= half_width + gap, db <= half_width + gap
    if a_on_top:
        if in_a:
            return RING_A + (255,)
        if in_b and not near_a:
            return RING_B + (255,)
    else:
        if in_b:
            return RING_B + (255,)
        if in_a and not near_b:
            return RING_A + (255,)
    return BRAND + (255,)


def render(size):
    """RGBA rows for a size x size icon, antialiased by supersampling."""
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3]
            if alpha == 0:
                row += b"\x00\x00\x00\x00"
            else:  # un-premultiply the averaged colour
                row += bytes(round(c / alpha) for c in acc[:3]) + bytes([round(alpha / (n * n))])
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 per row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(images):
    """images: list of (size, png bytes)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def main():
    root = Path(__file__).resolve().parent.parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "static" / "favicon.ico"
    images = [(s, png(s, render(s))) for s in SIZES]
    out.write_bytes(ico(images))
    print(f"wrote {out} ({out.stat().st_size} bytes: {', '.join(f'{s}x{s}' for s in SIZES)})")


if __name__ == "__main__":
    main()

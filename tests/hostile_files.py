"""Hostile and unusual image files, written byte by byte (no downloads, no 4 GB images in memory).

``tiff_bytes`` writes classic TIFF or BigTIFF with any tags, so a test can claim 60000x60000
pixels or 20x2400 dpi without ever holding such an image. ``g4_white`` is a valid CCITT G4 strip
of an all-white page: one bit per row, which is how a 700-byte file can claim 40 megapixels.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

# TIFF field types
SHORT, LONG, RATIONAL, ASCII, LONG8 = 3, 4, 5, 2, 16


def g4_white(height: int) -> bytes:
    """CCITT T.6 data of ``height`` all-white rows: V0 (bit '1') per row, then EOFB."""
    bits = "1" * height + "000000000001" * 2
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


@dataclass
class Page:
    width: int
    height: int
    data: bytes
    compression: int = 1  # 1 none, 4 G4, 50001 WebP, 34712 JPEG 2000
    bits: int = 8
    photometric: int = 1  # 0 WhiteIsZero, 1 BlackIsZero
    dpi: tuple[float, float] | None = (300, 300)
    strip_offset: int | None = None  # override: point the strip somewhere else (e.g. beyond the end)
    extra: dict[int, tuple[int, list]] = field(default_factory=dict)


def _rational(value: float) -> tuple[int, int]:
    f = Fraction(value).limit_denominator(10000)
    return f.numerator, f.denominator


def tiff_bytes(pages: list[Page], *, bigtiff: bool = False, shared_data: bool = False) -> bytes:
    """A little-endian TIFF (or BigTIFF) with one IFD per page. ``shared_data``: every page points
    at the first page's strip (a 5000-page file of a few hundred kilobytes)."""
    off_fmt, off_size = ("<Q", 8) if bigtiff else ("<I", 4)
    count_fmt, entry_size = ("<Q", 20) if bigtiff else ("<H", 12)
    head = b"II+\x00\x08\x00\x00\x00" + struct.pack("<Q", 16) if bigtiff else b"II*\x00" + struct.pack("<I", 8)
    out = bytearray(head)
    data_at: list[int] = []
    for i, page in enumerate(pages):
        if shared_data and i:
            data_at.append(data_at[0])
            continue
        data_at.append(len(out))
        out += page.data
        out += b"\0" * (len(out) % 2)
    ifd_links: list[int] = []
    for i, page in enumerate(pages):
        tags: dict[int, tuple[int, list]] = {
            256: (LONG, [page.width]), 257: (LONG, [page.height]), 258: (SHORT, [page.bits]),
            259: (SHORT, [page.compression]), 262: (SHORT, [page.photometric]),
            273: (LONG, [page.strip_offset if page.strip_offset is not None else data_at[i]]),
            277: (SHORT, [1]), 278: (LONG, [page.height]), 279: (LONG, [len(pages[0 if shared_data else i].data)]),
        }
        if page.dpi is not None:
            tags[282] = (RATIONAL, [_rational(page.dpi[0])])
            tags[283] = (RATIONAL, [_rational(page.dpi[1])])
            tags[296] = (SHORT, [2])
        tags.update(page.extra)
        ifd_at = len(out)
        if i == 0:
            struct.pack_into(off_fmt, out, 8 if bigtiff else 4, ifd_at)
        else:
            struct.pack_into(off_fmt, out, ifd_links[-1], ifd_at)
        entries = sorted(tags.items())
        body_start = ifd_at + len(struct.pack(count_fmt, 0)) + entry_size * len(entries) + off_size
        blob = bytearray()
        ifd = bytearray(struct.pack(count_fmt, len(entries)))
        for tag, (kind, values) in entries:
            if kind == RATIONAL:
                raw = b"".join(struct.pack("<II", n, d) for n, d in values)
            elif kind == ASCII:
                raw = values[0].encode() + b"\0"
            else:
                raw = b"".join(struct.pack({SHORT: "<H", LONG: "<I", LONG8: "<Q"}[kind], v) for v in values)
            count = len(raw) if kind == ASCII else len(values)
            ifd += struct.pack("<HH", tag, kind) + struct.pack(off_fmt, count)
            if len(raw) <= off_size:
                ifd += raw + b"\0" * (off_size - len(raw))
            else:
                ifd += struct.pack(off_fmt, body_start + len(blob))
                blob += raw + b"\0" * (len(raw) % 2)
        ifd_links.append(ifd_at + len(ifd))
        ifd += b"\0" * off_size  # next IFD: patched by the next page
        out += ifd + blob
    return bytes(out)


def g4_page(width: int, height: int, dpi: tuple[float, float] | None = (204, 196)) -> Page:
    """A valid all-white G4 fax page of any claimed size (the file stays tiny)."""
    return Page(width, height, g4_white(height), compression=4, bits=1, photometric=0, dpi=dpi)


def grey_page(width: int = 640, height: int = 900, dpi: tuple[float, float] | None = (150, 150),
              extra_tags: dict[int, tuple[int, list]] | None = None) -> Page:
    """An uncompressed 8-bit grey page with a black bar (real content, not just white)."""
    rows = bytearray(b"\xff" * width * height)
    for y in range(height // 3, height // 3 + 40):
        rows[y * width + 40: y * width + width - 40] = b"\0" * (width - 80)
    return Page(width, height, bytes(rows), dpi=dpi, extra=dict(extra_tags or {}))


def pdf_with_a_broken_second_page(path: Path) -> Path:
    """Two pages by /Count, the second of which is no page dictionary: pdfium fails to load it."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 2 /Kids [3 0 R 4 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"(not a page)"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path

"""What a page file may cost before a single pixel is decoded.

A file's headers claim a size in pixels and a resolution; both are checked together, *after*
the page would be stretched to square pixels and *before* it is decoded: a 700-byte G4 TIFF can
claim 4000x4000 pixels at 20x2400 dpi, which is a page 100 inches wide and 19 gigapixels once
stretched. Limits come from the physical page (A3 by default: nothing an office scanner feeds is
larger), from pixels (memory), and from the page count (a fax of thousands of pages is an attack
or a broken fax server). ``max_page_size`` and ``max_pages_per_file`` in the settings move them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from station.errors import InputFileError

log = logging.getLogger(__name__)

MM_PER_INCH = 25.4
#: Named page sizes in mm (short side, long side).
SIZES_MM = {"A5": (148.0, 210.0), "A4": (210.0, 297.0), "A3": (297.0, 420.0), "Letter": (215.9, 279.4),
            "Legal": (215.9, 355.6), "Tabloid": (279.4, 431.8)}
#: A scanner's "whole area" and a fax's rounding make pages a little larger than their name.
SLACK = 1.04
DEFAULT_DPI = 300
#: Resolution tags a real page file carries: fax 204x98 up to archive scans at 1200 dpi.
DPI_RANGE = (50.0, 1200.0)
#: Equal resolutions this low are screen defaults written by software, not a scanner's.
SCREEN_DPI = 96.0
#: Fax "normal" is 204x98 (about 2:1); anything beyond 4:1 is not a scanner.
MAX_DPI_RATIO = 4.0


@dataclass(frozen=True)
class Limits:
    """The largest page (mm, short x long side, either orientation), pixels and pages a file may have."""

    page_mm: tuple[float, float] = (SIZES_MM["A3"][0] * SLACK, SIZES_MM["A3"][1] * SLACK)
    page_name: str = "A3"
    max_pixels: int = 80_000_000  # A3 at 600 dpi is about 70 Mpx
    max_pages: int = 500
    min_side: int = 64  # a real page at even 50 dpi is larger

    @classmethod
    def from_settings(cls, settings: object) -> Limits:
        name = str(getattr(settings, "max_page_size", "A3") or "A3")
        short, long_ = parse_size_mm(name)
        pages = int(getattr(settings, "max_pages_per_file", 500) or 500)
        return cls(page_mm=(short * SLACK, long_ * SLACK), page_name=name, max_pages=max(1, pages))


def parse_size_mm(name: str) -> tuple[float, float]:
    """(short, long) side in mm of "A3", "Tabloid" or "WIDTHxHEIGHT" (mm)."""
    for key, size in SIZES_MM.items():
        if key.lower() == name.strip().lower():
            return size
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*", name)
    if not m:
        from station.errors import ConfigError

        raise ConfigError(f"Die größte Seitengröße „{name}“ ist unbekannt (möglich: {', '.join(SIZES_MM)} "
                          "oder z. B. 297x420).",
                          f"the largest page size '{name}' is unknown (use {', '.join(SIZES_MM)} or e.g. 297x420).")
    a, b = float(m.group(1)), float(m.group(2))
    return min(a, b), max(a, b)


_override: Limits | None = None


def set_limits(limits: Limits | None) -> None:
    """Use ``limits`` in this process (None: back to the settings)."""
    global _override
    _override = limits


@lru_cache(maxsize=1)
def _from_settings() -> Limits:
    from station.config import load_settings
    from station.errors import StationError

    try:
        return Limits.from_settings(load_settings())
    except StationError as exc:  # e.g. a mistyped max_page_size: say so, keep the safe defaults
        log.warning("page limits: using the defaults (%s)", exc)
        return Limits()


def current_limits() -> Limits:
    """The limits of this process: ``set_limits`` or the settings (page workers read the same file)."""
    return _override if _override is not None else _from_settings()


def _bad(path: Path, de: str, en: str, detail: str = "") -> InputFileError:
    return InputFileError(str(path), de, en, detail=detail)


def checked_dpi(path: Path, kind: str, dpi: object, where: tuple[str, str] = ("", "")) -> tuple[float, float]:
    """The resolution to use: the file's, if plausible. A TIFF (fax, scanner) means its tags, so
    nonsense there refuses the file; PNG/JPEG/PNM often carry screen values (72, 96, 1 dpi), which
    say nothing about paper, so there the station default is used instead. Equal values of 96 dpi or
    less are screen defaults in any format and count as no resolution (300 dpi assumed)."""
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return float(DEFAULT_DPI), float(DEFAULT_DPI)
    if (x <= 0 and y <= 0) or (abs(x - y) < 1 and x <= SCREEN_DPI):
        return float(DEFAULT_DPI), float(DEFAULT_DPI)  # none, or a screen default (72/96) saying nothing of paper
    lo, hi = DPI_RANGE
    plausible = lo <= x <= hi and lo <= y <= hi and max(x, y) / min(x, y) <= MAX_DPI_RATIO
    if plausible:
        return x, y
    if kind != "tiff":
        return float(DEFAULT_DPI), float(DEFAULT_DPI)
    raise _bad(path, f"Die Auflösung {x:g}×{y:g} dpi{where[0]} ist für eine Seite unplausibel "
                     f"(erlaubt: {lo:g} bis {hi:g} dpi, Verhältnis höchstens {MAX_DPI_RATIO:g}:1).",
               f"the resolution {x:g}x{y:g} dpi{where[1]} is implausible for a page "
               f"(allowed: {lo:g} to {hi:g} dpi, ratio at most {MAX_DPI_RATIO:g}:1).")


def check_page(path: Path, width: int, height: int, xdpi: float, ydpi: float, limits: Limits,
               where: tuple[str, str] = ("", "")) -> None:
    """Refuse a page from its header values: too small, larger than the largest paper, or too
    many pixels once stretched to square pixels."""
    if width < limits.min_side or height < limits.min_side:
        raise _bad(path, f"Das Bild{where[0]} ist mit {width}×{height} Pixeln zu klein für eine Seite.",
                   f"the image{where[1]} is too small for a page ({width}x{height} pixels).")
    w_mm, h_mm = width / xdpi * MM_PER_INCH, height / ydpi * MM_PER_INCH
    short, long_ = sorted((w_mm, h_mm))
    if short > limits.page_mm[0] or long_ > limits.page_mm[1]:
        raise _bad(path, f"Die Seite ist zu groß{where[0]}: {w_mm:.0f}×{h_mm:.0f} mm bei {xdpi:g}×{ydpi:g} dpi "
                         f"(größer als {limits.page_name}).",
                   f"the page is too large{where[1]}: {w_mm:.0f}x{h_mm:.0f} mm at {xdpi:g}x{ydpi:g} dpi "
                   f"(larger than {limits.page_name}).")
    target = max(xdpi, ydpi)
    sq_w, sq_h = round(width * target / xdpi), round(height * target / ydpi)
    if width * height > limits.max_pixels or sq_w * sq_h > limits.max_pixels:
        raise _bad(path, f"Die Seite ist zu groß{where[0]}: {sq_w}×{sq_h} Pixel (mögliche Dekompressionsbombe).",
                   f"the page is too large{where[1]}: {sq_w}x{sq_h} pixels (possible decompression bomb).")


def check_page_count(path: Path, count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise _bad(path, f"Die Datei hat mehr als {limits.max_pages} Seiten; so lange Dateien werden nicht "
                         "angenommen (Einstellung max_pages_per_file).",
                   f"the file has more than {limits.max_pages} pages; files this long are refused "
                   "(setting max_pages_per_file).", f"{count} pages")


__all__ = [
    "DEFAULT_DPI",
    "Limits",
    "check_page",
    "check_page_count",
    "checked_dpi",
    "current_limits",
    "parse_size_mm",
    "set_limits",
]

"""Print evaluation letters as a user's scanner or fax machine would deliver them.

Written apart from the training generator (``station.synth``, ``station.classify.render``): other
code, other fonts (the system's office typefaces found by ``fc-match``: Arial-, Times- and
Courier-metric Liberation and URW fonts, DejaVu, P052, URW Bookman, C059, Nimbus Sans Narrow,
FreeSans and the handwriting-like Z003), other page effects. A page is fed in one of four
orientations and comes out in one of six modes: a grey 300 dpi scan with skew on the scanner bed,
a colour scan, a black-and-white scan, a G3 fax at 204x98 dpi, a G4 fax at 204x196 dpi, faint toner.
"""

from __future__ import annotations

import random
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

#: Typeface name -> (fontconfig family, point size). Sizes follow what offices print (10-12 pt).
TYPEFACES: dict[str, tuple[str, float]] = {
    "arial-metric": ("Liberation Sans", 11),
    "helvetica-urw": ("Nimbus Sans", 11),
    "times-metric": ("Liberation Serif", 12),
    "times-urw": ("Nimbus Roman", 12),
    "courier-metric": ("Liberation Mono", 10),
    "courier-urw": ("Nimbus Mono PS", 10),
    "dejavu-sans": ("DejaVu Sans", 10),
    "palatino-p052": ("P052", 11),
    "bookman-urw": ("URW Bookman", 10),
    "schoolbook-c059": ("C059", 11),
    "narrow-sans": ("Nimbus Sans Narrow", 12),
    "freesans": ("FreeSans", 11),
    "handwriting-z003": ("Z003", 14),
}
MODES = ("scan-grey", "scan-colour", "scan-bilevel", "fax-g3", "fax-g4", "faint")
ROTATIONS = (0, 90, 180, 270)
A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class PageSpec:
    """One evaluation page: which text, typeface, mode and feed turn (counter-clockwise degrees,
    so the clockwise turn that makes it upright again is the same number)."""

    typeface: str
    mode: str
    rotation: int
    seed: int = 0


@cache
def font_file(family: str) -> str:
    """The font file fontconfig picks for ``family``; an error if it falls back to another family
    (fc-match always answers with *some* font)."""
    out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True, text=True,
                         check=True).stdout
    found, _, path = out.partition("\t")
    if family.lower() not in found.lower():
        raise FileNotFoundError(f"typeface {family!r} is not installed (fontconfig offers {found!r})")
    return path


def available_typefaces() -> list[str]:
    names = []
    for name, (family, _) in TYPEFACES.items():
        try:
            font_file(family)
        except (FileNotFoundError, OSError, subprocess.CalledProcessError):
            continue
        names.append(name)
    return names


def _mode_dpi(mode: str, scan_dpi: int) -> int:
    return 204 if mode.startswith("fax") else scan_dpi


Segment = tuple[float, str]  # (x offset from the left margin in pixels, text)
_COLUMN_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _columns(raw: str, font: ImageFont.FreeTypeFont, width: float) -> list[list[Segment]] | None:
    """A line typed with gaps of two or more blanks (a reference row, a table, form boxes) as the
    writer laid it out: each part starts at its character column, like text at tab stops, never
    closer than two blanks to the part before. A row too wide for that is set with its parts two
    ems apart (still a column gap to the reader), and what does not fit goes on in the next printed
    line, from a part's start, as a word processor wraps a row past the last tab stop. None when
    the line has no such gap or one part alone is wider than the page."""
    if not _COLUMN_GAP.search(raw.strip()):
        return None
    unit = min(font.getlength("0123456789 abcdefghijklmnopqrstuvwxyz") / 37, width / max(len(raw), 1))
    blank = font.getlength(" ")
    parts = list(re.finditer(r"\S+(?: \S+)*", raw))
    segments: list[Segment] = []
    end = 0.0
    for m in parts:
        x = max(m.start() * unit, end + 2 * blank if segments else 0.0)
        segments.append((x, m.group(0)))
        end = x + font.getlength(m.group(0))
    if end <= width:
        return [segments]
    lines: list[list[Segment]] = [[]]
    end = 0.0
    for m in parts:
        length = font.getlength(m.group(0))
        if length > width:
            return None
        x = end + 2 * font.size if lines[-1] else 0.0
        if x + length > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, m.group(0)))
        end = x + length
    return lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[list[Segment]]:
    """Printed lines, each a list of segments: running text is wrapped at the page width with single
    blanks between words; a line laid out in columns keeps its columns apart (``_columns``)."""
    lines: list[list[Segment]] = []
    for raw in text.splitlines():
        if (columns := _columns(raw.rstrip(), font, width)) is not None:
            lines.extend(columns)
            continue
        words, line = raw.split(), ""
        if not words:
            lines.append([])
            continue
        for word in words:
            trial = f"{line} {word}" if line else word
            if line and font.getlength(trial) > width:
                lines.append([(0.0, line)])
                line = word
            else:
                line = trial
        lines.append([(0.0, line)])
    return lines


def typeset(text: str, typeface: str, dpi: int, max_lines: int | None = None) -> list[Image.Image]:
    """The upright printed pages: black text on white A4, 25 mm left margin, 20 mm from the top,
    as many sheets as the text needs."""
    family, points = TYPEFACES[typeface]
    font = ImageFont.truetype(font_file(family), max(6, round(points * dpi / 72)))
    mm = dpi / 25.4
    size = (round(A4_MM[0] * mm), round(A4_MM[1] * mm))
    lines = _wrap(text, font, size[0] - 45 * mm)
    if max_lines:
        lines = lines[:max_lines]
    step = round(points * 1.35 * dpi / 72)
    pages: list[Image.Image] = []
    y = size[1]
    for line in lines:
        if y + step > size[1] - 15 * mm:
            pages.append(Image.new("L", size, 255))
            y = round(20 * mm)
        for x, part in line:
            ImageDraw.Draw(pages[-1]).text((round(25 * mm + x), y), part, font=font, fill=0)
        y += step
    return pages or [Image.new("L", size, 255)]


def _noise(rng: np.random.Generator, shape: tuple[int, ...], sigma: float) -> np.ndarray:
    return rng.normal(0.0, sigma, shape)


def _as_scan(page: Image.Image, rng: np.random.Generator, ink: int, paper: int, bed: bool) -> np.ndarray:
    """Toner at ``ink``, paper at ``paper``, optics blur, sensor noise, a small tilt and (``bed``)
    the dark scanner bed showing along two edges of the sheet."""
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(page, np.float64) / 255.0
    a = ink + (paper - ink) * a
    tilted = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    angle = float(rng.uniform(-1.8, 1.8))
    tilted = tilted.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=70 if bed else paper)
    out = np.asarray(tilted, np.float64)
    if bed:
        mm = page.width / A4_MM[0] if page.width < page.height else page.height / A4_MM[0]
        extra_x, extra_y = round(float(rng.uniform(4, 12)) * mm), round(float(rng.uniform(4, 12)) * mm)
        canvas = np.full((out.shape[0] + extra_y, out.shape[1] + extra_x), 60.0)
        canvas[: out.shape[0], : out.shape[1]] = out
        out = canvas
    out = out + _noise(rng, out.shape, 4.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def _bilevel(gray: np.ndarray, level: int = 150) -> np.ndarray:
    return np.where(gray < level, 0, 255).astype(np.uint8)


def _deliver(page: Image.Image, mode: str, rng: np.random.Generator, dpi: int) -> tuple[Image.Image, tuple[int, int]]:
    """One printed sheet as the device delivers it in ``mode``, and the resolution it states."""
    if mode == "scan-grey":
        return Image.fromarray(_as_scan(page, rng, 25, 238, bed=True)), (dpi, dpi)
    if mode == "faint":
        return Image.fromarray(_as_scan(page, rng, 165, 245, bed=False)), (dpi, dpi)
    if mode == "scan-colour":
        gray = _as_scan(page, rng, 30, 240, bed=False).astype(np.float64)
        tint = np.stack([gray, gray * 0.97, gray * 0.9], axis=-1)  # RGB: warm paper
        return Image.fromarray(np.clip(tint, 0, 255).astype(np.uint8), "RGB"), (dpi, dpi)
    if mode == "scan-bilevel":
        return Image.fromarray(_bilevel(_as_scan(page, rng, 20, 245, bed=False))).convert("1"), (dpi, dpi)
    if mode in ("fax-g3", "fax-g4"):
        bits = _bilevel(_as_scan(page, rng, 10, 250, bed=False), 140)
        if mode == "fax-g3":  # standard resolution: every other scan line
            return Image.fromarray(bits[::2]).convert("1"), (204, 98)
        return Image.fromarray(bits).convert("1"), (204, 196)
    raise ValueError(f"unknown mode {mode!r}")


def render_page(text: str, spec: PageSpec, path: Path, scan_dpi: int = 300,
                max_lines: int | None = None) -> Path:
    """Print ``text`` as ``spec`` says and save it as a user's device would: PNG for a one-page
    scan, TIFF (LZW for scans, CCITT G3/G4 for faxes) for more pages or a fax. Every sheet of a
    letter is fed the same way round. Returns the path written (its suffix follows the mode)."""
    rng = np.random.default_rng(spec.seed)
    dpi = _mode_dpi(spec.mode, scan_dpi)
    sheets = []
    save_dpi = (dpi, dpi)
    for page in typeset(text, spec.typeface, dpi, max_lines):
        if spec.rotation:
            page = page.rotate(spec.rotation, expand=True)  # fed turned: counter-clockwise
        image, save_dpi = _deliver(page, spec.mode, rng, dpi)
        sheets.append(image)
    fax = spec.mode.startswith("fax")
    if len(sheets) == 1 and not fax:
        path = path.with_suffix(".png")
        sheets[0].save(path, dpi=save_dpi, compress_level=1)
        return path
    path = path.with_suffix(".tif")
    compression = ("group3" if spec.mode == "fax-g3" else "group4") if fax else "tiff_lzw"
    sheets[0].save(path, compression=compression, dpi=save_dpi, save_all=True, append_images=sheets[1:])
    return path


def plan(count: int, typefaces: list[str] | None = None, modes: tuple[str, ...] = MODES,
         rotations: tuple[int, ...] = ROTATIONS, seed: int = 0) -> list[PageSpec]:
    """``count`` page specs that cover every typeface, mode and rotation evenly (a Latin-square
    walk, so no typeface always lands in the same mode or orientation)."""
    faces = typefaces or available_typefaces()
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        specs.append(PageSpec(faces[i % len(faces)], modes[(i // len(faces) + i) % len(modes)],
                              rotations[(i // (len(faces) * len(modes)) + i) % len(rotations)],
                              seed=rng.randrange(1 << 30)))
    return specs

"""Which way is up: 0, 90, 180 or 270 degrees.

First a fast measure of the page itself (well under 50 ms): are the text lines horizontal or
vertical (word blobs are wider than tall along the lines), and which side of each line carries
more ink outside the x-height band (Latin script has far more ascenders and capitals than
descenders, so the heavy side is the top). Only when that measure is unsure (few or odd lines)
does Tesseract's orientation detection (OSD) decide, and when OSD is unsure too, the candidate
turns are read by OCR and the one read with more confidence wins.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from station.imaging.convert import components, drop_border_blobs, ink_mask, reduce

log = logging.getLogger(__name__)

WORK_DPI = 150
#: Below this |ascender - descender| / total, the fast measure asks Tesseract.
SURE = 0.2
MIN_LINES = 3


@dataclass(frozen=True)
class Orientation:
    rotation: int  # degrees to turn clockwise so the page is upright
    confidence: float
    method: str  # "lines", "osd", "ocr" or "none"
    #: How sure the fast measure is that the lines run the way it turned them (0..1).
    horizontal: float = 0.0


def turn(image: np.ndarray, rotation: int) -> np.ndarray:
    """Turn ``image`` clockwise by ``rotation`` (a multiple of 90) degrees."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    rotation %= 360
    return image if rotation == 0 else cv2.rotate(image, codes[rotation])


def lines_are_vertical(ink: np.ndarray) -> tuple[bool, float]:
    """Whether text runs top-down; word blobs lie along the lines. Returns (vertical, certainty)."""
    blobs = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=2)
    count, _, stats, _ = components(blobs)
    if count < 2:
        return False, 0.0
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    h = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    weight = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    wide = float(weight[w > 1.3 * h].sum())
    tall = float(weight[h > 1.3 * w].sum())
    total = wide + tall
    if total == 0:
        return False, 0.0
    return tall > wide, abs(wide - tall) / total


def _line_bands(profile: np.ndarray) -> list[tuple[int, int]]:
    on = profile > max(1.0, 0.02 * float(profile.max()))
    bands, start = [], None
    for y, flag in enumerate(on):
        if flag and start is None:
            start = y
        elif not flag and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, len(on)))
    return [(a, b) for a, b in bands if b - a >= 4]


def _count_in_band(tops: np.ndarray, bottoms: np.ndarray) -> tuple[int, int]:
    """Ascenders and descenders among the glyphs of one text line."""
    if len(tops) < 4:
        return 0, 0
    baseline, xline = float(np.median(bottoms)), float(np.median(tops))
    xh = baseline - xline
    if xh < 3:
        return 0, 0
    asc = int(np.count_nonzero(tops < xline - 0.35 * xh))
    desc = int(np.count_nonzero(bottoms > baseline + 0.35 * xh))
    return asc, desc


def up_down(ink: np.ndarray, strip: int = 300) -> tuple[float, int]:
    """Ascenders-minus-descenders over the lines of horizontal text, and the line count.

    Glyphs of a line share a baseline (most bottoms) and an x-line (most tops); a glyph reaching
    well above the x-line is an ascender or capital, one reaching below the baseline a descender.
    German has about eight ascenders for every descender, so the sign tells up from down.
    Lines are found in vertical strips, which a tilt left after deskewing cannot smear.
    """
    count, _, stats, _ = components(ink)
    if count < 10:
        return 0.0, 0
    x, y = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    keep = (h >= 3) & (h <= 80) & (w <= 120)
    x, y, w, h = x[keep], y[keep], w[keep], h[keep]
    cx, cy, bottom = x + w / 2.0, y + h / 2.0, y + h
    asc = desc = 0
    lines = 0
    width = ink.shape[1]
    for x0 in range(0, width, strip):
        sel = (cx >= x0) & (cx < x0 + strip)
        bands = _line_bands(ink[:, x0 : x0 + strip].sum(axis=1).astype(np.float64))
        n = 0
        for a, b in bands:
            inside = sel & (cy >= a) & (cy < b)
            up, down = _count_in_band(y[inside], bottom[inside])
            asc, desc = asc + up, desc + down
            n += (up + down) > 0
        lines = max(lines, n)
    total = asc + desc
    return ((asc - desc) / total if total else 0.0), lines


def text_mask(gray: np.ndarray) -> np.ndarray:
    """Ink for reading line shapes, relative to the page's own contrast: on a faint page (toner
    at grey 170 on white) the fixed darkness of ``ink_mask`` finds nothing, so the cut sits
    between paper and the darkest ink actually there."""
    sample = gray[:: max(1, gray.shape[0] // 400), :: max(1, gray.shape[1] // 400)]
    paper = float(np.percentile(sample, 95))
    dark = float(np.percentile(sample, 0.5))
    if paper - dark >= 0.45 * paper:
        return ink_mask(gray)
    return gray < paper - max(30.0, 0.45 * (paper - dark))


def measure(gray: np.ndarray, dpi: int) -> Orientation:
    """The fast measure on the page's own ink; ``method`` is "none" when there is too little."""
    small, _ = reduce(gray, dpi, WORK_DPI)
    ink = drop_border_blobs(text_mask(small), margin=max(2, small.shape[1] // 100))
    if ink.sum() < 300:
        return Orientation(0, 0.0, "none")
    vertical, certainty = lines_are_vertical(ink)
    if vertical:
        ink = np.ascontiguousarray(np.rot90(ink, -1))  # turned clockwise: lines now horizontal
    balance, lines = up_down(ink)
    base = 90 if vertical else 0
    rotation = base if balance >= 0 else (base + 180) % 360
    confidence = min(certainty, abs(balance)) if lines >= MIN_LINES else 0.0
    return Orientation(rotation, confidence, "lines", certainty)


def _osd(gray: np.ndarray, dpi: int) -> Orientation | None:
    from station.errors import OcrError
    from station.ocr import osd

    small, _ = reduce(gray, dpi, 200)
    try:
        found = osd(small, min(dpi, 200))
    except OcrError as exc:
        log.debug("OSD gave no answer: %s", exc)
        return None
    return Orientation(found[0], found[1], "osd") if found else None


def _ocr_score(gray: np.ndarray, dpi: int, lang: str) -> float:
    from station.ocr import ocr_words

    words = ocr_words(gray, lang=lang, dpi=dpi, psm=6)
    good = [w for w in words if w.conf > 0 and any(ch.isalnum() for ch in w.text)]
    return sum(w.conf * len(w.text) for w in good)


def _by_ocr(gray: np.ndarray, dpi: int, candidates: tuple[int, int], lang: str) -> Orientation:
    small, _ = reduce(gray, dpi, 200)
    eff = min(dpi, 200)
    scores = {r: _ocr_score(turn(small, r), eff, lang) for r in candidates}
    best = max(scores, key=lambda r: scores[r])
    total = sum(scores.values()) or 1.0
    return Orientation(best, scores[best] / total, "ocr")


def detect_orientation(gray: np.ndarray, dpi: int, lang: str = "deu", use_tesseract: bool = True,
                       full: Callable[[], tuple[np.ndarray, int]] | None = None) -> Orientation:
    """The turn that makes the page upright, asking Tesseract only when the fast measure is unsure.

    ``full`` gives a sharper grey copy (and its dpi) for Tesseract when ``gray`` is a reduced one;
    it is called only if Tesseract is needed.
    """
    fast = measure(gray, dpi)
    if fast.method == "none" or fast.confidence >= SURE or not use_tesseract:
        return fast
    if full is not None:
        gray, dpi = full()
    osd = _osd(gray, dpi)
    if osd is not None and osd.confidence >= 2.0:
        return replace(osd, horizontal=fast.horizontal if osd.rotation % 180 == fast.rotation % 180 else 0.0)
    base = fast.rotation % 180
    return replace(_by_ocr(gray, dpi, (base, base + 180), lang), horizontal=fast.horizontal)

"""Decide whether a page is blank: the empty back of a duplex sheet.

Blank backs are rarely white: scanner noise, dust, punch holes and faint bleed-through of the
front. What counts is ink that *means* something: in blobs larger than dust, away from the page
edge, and not a round punch hole. Dropping a page the department never sees is far worse than
keeping an empty back, so faint ink counts too: pencil or a faint pen at grey ~200 on white paper,
faint toner. Only what bleed-through reaches (a blurred shade up to ~30 grey levels below the
paper) and sensor noise stay out. A short handwritten note or a single stamp keeps the page; the
decision threshold moves with the sensitivity setting.
"""

from __future__ import annotations

import cv2
import numpy as np

from station.imaging.convert import components, drop_border_blobs, ink_mask, reduce

WORK_DPI = 150
MM = WORK_DPI / 25.4
#: Ink fraction of the page tolerated at sensitivity 1.0 (about 19 mm² on A4).
MAX_FRACTION = 0.0003
MIN_BLOB_MM2 = 0.2
#: A faint blob must be larger than a dark speck with its blurred halo.
FAINT_MIN_MM2 = 0.6
#: Ink is anything this many grey levels below the paper (bleed-through stays above it)...
FAINT_DELTA = 30
#: ...or this many times the paper's own noise, whichever is more.
NOISE_FACTOR = 5.0


def _punch_holes(w: np.ndarray, h: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Round solid blobs 4-8 mm across: holes of a two-hole punch, showing the lid behind."""
    lo, hi = 4 * MM, 8.5 * MM
    fill = area / np.maximum(1, w * h).astype(np.float64)
    return ((w >= lo) & (w <= hi) & (h >= lo) & (h <= hi) & (np.abs(w - h) <= 0.25 * np.maximum(w, h))
            & (fill >= 0.6) & (fill <= 0.9))


def faint_ink_mask(small: np.ndarray) -> np.ndarray:
    """Ink however faint, relative to the paper: a slightly smoothed page (sensor noise averages
    out, strokes stay) darker than the paper by ``FAINT_DELTA`` or by five times its noise."""
    sample = small[:: max(1, small.shape[0] // 300), :: max(1, small.shape[1] // 300)].astype(np.float64)
    paper = float(np.percentile(sample, 75))
    spread = float(np.percentile(sample, 75) - np.percentile(sample, 25)) / 1.35  # robust sigma of the paper
    smooth = cv2.GaussianBlur(small, (3, 3), 0)
    return smooth < paper - max(FAINT_DELTA, NOISE_FACTOR * spread)


def ink_fraction(gray: np.ndarray, dpi: int) -> float:
    """Fraction of the page covered by meaningful ink (0.0 for a perfectly white page).

    A blob counts if its clearly dark part is larger than dust, or if it is a faint stroke larger
    than a speck with its halo (``FAINT_MIN_MM2``); round punch holes never count.
    """
    small, _ = reduce(gray, dpi, WORK_DPI)
    strong = ink_mask(small)
    ink = drop_border_blobs(strong | faint_ink_mask(small), margin=max(2, round(3 * MM)))
    if not ink.any():
        return 0.0
    count, labels, stats, _ = components(ink)
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    dark = np.bincount(labels[strong & ink], minlength=count)[1:]
    meaningful = ((dark >= MIN_BLOB_MM2 * MM * MM) | (area >= FAINT_MIN_MM2 * MM * MM)) & ~_punch_holes(w, h, area)
    total = int(area[meaningful].sum())
    return total / float(small.shape[0] * small.shape[1])


def is_blank(fraction: float, sensitivity: float = 0.5) -> bool:
    """Blank if the meaningful ink stays under the threshold the sensitivity (0..1) sets.

    Sensitivity 0 calls only pages without any meaningful ink blank; 1 is most aggressive.
    """
    sensitivity = min(1.0, max(0.0, sensitivity))
    return fraction <= sensitivity * MAX_FRACTION

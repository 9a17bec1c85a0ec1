"""Decide whether a page is blank: the empty back of a duplex sheet.

Blank backs are rarely white: scanner noise, dust, punch holes and faint bleed-through of the
front. What counts is ink that *means* something: clearly dark, in blobs larger than dust,
away from the page edge, and not a round punch hole. A short handwritten note or a single stamp
is meaningful ink and keeps the page; the decision threshold moves with the sensitivity setting.
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


def _punch_holes(w: np.ndarray, h: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Round solid blobs 4-8 mm across: holes of a two-hole punch, showing the lid behind."""
    lo, hi = 4 * MM, 8.5 * MM
    fill = area / np.maximum(1, w * h).astype(np.float64)
    return ((w >= lo) & (w <= hi) & (h >= lo) & (h <= hi) & (np.abs(w - h) <= 0.25 * np.maximum(w, h))
            & (fill >= 0.6) & (fill <= 0.9))


def ink_fraction(gray: np.ndarray, dpi: int) -> float:
    """Fraction of the page covered by meaningful ink (0.0 for a perfectly white page)."""
    small, _ = reduce(gray, dpi, WORK_DPI)
    ink = drop_border_blobs(ink_mask(small), margin=max(2, round(3 * MM)))
    if not ink.any():
        return 0.0
    count, _, stats, _ = components(ink)
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    meaningful = (area >= MIN_BLOB_MM2 * MM * MM) & ~_punch_holes(w, h, area)
    total = int(area[meaningful].sum())
    return total / float(small.shape[0] * small.shape[1])


def is_blank(fraction: float, sensitivity: float = 0.5) -> bool:
    """Blank if the meaningful ink stays under the threshold the sensitivity (0..1) sets.

    Sensitivity 0 calls only pages without any meaningful ink blank; 1 is most aggressive.
    """
    sensitivity = min(1.0, max(0.0, sensitivity))
    return fraction <= sensitivity * MAX_FRACTION

"""Decide whether a page is blank: the empty back of a duplex sheet.

Blank backs are rarely white: scanner noise, dust, punch holes and faint bleed-through of the
front. What counts is ink that *means* something: clearly dark, in blobs larger than dust,
away from the page edge, and not a round punch hole. A short handwritten note or a single stamp
is meaningful ink and keeps the page; the decision threshold moves with the sensitivity setting.
"""

from __future__ import annotations

import cv2
import numpy as np

from station.imaging.convert import drop_border_blobs, ink_mask, reduce

WORK_DPI = 150
MM = WORK_DPI / 25.4
#: Ink fraction of the page tolerated at sensitivity 1.0 (about 19 mm² on A4).
MAX_FRACTION = 0.0003
MIN_BLOB_MM2 = 0.2


def _is_punch_hole(w: int, h: int, area: int) -> bool:
    """A round solid blob 4-8 mm across: the hole of a two-hole punch, showing the lid behind."""
    if not (4 * MM <= w <= 8.5 * MM and 4 * MM <= h <= 8.5 * MM):
        return False
    fill = area / float(w * h)
    return abs(w - h) <= 0.25 * max(w, h) and 0.6 <= fill <= 0.9


def ink_fraction(gray: np.ndarray, dpi: int) -> float:
    """Fraction of the page covered by meaningful ink (0.0 for a perfectly white page)."""
    small, _ = reduce(gray, dpi, WORK_DPI)
    ink = drop_border_blobs(ink_mask(small), margin=max(2, round(3 * MM)))
    if not ink.any():
        return 0.0
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    min_area = MIN_BLOB_MM2 * MM * MM
    total = 0
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_area or _is_punch_hole(w, h, area):
            continue
        total += area
    return total / float(small.shape[0] * small.shape[1])


def is_blank(fraction: float, sensitivity: float = 0.5) -> bool:
    """Blank if the meaningful ink stays under the threshold the sensitivity (0..1) sets.

    Sensitivity 0 calls only pages without any meaningful ink blank; 1 is most aggressive.
    """
    sensitivity = min(1.0, max(0.0, sensitivity))
    return fraction <= sensitivity * MAX_FRACTION

"""Find the sheet of paper on the scanner background and cut to it.

A flatbed lid or a feeder leaves background around the page: black, grey or a light grey that
is still darker than the paper. The border of the frame tells the background's brightness;
if the border is as bright as the paper, the page fills the frame and is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from station.imaging.convert import components, drop_border_blobs, ink_mask, reduce
from station.model import Box

WORK_DPI = 75
#: The background must be this much darker than the paper (grey levels) to be told apart.
MIN_CONTRAST = 28


@dataclass(frozen=True)
class Paper:
    """Where the paper is: ``box`` None means it fills the frame."""

    box: Box | None
    background: int | None  # grey level of the background, when one was found


def _border_level(small: np.ndarray) -> int:
    b = max(2, min(small.shape) // 50)
    strips = np.concatenate([small[:b].ravel(), small[-b:].ravel(), small[:, :b].ravel(), small[:, -b:].ravel()])
    return int(np.median(strips))


def _inside(mask: np.ndarray, x: int, y: int, w: int, h: int, cover: float = 0.985) -> tuple[int, int, int, int]:
    """Shrink a box until its outer rows and columns are (almost) all paper."""
    sub = mask[y : y + h, x : x + w].astype(bool)
    rows = np.nonzero(sub.mean(axis=1) >= cover)[0]
    cols = np.nonzero(sub.mean(axis=0) >= cover)[0]
    if len(rows) < h // 2 or len(cols) < w // 2:
        return x, y, w, h
    return x + int(cols[0]), y + int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def find_paper(gray: np.ndarray, dpi: int, background: int | None = None, inside: bool = False) -> Paper:
    """The paper's bounding box in ``gray``'s pixels, or ``box=None`` if there is no background.

    ``inside``: the largest box of paper only (for a straightened sheet whose corners must go),
    rather than the box around all of it.
    """
    small, factor = reduce(gray, dpi, WORK_DPI)
    small = cv2.medianBlur(small, 3)
    bg = _border_level(small) if background is None else background
    paper = int(np.percentile(small, 90))
    if paper - bg < MIN_CONTRAST:
        return Paper(None, None)
    mask: np.ndarray = (small > (bg + paper) // 2).astype(np.uint8)
    k = max(3, round(WORK_DPI * 4 / 25.4)) | 1  # 4 mm: closes text and punch holes
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    count, _, stats, _ = components(mask, connectivity=4)
    if count < 2:
        return Paper(None, None)
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = (int(v) for v in stats[best])
    sh, sw = small.shape
    if area < 0.2 * sh * sw:  # no sheet-sized region: a dark page, not a background
        return Paper(None, None)
    if w >= sw - 1 and h >= sh - 1:
        return Paper(None, None)
    if inside:
        x, y, w, h = _inside(mask, x, y, w, h)
        x, y, w, h = x + 1, y + 1, max(1, w - 2), max(1, h - 2)  # the edge pixel is half paper, half lid
    H, W = gray.shape[:2]
    x0, y0 = max(0, int(x * factor)), max(0, int(y * factor))
    x1, y1 = min(W, int(np.ceil((x + w) * factor))), min(H, int(np.ceil((y + h) * factor)))
    return Paper(Box(x0, y0, x1 - x0, y1 - y0), bg)


def apply_crop(image: np.ndarray, box: Box | None) -> np.ndarray:
    """The part of ``image`` inside ``box`` (a view, no copy)."""
    if box is None:
        return image
    return image[box.y : box.y + box.height, box.x : box.x + box.width]


def content_box(gray: np.ndarray, dpi: int, margin_mm: float = 6.0) -> Box | None:
    """The part of a cleaned page that holds ink, with a margin: what OCR needs to look at.

    White margins cost Tesseract time (binarising, layout) but hold no words. None if no ink.
    """
    ink = drop_border_blobs(ink_mask(gray), margin=max(2, round(dpi * 2 / 25.4)))
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    if len(rows) == 0:
        return None
    m = round(margin_mm / 25.4 * dpi)
    h, w = gray.shape[:2]
    x0, y0 = max(0, int(cols[0]) - m), max(0, int(rows[0]) - m)
    x1, y1 = min(w, int(cols[-1]) + 1 + m), min(h, int(rows[-1]) + 1 + m)
    return Box(x0, y0, x1 - x0, y1 - y0)

"""Small helpers the image stages share: grey views, working resolutions, ink masks.

Stages decide on a reduced copy of the page (75-150 dpi is plenty to find paper edges, text
lines or ink) and apply their decision to the full image, which keeps a page well under 100 ms.
"""

from __future__ import annotations

import cv2
import numpy as np


def is_bilevel(image: np.ndarray) -> bool:
    """A black-and-white (lineart) page: grey with only 0 and 255. Such a page stays black and
    white through cleaning, is stored as G4 and goes to Tesseract as a 1-bit image, which it
    reads a quarter faster than the same pixels as grey (it has nothing to threshold)."""
    if image.ndim != 2 or image.dtype != np.uint8:
        return False
    return not bool(cv2.countNonZero(cv2.inRange(image, 1, 254)))


def to_gray(image: np.ndarray) -> np.ndarray:
    """A grey view of a page (BGR pages are converted; grey pages are returned as they are)."""
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def reduce(gray: np.ndarray, dpi: int, target_dpi: int) -> tuple[np.ndarray, float]:
    """Downscale to about ``target_dpi``; returns the image and the factor full/small."""
    factor = dpi / target_dpi
    if factor <= 1.05:
        return gray, 1.0
    h, w = gray.shape[:2]
    size = (max(1, round(w / factor)), max(1, round(h / factor)))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return small, w / size[0]


def paper_level(gray: np.ndarray) -> int:
    """Brightness of the paper: a high percentile, robust to text and specks."""
    return int(np.percentile(gray[:: max(1, gray.shape[0] // 200), :: max(1, gray.shape[1] // 200)], 95))


def ink_mask(gray: np.ndarray, darkness: float = 0.45) -> np.ndarray:
    """Pixels clearly darker than the paper (faint bleed-through and grey noise stay out)."""
    level = max(paper_level(gray), 60)
    return gray < level * (1.0 - darkness)


def components(mask: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Connected components with stats (OpenCV's block-based Grana labelling: several times faster
    here than the default for page-sized masks)."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(
        np.ascontiguousarray(mask, dtype=np.uint8), connectivity, cv2.CV_32S, cv2.CCL_GRANA)


def drop_border_blobs(mask: np.ndarray, margin: int) -> np.ndarray:
    """Remove ink blobs that touch the page border within ``margin`` pixels.

    Scanner edges, dark background left in a corner after cropping and shadow lines touch the
    border; text and handwriting sit inside the margins.
    """
    if margin <= 0 or not mask.any():
        return mask
    if not (mask[:margin].any() or mask[-margin:].any() or mask[:, :margin].any() or mask[:, -margin:].any()):
        return mask  # nothing near the border: skip the labelling
    count, labels, stats, _ = components(mask)
    h, w = mask.shape
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    touching = (x < margin) | (y < margin) | (x + bw > w - margin) | (y + bh > h - margin)
    touching[0] = False
    if not touching.any():
        return mask
    return mask & ~touching[labels]

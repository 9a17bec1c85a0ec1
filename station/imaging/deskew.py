"""Measure how far the text lines are tilted (within ±15°) and turn the page straight.

Projection profiles: project the ink pixels onto the axis across the lines at candidate angles;
at the right angle the lines fall into sharp peaks, so the sum of squared bin counts peaks too.
Both horizontal and vertical text lines count, so a page lying on its side is straightened as
well and handed to orientation detection with lines exactly horizontal or vertical.
"""

from __future__ import annotations

import cv2
import numpy as np

from station.imaging.convert import drop_border_blobs, ink_mask, is_bilevel, reduce

WORK_DPI = 100
MAX_ANGLE = 15.0
MAX_POINTS = 30000


def _scores(ys: np.ndarray, xs: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sharpness of the projection for lines tilted ``angle`` degrees counter-clockwise.

    Row ``i`` is for horizontal lines, row ``i + len(angles)`` for vertical ones.
    """
    out = np.empty(2 * len(angles))
    rad = np.deg2rad(angles)
    for i, (c, s) in enumerate(zip(np.cos(rad), np.sin(rad))):
        for j, proj in enumerate((ys * c + xs * s, xs * c - ys * s)):
            p = np.round(proj).astype(np.int64)
            hist = np.bincount(p - p.min())
            out[i + j * len(angles)] = float(np.dot(hist, hist))
    return out


def measure_skew(gray: np.ndarray, dpi: int) -> float:
    """Tilt of the text in degrees, counter-clockwise positive (0.0 if there is too little ink)."""
    small, _ = reduce(gray, dpi, WORK_DPI)
    ink = drop_border_blobs(ink_mask(small), margin=max(2, small.shape[1] // 100))
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return 0.0
    if len(ys) > MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(ys), MAX_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64) - ys.mean()
    xs = xs.astype(np.float64) - xs.mean()
    coarse = np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, 0.5)
    scores = _scores(ys, xs, coarse)
    best = float(coarse[int(np.argmax(scores)) % len(coarse)])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    fine_scores = _scores(ys, xs, fine)
    # Keep the family (horizontal or vertical lines) that won the coarse search.
    family = int(np.argmax(scores)) // len(coarse)
    part = fine_scores[family * len(fine) : (family + 1) * len(fine)]
    return round(float(fine[int(np.argmax(part))]), 2)


def rotate(image: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Turn ``image`` by ``angle`` degrees counter-clockwise about its centre, same size."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    border = fill if image.ndim == 2 else (fill, fill, fill)
    turned = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    if is_bilevel(image):  # a lineart scan stays black and white (smooth edges, then thresholded)
        cv2.threshold(turned, 127, 255, cv2.THRESH_BINARY, dst=turned)
    return turned


def deskew(image: np.ndarray, gray: np.ndarray, dpi: int, fill: int = 255) -> tuple[np.ndarray, float]:
    """Straighten ``image`` by the skew measured on ``gray``; returns (image, angle corrected)."""
    angle = measure_skew(gray, dpi)
    if abs(angle) < 0.05:
        return image, 0.0
    return rotate(image, -angle, fill), angle

"""Small preview images for the batch view (the GUI shows hundreds of them at once)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from station.imaging.output import write_private

THUMB_SIDE = 256


def make_thumbnail(image: np.ndarray, max_side: int = THUMB_SIDE) -> np.ndarray:
    """Scale ``image`` so its longer side is ``max_side`` pixels (never enlarged)."""
    h, w = image.shape[:2]
    scale = max_side / float(max(h, w))
    if scale >= 1.0:
        return image
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def save_thumbnail(image: np.ndarray, path: Path, max_side: int = THUMB_SIDE) -> Path:
    """Write a JPEG preview, readable by the station user only."""
    ok, data = cv2.imencode(".jpg", make_thumbnail(image, max_side), [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise OSError(f"could not encode thumbnail {path}")
    write_private(path, data.tobytes())
    return path

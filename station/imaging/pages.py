"""A loaded page and the pixel conversions every reader shares (square pixels, grey or BGR)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from station.errors import InputFileError


@dataclass
class LoadedPage:
    """One page of a file, ready for the image stages."""

    index: int
    image: np.ndarray  # uint8, HxW grey or HxWx3 BGR, square pixels
    dpi: int
    meta: dict[str, Any] = field(default_factory=dict)


def bad(path: Path, de: str, en: str, detail: str = "") -> InputFileError:
    return InputFileError(str(path), de, en, detail=detail)


def where(kind: str, index: int) -> tuple[str, str]:
    return (f" (Seite {index + 1})", f" (page {index + 1})") if kind in ("tiff", "pdf") else ("", "")


ROWS = 512  # rows per block when scaling deep images: a full-page float copy would cost gigabytes


def _deep_to_grey(img: Image.Image) -> np.ndarray:
    """16/32-bit grey scaled to 0..255 block by block (an A3 page at 600 dpi stays under 1 GB)."""
    arr = np.asarray(img)
    top = float(arr.max()) or 1.0
    out = np.empty(arr.shape, dtype=np.uint8)
    for y in range(0, arr.shape[0], ROWS):
        block = arr[y:y + ROWS].astype(np.float32)
        block *= 255.0 / top
        np.clip(block, 0, 255, out=block)
        out[y:y + ROWS] = block
    return out


def to_array(img: Image.Image) -> np.ndarray:
    """Pillow image -> uint8 grey (HxW) or BGR (HxWx3); 1-bit becomes 0/255 grey."""
    mode = img.mode
    if mode in ("1", "L"):
        return np.asarray(img.convert("L"), dtype=np.uint8)
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        return _deep_to_grey(img)
    if mode == "P":
        img = img.convert("RGB")
    elif mode == "LA":
        return np.asarray(img.convert("L"), dtype=np.uint8)
    elif mode != "RGB":
        img = img.convert("RGB")
    rgb = np.array(img, dtype=np.uint8)  # a writable copy: the channel swap below works in place
    if rgb.ndim == 3 and np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2]):
        return np.ascontiguousarray(rgb[..., 0])
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR, dst=rgb)


def square_pixels(image: np.ndarray, xdpi: float, ydpi: float) -> tuple[np.ndarray, int]:
    """Stretch the coarser axis so both resolutions match (fax 204x98 -> 204x204)."""
    if abs(xdpi - ydpi) < 1.0:
        return image, round(xdpi)
    target = max(xdpi, ydpi)
    h, w = image.shape[:2]
    new_w = round(w * target / xdpi)
    new_h = round(h * target / ydpi)
    return cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR), round(target)

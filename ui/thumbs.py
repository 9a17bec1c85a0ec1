"""Quick preview images for the screen, made in the worker the moment a page arrives.

The pipeline makes the proper thumbnail later (after crop and deskew); the operator must see the
page before that, so the scan worker shrinks the raw image here (area averaging keeps text grey
instead of aliased) and hands a ``QImage`` (safe to build outside the UI thread, unlike
``QPixmap``) to the tree.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader

THUMB_HEIGHT = 160


def image_to_qimage(image: np.ndarray) -> QImage:
    """A deep-copied QImage of a uint8 grey (HxW) or BGR (HxWx3) array."""
    image = np.ascontiguousarray(image)
    if image.dtype != np.uint8:
        image = image.astype(np.uint8)
    if image.ndim == 2:
        h, w = image.shape
        return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_Grayscale8).copy()
    h, w, _ = image.shape
    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def quick_thumb(image: np.ndarray, height: int = THUMB_HEIGHT) -> QImage:
    """A small preview of a raw page, about ``height`` pixels tall."""
    h, w = image.shape[:2]
    scale = min(1.0, height / max(1, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA) if scale < 1.0 else image
    return image_to_qimage(small)


def thumb_from_file(path: str | Path, height: int = THUMB_HEIGHT) -> QImage:
    """A small preview of an image file (call it in a worker: decoding a page takes a while)."""
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid() and size.height() > height:
        reader.setScaledSize(size.scaled(10 * size.width(), height, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return image if not image.isNull() else QImage()


def load_qimage(path: str | Path) -> QImage:
    """A page image from disk; an empty QImage when it cannot be read (the view shows a hint)."""
    return QImage(str(path))

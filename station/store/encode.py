"""How a page image becomes the bytes the store keeps: lossless, small, and readable everywhere.

Black-and-white scans (the mailroom's default profile) become CCITT G4 TIFF, about 1 % of the raw
pixels; grey and colour pages become PNG. Pages are legal evidence, so nothing is lossy.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from station.imaging.convert import is_bilevel
from station.imaging.output import encode_png
from station.store import g4tiff


def encode_page(image: np.ndarray, dpi: int = 300) -> bytes:
    """Encode a uint8 grey (HxW) or BGR (HxWx3) page losslessly."""
    if image.dtype != np.uint8:
        raise ValueError(f"page images are uint8, got {image.dtype}")
    if is_bilevel(image):
        if g4tiff.available():  # the same file, but encoded without holding the GIL (see g4tiff)
            return g4tiff.encode_g4(image, dpi)
        buf = io.BytesIO()
        Image.fromarray(image).convert("1", dither=Image.Dither.NONE).save(
            buf, "TIFF", compression="group4", dpi=(dpi, dpi)
        )
        return buf.getvalue()
    return encode_png(image)


def decode_page(data: bytes) -> np.ndarray:
    """Decode stored page bytes back to a uint8 grey or BGR array."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError("not a decodable page image")
    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image

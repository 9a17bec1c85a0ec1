"""A second look at numbers Tesseract was unsure of: the word alone, enlarged, digits only.

Index values live in a few short digit runs, and a page read well overall can still have a phone
number read at confidence 3 ("0157-13816599," was right) or 29 ("191" was "171"). A phone number
has no check digit, so the field finders do not take digits read that doubtfully. Reading such a
word again on its own, twice the size and with only digits and separators allowed, settles most of
them: a re-read that confirms the digits raises the word's confidence, one that changes them must be
sure of itself (75) to replace them, and anything else leaves the word as it was.
Only doubtful numeric words are re-read, a handful on a bad page and none on most, each in a few
milliseconds with the page's own loaded engine.
"""

from __future__ import annotations

import re
from typing import Any

import cv2
import numpy as np

from station.model import DOUBTFUL_WORD_CONF as DOUBTFUL  # below it a number is read again

#: What a number may be made of: digits, separators and the characters OCR turns digits into.
_NUMERIC = re.compile(r"^[(+]?[\dOoIlSB|©®][\dOoIlSB|©®()+/.,:;\-]*$")
#: A re-read that changes the digits must be this sure: digits-only reading can also invent them.
CHANGE = 75.0
WHITELIST = "0123456789+-/()., "
PSM_SINGLE_LINE = 7  # the single-word mode (8) read "611" as nothing or "su"
SCALE = 2


def numeric(text: str) -> bool:
    """A word that is a number, perhaps misread: at least two digits, nothing but number characters."""
    return bool(_NUMERIC.match(text)) and sum(c.isdigit() for c in text) >= 2


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def doubtful_numbers(data: dict[str, list]) -> list[int]:
    """Rows of Tesseract's TSV columns holding a numeric word read below ``model.DOUBTFUL_WORD_CONF``."""
    return [i for i, text in enumerate(data["text"])
            if data["level"][i] == 5 and 0 <= float(data["conf"][i]) < DOUBTFUL and numeric((text or "").strip())]


def _crop(image: np.ndarray, data: dict[str, list], i: int) -> np.ndarray:
    """The word with a margin of half its height, enlarged; grey even when the page is black-and-white."""
    left, top, width, height = (int(data[k][i]) for k in ("left", "top", "width", "height"))
    pad = max(height // 2, 4)
    y0, y1 = max(top - pad, 0), min(top + height + pad, image.shape[0])
    x0, x1 = max(left - pad, 0), min(left + width + pad, image.shape[1])
    crop = image[y0:y1, x0:x1]
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    if crop.dtype != np.uint8:
        crop = crop.astype(np.uint8)
    crop = cv2.resize(crop, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_CUBIC)
    return np.ascontiguousarray(cv2.copyMakeBorder(crop, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255))


def reread_numbers(api: Any, image: np.ndarray, data: dict[str, list], dpi: int) -> int:
    """Re-read the doubtful numeric words of ``data`` (updated in place); returns how many changed.

    ``api`` is the page's loaded engine; its character whitelist and segmentation mode are restored.
    """
    from station.ocr import set_image

    rows = doubtful_numbers(data)
    if not rows:
        return 0
    changed = 0
    api.SetVariable("tessedit_char_whitelist", WHITELIST)
    api.SetPageSegMode(PSM_SINGLE_LINE)
    try:
        for i in rows:
            set_image(api, _crop(image, data, i), dpi * SCALE)
            text = (api.GetUTF8Text() or "").strip()
            conf = float(api.MeanTextConf())
            api.Clear()
            same = _digits(text) == _digits(data["text"][i])
            if " " in text or not numeric(text) or conf <= float(data["conf"][i]) or conf < (DOUBTFUL if same
                                                                                              else CHANGE):
                continue  # nothing better than the first reading
            data["text"][i], data["conf"][i] = text, conf
            changed += 1
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
    return changed

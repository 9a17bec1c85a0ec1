"""A customer number written in a form's boxes, read again without the boxes.

Forms ask for the customer number one digit per box ("[6][0][2][9]…", "| 6 | 8 | 4 |…"). Read as a
line, the rules between the digits become ones, brackets and letters ("[8][O][2]1[91[6)"), and the
number is lost. The rules are taller than the digits they frame, so a vertical opening a little
shorter than the box's height finds them and only them; with the rules whitened, the digits are
read again as one line of digits. The new reading is kept only when it is ten digits passing their
Luhn check and two sizes of the crop give the same digits (one wrong reading in ten passes Luhn;
two independent readings agreeing on a wrong one are far rarer).

Paid only on a line where a customer-number label is followed by box characters: a few forms a day.
"""

from __future__ import annotations

import re
from typing import Any

import cv2
import numpy as np

from station.ocr_digits import CUSTOMER_LABEL, crop_run, printed_lines, read_digits, valid_check_digit

#: The characters a box's rules are read as.
_RULE_CHARS = set("[]|()!{}")
#: Letters OCR makes of a bracket or a bar; a field may hold any of them and still be boxes.
_RULE_LOOKALIKES = str.maketrans("", "", "IJLlTtij")
#: What no row of boxes holds: a word ("siehe Rechnung", "vom").
_WORD = re.compile(r"[a-zäöüß]{3}|[A-ZÄÖÜ][a-zäöüß]{2}")
#: At least this many of them in the words after the label make the field a row of boxes.
MIN_RULES = 3
#: Or the digits stand apart in this many short words (the rules read as gaps).
MIN_CELLS = 5
#: A rule is a vertical stroke at least this share of the field's height; a digit is shorter.
RULE_SHARE = 0.85
#: Ink left after the rules are taken that is shorter than this share of the height is their serifs.
SPECK_SHARE = 0.3
SCALES = (1, 2, 3)
#: Confidence given to a field two sizes read alike.
AGREED = 75.0


def boxed_fields(data: dict[str, list]) -> list[tuple[int, ...]]:
    """TSV rows of the words after a customer-number label that read as a row of boxes."""
    out = []
    for words in printed_lines(data):
        texts = [data["text"][i].strip() for i in words]
        for k, text in enumerate(texts[:-1]):
            if not CUSTOMER_LABEL.search(text):
                continue
            field = texts[k + 1:]
            joined = "".join(field)
            cells = len(field) >= MIN_CELLS and sum(len(t) for t in field) <= 3 * len(field)
            if (cells or sum(c in _RULE_CHARS for c in joined) >= MIN_RULES) and sum(c.isdigit() for c in joined) >= 5 \
                    and not _WORD.search(joined.translate(_RULE_LOOKALIKES)):
                out.append(tuple(words[k + 1:]))
            break
    return out


def without_rules(crop: np.ndarray, measure: str = "stroke") -> np.ndarray:
    """``crop`` (grey, dark ink on white) with the vertical rules of its boxes and their serifs whitened.

    The rules' height is taken as the tallest vertical stroke (``measure="stroke"``: right when the rules are
    whole) or as the height of the line's band of ink (``"band"``: right when a fax broke the rules up).
    """
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)  # faint toner is ink too
    height = _tallest_stroke(ink) if measure == "stroke" else _band_height(ink)
    if height == 0:
        return crop
    tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(RULE_SHARE * height))))
    rules = cv2.dilate(cv2.morphologyEx(ink, cv2.MORPH_OPEN, tall), np.ones((3, 3), np.uint8))
    left = np.asarray(ink, np.uint8) * (1 - np.asarray(rules, np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(left, connectivity=8)
    out = np.full_like(crop, 255)
    for j in range(1, count):
        if stats[j, cv2.CC_STAT_HEIGHT] >= SPECK_SHARE * height:
            out[labels == j] = crop[labels == j]
    return out


def _band_height(ink: np.ndarray) -> int:
    """Height of the longest run of rows with ink: the field's line, not the edges of the lines above and
    below that the crop's margin takes in."""
    best = run = 0
    for inked in np.count_nonzero(ink, axis=1) > 0:
        run = run + 1 if inked else 0
        best = max(best, run)
    return best


def _tallest_stroke(ink: np.ndarray) -> int:
    """Length of the longest vertical run of ink in any column: a box's rule where there are rules (the band of
    the whole line is no measure: a line a little askew is taller than its rules)."""
    run = np.zeros(ink.shape[1], dtype=np.int32)
    best = np.zeros_like(run)
    for row in ink:
        run = (run + 1) * row
        np.maximum(best, run, out=best)
    return int(best.max())


def settle_boxed_field(api: Any, image: np.ndarray, data: dict[str, list], rows: tuple[int, ...], dpi: int) -> bool:
    """Read the boxed field of ``rows`` again without its rules; when two sizes of the crop agree on ten digits
    that pass the check, the field's first word becomes the number and the others are emptied. True when changed."""
    seen: dict[str, int] = {}  # a reading that passes the check -> the scale it was first read at
    for scale in SCALES:
        crop = crop_run(image, data, rows, scale)
        for measure in ("stroke", "band"):
            text, _ = read_digits(api, without_rules(crop, measure), dpi * scale)
            digits = "".join(c for c in text if c.isdigit())
            if not valid_check_digit("customer", "", digits):
                continue
            if seen.setdefault(digits, scale) != scale:
                data["text"][rows[0]], data["conf"][rows[0]] = digits, max(float(data["conf"][rows[0]]), AGREED)
                for i in rows[1:]:
                    data["text"][i] = ""
                return True
    return False

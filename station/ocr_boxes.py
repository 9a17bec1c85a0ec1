"""A customer number, IBAN or phone number written in a form's boxes, read again without the boxes.

Forms ask for the customer number one digit per box ("[6][0][2][9]…", "| 6 | 8 | 4 |…"). Read as a
line, the rules between the digits become ones, brackets and letters ("[8][O][2]1[91[6)"), and the
number is lost. The rules are taller than the digits they frame, so a vertical opening a little
shorter than the box's height finds them and only them; with the rules whitened, the digits are
read again as one line of digits. The new reading is kept only when it is ten digits passing their
Luhn check and two sizes of the crop give the same digits (one wrong reading in ten passes Luhn;
two independent readings agreeing on a wrong one are far rarer); an IBAN passing mod 97 at a registered
bank is kept at once.

Paid only on a line where a customer-number label is followed by box characters: a few forms a day.
"""

from __future__ import annotations

import re
from typing import Any

import cv2
import numpy as np

from station.fields.iban import at_registered_bank
from station.ocr_digits import CUSTOMER_LABEL, WHITELIST, enlarged, read_digits, valid_check_digit

#: The characters a box's rules are read as.
_RULE_CHARS = set("[]|()!{}")
#: Letters OCR makes of a bracket or a bar; a field may hold any of them and still be boxes.
_RULE_LOOKALIKES = str.maketrans("", "", "IJLlTtij")
_DIGIT_LOOKALIKES = set("OoIlSZBGJ")
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


#: Field labels a form prints before or above its boxes, by the kind of value the boxes hold.
LABELS = {
    "customer": CUSTOMER_LABEL,
    "iban": re.compile(r"^iban\b", re.I),
    "phone": re.compile(r"(rufnummer|mobilfunknummer|telefon|handy|^mobil|phone|mobile)", re.I),
}
#: A label line above the boxes holds a few words at most ("Kundennummer", "Mobilfunknummer (mit Vorwahl)").
LABEL_LINE_WORDS = 4


def _kind(text: str) -> str | None:
    return next((kind for kind, label in LABELS.items() if label.search(text)), None)


def _looks_boxed(field: list[str], strict: bool, kind: str) -> bool:
    """Words that read as a row of boxes: rules read as brackets or bars, or digits standing apart in
    short words; under a label line (``strict`` False) digits without any word are enough, since the
    boxes' rules may all have been read as ones. Spaced digits alone make no phone number's boxes
    ("0178 - 99 09 468" is how people write one)."""
    joined = "".join(field)
    # digits, and the letters OCR makes of digits between rules ("[oJ1][7]IS]")
    if sum(c.isdigit() or c in _DIGIT_LOOKALIKES for c in joined) < 5 or _WORD.search(joined.translate(_RULE_LOOKALIKES)):
        return False
    rules = sum(c in _RULE_CHARS or c in "IJLlTt" for c in joined)
    if sum(c.isdigit() for c in joined) < 5 and rules < MIN_RULES:
        return False
    cells = len(field) >= MIN_CELLS and sum(len(t) for t in field) <= 3 * len(field)
    return not strict or (cells and kind != "phone") or rules >= MIN_RULES


def visual_rows(data: dict[str, list]) -> list[list[int]]:
    """TSV rows of the words of each row of the page as the eye sees it, top to bottom, left to right.

    Tesseract may split a row of boxes into several blocks, each a "line" of its own and out of order
    ("IBIE}8|" and "518190] 4118]|5" of one row, three blocks apart); a word belongs to the row whose
    middle its own middle is nearest to, within half its height.
    """
    words = [i for i, text in enumerate(data["text"]) if data["level"][i] == 5 and (text or "").strip()]
    rows: list[list[int]] = []
    middles: list[float] = []
    for i in sorted(words, key=lambda i: int(data["top"][i]) + int(data["height"][i]) / 2):
        middle, height = int(data["top"][i]) + int(data["height"][i]) / 2, int(data["height"][i])
        if rows and abs(middle - middles[-1]) <= height / 2:
            rows[-1].append(i)
            middles[-1] = sum(int(data["top"][k]) + int(data["height"][k]) / 2 for k in rows[-1]) / len(rows[-1])
        else:
            rows.append([i])
            middles.append(middle)
    return [sorted(row, key=lambda i: int(data["left"][i])) for row in rows]


def _valid_as_read(kind: str, texts: list[str]) -> bool:
    """The words already read as a valid value of their kind: nothing to read again."""
    return _value(kind, " ".join(texts)) is not None


def boxed_fields(data: dict[str, list]) -> list[tuple[str, tuple[int, ...]]]:
    """(kind, TSV rows) of fields that read as a row of boxes after a label on their line ("Kundennummer
    [6][0]...") or under a label line of their own ("IBAN" over "|D|E|9|1| |1|0|..."); kind is "customer",
    "iban" or "phone"."""
    out: list[tuple[str, tuple[int, ...]]] = []
    above: list[str] = []
    lines = visual_rows(data)
    taken: set[int] = set()
    for n, words in enumerate(lines):
        texts = [data["text"][i].strip() for i in words]
        label_above = _kind(" ".join(above)) if 0 < len(above) <= LABEL_LINE_WORDS else None
        above = texts
        if n in taken:
            continue
        if label_above is not None and _looks_boxed(texts, strict=False, kind=label_above) \
                and not _valid_as_read(label_above, texts):
            rows = tuple(words)
            if label_above == "iban" and n + 1 < len(lines):  # an IBAN's boxes wrapped onto a second row
                more = [data["text"][i].strip() for i in lines[n + 1]]
                if _looks_boxed(more, strict=False, kind="iban") and not _kind(" ".join(more)):
                    rows += tuple(lines[n + 1])
                    taken.add(n + 1)
            out.append((label_above, rows))
            continue
        for k, text in enumerate(texts[:-1]):
            if (kind := _kind(text)) is None:
                continue
            # the field starts after the label's last word ("Kundennummer des bestehenden Vertrags: [5][1]...")
            colon = next((j for j in range(k, len(texts) - 1) if texts[j].endswith(":")), k)
            start = colon + 1 if colon - k < LABEL_LINE_WORDS else k + 1
            if _looks_boxed(texts[start:], strict=True, kind=kind):
                out.append((kind, tuple(words[start:])))
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


def _crop_row(image: np.ndarray, data: dict[str, list], rows: tuple[int, ...], scale: int) -> np.ndarray:
    """Like ``ocr_digits._crop_run``, but the row's height is its words' middle height (a word read across two
    rows of boxes stretches the min/max box over both) and the margin a fifth of it: boxed rows stand close."""
    tops = sorted(int(data["top"][i]) for i in rows)
    bottoms = sorted(int(data["top"][i]) + int(data["height"][i]) for i in rows)
    top, bottom = tops[len(tops) // 2], bottoms[len(bottoms) // 2]
    pad = max((bottom - top) // 5, 3)
    left = min(int(data["left"][i]) for i in rows)
    right = max(int(data["left"][i]) + int(data["width"][i]) for i in rows)
    return enlarged(image[max(top - pad, 0):bottom + pad, max(left - 2 * pad, 0):right + 2 * pad], scale)


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


def _value(kind: str, text: str) -> str | None:
    """The field's value in ``text`` (a digits reading of the cleaned boxes) when it passes its kind's check."""
    import phonenumbers

    digits = "".join(c for c in text if c.isdigit())
    if kind == "customer":
        return digits if valid_check_digit("customer", "", digits) else None
    if kind == "iban":
        body = text.upper().replace(" ", "")
        body = body[body.find("DE"):] if "DE" in body else "DE" + digits  # the letters may be read or lost
        return body if len(body) == 22 and valid_check_digit("iban", body[:4], body[4:]) else None
    try:  # a phone number has no check digit: valid for Germany, and (below) read alike at two sizes
        number = phonenumbers.parse(digits, "DE")
    except phonenumbers.NumberParseException:
        return None
    return digits if 10 <= len(digits) <= 12 and phonenumbers.is_valid_number(number) else None


def settle_boxed_field(api: Any, image: np.ndarray, data: dict[str, list], rows: tuple[int, ...], dpi: int,
                       kind: str = "customer") -> bool:
    """Read the boxed field of ``rows`` again without its rules; when two sizes of the crop agree on a value
    that passes its check (Luhn, mod 97, or for a phone number a valid German number), the field's first
    word becomes the value and the others are emptied. True when changed."""
    if kind == "iban":
        api.SetVariable("tessedit_char_whitelist", "DE0123456789")
    seen: dict[str, int] = {}  # a reading that passes the check -> the scale it was first read at
    parts = [part for row in visual_rows(data) if (part := tuple(i for i in row if i in rows))]
    try:
        for scale in SCALES:
            crops = [_crop_row(image, data, part, scale) for part in parts]  # a wrapped field a row at a time
            for measure in ("stroke", "band"):
                text = " ".join(read_digits(api, without_rules(crop, measure), dpi * scale)[0] for crop in crops)
                value = _value(kind, text)
                if value is None:
                    continue
                # two sizes agree; an IBAN at a registered bank is sure alone (mod 97 and a real bank code)
                if seen.setdefault(value, scale) != scale or kind == "iban" and at_registered_bank(value):
                    data["text"][rows[0]], data["conf"][rows[0]] = value, max(float(data["conf"][rows[0]]), AGREED)
                    for i in rows[1:]:
                        data["text"][i] = ""
                    return True
        return False
    finally:
        if kind == "iban":
            api.SetVariable("tessedit_char_whitelist", WHITELIST)

"""A second look at the numbers an index is made of: read again on their own, digits only.

Index values live in a few short digit runs, and a page read well overall can still have a phone
number read at confidence 3 ("0157-13816599," was right) or 29 ("191" was "171"). Two checks,
each paid only where it applies, a handful of words on a bad page and none on most:

- a numeric word read below confidence 50 is read again alone, twice the size; a re-read that
  confirms the digits raises its confidence, one that changes them must be sure of itself (75);
- a customer number (after its label) or a German IBAN whose check digit fails as read is read
  again as one line; the new reading is kept only when it passes the check ("945" was "946").

A telephone number has no check digit; reading it again as a line and distrusting it when the two
readings differ lost four right numbers for the one wrong number it caught (development letters n), so the
phone finder only leaves digits read below confidence 50.

Each uses the page's own loaded engine, a few milliseconds per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from stdnum import luhn

from station.fields.iban import DIGIT_FIX, validate_iban  # letters a scan makes of an IBAN's digits
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
    return _crop_run(image, data, (i,), SCALE)


def read_digits(api: Any, crop: np.ndarray, dpi: int) -> tuple[str, float]:
    """What the engine (set to digits, one line) reads in ``crop``: (text, confidence)."""
    from station.ocr import set_image

    set_image(api, crop, dpi)
    text = (api.GetUTF8Text() or "").strip()
    conf = float(api.MeanTextConf())
    api.Clear()
    return text, conf


def _reread(api: Any, image: np.ndarray, data: dict[str, list], i: int, dpi: int) -> tuple[str, float]:
    """Word ``i`` read again on its own, enlarged, digits only: (text, confidence)."""
    return read_digits(api, _crop(image, data, i), dpi * SCALE)


def reread_numbers(api: Any, image: np.ndarray, data: dict[str, list], dpi: int) -> int:
    """Re-read the doubtful numeric words of ``data`` and the numbers failing their check digit
    (updated in place); returns how many words changed.

    ``api`` is the page's loaded engine; its character whitelist and segmentation mode are restored.
    """
    from station.ocr_boxes import boxed_fields, settle_boxed_field

    rows = doubtful_numbers(data)
    runs = failing_check_digits(data)
    boxes = boxed_fields(data)
    if not rows and not runs and not boxes:
        return 0  # (a telephone number can only be doubtful if one of its words is)
    changed = 0
    api.SetVariable("tessedit_char_whitelist", WHITELIST)
    api.SetPageSegMode(PSM_SINGLE_LINE)
    try:
        for kind, field in boxes:
            if settle_boxed_field(api, image, data, field, dpi, kind):
                changed += len(field)
                runs = [run for run in runs if not set(run.rows) & set(field)]
        for i in rows:
            text, conf = _reread(api, image, data, i, dpi)
            same = _digits(text) == _digits(data["text"][i])
            if " " in text or not numeric(text) or conf <= float(data["conf"][i]) or conf < (DOUBTFUL if same
                                                                                              else CHANGE):
                continue  # nothing better than the first reading
            data["text"][i], data["conf"][i] = text, conf
            changed += 1
        for run in runs:
            changed += _settle_by_check_digit(api, image, data, run, dpi)
        for phone in phone_runs(data):
            if any(0 <= float(data["conf"][i]) < DOUBTFUL for i in phone):
                _confirm(api, image, data, phone, dpi)
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
    return changed


# --- numbers whose own check digit says they were misread --------------------------------------------

#: Words before a run of digits that make it a customer number (ten digits, the last a Luhn check digit).
CUSTOMER_LABEL = re.compile(r"(kunden|^kd|knr|customer|account)", re.I)
_IBAN_START = re.compile(r"^DE[\dOoIlSBAZG]{2}$")


@dataclass(frozen=True)
class Run:
    """Consecutive words of one printed line that make one checkable number."""

    rows: tuple[int, ...]  # TSV rows of the numeric words to read again
    kind: str  # "customer" (Luhn over ten digits) or "iban" (mod 97; ``prefix`` holds "DEnn")
    prefix: str = ""
    whole: bool = False  # the field's words may be read as fewer words (a rule or a lost digit among them)


def _line_key(data: dict[str, list], i: int) -> tuple[int, int, int]:
    """The printed line TSV row ``i`` belongs to."""
    return data["block_num"][i], data["par_num"][i], data["line_num"][i]


def _lines(data: dict[str, list]) -> list[list[int]]:
    """TSV rows of the words of each printed line, in reading order."""
    out: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if data["level"][i] == 5 and (text or "").strip():
            out.setdefault(_line_key(data, i), []).append(i)
    return list(out.values())


def valid_check_digit(kind: str, prefix: str, digits: str) -> bool:
    if kind == "customer":
        return len(digits) == 10 and luhn.is_valid(digits)
    return len(digits) == 18 and validate_iban(prefix + digits) is not None


def failing_check_digits(data: dict[str, list]) -> list[Run]:
    """Customer numbers (after their label) and German IBANs on the page whose check digit fails as read.

    A confident misreading ("945" for "946") passes the confidence test but not the number's own
    check digit; those few words are worth a second look, and only a second reading that then
    passes the check is kept (``_settle_by_check_digit``).
    """
    runs: list[Run] = []
    above: list[str] = []
    lines = _lines(data)
    for n, words in enumerate(lines):
        texts = [data["text"][i].strip() for i in words]
        # the label before the number on its line, or in a reference row's header above it
        labelled_above = any(CUSTOMER_LABEL.search(t) for t in above)
        above = texts
        for k, text in enumerate(texts):
            split = text.upper() == "DE" and k + 1 < len(texts) and re.fullmatch(r"[\dOoIlSBAZG]{2}", texts[k + 1])
            if split:  # "DE 43 6837 ...": the check digits written apart
                text, k = "DE" + texts[k + 1], k + 1
            if split or _IBAN_START.match(text.upper()):
                rows, digits = _iban_groups(data, words[k + 1:])
                if len(rows) == len(words) - k - 1 and len(digits) < 18 and n + 1 < len(lines):
                    # the IBAN reaches the line's end: its last groups open the next line
                    more, rest = _iban_groups(data, lines[n + 1], 18 - len(digits))
                    rows, digits = rows + more, digits + rest
                # the check digits, look-alikes in either case as digits ("DEl5", "DEs8")
                prefix = "DE" + _digits(text[2:].translate(DIGIT_FIX).upper().translate(DIGIT_FIX))[:2]
                if len(digits) == 18 and len(prefix) == 4 and not valid_check_digit("iban", prefix, digits):
                    runs.append(Run(tuple(rows), "iban", prefix))
            elif numeric(text) and (k == 0 or not numeric(texts[k - 1])) \
                    and (labelled_above or any(CUSTOMER_LABEL.search(t) for t in texts[:k])):
                rows, digits = [], ""
                for j in range(k, len(words)):
                    if not numeric(texts[j]):
                        break
                    rows.append(words[j])
                    digits += _digits(texts[j])
                tail = k + len(rows)
                if len(digits) < 10 and tail < len(words) and _garbled(texts[tail]):
                    # a digit read as a sign ("319 ?", "1%"): the sign is part of the field read again
                    rows.append(words[tail])
                    digits += _digits(texts[tail]) + "?"
                if len(digits) == 10 and digits.isdigit() and not valid_check_digit("customer", "", digits):
                    runs.append(Run(tuple(rows), "customer"))
                elif 7 <= len(digits) <= 11 and not (len(digits) == 10 and digits.isdigit()) \
                        and (junk := _right_after_label(texts, k)) is not None:
                    # digits lost or a box rule gained ("Kundennummer |” 520109138"): the whole field again
                    runs.append(Run(tuple(words[junk:k]) + tuple(rows), "customer", whole=True))
    return runs


def _garbled(text: str) -> bool:
    """A short word of signs and digits where a digit stood: "?", "1%", "3)" (not a word, not punctuation alone
    after a complete number)."""
    return len(text) <= 3 and not any(c.isalpha() for c in text) and any(c in "?%#*&$§" or c.isdigit() for c in text)


def _iban_groups(data: dict[str, list], words: list[int], want: int = 18) -> tuple[list[int], str]:
    """The leading numeric words of ``words`` up to ``want`` digits: an IBAN's groups after its "DEnn"."""
    rows, digits = [], ""
    for i in words:
        text = data["text"][i].strip()
        if not numeric(text) and not text.isdigit():
            break
        rows.append(i)
        digits += _digits(text)
        if len(digits) >= want:
            break
    return rows, digits


def _right_after_label(texts: list[str], k: int) -> int | None:
    """Where the field after a customer-number label starts, when word ``k`` follows the label with
    nothing between but box rules and punctuation ("|”", ":"); None when anything else stands there."""
    j = k
    while j > 0 and len(texts[j - 1]) <= 3 and not any(c.isalnum() for c in texts[j - 1]):
        j -= 1
    return j if j > 0 and CUSTOMER_LABEL.search(texts[j - 1]) else None



def _crop_run(image: np.ndarray, data: dict[str, list], rows: tuple[int, ...], scale: int) -> np.ndarray:
    """The words of ``rows`` together, as one line, with a margin of half their height."""
    left = min(int(data["left"][i]) for i in rows)
    top = min(int(data["top"][i]) for i in rows)
    right = max(int(data["left"][i]) + int(data["width"][i]) for i in rows)
    bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in rows)
    pad = max((bottom - top) // 2, 4)
    return enlarged(image[max(top - pad, 0):bottom + pad, max(left - pad, 0):right + pad], scale)


def enlarged(crop: np.ndarray, scale: int) -> np.ndarray:
    """A cut-out made ready for a reading on its own: grey, 8-bit, ``scale`` times the size, in a white frame."""
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    if crop.dtype != np.uint8:
        crop = crop.astype(np.uint8)
    if scale != 1:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return np.ascontiguousarray(cv2.copyMakeBorder(crop, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255))


def _by_line(data: dict[str, list], rows: tuple[int, ...]) -> list[tuple[int, ...]]:
    """``rows`` split where the printed line changes."""
    parts: list[list[int]] = []
    key = None
    for i in rows:
        here = _line_key(data, i)
        if here != key:
            parts.append([])
            key = here
        parts[-1].append(i)
    return [tuple(p) for p in parts]


def _settle_by_check_digit(api: Any, image: np.ndarray, data: dict[str, list], run: Run, dpi: int) -> int:
    """Read the run's words again as one line, digits only (as printed, then twice the size); keep the
    first reading that splits into the same words, passes the number's check and is read surely
    (a Luhn digit passes one wrong reading in ten, mod 97 one in ninety-seven). Returns how many
    words changed."""
    sure = CHANGE if run.kind == "customer" else DOUBTFUL
    for scale in (1, SCALE):
        # a number broken over two lines is read a line at a time
        texts, confs = zip(*(read_digits(api, _crop_run(image, data, part, scale), dpi * scale)
                             for part in _by_line(data, run.rows)))
        text, conf = " ".join(texts), min(confs)
        words = text.split()
        if (conf < sure or not words or not all(numeric(w) or w.isdigit() for w in words)
                or not valid_check_digit(run.kind, run.prefix, "".join(_digits(w) for w in words))):
            continue
        if len(words) != len(run.rows):
            if not run.whole:
                continue
            # the field read as fewer words: its reading goes to the last word, the others are emptied
            words = [""] * (len(run.rows) - len(words)) + words if len(words) < len(run.rows) else []
            if not words:
                continue
        changed = 0
        for i, word in zip(run.rows, words):
            if _digits(word) != _digits(data["text"][i]):
                data["text"][i], data["conf"][i] = word, conf
                changed += 1
        return changed
    return 0


# --- telephone numbers: no check digit, so a doubtful one needs a second reading that agrees ------------

_SEPARATOR = re.compile(r"^([-–/]|\(0\))$")  # a dash, a slash, or the trunk zero "(0)" after +49
_PHONE_START = re.compile(r"^(\+|\(?0)")


def phone_runs(data: dict[str, list]) -> list[tuple[int, ...]]:
    """Runs of numeric words (and lone dashes or slashes) on one line that look like a telephone
    number: starting with 0, (0 or +, seven to fifteen digits in all."""
    out = []
    for words in _lines(data):
        texts = [data["text"][i].strip() for i in words]
        k = 0
        while k < len(words):
            if not (numeric(texts[k]) and _PHONE_START.match(texts[k])):
                k += 1
                continue
            j = k + 1
            while j < len(words) and (numeric(texts[j]) or _SEPARATOR.match(texts[j])):
                j += 1
            if 7 <= sum(len(_digits(t)) for t in texts[k:j]) <= 15:
                out.append(tuple(words[k:j]))
            k = j
    return out


#: Confidence given to a number's words when a second reading of the whole number agrees digit for digit.
CONFIRMED = 75.0


def _confirm(api: Any, image: np.ndarray, data: dict[str, list], rows: tuple[int, ...], dpi: int) -> bool:
    """A telephone number with a doubtful word, read again as one line (as printed, then twice the
    size): when that reading gives exactly the same digits, the number's words are confirmed
    ("0171 / 520 14 45" read at 43, then again as "0171/5201445"); Tesseract's confidence for a
    digits-only line says little, agreement of eleven digits says much. A disagreeing reading
    changes nothing: the number stays doubtful, and the phone finder leaves doubtful digits."""
    digits = "".join(_digits(data["text"][i]) for i in rows)
    for scale in (1, SCALE):
        text, _ = read_digits(api, _crop_run(image, data, rows, scale), dpi * scale)
        if _digits(text) == digits:
            for i in rows:
                data["conf"][i] = max(float(data["conf"][i]), CONFIRMED)
            return True
    return False

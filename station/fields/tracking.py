"""Tracking numbers of registered mail (Einschreiben): the UPU S10 format, e.g. "RR 12345678 5 DE".

Two letters (the service), eight digits (the serial), a check digit over the serial (weights
8,6,4,2,3,5,9,7; 11 minus the sum modulo 11, where 10 becomes 0 and 11 becomes 5), and the two
letter country code of the posting administration. The label carries it as a Code 128 barcode and
printed beside it; both are read, and a number whose check digit fails is never taken: a wrong
tracking number would prove the receipt of someone else's letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from station.i18n import say

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
# Printed labels group the digits ("RR 123 456 78 5 DE", "RR 12345678 5 DE"); OCR may add spaces.
_PRINTED = re.compile(r"(?<![A-Z0-9])([A-Z]{2})[ ]?((?:\d[ ]?){8})(\d)[ ]?([A-Z]{2})(?![A-Z0-9])")
_STRICT = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")


def check_digit(serial: str) -> int:
    """The S10 check digit of an eight-digit serial number."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial number has exactly eight digits")
    rest = 11 - sum(int(d) * w for d, w in zip(serial, WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(rest, rest)


def compact(text: str) -> str:
    """Upper case without spaces, hyphens or dots (how operators and labels group the number)."""
    return re.sub(r"[\s.\-]", "", text or "").upper()


def is_valid(text: str) -> bool:
    """Whether ``text`` (compacted) is a well-formed S10 number with a correct check digit."""
    m = _STRICT.match(compact(text))
    return m is not None and check_digit(m.group(2)) == int(m.group(3))


def formatted(number: str) -> str:
    """The printed form "RR 12345678 5 DE" of a compact, valid number."""
    n = compact(number)
    return f"{n[:2]} {n[2:10]} {n[10]} {n[11:]}"


def validate(value: str | None) -> tuple[str | None, str | None]:
    """(compact number, operator message) for what the operator typed; empty is valid (unknown)."""
    text = compact(value or "")
    if not text:
        return None, None
    m = _STRICT.match(text)
    if not m:
        return None, say(
            "Die Sendungsnummer hat das Format „RR 12345678 5 DE“ (2 Buchstaben, 8 Ziffern, Prüfziffer, Länderkürzel).",
            "The tracking number has the form 'RR 12345678 5 DE' (2 letters, 8 digits, check digit, country code).",
        )
    if check_digit(m.group(2)) != int(m.group(3)):
        return None, say(
            "Die Prüfziffer der Sendungsnummer stimmt nicht. Bitte die Nummer vom Etikett erneut abschreiben.",
            "The tracking number's check digit is wrong. Please copy the number from the label again.",
        )
    return text, None


def find_in_text(text: str | None) -> str | None:
    """The first valid S10 number printed in ``text`` (OCR of the label), compacted; None if unsure."""
    for m in _PRINTED.finditer((text or "").upper()):
        candidate = m.group(1) + re.sub(r"\s", "", m.group(2)) + m.group(3) + m.group(4)
        if is_valid(candidate):
            return candidate
    return None


def find_in_barcodes(barcodes: Iterable[Mapping[str, Any] | Any]) -> str | None:
    """The first valid S10 number among decoded barcodes (dicts or objects with ``text``)."""
    for code in barcodes:
        text = code.get("text") if isinstance(code, Mapping) else getattr(code, "text", None)
        if text and is_valid(str(text)):
            return compact(str(text))
    return None


def read_label(image: Any, ocr_text: str | None = None) -> str | None:
    """The tracking number of a label page: its barcode first (zxing-cpp), then the printed text."""
    import numpy as np
    import zxingcpp

    found = zxingcpp.read_barcodes(np.ascontiguousarray(image))
    return find_in_barcodes([{"text": b.text} for b in found if b.valid]) or find_in_text(ocr_text)

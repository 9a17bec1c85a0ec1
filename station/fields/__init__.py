"""Index fields of a document: find them (pattern + validation + context) and check them.

``extract_fields`` reads the OCR'd pages of one document and returns ``Fields`` plus ``FieldHit``s
(where each value was found, for the GUI). ``validate`` checks a value the operator typed.
Precision over recall throughout: every finder returns None when it is not sure.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from station.fields import customer_number, dates, iban, phone, tracking, unread
from station.fields.form_boxes import without_box_rules
from station.fields.layout import FieldHit, Line, document_lines, lines_from_text, without_fill_in_rules
from station.fields.sender import letterhead_lines
from station.i18n import say
from station.model import Fields, PageResult

__all__ = ["FieldHit", "extract_fields", "extract_from_text", "validate", "FIELD_NAMES"]

FIELD_NAMES = ("customer_number", "phone_number", "iban", "letter_date")


def _own(settings: Any, name: str) -> list[str]:
    return list(getattr(settings, name, None) or []) if settings is not None else []


def extract_from_lines(lines: list[Line], settings: Any = None) -> tuple[Fields, list[FieldHit]]:
    lines = without_box_rules(without_fill_in_rules(lines))
    fields, hits = Fields(), []
    masks: dict[int, list[tuple[int, int]]] = {}

    def hit(name: str, value: str, line: Line, start: int, end: int) -> None:
        hits.append(FieldHit(name, value, line.page_index, line.box_for(start, end)))

    # IBANs and customer numbers are masked before phone matching: their digit runs can look like numbers.
    own_ibans = iban.own_ibans(_own(settings, "own_ibans"))
    foreign, stationery = letterhead_lines(lines)  # another sender's letterhead and footer; the firm's own
    read = iban.find_all(lines, set())
    for h in read:
        masks.setdefault(id(h.line), []).append((h.start, h.end))
    ib = iban.find(lines, own_ibans, foreign, stationery)
    if ib is not None and unread.account_lost(lines, read, lambda changed, carry: iban.find(
            changed, own_ibans, set(map(carry, foreign)), set(map(carry, stationery)))):
        ib = None  # the account the letter is about was misread; another one it names is not the answer
    if ib is not None:
        fields.iban = ib.value
        hit("iban", ib.value, ib.line, ib.start, ib.end)
    for c in customer_number.candidates(lines):
        if customer_number.may_be_phone(c):
            continue
        masks.setdefault(id(c.line), []).append((c.start, c.end))
    if (cn := customer_number.find(lines, foreign)):
        fields.customer_number = cn.value
        hit("customer_number", cn.value, cn.line, cn.start, cn.end)
    own_phones = phone.own_numbers(_own(settings, "own_phone_numbers"))
    ph = phone.find(lines, own_phones, masks, (foreign, stationery))
    if ph is not None and unread.phone_lost(lines, lambda: phone.find_all(lines, own_phones, masks, (foreign, stationery)),
                                            lambda changed, carry: phone.find(
                                                changed, own_phones, {carry(k): v for k, v in masks.items()},
                                                (set(map(carry, foreign)), set(map(carry, stationery))))):
        ph = None  # the number after a telephone label was misread past repair; another one is not the answer
    if ph is not None:
        fields.phone_number = ph.value
        hit("phone_number", ph.value, ph.line, ph.start, ph.end)
    if (dt := dates.find(lines)):
        fields.letter_date = dt.value
        hit("letter_date", dt.value, dt.line, dt.start, dt.end)
    return fields, hits


def extract_fields(pages: Iterable[PageResult], settings: Any = None) -> tuple[Fields, list[FieldHit]]:
    """Fields of one document (its pages in order; blank pages are skipped)."""
    return extract_from_lines(document_lines(pages), settings)


def extract_from_text(text: str, settings: Any = None) -> Fields:
    """Fields of a plain-text document (evaluation, tests, imports without OCR boxes)."""
    return extract_from_lines(lines_from_text(text), settings)[0]


def validate(name: str, value: str | None) -> tuple[str | None, str | None]:
    """(normalised value, operator message): for live checking of what the operator types.

    An empty value is valid (the field stays unknown): ``(None, None)``.
    """
    value = (value or "").strip()
    if not value:
        return None, None
    if name == "customer_number":
        digits = re.sub(r"[\s./-]", "", value)
        if not digits.isdigit() or len(digits) != 10:
            return None, say("Die Kundennummer hat genau 10 Ziffern.", "The customer number has exactly 10 digits.")
        if customer_number.normalise(digits) is None:
            return None, say("Die Prüfziffer der Kundennummer stimmt nicht.", "The customer number's check digit is wrong.")
        return digits, None
    if name == "phone_number":
        e164 = phone.to_e164(value)
        if e164 is None:
            return None, say("Keine gültige deutsche Rufnummer.", "Not a valid German phone number.")
        return e164, None
    if name == "iban":
        compact = iban.validate_iban(value)
        if compact is None:
            return None, say("Die IBAN ist ungültig (Prüfsumme oder Länge).", "The IBAN is invalid (checksum or length).")
        return compact, None
    if name == "letter_date":
        parsed = dates.parse_date(value)
        if parsed is None or value[parsed[1]:parsed[2]].strip() != value:
            return None, say("Datum bitte als TT.MM.JJJJ eingeben.", "Please enter the date as DD.MM.YYYY.")
        return parsed[0], None
    if name == "tracking_number":
        return tracking.validate(value)
    raise ValueError(f"unknown field {name!r}")

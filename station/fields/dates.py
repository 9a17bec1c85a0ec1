"""The date a letter was written (``letter_date``), as an ISO date.

Letters carry many dates: invoice dates, birthdays, contract ends, the fax header's time stamp.
The letter's own date stands on a short line of its own ("Berlin, den 3. März 2025",
"Datum: 03.03.2025") in the upper part of the first page; only such a date is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from station.fields.layout import Line
from station.fields.phone import is_fax_header

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "marz": 3, "maerz": 3, "mär": 3,
    "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}
NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})(?!\d)")
ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
WORDED = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([A-Za-zäÄ]{3,9})\.?\s+(\d{4})(?!\d)")
NOT_LETTER_DATE = re.compile(
    r"(geb\.|geboren|geburt|rechnung|vom\b|zum\b|bis\b|ab\b|seit|frist|fällig|faellig|verstorben|gestorben"
    r"|sterbe|eingang|eingegangen|vertrag|beginn|ende|laufzeit|termin|zustellung|aktenzeichen|az\.)",
    re.I,
)
PLACE_PREFIX = re.compile(r"(den|datum|date|,)\s*:?\s*$", re.I)


@dataclass(frozen=True)
class DateHit:
    value: str  # ISO yyyy-mm-dd
    line: Line
    start: int
    end: int


def _make(y: int, m: int, d: int) -> str | None:
    if y < 100:
        y += 2000
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= 2100 else None


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as (ISO, start, end)."""
    found = []
    for m in NUMERIC.finditer(text):
        if (v := _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))):
            found.append((v, m.start(), m.end()))
    for m in ISO.finditer(text):
        if (v := _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
            found.append((v, m.start(), m.end()))
    for m in WORDED.finditer(text):
        month = MONTHS.get(m.group(2).lower())
        if month and (v := _make(int(m.group(3)), month, int(m.group(1)))):
            found.append((v, m.start(), m.end()))
    return min(found, key=lambda f: f[1]) if found else None


def find(lines: list[Line]) -> DateHit | None:
    """The letter's date: on a short line of its own in the upper half of its first page."""
    first_page = lines[0].page_index if lines else 0
    for line in lines:
        if line.page_index != first_page or line.rel_top > 0.6 or is_fax_header(line):
            continue
        parsed = parse_date(line.text)
        if not parsed:
            continue
        value, start, end = parsed
        before, after = line.text[:start], line.text[end:]
        if NOT_LETTER_DATE.search(before) or len(after.strip()) > 3:
            continue
        # A date alone, or after a place ("Berlin, den"), or after a "Datum:" label.
        if not before.strip() or PLACE_PREFIX.search(before) and len(before) < 40:
            return DateHit(value, line, start, end)
    return None

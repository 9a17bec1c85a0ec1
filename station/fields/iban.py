"""IBANs, validated by ``schwifty`` (checksum, country length and BBAN format), without spaces.

Transfer slips carry the operator's own receiving account next to the customer's; the station's
``own_ibans`` are ignored. A letter giving an old and a new account yields the new one; two
different accounts with nothing to tell them apart yield None (precision over recall).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from station.fields.layout import Line

START = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}\s?[0-9OIlS]{2})")
_TOKEN = re.compile(r"[ ]?([A-Za-z0-9|]+)")
DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
NEW = re.compile(r"\b(neu\w*|künftig\w*|ab sofort|ab dem|ab \d|aktuell\w*|new)\b", re.I)
OLD = re.compile(r"\b(alt\w*|bisherig\w*|früher\w*|vorherig\w*|old)\b", re.I)


@dataclass(frozen=True)
class IbanHit:
    value: str
    line: Line
    start: int
    end: int
    score: int


def validate_iban(raw: str) -> str | None:
    """The compact IBAN when ``raw`` is a valid one, else None."""
    compact = re.sub(r"\s", "", raw).upper()
    try:
        return IBAN(compact).compact
    except (SchwiftyException, ValueError):
        return None


def _repair(compact: str) -> str:
    """German BBANs are all digits: letters there are OCR confusions (O/0, I/1, S/5, B/8)."""
    if compact[:2] == "DE":
        return compact[:2] + compact[2:].translate(DIGIT_FIX)
    return compact


def _scan_line(line: Line) -> list[tuple[str, int, int]]:
    """Valid IBANs on one line with their character spans; tokens are joined across single spaces."""
    found = []
    for m in START.finditer(line.text):
        pos, chars, end = m.start(1), "", m.start(1)
        best: tuple[str, int] | None = None
        for t in _TOKEN.finditer(line.text, pos):
            if t.start() != end:
                break
            chars += t.group(1)
            end = t.end()
            if len(chars) > 34:
                break
            for candidate in {chars.upper(), _repair(chars[:2].upper() + chars[2:]).upper()}:
                if len(candidate) >= 15 and (value := validate_iban(candidate)):
                    best = (value, end)
        if best:
            found.append((best[0], pos, best[1]))
    return found


def find_all(lines: list[Line], own: set[str]) -> list[IbanHit]:
    hits = []
    for i, line in enumerate(lines):
        context_prev = lines[i - 1].text if i else ""
        for value, start, end in _scan_line(line):
            if value in own:
                continue
            before = line.text[:start] + " " + context_prev[-40:]
            score = 1 + (2 if NEW.search(before) else 0) - (2 if OLD.search(before) else 0)
            hits.append(IbanHit(value, line, start, end, score))
    return hits


def own_ibans(configured: Iterable[str]) -> set[str]:
    return {v for v in (validate_iban(x) for x in configured) if v}


def find(lines: list[Line], own: set[str]) -> IbanHit | None:
    hits = find_all(lines, own)
    if not hits:
        return None
    best = max(h.score for h in hits)
    top = {h.value: h for h in hits if h.score == best}
    if len(top) == 1:
        return next(iter(top.values()))
    return None

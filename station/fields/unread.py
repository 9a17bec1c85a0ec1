"""Values OCR could not read, and what they mean for the values it could.

A page whose customer's account was misread (a digit lost: "DE80 1009 0000 6891 0710 4") still
shows the other accounts it names: the late father's that is being closed, a firm's footer, a
third party's. Blind to the lost one, the finder would index one of those, and a wrong account
debits a stranger. So every account-shaped string that fails its check is replaced by a stand-in
of the same place and shape that passes, and the finder asked again. If it then takes the stand-in,
or can no longer choose, the account the letter is about is the one OCR lost, and the field stays
empty for the operator to type rather than filled with the wrong one.

The stand-in is judged by the words around it exactly as a real account there would be, so one in
another sender's footer, or one called old, changes nothing. Only read pages are checked this way:
in typed text an account that fails its check is the writer's own slip, often corrected in the next
breath ("the last two digits are 64, not 46"), and the finder's other rules deal with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from schwifty import IBAN

from station.fields.iban import IbanHit, validate_iban
from station.fields.layout import Line

#: A German IBAN as OCR may leave it: "DE" (or "0E", "DF") and two characters, then digit groups,
#: some of them misread as look-alike letters.
_SHAPE = re.compile(r"(?<![\w])[DO0][EF][\dOoSsIlBZG?]{2}(?:[ ]?[\dOoSsIlBZG]{1,6}){3,8}(?![\w])")
_LOOKALIKES = str.maketrans("OoSsIlBZG", "005511826")
#: Digits after "DEnn": a German IBAN has 18; OCR may lose or add a few and still leave its shape.
MIN_DIGITS, MAX_DIGITS = 15, 21
IBAN_LENGTH = 22
_FALLBACK_BANK = "10010010"  # any registered bank code: the stand-in's bank plays no part in the choice


def _stand_in_iban(span: str, serial: int) -> str | None:
    """A valid IBAN in ``span``'s characters (same length), its bank code kept when readable;
    None when the span is too short to hold one."""
    digits = span[4:].translate(_LOOKALIKES)
    bank = "".join(c for c in digits if c.isdigit())[:8]
    account = f"{7_000_000_000 + serial:010d}"
    iban = str(IBAN.generate("DE", bank_code=bank if len(bank) == 8 else _FALLBACK_BANK, account_code=account).compact)
    places = [k for k, c in enumerate(span) if not c.isspace()]
    if len(places) >= IBAN_LENGTH:  # the account's own grouping, any extra character a blank
        chars = [" "] * len(span)
        for k, c in zip(places, iban):
            chars[k] = c
        for k in places[IBAN_LENGTH:]:
            chars[k] = " "
        return "".join(chars)
    if len(span) >= IBAN_LENGTH:  # a digit lost: the stand-in written compact, blanks after it
        return iban + " " * (len(span) - IBAN_LENGTH)
    return None


def unread_ibans(lines: list[Line], read: list[IbanHit]) -> list[tuple[int, int, int]]:
    """(line index, start, end) of each account-shaped string no IBAN was read from."""
    out = []
    for i, line in enumerate(lines):
        if not line.spans:
            continue  # typed text: no OCR to lose a digit
        for m in _SHAPE.finditer(line.text):
            body = re.sub(r"\s", "", m.group(0)[4:])
            if not MIN_DIGITS <= len(body) <= MAX_DIGITS or sum(c.isdigit() for c in body) < 12:
                continue
            if any(h.line is line and h.start < m.end() and h.end > m.start() for h in read):
                continue
            if validate_iban(m.group(0)) is not None:
                continue  # read, and left out on purpose (the operator's own account)
            out.append((i, m.start(), m.end()))
    return out


def with_stand_ins(lines: list[Line], places: list[tuple[int, int, int]]) -> tuple[list[Line], dict[int, int], set[str]]:
    """``lines`` with a stand-in IBAN written over each place; the ids of replaced lines mapped to
    their replacements' ids, and the stand-ins' values."""
    out = list(lines)
    renamed: dict[int, int] = {}
    values: set[str] = set()
    for serial, (i, start, end) in enumerate(places):
        stand_in = _stand_in_iban(out[i].text[start:end], serial)
        if stand_in is None:
            continue
        values.add(re.sub(r"\s", "", stand_in))
        new = replace(out[i], text=out[i].text[:start] + stand_in + out[i].text[end:])
        renamed[id(lines[i])] = id(new)
        out[i] = new
    return out, renamed, values


def lost_to_ocr(lines: list[Line], read: list[IbanHit],
                choose: Callable[[list[Line], Callable[[set[int]], set[int]]], IbanHit | None]) -> bool:
    """Whether the account the letter is about is one OCR could not read: ``choose`` (the finder,
    given lines and a way to carry its line-id sets over) takes a stand-in there, or can no longer
    choose between it and the account it took before."""
    places = unread_ibans(lines, read)
    if not places:
        return False
    changed, renamed, stand_ins = with_stand_ins(lines, places)
    if not stand_ins:
        return False
    choice = choose(changed, lambda ids: {renamed.get(x, x) for x in ids})
    return choice is None or choice.value in stand_ins

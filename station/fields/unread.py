"""Values OCR could not read, and what they mean for the values it could.

Accounts here; a telephone number read doubtfully is dealt with in ``phone.find``, and one after
a telephone label that no longer parses at all ("Rufnummer Tablet-SIM ©8157 2498 0264") here too.

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

from station.fields.iban import DIGIT_FIX, IbanHit, validate_iban
from station.fields.layout import Line
from station.fields.phone import PhoneHit, is_fax_header, to_e164

#: A German IBAN as OCR may leave it: "DE" (or "0E", "DF") and two characters, then digit groups,
#: some of them misread as look-alike letters.
_SHAPE = re.compile(r"(?<![\w])[DO0][EF][\dOoSsIlBZG?]{2}(?:[ ]?[\dOoSsIlBZG]{1,6}){3,8}(?![\w])")
#: Digits after "DEnn": a German IBAN has 18; OCR may lose or add a few and still leave its shape.
MIN_DIGITS, MAX_DIGITS = 15, 21
IBAN_LENGTH = 22
_FALLBACK_BANK = "10010010"  # any registered bank code: the stand-in's bank plays no part in the choice


def _written_over(span: str, value: str) -> str:
    """``value`` written into the non-blank places of ``span`` in order, places left over blank."""
    chars = [" "] * len(span)
    for k, c in zip([k for k, c in enumerate(span) if not c.isspace()], value):
        chars[k] = c
    return "".join(chars)


def _stand_in_iban(span: str, serial: int) -> str | None:
    """A valid IBAN in ``span``'s characters (same length), its bank code kept when readable;
    None when the span is too short to hold one."""
    bank = "".join(c for c in span[4:].translate(DIGIT_FIX) if c.isdigit())[:8]
    account = f"{7_000_000_000 + serial:010d}"
    iban = str(IBAN.generate("DE", bank_code=bank if len(bank) == 8 else _FALLBACK_BANK, account_code=account).compact)
    if sum(not c.isspace() for c in span) >= IBAN_LENGTH:  # the account's own grouping, any extra character a blank
        return _written_over(span, iban)
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


def with_stand_ins(lines: list[Line], places: list[tuple[int, int, int]],
                   make: Callable[[str, int], str | None]) -> tuple[list[Line], dict[int, int], set[str]]:
    """``lines`` with a stand-in (``make``: span, serial) written over each place; the ids of replaced
    lines mapped to their replacements' ids, and the stand-ins as written, blanks left out."""
    out = list(lines)
    renamed: dict[int, int] = {}
    values: set[str] = set()
    for serial, (i, start, end) in enumerate(places):
        stand_in = make(out[i].text[start:end], serial)
        if stand_in is None:
            continue
        values.add(re.sub(r"\s", "", stand_in))
        new = replace(out[i], text=out[i].text[:start] + stand_in + out[i].text[end:])
        renamed[id(lines[i])] = id(new)
        out[i] = new
    return out, renamed, values


#: A telephone label right before a run: narrower than the finder's labels, which also read
#: "Kundennummer" (its digits are no telephone number gone wrong).
_PHONE_LABEL = re.compile(r"(?<!kunden)(?<!kunden-)(\btel\b\.?|telefon\w*|\bfon\b|handy\w*|mobil\w*|rufnummer\w*"
                          r"|\bphone\b|\bmobile\b)[^\d\n]{0,20}$", re.I)
_PHONE_RUN = re.compile(r"[+(0-9OoIl|SBZ©®][0-9OoIl|SBZ©® ()/.\-]{7,}[0-9OoIl|SBZ©®]")
#: Valid German numbers by length of digits, for stand-ins: a mobile where it fits, else a Berlin line.
_PHONE_STAND_INS = {9: "030123457", 10: "0301234577", 11: "01701234577", 12: "015112345677", 13: "0301234567788"}


def unread_phones(lines: list[Line], read: Callable[[], list[PhoneHit]]) -> list[tuple[int, int, int]]:
    """(line index, start, end) of each run of digit-like characters after a telephone label that
    gave no number at all (neither read nor repaired); ``read`` gives the numbers the finder read,
    asked for only when there is such a run (most pages have none)."""
    out: list[tuple[int, int, int]] = []
    hits: list[PhoneHit] | None = None
    for i, line in enumerate(lines):
        if not line.spans or is_fax_header(line):
            continue
        for m in _PHONE_RUN.finditer(line.text):
            run = m.group(0)
            digits = sum(c.isdigit() for c in run)
            if not _PHONE_LABEL.search(line.text[:m.start()]) or digits < 6 or len(re.sub(r"\s", "", run)) not in _PHONE_STAND_INS:
                continue
            if run[0] in "0+(" and to_e164(run):
                continue  # read as written and left out on purpose (the operator's own hotline, a service number)
            hits = read() if hits is None else hits
            if any(h.line is line and h.start < m.end() and h.end > m.start() for h in hits):
                continue
            out.append((i, m.start(), m.end()))
    return out


def _stand_in_phone(span: str, serial: int) -> str | None:
    """A valid German number written over ``span``'s characters, its blanks kept."""
    number = _PHONE_STAND_INS.get(sum(not c.isspace() for c in span))
    if number is None:
        return None
    return _written_over(span, number[:-1] + str((int(number[-1]) + serial) % 10))


#: The id a line has in the changed lines (the finders key their sets and masks by line id).
Carry = Callable[[int], int]


def _lost(lines: list[Line], places: list[tuple[int, int, int]], make: Callable[[str, int], str | None],
          choose: Callable[[list[Line], Carry], IbanHit | PhoneHit | None], value: Callable[[str], str | None]) -> bool:
    if not places:
        return False
    changed, renamed, written = with_stand_ins(lines, places, make)
    if not written:
        return False
    choice = choose(changed, lambda x: renamed.get(x, x))
    return choice is None or choice.value in {value(w) for w in written}


def account_lost(lines: list[Line], read: list[IbanHit], choose: Callable[[list[Line], Carry], IbanHit | None]) -> bool:
    """Whether the account the letter is about is one OCR could not read: ``choose`` (the finder,
    given lines and a way to carry its line ids over) takes a stand-in there, or can no
    longer choose between it and the account it took before. ``read``: every IBAN read on the page."""
    return _lost(lines, unread_ibans(lines, read), _stand_in_iban, choose, lambda written: written)


def phone_lost(lines: list[Line], read: Callable[[], list[PhoneHit]], choose: Callable[[list[Line], Carry], PhoneHit | None]) -> bool:
    """The same for the telephone number: one after a telephone label that OCR left unparseable."""
    return _lost(lines, unread_phones(lines, read), _stand_in_phone, choose, to_e164)

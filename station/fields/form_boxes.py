"""Values typed into a form's boxes, read back as the value: "| 4 | 0 | 1 | 9 |" is "4 0 1 9".

Reply slips, SEPA mandates and porting forms give each digit, or each group of an IBAN, its own
box. Printed, the box rules are bars; read by OCR they come back as ``|``, ``[``, ``]`` and
sometimes as ``1`` ("|9|7|7|" read "19171717"). A finder looking for "Kundennummer 4019192105"
sees neither. This module rewrites such box rows so that neighbouring short cells of digits are
one value again, and leaves long cells (a table's separate columns: an invoice number next to a
customer number) apart, as a column gap.

Character positions move, so every word box is carried over to the characters it still holds:
a field found in a rewritten line is still highlighted where it was read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from stdnum import luhn

from station.fields.columns import cells
from station.fields.layout import Line

#: Characters OCR makes of a box's vertical rule.
_BAR = re.compile(r"[|\[\]{}]")
#: A cell that is part of a number: digit groups (and the IBAN's country letters), or the
#: separator a form prints between area code and number.
_NUMBER_CELL = re.compile(r"^[0-9A-Z]+(?: [0-9A-Z]+)*$|^[/-]$")
#: Neighbouring cells are one value when one of them is at most this long or both are made of such
#: short groups: a form's boxes hold a digit or a group; a table's columns hold whole numbers
#: ("| 88213344 | 4019192105 |"), which must stay apart.
SHORT_CELL = 4
_DIGITS_ONLY = re.compile(r"[\d\s]*\d[\d\s]*")
#: Rules read as the digit 1 around one-digit boxes: "19171714161214191415" for |9|7|7|4|6|2|4|9|4|5|.
_ONE_BARS = re.compile(r"(?<![0-9])1?((?:[0-9]1){9}[0-9])1?(?![0-9])")
#: A whole IBAN in one cell: a table's column of accounts ("| DE09 8205 ... 08 | DE32 1001 ... 58 |").
_WHOLE_IBAN = re.compile(r"^[A-Z]{2}\d\d(?: ?[0-9A-Z]{4}){3,}")
#: Digits typed into bracketed boxes, as a form printed without vertical rules shows them: "[6][0][2][9]".
_BRACKETED = re.compile(r"(?:\[ ?[0-9]{1,4} ?\] ?){4,}")


def _is_box_row(text: str) -> bool:
    """A real bar and two more rules (or digits between rules read as 1, or two rules with only
    digits between them: the inner rules lost), or four bracketed digit boxes in a row: a form row,
    not a bracket in prose."""
    if "|" not in text:
        return bool(_BRACKETED.search(text))
    bars = [m.start() for m in _BAR.finditer(text)]
    return (len(bars) >= 3 or bool(_ONE_BARS.search(text))
            or (len(bars) == 2 and bool(_DIGITS_ONLY.fullmatch(text[bars[0] + 1:bars[1]]))))


def _short_groups(text: str) -> bool:
    return all(len(group) <= SHORT_CELL for group in text.split())


def _ones_as_bars(cell: str) -> int | None:
    """Ten one-digit boxes whose rules were all read as 1: where the first digit is, when the ten
    digits pass Luhn (the check digit is what tells rules from real ones)."""
    m = _ONE_BARS.fullmatch(cell)
    return m.start(1) if m and luhn.is_valid(m.group(1)[::2]) else None


def _rebuild(line: Line, pieces: list[tuple[str, int | None]]) -> Line:
    """A line made of ``pieces`` (text, original index of each character or None for a new blank),
    with word spans and doubtful ranges carried over to the characters they still hold."""
    text = "".join(p for p, _ in pieces)
    origin = [o for _, o in pieces]

    def moved(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        for s, e in ranges:
            kept = [i for i, o in enumerate(origin) if o is not None and s <= o < e]
            if kept:
                out.append((kept[0], kept[-1] + 1))
        return out

    spans = []
    for s, e, box in line.spans:
        for ns, ne in moved([(s, e)]):
            spans.append((ns, ne, box))
    return replace(line, text=text, spans=spans, doubtful=moved(line.doubtful))


def _rewrite(line: Line) -> Line:
    text = line.text
    start, end = next(_BAR.finditer(text)).start(), len(text)
    if (ones := _ONE_BARS.search(text)) and ones.start() < start:  # the first rules were read as 1
        start = ones.start()
    boxes = cells(text, _BAR, start, end)
    pieces: list[tuple[str, int | None]] = [(c, i) for i, c in enumerate(text[:start].rstrip())]
    if pieces:
        pieces.append(("\t", None))
    previous: str | None = None
    for s, e in boxes:
        cell = text[s:e]
        if previous is not None:
            joined = (_NUMBER_CELL.match(previous) and _NUMBER_CELL.match(cell)
                      and (min(len(previous), len(cell)) <= SHORT_CELL or _short_groups(previous + " " + cell))
                      and not (_WHOLE_IBAN.match(previous) and _WHOLE_IBAN.match(cell)))  # two accounts side by side
            pieces.append((" " if joined else "\t", None))
        first = _ones_as_bars(cell) if cell.isdigit() else None
        if first is not None:  # keep the characters that were the digits, drop the rules read as 1
            pieces += [(text[s + first + 2 * k], s + first + 2 * k) for k in range(10)]
        else:  # a column gap OCR saw inside a cell of digits ("6\t392068539") is one blank
            squeeze = bool(_DIGITS_ONLY.fullmatch(cell))
            pieces += [(" " if squeeze and text[i].isspace() else text[i], i) for i in range(s, e)
                       if not (squeeze and text[i].isspace() and text[i - 1].isspace())]
        previous = cell
    return _rebuild(line, pieces)


def without_box_rules(lines: list[Line]) -> list[Line]:
    """Lines with form box rules taken out and short boxed digit groups joined into one value.

    Lines without box rules are returned as they are (the same objects), so finders that key
    lines by identity still can.
    """
    return [_rewrite(line) if _is_box_row(line.text) else line for line in lines]

"""Which of several equally scored phone numbers a letter means, if any.

The finder (``phone.find_all``) scores every number by its label and its clause. Numbers left with
the same best score are told apart here: several lines listed alike (rows of a table, or one after
another in a sentence) name no single one unless a row singles itself out ("Hauptkarte",
"KÜNDIGEN"); otherwise the letter's words about a handset or a landline decide; else the first,
the sender block's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

import phonenumbers
from phonenumbers import PhoneNumberType

from station.fields.layout import Line
from station.fields.phone_words import TEL_LABEL

if TYPE_CHECKING:
    from station.fields.phone import PhoneHit


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` blanked (positions kept)."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


def choose(lines: list[Line], hits: list[PhoneHit]) -> PhoneHit | None:
    """The number meant among ``hits`` (all scored above 0), or None when a list names no single one."""
    best = max(h.score for h in hits)
    top = [h for h in hits if h.score == best]
    rows = list_rows(hits)
    if any(h in rows for h in top) and len({h.value for h in rows + top}) > 1:
        # "drei unserer Firmenhandys: 0162 ... / 0177 ... / 0162 ...": several lines listed alike (a
        # label above the list names them all); one may single itself out ("Hauptkarte", "KÜNDIGEN"),
        # else no single number is meant
        options = top + [h for h in rows if h not in top]
        singled = [h for h in options if SINGLED_OUT.search(mask(h.line.text, [(h.start, h.end)]))]
        if not singled:
            singled = _odd_row(rows)
        return singled[0] if len({h.value for h in singled}) == 1 else None
    if len({h.value for h in top}) > 1 and (kind := _kind_of_line_talked_about(lines, top)) is not None:
        # Equally labelled numbers ("Telefon: 04331 ... · Mobil: 0160 ..."): the letter's words
        # about its handset or its landline decide, when exactly one number is of that kind.
        of_kind = {h.value for h in top if _is_mobile(h.value) == kind}
        if len(of_kind) == 1:
            return next(h for h in top if h.value in of_kind)
    return top[0]  # nothing tells them apart: the first (the sender block)


# Words in one row of a list of lines that make it the one the letter is about.
SINGLED_OUT = re.compile(r"(haupt(karte|nummer|anschluss|rufnummer|vertrag|sim|leitung)\w*|\[[xX✓✔]\]|☒|kündig\w*|gekündigt|cancel\w*|portier\w*|mitnehm\w*|mitnahme|\bport(ing)?\b"
                         r"|\bmain\b|primary|betrifft|gemeint|this one)", re.I)


def list_rows(hits: list[PhoneHit]) -> list[PhoneHit]:
    """Hits that are rows of one list: on consecutive lines, one number each, at the same place
    after the same words ("  0162 6410683   Hr. Yilmaz" / "  0177 2293292   Hr. Wendt";
    "1. Rufnummer 0171 ..." / "2. Rufnummer 0171 ..."), or listed one after another in a sentence.
    A sender block's "Tel." over "Mobil:" is no list."""
    by_line: dict[int, list[PhoneHit]] = {}
    for h in hits:
        by_line.setdefault(id(h.line), []).append(h)

    def lead(h: PhoneHit) -> str:
        return re.sub(r"[\d\W]", "", h.line.text[:h.start])

    ordered = sorted((same[0] for same in by_line.values() if len(same) == 1),
                     key=lambda h: (h.line.page_index, h.line.number))
    rows: list[PhoneHit] = []
    for a, b in zip(ordered, ordered[1:]):
        if (a.line.page_index == b.line.page_index and b.line.number == a.line.number + 1
                and (lead(a) == lead(b) or _named_row(a) and _named_row(b)) and _same_column(a, b)):
            rows += [h for h in (a, b) if h not in rows]
    return rows + [h for h in _enumerated(by_line.values()) if h not in rows]


_CELL_GAP = re.compile(r"\t+| {2,}")
#: A table needs this many rows before one row's mark can stand out against the others'.
ODD_ROW_MIN = 3


def _odd_row(rows: list[PhoneHit]) -> list[PhoneHit]:
    """The one row of a table whose last column is marked unlike all the others ("strittig" among "ok",
    "JA" among "nein", "CANCEL" among "keep"); none when the marks do not single one out."""
    columns = [_CELL_GAP.split(h.line.text[h.end:].strip()) for h in rows]
    # (a remark beside one number, "0201 233233 (Fwd.)", may add a cell to its row: the last column still lines up)
    if len(rows) < ODD_ROW_MIN or len({min(len(c), 3) for c in columns}) != 1 or not rows[0].line.text[rows[0].end:].strip():
        return []  # not a table whose every row fills its columns
    # the mark is the last column's first word ("nein, nur zur Info"), or the row's last word where OCR
    # merged the last two columns ("29,99 EUR ok")
    variants = [[(re.findall(r"\w+", c[-1].lower()) or [""])[0] for c in columns]]
    if len(rows) > ODD_ROW_MIN:  # (the last word alone only in a longer table: "Hr. Wagner (ausgeschieden)")
        variants.append([(re.findall(r"\w+", c[-1].lower()) or [""])[-1] for c in columns])
    for marks in variants:
        if not all(m.isalpha() for m in marks):
            continue  # a cost centre or an amount differs from row to row: no mark
        odd = [h for h, m in zip(rows, marks) if marks.count(m) == 1]
        if len(odd) == 1 and len(set(marks)) == 2:
            return odd
    return []


#: How far apart (pixels on the page) two rows' numbers may start and still stand in one column.
COLUMN_SLACK_PX = 40


def _same_column(a: PhoneHit, b: PhoneHit) -> bool:
    """The two numbers start at the same place: the same character when typed, the same pixel column
    (within a little) when read from a page, where a column gap is one tab whatever its width."""
    box_a, box_b = a.line.box_for(a.start, a.end), b.line.box_for(b.start, b.end)
    if box_a is not None and box_b is not None:
        return abs(box_a.x - box_b.x) <= COLUMN_SLACK_PX
    return abs(a.start - b.start) <= 2


_NAME_CELL = re.compile(r"^\s*\S[^\t]{0,24}?(\t|\s{2,})$")


def _named_row(h: PhoneHit) -> bool:
    """The number opens a column after a short cell that is no telephone label: a table's row naming
    who uses the line ("   Mama    0177 ...", "   A. Petrov            0170 ...")."""
    lead = h.line.text[:h.start]
    return bool(_NAME_CELL.match(lead)) and not TEL_LABEL.search(lead) and not re.search(r"\d", lead)


# Between two numbers of a list: a separator, perhaps after a note on the first and before a word or two
# naming the next ("0178 9945128 (mein Handy) und 0170 ...", "Rufbereitschaft 0175 ..., Hausbesuche 0174 ...").
_AND = re.compile(r"\s*(\([^()]{0,30}\))?\s*(,|;|/|und|and|sowie|oder|or|&)\s*([^\W\d][\w-]*\s*:?\s*){0,2}", re.I)


def _enumerated(per_line: Iterable[list[PhoneHit]]) -> list[PhoneHit]:
    """Numbers listed in one sentence, one after the other: "drei Karten (0172 4977410, 0162 2277230
    und 0170 7056481)". ``per_line``: the hits of each line."""
    out: list[PhoneHit] = []
    for same in per_line:
        same = sorted(same, key=lambda h: h.start)
        for a, b in zip(same, same[1:]):
            if a.value != b.value and _AND.fullmatch(a.line.text[a.end:b.start]):
                out += [h for h in (a, b) if h not in out]
    return out


MOBILE_TALK = re.compile(r"(handy\w*|smartphone|\bsim\b|sim-?karte|prepaid|mobilfunkvertrag|mobilnummer|mobile phone"
                         r"|cell ?phone)", re.I)
FIXED_TALK = re.compile(r"(festnetz\w*|\bdsl\b|internet\w*|router|telefonanschluss|heimanschluss|landline|broadband)",
                        re.I)


def _kind_of_line_talked_about(lines: list[Line], hits: list[PhoneHit]) -> bool | None:
    """True when the letter talks of a mobile line only, False of a landline only, else None.

    The numbers themselves and their labels ("Mobil:") are left out: they say nothing; the rest of
    their lines does ("... 0163 887 311 28. Das Handy war ...").
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for h in hits:  # each number with the label before it ("Mobil: 0171 ...")
        spans.setdefault(id(h.line), []).append((max(0, h.start - 20), h.end))
    text = "\n".join(mask(line.text, spans.get(id(line), [])) for line in lines)
    mobile, fixed = bool(MOBILE_TALK.search(text)), bool(FIXED_TALK.search(text))
    return mobile if mobile != fixed else None


def _is_mobile(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) == PhoneNumberType.MOBILE

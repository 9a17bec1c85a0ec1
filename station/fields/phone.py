"""The customer's German phone number, normalised to E.164 with ``phonenumbers``.

Letters and faxes carry numbers that are not the customer's: the operator's own hotline and fax
numbers (configured in ``own_phone_numbers``) and the sending fax machine's number in the fax
header line. Both are ignored. Among the rest, a number labelled as the contract's line
("Rufnummer", "Anschluss", "my number") wins over a plain contact "Tel.", which wins over a fax
number; a number the text gives as a hotel's, adviser's, shop's or dealer's, or as one the
customer is reached through (a relative, a neighbour: ``parties``) loses, as does one said after it
to be somebody else's or to stay as it is. A tie between different numbers is settled by
``phone_choice`` (a list of lines names no single one; else the kind of line the letter talks
about; else the sender block's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from station.fields.columns import cells, column_heading, opens_its_cell
from station.fields.phone_choice import choose, list_rows, mask as _mask
from station.fields.layout import Line
from station.fields.parties import (
    DEATH,
    clause_before,
    names_the_line,
    third_party_phone,
    under_new_holder,
    writer_is_not_the_customer,
)
from station.fields.phone_words import (
    ADDRESSEE,
    ASKED_ABOUT,
    FAX_LABEL,
    HERS,
    NOT_OURS,
    NOT_THE_CUSTOMERS,
    OLD_NUMBER,
    OTHER_PERSON,
    OWN_CONTRACT,
    PORTING,
    REPAIR_LABEL,
    STAYS,
    TEL_LABEL,
    TEMPORARY,
    THIRD_PERSON_LINE,
    WRITERS_LINE,
    WRITER_CONTACT,
    OWN_WORD,
)
from station.fields.sender import letterhead_lines, sender_block

_TIME = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?(?!\d)\s*(am|pm|uhr)?\b", re.I)
_PAGE = re.compile(r"(\b(s|seite|page|p|pg)\.?\s*0*\d+(\s*(/|von|of)\s*0*\d+)?\b|\b\d+\s*/\s*\d+\s*$)", re.I)
# OCR confusions inside a phone number, repaired only when libphonenumber then accepts the number.
# "©"/"®" are what Tesseract makes of a zero in a ring-like face or on a smudged scan.
CONFUSIONS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2",
                            "©": "0", "®": "0"})
# Said right after a number: the writer takes it back ("– nein, Entschuldigung", "sorry, I mean").
CORRECTED = re.compile(r"^\W{0,4}(nein|verzeihung|entschuldigung|pardon|korrektur|falsch|sorry|correction|i mean)\b",
                       re.I)
_AREA_CODE = re.compile(r"\(?0\d{2,4}\)?")
_NEXT_CELL = re.compile(r"\s*\t\s*(\d[\d \-/]{3,}\d)")
# A quote may be a misread slash ("0211:'3920600”" was 0211/3920600).
_RUN = re.compile(r"[+(]?[0-9OoIl|SBZ©®][0-9OoIl|SBZ©® ()/.:;,'’\-]{2,}")
# A form box's rules read as digits around the number: "| 0160 691 3582 |" as "10160 691 3582 |". No German
# number starts with 10, so a 1 or bar before its trunk zero, and a bar after it, are the box.
_BOX_EDGES = re.compile(r"^[|Il1]\s?(?=0)|\s*[|]\s*$")
# Further along its row or line, a number is said to be named only aside: a police request's victim's line
# "(nur zur Information, keine Auskunft)".
ASIDE = re.compile(r"\b(nur\s+zur\s+(information|kenntnis)|keine\s+auskunft|for\s+(your\s+)?information\s+only"
                   r"|no\s+information\s+(is\s+)?(needed|required))\b", re.I)
# A slash right behind the first one or two digits is a misread 7 ("01/2 9138157" was 0172): no one
# writes a separator inside a dialling prefix.
_SLASH_IN_PREFIX = re.compile(r"^(\(?0\d?)/(?=\d)")
# The start of a number at a line's end, too short to be a number by itself ("an: 0176/24").
_FRAGMENT = re.compile(r"(?<![\w+])(\+|\(0|0)[\d ()/\-]*\d\s*$")
# A table row's running number before a column gap: not the first digit of the number after it.
_ROW_INDEX = re.compile(r"^\s*\d{1,2}[.)]?(?=\t|\s{2,})")
# A number's leading zero read as the letter O ("unter O511 7419343", "O1 76 - 83 37 98 12"): no word starts
# with O and three digits, and the brand "O2" is no mobile prefix.
_LEADING_O = re.compile(r"(?<![\w+])[Oo](?=\d{3}|1 \d{2})")
# A form's rows that start with a box: an empty box ("[ ]", "☐") where another row's box is ticked
# ("[x]", "☒", or what OCR makes of a cross: "[3%]") is a choice the writer did not make.
_BOX_EMPTY = re.compile(r"^\s*(\[\s*\]|☐|□|\(\s?\))")
_BOX_TICKED = re.compile(r"^\s*(\[[^\]\s]{1,3}\]|☒|☑|✓|✔|\([xX]\))")
_POSTAL_LINE = re.compile(r"^\s*(D-)?\d{5}\s+[A-ZÄÖÜ][\w .()/-]{0,30}$")
# A date: day and month in range ("0170-26-77-845" is a phone number grouped in pairs, not a date), or
# dotted with a year of this or the last century whatever OCR made of day and month ("02.19.2026").
_DATE = re.compile(r"(?<!\d[./-])\b((0?[1-9]|[12]\d|3[01])([./-])(0?[1-9]|1[0-2])\3(\d{4}|\d{2})"
                   r"|\d{1,2}\.\d{1,2}\.(19|20)\d{2}"
                   r"|(?:19|20)\d{2}([./-])(0?[1-9]|1[0-2])\7(0?[1-9]|[12]\d|3[01]))\b(?![./-]\d)")


@dataclass(frozen=True)
class PhoneHit:
    value: str  # E.164
    line: Line
    start: int
    end: int
    score: int
    doubtful: bool = False  # digits OCR was unsure of: never taken, but it may show the one meant was misread


def to_e164(raw: str) -> str | None:
    """A valid German number in E.164, or None."""
    try:
        num = phonenumbers.parse(raw, "DE")
    except phonenumbers.NumberParseException:
        return None
    if num.country_code != 49 or not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, PhoneNumberFormat.E164)


SERVICE_TYPES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
                 PhoneNumberType.UAN}


def _is_service_number(number: phonenumbers.PhoneNumber) -> bool:
    """Hotlines (0800, 0180x, 0900, ...) belong to companies, never to the customer writing to us."""
    return phonenumbers.number_type(number) in SERVICE_TYPES


def own_numbers(configured: Iterable[str]) -> set[str]:
    return {e for e in (to_e164(n) for n in configured) if e}


def is_fax_header(line: Line) -> bool:
    """The line a fax machine prints at the page edge: time of day plus page count or 'Fax'."""
    if not (line.rel_top < 0.06 or line.number <= 1 or line.rel_top > 0.95):
        return False
    text = line.text
    signals = [bool(_TIME.search(text)), bool(_PAGE.search(text)), bool(FAX_LABEL.search(text)),
               bool(_DATE.search(text))]
    return sum(signals) >= 2 and (signals[0] or signals[1])


def _repaired(raw: str) -> phonenumbers.PhoneNumber | None:
    """``raw`` with OCR confusions and stray punctuation removed, if libphonenumber then calls it valid."""
    # "+49 (0) 15.2. 0123 4567": the trunk zero in brackets goes, then everything but digits
    cleaned = re.sub(r"[^0-9+]", "", re.sub(r"^\s*(\+|00)49\s*\(0\)", "+49", raw.translate(CONFUSIONS)))
    if sum(c.isdigit() for c in cleaned) < 7:
        return None
    try:
        number = phonenumbers.parse(cleaned, "DE")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _labelled_repairs(lines: list[Line], i: int, text: str, found: list[tuple[int, int]]
                      ) -> Iterable[tuple[phonenumbers.PhoneNumber, int, int]]:
    """Numbers after a telephone label that only parse once repaired or joined with the next line.

    A run of digit-like characters right after the label is repaired (O/0, I/l/1, S/5, B/8, Z/2,
    a colon or dot inside); a run that reaches the end of the line is joined with the digits that
    start the next line ("Rufnummer 0176" / "29 48 17 35"). libphonenumber must accept the result.
    """
    for label in REPAIR_LABEL.finditer(text):
        m = _RUN.search(text, label.end())
        if m is None or any(s < m.end() and e > m.start() for s, e in found):
            continue
        if re.sub(r"^\(n\)", "", text[label.end():m.start()]).strip(" .:\t"):  # (a form's "Rufnummer(n):")
            continue  # words between label and digits: the label is for something else
        raw = m.group(0).rstrip(" .,;:-/")
        end = m.start() + len(raw)
        candidates = [(raw, end)]  # (reading, where it ends on this line)
        if (unboxed := _BOX_EDGES.sub("", raw)) != raw:
            candidates.insert(0, (unboxed, end))  # tried last: the reading as it stands comes first
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if m.end() >= len(text.rstrip()) and nxt is not None and nxt.page_index == lines[i].page_index:
            if (cont := re.match(r"\s*([0-9OoIl|SBZ][0-9OoIl|SBZ /\-]*)", nxt.text)):
                candidates.append((raw + " " + cont.group(1).rstrip(" /-"), end))
        elif _AREA_CODE.fullmatch(raw) and (cell := _NEXT_CELL.match(text, end)):
            candidates.append((raw + " " + cell.group(1), cell.end()))  # a form's area-code box and number box
        for candidate, stop in reversed(candidates):  # the longer, joined reading first
            if (number := _repaired(candidate) or _repaired(_SLASH_IN_PREFIX.sub(r"\g<1>7", candidate))) is not None:
                yield number, m.start(), stop
                break


def _continued(lines: list[Line], i: int, text: str, start: int, end: int) -> phonenumbers.PhoneNumber | None:
    """A number that ends its line and goes on at the next line's start, when the joined reading is valid.

    "Nummer 0761 / 171" + "62520" is one number broken by the line end; its first part alone may
    already be a valid (short) number, so the joined reading is tried first. Only after a
    telephone label and only when the rest visibly continues the sentence (no date, no postcode
    line, no count): libphonenumber accepts almost any German digit string of ten to thirteen
    digits, so the join itself proves little.
    """
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or nxt.page_index != lines[i].page_index or end < len(text.rstrip(" .,;")):
        return None
    if not (TEL_LABEL.search(_label_window(lines, i, text, start))
            or REPAIR_LABEL.search(clause_before(lines, i, start))):
        # The label may end the line above ("meine Prepaid-Nummer mitnehmen," / "also die 0176 317")
        # or open a long sentence ("Die Rufnummer, die mir zugeteilt wurde, lautet 0173 24" / "10078;").
        return None
    if _POSTAL_LINE.match(nxt.text):
        return None  # "Tel. 0351 4721883" above "01099 Dresden": an address, not the number's end
    # The rest goes on in the sentence: punctuation or a lower-case word follows ("62520 endlich",
    # "01, am besten"), or it is all its line holds (a long footer wrapped), not a new item
    # ("2 Anlagen", "01099 Dresden", "03.12.2026").
    cont = re.match(r"\s*(\d[\d /-]*\d)(?=[,;)!?]|\.(?!\d)|\s+[a-zäöüß(]|\s*$)", nxt.text)
    international = 2 if text[start:end].lstrip().startswith("00") else 0  # "0049 179" / "3468 3306"
    if cont is None or sum(c.isdigit() for c in text[start:end] + cont.group(1)) > 13 + international:
        return None
    return _repaired(text[start:end] + " " + cont.group(1))


def _after(lines: list[Line], i: int, text: str, end: int) -> str:
    """The words after a number, read on into the next line when its own line ends soon after it
    ("0174 8796498" / "(das ist bei Telvia, nicht bei Ihnen)")."""
    after = text[end:].rstrip()
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if len(after) < 40 and nxt is not None and nxt.page_index == lines[i].page_index:
        after = after + " " + nxt.text.strip()
    return after[:60]


def _label_window(lines: list[Line], i: int, text: str, start: int) -> str:
    """The 30 characters before a number; for a number that opens its line, the previous line's end too.

    "... die Karte mit der Rufnummer" / "0162 118 89 07 zum ..." is labelled by the line above.
    """
    lead = text[:start]
    prev = lines[i - 1] if i else None
    if prev is not None and prev.page_index == lines[i].page_index and len(lead.strip()) <= 8 and not re.search(r"\d", lead):
        # only what follows the line's last value labels this one ("..., Kundennummer 5508123220, Rufnummer")
        tail = re.split(r"\d", prev.text.rstrip())[-1]
        if len(tail.strip()) >= 3:
            lead = tail + " " + lead
    return re.sub(r"[ \t]{2,}", "  ", lead)[-30:]  # a column gap is no label: "vorläufige Nummer (neue SIM):      "


Letterheads = tuple[set[int], set[int]]  # (foreign, own) line ids: ``sender.letterhead_lines``


def find_all(lines: list[Line], own: set[str], masks: dict[int, list[tuple[int, int]]] | None = None,
             letterheads: Letterheads | None = None) -> list[PhoneHit]:
    """Every customer phone number candidate; ``masks`` blanks spans (IBANs, customer numbers) per line
    id; ``letterheads`` as the caller already found them (else found here)."""
    hits: list[PhoneHit] = []
    foreign, stationery = letterheads if letterheads is not None else letterhead_lines(lines)
    # the writer is a survivor, a relative with power of attorney, a lawyer, or the next holder
    not_customer = any(DEATH.search(line.text) for line in lines) or writer_is_not_the_customer(lines)
    heading = sender_block(lines)
    porting = bool(PORTING.search("\n".join(line.text for line in lines)))
    ticked = any(_BOX_TICKED.match(line.text) for line in lines)
    writers_line = any(WRITERS_LINE.search(line.text) for line in lines)  # "on my line", "meine Nummer"
    for i, line in enumerate(lines):
        if is_fax_header(line) or id(line) in foreign:
            continue
        dates = [(m.start(), m.end()) for m in _DATE.finditer(line.text)]
        dates += [(m.start(), m.end()) for m in _ROW_INDEX.finditer(line.text)]  # "   1    0176 55 66 753   Anrufer"
        text = _LEADING_O.sub("0", _mask(line.text, [*(masks or {}).get(id(line), []), *dates]))
        found: list[tuple[phonenumbers.PhoneNumber, int, int]] = []
        for m in PhoneNumberMatcher(text, "DE", leniency=Leniency.VALID):
            if sum(c.isdigit() for c in m.raw_string) < 7:
                continue  # too short to be a whole number: a fragment of a date, amount or reference
            if m.start >= 2 and text[m.start - 1] == "/" and text[m.start - 2].isalnum():
                continue  # the last part of a file reference ("ST/2026/0884153")
            if m.start >= 2 and text[m.start - 1] == "-" and text[m.start - 2].isalpha():
                continue  # a reference with letters in front ("Standort L-04275-11")
            found.append((_continued(lines, i, text, m.start, m.end) or m.number, m.start, m.end))
        found += list(_labelled_repairs(lines, i, text, [(s, e) for _, s, e in found]))
        if (fragment := _FRAGMENT.search(text.rstrip(" .,;"))) and not any(s < fragment.end() and e > fragment.start()
                                                                          for _, s, e in found):
            if (joined := _continued(lines, i, text, fragment.start(), fragment.end())) is not None:
                found.append((joined, fragment.start(), fragment.end()))
        for number, start, end in found:
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            if number.country_code != 49 or e164 in own or _is_service_number(number):
                continue
            doubtful = line.is_doubtful(start, end)  # and a phone number has no check digit to confirm them
            if ticked and _BOX_EMPTY.match(line.text):
                continue  # "[ ]  0173 523 76 87" below "[x]  0172 431 50 40": the line the writer did not tick
            if CORRECTED.match(text[end:end + 30]):
                continue  # "0163 7889 6621 – nein, Entschuldigung, ... also 0163 7889 6681": taken back at once
            column = column_heading(lines, i, start, end)  # "Rufnr." above it in a reference row
            own_label = _label_window(lines, i, text, start)
            if column is None and not TEL_LABEL.search(own_label):
                column = column_heading(lines, i, start, end, table=True)  # a table's heading further up
            elif column is not None and TEL_LABEL.search(own_label) and opens_its_cell(text, start) \
                    and cells(own_label) and not TEL_LABEL.search(column):
                column = None  # a form's row "zu portierende Rufnummer | +49 ...": its own label cell, not the row above
            before = column if column is not None else own_label
            score = 1
            if TEL_LABEL.search(before):
                score += 2
            if names_the_line(before):
                score += 1  # the contract's line beats a contact number of whoever writes
            clause = column if column is not None else clause_before(lines, i, start)
            if ASKED_ABOUT.search(clause[-60:]):
                score += 2  # an authority's request: "Bestandsdaten ... des Inhabers des Anschlusses ..."
            if id(line) not in stationery and third_party_phone(clause):
                score -= 3  # a hotel's, adviser's or dealer's number named in the text (not the firm's own paper)
            if FAX_LABEL.search(before) and not re.search(r"tel|fon", before[-12:], re.I):
                score -= 2
            if ADDRESSEE.search(before):
                score -= 3  # "Ihre Telefonnummer ... ist ständig besetzt": the number of the firm written to
            if OLD_NUMBER.search(before) and not porting:
                score -= 2  # "die bisherige Büronummer ... wird abgeschaltet" (unless the old number is to be kept)
            after = _after(lines, i, text, end)
            if NOT_OURS.match(after):
                score -= 3  # "0341 64 71 45 (nicht bei Ihnen)": a line with another provider
            if NOT_THE_CUSTOMERS.match(after):
                score -= 3
            if ASIDE.search(text[end:]):
                score -= 6  # never the one: out of a table's rows too ("(nur zur Information, keine Auskunft)")
            if TEMPORARY.search(before):
                score -= 2  # the stop-gap number of a new SIM, not the line the letter is about
            if not_customer and WRITER_CONTACT.search(before) and not THIRD_PERSON_LINE.search(before):
                # the writer's own contact number, not the customer's line; said outright ("meine eigene
                # Nummer", "my own mobile"), it is never the customer's
                score -= 6 if OWN_WORD.search(before) else 3
            if not not_customer and writers_line and HERS.search(before):
                score -= 3  # "(her landline, 030 ...)", "My wife (her number is ...)": another person's line
            if under_new_holder(lines, i):
                score -= 3  # the next holder's number in a contract hand-over
            if not not_customer and OTHER_PERSON.match(clause.lstrip(" \t\"'(-")) and OWN_CONTRACT.search(clause):
                score -= 3  # "Mein Mann (Tobias) hat auch einen Vertrag bei Ihnen mit der Nummer ...": his line
            if not porting and STAYS.match(after):
                score -= 3  # "Meine eigene Nummer 0172 ... bleibt bei mir im bisherigen Vertrag": not the one changing
            if id(line) in stationery:
                score -= 1  # the firm's own paper counts, but a number the letter itself gives wins
            elif not_customer and id(line) in heading and not names_the_line(before):
                score -= 3  # the writer's own letterhead (a daughter, the next holder), not the customer's
            hits.append(PhoneHit(e164, line, start, end, score, doubtful))
    return hits


def find(lines: list[Line], own: set[str], masks: dict[int, list[tuple[int, int]]] | None = None,
         letterheads: Letterheads | None = None) -> PhoneHit | None:
    """The customer's number: the best scored; among equals, ``phone_choice.choose`` decides (or None)."""
    letterheads = letterheads if letterheads is not None else letterhead_lines(lines)
    scored = [h for h in find_all(lines, own, masks, letterheads) if h.score > 0]
    hits = [h for h in scored if not h.doubtful]
    if not hits:
        return None
    best = max(h.score for h in hits)
    listed = {h.value for h in list_rows(hits)}
    if all(id(h.line) in letterheads[1] for h in hits if h.score == best) and len(listed) > 1:
        return None  # a firm's letter listing several of its lines: its switchboard is none of them
    chosen = choose(lines, hits)
    if chosen is not None and len(hits) < len(scored):
        # A number read doubtfully is never taken; but when it would have been chosen, or would leave
        # the choice open, the line the letter is about is the one OCR could not read surely, and
        # another number on the page is not the answer (unless the page gives that same number again).
        meant = choose(lines, scored)
        if meant is None or meant.doubtful and meant.value != chosen.value:
            return None
    return chosen

"""Customer numbers: 10 digits, the last a Luhn check digit, in any grouping.

A wrong customer number files a letter on a stranger's account, so a candidate must pass the
check digit, and OCR confusions (O/0, l/1, S/5, B/8) are only repaired when the repaired number
then passes. A number near a customer-number label wins; a number standing alone is taken only
when it is the single valid one, does not look like a phone number and is not labelled as
something else (invoice, file reference, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import luhn

from station.fields.columns import column_heading
from station.fields.layout import Line
from station.fields.parties import DEATH, RELATIVE, clause_before, writer_is_not_the_customer
from station.fields.phone import is_fax_header

CONFUSIONS = str.maketrans({"O": "0", "o": "0", "©": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2"})
_CH = r"[0-9OoIl|SBZ©]"
# Digits may be grouped by one separator, or spaced out by two blanks as in a form's boxes ("7  5  2  0 ...").
# A slash or dash may have a blank beside it ("1978/ 864/856", "1978 - 864 - 856").
_SEP = r"(?:[ ]?[/-][ ]?|[ .]|  )"
# Not followed by more digits of the same grouping ("... 2977 / 5 Karten" is a count after a list slash).
CANDIDATE = re.compile(rf"(?:(?<![\w])|(?<=\b[Kk][Dd]))(?<!\d[ ./-])(?<!\d  )({_CH}(?:{_SEP}?{_CH}){{9}})(?!\w)(?!(?:[ ./-]|  )\d)")
LABEL = re.compile(
    r"(kunden\s*-?\s*(nummer|nr|konto|-?id|kennung)|kunden\s*-\s*/\s*\w+(nummer|nr)\b"
    # "Nummer" with its m's as OCR reads them ("Kundennumner", "Kundennurnmer")
    r"|kunden\s*-?\s*nu(mn|nm|nn|rn|n)(m|rn)?er\b|\bkunde\s*nummer|\bkund(e|in)\s+nr\b|\bkund(e|in)(?=\s*:?\s*(\d|$))|kd\.?\s*-?\s*nr|kdnr|\bknr\b|kundennr|kd\.?\s*-?\s*nummer"
    # "Nr" as OCR misreads it after "Kunden-" ("Kunden-Ne:", "Kunden-No", "Kunden-N@"): no German word is left
    r"|kunden\s*-\s*(n[a-z@°º]?|m)(?![a-zäöüß])|kd\.?\s*-\s*(n[a-z@°º]?|m)(?![a-zäöüß])"
    # "Kundin NM 7773 ...": the same misread "Nr" after "Kunde"/"Kundin", right before the digits
    r"|\bkund(e|in)\s+(n[a-z@°º\\]?|m)\.?(?=\s*:?\s*(\d|$))"
    # "Kd.Nr" with a letter OCR put in or made of the r: "KadNr", "Kd.N\:"
    r"|\bkad\.?\s*-?\s*nr\b|\bkd\.?\s*-?\s*n\\"
    r"|vertrags\s*-?\s*konto|customer\s*(account\s*)?(no|number|id|ref)|account\s*(no|number)"
    r"|ustomer\s*[il1]d\b"  # "Customer ID" with its C and I misread ("EustomerlD")
    r"|(meine|unsere)\s+(kunden)?nummer\s+bei\s+(ihnen|euch)|\b(my|our)\s+(customer\s+)?number\s+with\s+you|customer\s+account\b"
    # "Kd 6961707921", "cust. 2832434530": the abbreviation right before the digits
    r"|\bkd\.?(?=\s*:?\s*(\d|$))|\bcust\.?(?=\s*:?\s*(\d|$))"
    # "Ich bin Ihr Kunde – 5089 ...", "wird bei Ihnen ... unter der Nummer ... geführt"
    r"|\bihre?\s+kund(e|in)\s*(unter|mit|[–-])|\bbei\s+ihnen\s+(\S+\s+){0,8}?unter\s+der\s+nummer"
    # "auf seinen Rechnungen die Nummer ..."
    r"|\b(auf|in|aus)\s+(meinen|seinen|ihren|unseren|den)\s+(rechnungen|briefen|schreiben)\s+(die|der)?\s*nummer"
    r"|nummer\s+(oben\s+)?(von|auf|aus|in)\s+(ihren|ihrem|ihrer|den|der)\s+(briefen|schreiben|rechnung(en)?|post))",
    re.IGNORECASE,
)
# The first part of a number at a line's end and the rest at the next line's start (joined, then checked).
# A separator may end the line ("Kundennr. 25896-" / "55618").
LINE_END = re.compile(rf"(?<![\w])(?<!\d[ ./-])({_CH}(?:[ ./-]?{_CH}){{2,8}})[ ]?[/-]?\s*$")
LINE_START = re.compile(rf"^\s*({_CH}(?:[ ./-]?{_CH}){{0,6}})(?![\w])(?![ ./-]\d)")
OTHER_LABEL = re.compile(
    r"(rechnung|mahnung|rg\.?\s*-?\s*nr|auftrag|aktenzeichen|\baz\b|gesch[äa]ftszeichen|vorgang|sendung|steuer"
    r"|\bust\b|tel|fax|mobil|handy|rufnummer|iban|blz|bankleitzahl|konto\s*-?\s*n|kontonummer|bic|imei"
    r"|serien|sim|plz|postfach|vertrag|referenz|mandat|gl[äa]ubiger|telefon|anbieter|provider"
    r"|order|invoice|ticket|\bcase\b|\bfile\b|tracking|parcel|claim)",
    re.IGNORECASE,
)
# "Kundennummer beim alten Anbieter": the number another provider gave the customer (porting letters).
PREVIOUS_PROVIDER = re.compile(r"\b(alt|bisherig|früher|vorherig|abgebend|old|previous|former|current)\w*\s+"
                               r"(anbieter|provider|netzbetreiber|carrier|operator)", re.IGNORECASE)
# Said between the label and the number: "Kundennummer dort", "Kundennummer beim neuen Anbieter" (a porting
# letter), "Kundennummer beim Anbieter" (a porting form: the number the losing provider gave).
ELSEWHERE = re.compile(rf"^\W*([^\W\d]+\W+){{0,4}}(dort|there)\b|{PREVIOUS_PROVIDER.pattern}|^\W*(alt|bisherig\w*|früher\w*|old|previous|former)\b|\b(neu|new)\w*\s+(anbieter|provider)"
                       r"|^\W*beim\s+(\w+\s+)?(anbieter|provider|netzbetreiber)", re.IGNORECASE)
BAR_RUN = re.compile(r"(?<![\w.,/-])(\d{11})(?![\w.,/-])")
# Two groups of boxes whose closing bracket between them was read as 1: "[8 7 7 5 0 5] [5 4 5 5]" → "8775051 5455".
GROUPS_WITH_BAR = re.compile(r"(?<![\w.,/-])(\d{2,9}1 \d{1,8}|\d{1,8} 1\d{2,9})(?![\w.,/-])")
# Whose number a label names: "meine Kundennummer" against "seine Kundennummer" / "his customer number".
# The possessive may stand a few words before the label: "zu ihrem Vertrag mit der Kundennummer".
_MINE = re.compile(r"\b(mein\w*|my|unser\w*|our)\s+(\w+\s+){0,3}$", re.I)
_THEIRS = re.compile(r"\b(sein\w*|ihr(e|er|es|en|em)?|his|her|their|deren|dessen)\s+(\w+\s+){0,3}$")
# The writer's own, said outright: "unser eigener Geschäftskundenvertrag", "Ich selbst bin auch Kundin".
WRITERS_OWN = re.compile(r"\b(mein|unser)\w*\s+eigen\w*|\bich\s+(selbst|selber)\b|\bich\s+habe\s+(selbst|selber)\b|\bich\s+bin\s+(auch|ebenfalls|selbst)\b"
                         r"|\b(my|our)\s+own\b|\bi\s+myself\b|\bi\s+am\s+also\b", re.I)
# Another firm the customer deals with, named in the sentence: "Bei Kolibri habe ich die Kundennummer",
# "bei KabelNet (Kundennummer ...)", "Bei den Stadtwerken ... mit Kundennummer" (not "bei Ihnen").
# A number of the past or another one: "(damals \"Kunden-ID\" ...)", "unter einer anderen Kundennummer".
PAST_OR_OTHER = re.compile(r"\b(damals|ehemals|ehemalig\w*|formerly|back then|ander(e|en|er|es)|another|other)\W+$", re.I)
OTHER_FIRM = re.compile(r"\b[Bb]ei\s+(den|der|dem)?\s*(?!Ihnen\b|Euch\b|[Uu]ns\b)[A-ZÄÖÜ][\w-]+")
_PHONE_WORD = re.compile(r"(tel|fon|fax|mobil|handy|rufnummer|anschluss|\(0\)\s*$)", re.I)
# Letters and a dash right before a number: another system's reference ("FM-00 7741 2286").
_PREFIX = re.compile(r"\b([A-Za-z]{1,5})-$")
# A colon between two digit groups, as OCR reads a dash ("8111-6699:02").
_COLON_IN_DIGITS = re.compile(r"(?<=\d{2}):(?=\d{2})")
# A date (and what follows it) read as one digit run: "23.07.2025 11:13" is not a customer number.
DATE_INSIDE = re.compile(r"(?<!\d)\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})(?!\d)")


@dataclass(frozen=True)
class Candidate:
    value: str
    line: Line
    start: int
    end: int
    labelled: bool
    heading: str | None = None  # the column heading above it in a reference row


def normalise(raw: str) -> str | None:
    """Digits of ``raw`` after repairing OCR confusions, or None when not 10 valid digits."""
    digits = re.sub(r"[ ./-]", "", raw.strip()).translate(CONFUSIONS)
    if len(digits) != 10 or not digits.isdigit():
        return None
    return digits if luhn.is_valid(digits) else None


def _label_before(line: Line, start: int, prev: Line | None, further: Line | None = None) -> bool:
    """A customer-number label shortly before the number on its line, or ending the line above
    (``prev``; ``further`` is the line above that)."""
    window = line.text[max(0, start - 60):start]
    above = prev.text.rstrip() if prev is not None and prev.page_index == line.page_index else None
    if (above is not None and len(above) <= 16 and not re.search(r"\d", above) and further is not None
            and further.page_index == line.page_index):
        # a word or two the printer wrapped onto a line of their own: the sentence goes on above them
        # ("meine Kundennummer ist laut der letzten" / "Rechnung" / "4850587041 und ...")
        above = further.text.rstrip() + " " + above
    if above is not None and above.endswith("-"):
        window = above[-30:-1] + window  # a label hyphenated at the line end ("Kunden-" / "nummer")
    elif above is not None and len(lead := line.text[:start].strip()) <= 60 and not re.search(r"\d", lead):
        # A run-on sentence: "Meine Nummer bei Ihnen, die mein Sohn mir aufgeschrieben hat," / "ist die 9767 ..."
        window = above[-80:] + " " + window
    labels = list(LABEL.finditer(window))
    if labels:
        # The label must belong to this number, not to an earlier value on the same line, nor to
        # another provider's account ("bei meinem alten Anbieter (Kundennummer dort: ...").
        label, tail = labels[-1], window[labels[-1].end():]
        clause = re.split(r"[.!?;]\s", window[:label.start()])[-1]
        aside = re.sub(r"\([^()]*\)", "", tail)  # "Ihre Kundennummer (lt. Rechnung vom 15.10.2026): ..."
        return not (re.search(r"\d{3}", aside) or ELSEWHERE.search(tail) or PREVIOUS_PROVIDER.search(clause)
                    or re.search(r"\b(dort|there)\b", clause, re.I))  # "Dort lautet meine Kundennummer ..."
    # The label ends the line above: the number opens this line, after at most a word ("lautet", "ist").
    lead = line.text[:start].strip(" \t:")
    if prev is not None and prev.page_index == line.page_index and len(lead) <= 12 and not re.search(r"\d", lead):
        return bool(LABEL.search(prev.text[-30:])) and not re.search(r"\d{3}", prev.text[-20:])
    return False


def _headed(heading: str | None) -> bool:
    """A customer-number heading over the number in a reference row ("Kunden-Nr." over "9623 3675 06"),
    not another provider's ("Kundennummer beim Anbieter")."""
    label = LABEL.search(heading) if heading else None
    return heading is not None and label is not None and not (
        ELSEWHERE.search(heading[label.end():]) or PREVIOUS_PROVIDER.search(heading))


def _joined(lines: list[Line], i: int) -> Candidate | None:
    """A number broken after a group at the end of line ``i``: joined with the next line, if the check digit holds.

    Only a labelled number is joined: without a label, a Luhn pass of two unrelated digit runs is
    one chance in ten, too often for a number that files letters on an account.
    """
    line = lines[i]
    if i + 1 >= len(lines) or lines[i + 1].page_index != line.page_index:
        return None
    head, tail = LINE_END.search(line.text), LINE_START.search(lines[i + 1].text)
    if head is None or tail is None:
        return None
    value = normalise(head.group(1) + tail.group(1))
    prev = lines[i - 1] if i else None
    if value is None or DATE_INSIDE.search(head.group(1)) or not _label_before(line, head.start(1), prev):
        return None
    return Candidate(value, line, head.start(1), head.end(1), True)


def candidates(lines: list[Line]) -> list[Candidate]:
    out: list[Candidate] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        # Dates blanked first: "7520109138 14.10.2026" in a reference row is a number next to a date,
        # not a longer digit run.
        text = DATE_INSIDE.sub(lambda d: " " * len(d.group(0)), line.text)
        # A colon OCR made of a dash between two groups ("8111-6699:02"): read as one, for a labelled number only.
        colons = {c.start() for c in _COLON_IN_DIGITS.finditer(text)}
        text = _COLON_IN_DIGITS.sub("-", text)
        for m in CANDIDATE.finditer(text):
            raw = m.group(1)
            if sum(c.isdigit() for c in raw) < 7:
                continue  # mostly letters: a word, not a number with a few misread digits
            if DATE_INSIDE.search(raw):
                continue
            value = normalise(raw)
            if value is None:
                continue
            if (prefix := _PREFIX.search(text[:m.start(1)])) and not LABEL.fullmatch(prefix.group(1)):
                continue  # another system's reference with its letters in front: "FM-00 7741 228", "NW-2026-..."
            heading = column_heading(lines, i, m.start(1), m.end(1))
            labelled = _label_before(line, m.start(1), prev, lines[i - 2] if i >= 2 else None) or _headed(heading)
            if labelled or not any(m.start(1) <= c < m.end(1) for c in colons):
                out.append(Candidate(value, line, m.start(1), m.end(1), labelled, heading))
        if (joined := _joined(lines, i)) is not None:
            out.append(joined)
        out += _behind_a_bar(line, text, prev)
    return out


def _behind_a_bar(line: Line, text: str, prev: Line | None) -> list[Candidate]:
    """A labelled run of eleven digits whose first or last is a table's rule read as 1 ("| 1 7 2 6 ..." →
    "11726261991"), or two groups with a bracket read as 1 between them: the ten digits left, when
    exactly one way of dropping that 1 passes the check digit."""
    readings: list[tuple[re.Match[str], set[str]]] = []
    for m in BAR_RUN.finditer(text):
        run = m.group(1)
        readings.append((m, {run[1:] if run[0] == "1" else "", run[:-1] if run[-1] == "1" else ""}))
    for m in GROUPS_WITH_BAR.finditer(text):
        head, tail = m.group(1).split(" ")
        if len(head) + len(tail) == 11:
            readings.append((m, {head[:-1] + tail if head.endswith("1") else "",
                                 head + tail[1:] if tail.startswith("1") else ""}))
    out = []
    for m, options in readings:
        valid = {v for v in options if v and luhn.is_valid(v)}
        if len(valid) == 1 and _label_before(line, m.start(1), prev):
            out.append(Candidate(valid.pop(), line, m.start(1), m.end(1), True))
    return out


def _plausible_alone(c: Candidate, above: Line | None = None) -> bool:
    if c.value.startswith("0"):
        return False  # German phone numbers start with 0; an unlabelled one is too risky
    if is_fax_header(c.line):
        return False  # the sending machine's date, time and number, never the customer's
    if c.heading is not None:
        return not OTHER_LABEL.search(c.heading)  # "Rechnung Nr." over it: an invoice number
    # Only the label of the number's own phrase counts: "Betr.: Rechnung November, meine Nummer ..."
    before = c.line.text[max(0, c.start - 40):c.start]
    if above is not None and not c.line.text[:c.start].strip():
        before = above.text.rstrip()[-40:] + " " + before  # "(Aktenzeichen" / "1581379300, Tel."
    before = re.split(r"[,;]\s", before)[-1]
    return not (OTHER_LABEL.search(before) or ELSEWHERE.search(before) or re.search(r"\b(dort|there)\W*$", before, re.I))


def may_be_phone(c: Candidate) -> bool:
    """An unlabelled run that reads as a telephone number (leading 0, or a telephone label before it).

    The finder never takes such a run as a customer number, so it must not hide it from the phone finder.
    """
    before = c.line.text[max(0, c.start - 40):c.start]
    return not c.labelled and (c.value.startswith("0") or bool(_PHONE_WORD.search(before)))


def _possessor(c: Candidate, lines: list[Line]) -> str | None:
    """"own", "mine" or "theirs" when the number's sentence says whose it is.

    "meine Kundennummer ist ...", "Ich selbst bin auch Kundin (Kd-Nr. ...)": the writer's own.
    "seine Kundennummer", "Mein Mann ... hat auch einen Vertrag (Kundennummer ...)", "Bei Kolibri habe
    ich die Kundennummer ... bekommen": a relative's, or another firm's. The sentence may begin on
    the line above.
    """
    i = next(k for k, line in enumerate(lines) if line is c.line)
    # in a reference row, the number's own heading cell ("Ihre Kundennummer"), not its neighbours ("Unser Zeichen")
    before = c.heading if c.heading and LABEL.search(c.heading) else clause_before(lines, i, c.start)
    label = None
    for label in LABEL.finditer(before):
        pass
    if label is None:
        return None
    lead = before[max(0, label.start() - 30):label.start()]
    clause = before[:label.start()]
    if WRITERS_OWN.search(clause):
        return "own"  # said outright to be the writer's own, as against the one the letter is about
    if PAST_OR_OTHER.search(lead):
        return "theirs"  # "(damals \"Kunden-ID\" ...)", "unter einer anderen Kundennummer"
    if _MINE.search(lead):
        return "mine"
    return "theirs" if _THEIRS.search(lead) or RELATIVE.search(clause) or OTHER_FIRM.search(clause) else None


def _the_customers(labelled: dict[str, Candidate], lines: list[Line]) -> dict[str, Candidate]:
    """Of several labelled numbers, the one the letter is about when the others are said to be someone else's.

    A customer writing ("meine Kundennummer: 5245 ..." and "(seine Kundennummer ist 5363 ...)"): the one
    number not said to be a relative's, another person's or another firm's. Somebody writing for the
    customer (a daughter, a care home): the one number not said to be the writer's own. Any other
    mix stays ambiguous.
    """
    whose = {v: _possessor(c, lines) for v, c in labelled.items()}
    unwanted = _unwanted(lines, set(whose.values()))
    kept = {v: c for v, c in labelled.items() if whose[v] not in unwanted}
    return kept if len(kept) == 1 else labelled


def _unwanted(lines: list[Line], said: set[str | None]) -> set[str]:
    """Whose numbers the letter is not about: the writer's own when writing for someone else, else
    a relative's or another firm's."""
    if writer_is_not_the_customer(lines):
        return {"mine", "own"}
    if "own" in said and any(DEATH.search(line.text) for line in lines):
        return {"own"}  # a widow about her late husband's contract: "Ich habe selber auch einen Vertrag"
    return {"theirs"}


_DIGIT_RUN = re.compile(r"\d[\d ./-]{5,}\d")


def _unread_label(lines: list[Line], found: list[Candidate]) -> bool:
    """A customer-number label followed by digits that gave no valid number (OCR misread one:
    "Meine Kundennummer bei Ihnen lautet" / "11193912521.")."""
    read = {id(c.line) for c in found}
    for i, line in enumerate(lines):
        for label in LABEL.finditer(line.text):
            rest = line.text[label.end():label.end() + 40]
            if ELSEWHERE.search(rest) or PREVIOUS_PROVIDER.search(line.text[:label.start()]):
                continue  # "Kundennr. dort: FN/0038-447-120": another provider's, not a misread one of ours
            nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page_index == line.page_index else None
            if _DIGIT_RUN.search(rest) and id(line) not in read:
                return True
            if not re.search(r"\d", rest) and nxt is not None and _DIGIT_RUN.match(nxt.text.strip()) \
                    and id(nxt) not in read and id(line) not in read:
                return True
    return False


def find(lines: list[Line], foreign: set[int] | frozenset[int] = frozenset()) -> Candidate | None:
    """The customer number of a document, or None when absent or ambiguous.

    ``foreign``: ids of lines in another sender's letterhead or footer, where an unlabelled number
    is theirs (a file number, a register number), not the customer's.
    """
    found = candidates(lines)
    labelled = {c.value: c for c in found if c.labelled}
    if len(labelled) > 1:
        labelled = _the_customers(labelled, lines)
    if len(labelled) == 1:
        only = next(iter(labelled.values()))
        whose = _possessor(only, lines)
        if whose is not None and whose in _unwanted(lines, {whose}) and _unread_label(lines, found):
            return None  # somebody else's number, and the one the letter is about was misread
        return only
    if len(labelled) > 1:
        return None
    above = {id(b): a for a, b in zip(lines, lines[1:]) if a.page_index == b.page_index}
    alone = {c.value: c for c in found if _plausible_alone(c, above.get(id(c.line))) and id(c.line) not in foreign}
    return next(iter(alone.values())) if len(alone) == 1 else None

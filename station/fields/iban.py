"""IBANs, validated by ``schwifty`` (checksum, country length and BBAN format), without spaces.

Transfer slips carry the operator's own receiving account next to the customer's; the station's
``own_ibans`` are ignored. A letter giving an old and a new account yields the new one; two
different accounts with nothing to tell them apart yield None (precision over recall).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Callable, Iterable

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from station.fields.columns import column_heading
from station.fields.layout import Line, starts_paragraph
from station.fields.parties import clause_before, someone_elses_account

# Country code in capitals; a German one also in lower case ("de60 3704 ...") or spaced out in a form's
# boxes ("D E 3 3  7 0 0 2 ..."): the checksum still decides.
# (grouped in threes, the check digits fall apart: "DE9 020 050 550 ...")
# After OCR also: a check digit broken by a stray mark ("DED?7 2005 ...", the mark made a blank by
# ``_STRAY_IN_CHECK``) and a German IBAN whose D the scan lost at the line's start ("E34 1005 0000 ...").
START = re.compile(r"(?<![A-Za-z0-9])((?:[A-Z]{2}|de|De)[:.]?\s?[0-9OIlSsBAZG]{2}|D E [0-9] [0-9]|DE[0-9OIlSsBAZG] [0-9]{3}\b"
                   r"|DE[0-9OoDQ] [0-9] [0-9]{4}|E[0-9]{2} ?[0-9]{4} ?[0-9]{4})")
_STRAY_IN_CHECK = re.compile(r"(?<=\bDE[0-9OoDQ])[?'´`*^\"](?=[0-9] ?[0-9]{4})")
# Groups are joined across a space, a column gap, a stray dot, colon or dash, a form's box rule (" | "), a box's
# brackets as OCR reads them ("[DE55]2005][0550]") or a line break; a bar touching a digit is a misread 1.
_TOKEN = re.compile(r"(?:[ ]\|[ ]|[ ]?[\[\](){}]{1,2}[ ]?|[ ]{1,2}|\t|[ ]?[.:,-][ ]?|\n)?([A-Za-z0-9|]+)")
DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1", "|": "1", "S": "5", "s": "5", "B": "8", "A": "4", "Z": "2",
                           "G": "6"})
# Every digit a letter read among an IBAN's digits may stand for: a fax makes "s" of an 8 as often as of
# a 5 ("DEs0 4405 ..." was DE80), "b" of a 6 or a 5 ("3239 4b" ended in 45). Unlike ``DIGIT_FIX``, which
# is applied blindly, these are only tried together with the checksum (``_letters_resolved``).
LOOK_ALIKES = {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "L": "1", "|": "1", "i": "1",
               "S": "589", "s": "589", "B": "83", "b": "658", "A": "4", "Z": "27", "z": "27", "G": "6", "T": "7",
               "g": "9", "q": "9"}
# Digits a scan or fax turns into one another; a check digit read as its twin is repaired (``_check_digit_misread``).
TWINS = {frozenset(p) for p in ("38", "56", "68", "89", "08", "17", "06", "09", "49", "27", "58", "35")}
NEW = re.compile(r"\b(neu\w*|künftig\w*|ab sofort|ab dem|ab \d|ab (der )?übernahme|aktuell\w*|new|from now on|in future"
                 r"|from the (next|\w+ invoice|\w+ bill)|from then on|von da an|ab\s+(januar|februar|märz|april|mai|juni|juli|august|september"
                 r"|oktober|november|dezember)|from\s+(january|february|march|april|may|june|july|august|september"
                 r"|october|november|december))\b", re.I)
# Said right after the account, in brackets or after a dash: it is the one being given up.
OLD_AFTER = re.compile(r"\s*[)\]]?\s*[(\[,–-]?\s*(old|alt|bisherig\w*|früher\w*|closing|closed|wird\s+(aufgelöst|geschlossen|gekündigt)"
                       r"|(bald|demnächst)\s+(aufgelöst|geschlossen)|no longer)\b", re.I)
OLD = re.compile(r"\b(alt\w*|bisher(ig\w*)?|früher\w*|vorherig\w*|old|nicht\s+mehr|no\s+longer"
                 # "löse ich mein Konto ... auf", "Please stop debiting my account (...)"
                 r"|lös(e|en|t)\s+(ich|wir)|stop\s+(debiting|taking|collecting|the\s+(direct\s+)?debit)|closing"
                 r"|until\s+now|so\s+far|up\s+to\s+now|previously)\b", re.I)
GIVEN_UP = -100  # the score of an account the letter says is gone (still masked for the phone finder)
# Said after the account, in its sentence: it no longer exists or must not be used ("(DE97 ...) gibt es
# seit 2024 nicht mehr, bitte nicht verwenden!"), before another account is named.
STOPPED_AFTER = re.compile(r"^(?:(?!\b[A-Z]{2}\d\d|\b(?i:konto|iban|account)\b)[^.!?]){0,60}?"
                           r"(\bgibt\s+es\s+(\S+\s+){0,3}?nicht\s+mehr|\bnicht\s+mehr\s+(verwenden|benutzen"
                           r"|nutzen|belasten|gültig|aktiv)|\bbitte\s+nicht\s+(mehr\s+)?(verwenden|benutzen|belasten)"
                           r"|\bexistiert\s+nicht\s+mehr|\b(ist|wurde)\s+(bereits\s+)?aufgelöst|\bdo\s+not\s+use"
                           r"|\b(das|es)\s+soll\s+(jetzt\s+|nun\s+)?aufh(ö|oe)ren"
                           r"|\bno\s+longer\s+(exists|valid|in\s+use)|\bhas\s+been\s+closed)", re.I)
# Named as the account to debit ("Konto für die Abbuchung:", "Bankverbindung für Lastschrift:"): the one
# an index wants, against an account merely printed in a footer.
DEBIT = re.compile(r"(abbuchung|lastschrift|einzug|abbuchen|abgebucht|einziehen|direct debit|to be debited"
                   # or for money back: "schreiben Sie bitte unserem Praxiskonto gut", "refund it to"
                   r"|gut\s*(zu)?schreiben|schreiben\s+sie\s+(\w+\s+){0,4}gut\b|\bgutschrift|erstatt\w*|zurück\s*(zu)?überweis\w*|\brefund\w*)", re.I)
# A line of nothing but an IBAN's middle groups, the rest of a long line wrapped by the printer ("8473 3564").
_GROUPS_ONLY = re.compile(r"^\s*[0-9]{2,4}(\s[0-9]{2,4}){0,4}\s*$")


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
    """German BBANs are all digits: letters there are OCR confusions (O/0, I/L/1, S/5, B/8, A/4, Z/2, G/6)."""
    if compact[:2] == "DE":
        return compact[:2] + compact[2:].translate(DIGIT_FIX)
    return compact


# Words that say an account follows (the one-digit-too-many repair is only tried behind them).
LABEL = re.compile(r"\biban\b|\bkonto\b|kontoverbindung|bankverbindung|\baccount\b|kontoinhaber\w*|account holder"
                   r"|überweisen|erstatten|refund", re.I)


def _one_deletion(chars: str) -> str | None:
    """A German IBAN read with one digit too many: the single deletion that passes mod 97, if unique.

    A wrong deletion passes the checksum about one time in 97 per position, and over 21 positions
    that is too often alone: a survivor must also name a registered bank; a unique one is taken, of
    several only the one that drops a letter read among the digits.
    """
    fixed = _repair(chars.upper())
    if fixed[:2] != "DE" or len(fixed) != 23:
        return None
    valid = {i: v for i in range(2, 23) if (v := at_registered_bank(fixed[:i] + fixed[i + 1:]))}
    if len(set(valid.values())) == 1:
        return next(iter(valid.values()))
    # Several survive: a letter OCR put among the digits ("DES52 2505 ...") is the likelier intruder.
    letters = {v for i, v in valid.items() if not chars[i].isdigit()}
    return letters.pop() if len(letters) == 1 else None


def _letter_in_check_digits(chars: str) -> str | None:
    """A German IBAN with a letter OCR put into its check digits ("DEO06 8105 ..." was DE06): the
    letter dropped, when that passes mod 97 at a registered bank. Unlike ``_one_deletion`` this
    needs no label: only the one or two letters there are tried, not every position."""
    if chars[:2].upper() != "DE":
        return None
    valid = {v for i in (2, 3, 4) if chars[i].isalpha()
             and (v := at_registered_bank(_repair("DE" + chars[2:i] + chars[i + 1:])))}
    return valid.pop() if len(valid) == 1 else None


def at_registered_bank(raw: str) -> str | None:
    """The compact IBAN when ``raw`` is valid and its bank code a real German bank's (``schwifty``'s
    registry): a repair that lands on an unknown bank code is a misreading the checksum let through
    by chance. Parsed once: a repair search checks up to 64 readings."""
    try:
        iban = IBAN(re.sub(r"\s", "", raw).upper())
    except (SchwiftyException, ValueError):
        return None
    return iban.compact if iban.bank is not None else None


def _letters_resolved(chars: str, labelled: bool) -> str | None:
    """A German IBAN with letters read among its digits, each standing for one of its look-alikes;
    behind an IBAN label also one whose country code OCR got half wrong ("IBAN DL:98 3605 ...").

    Every reading the letters allow (``LOOK_ALIKES``; at most 64) is checked; exactly one may pass
    mod 97 and name a registered bank. A letter is a misreading OCR admits to, unlike a digit read as
    another, so the search stays among a handful of readings and a wrong one passes about one time
    in a hundred per reading before the bank registry is asked. The country code's letters count
    in mod 97 too, so "DE" for "DL" is as well checked as a digit.
    """
    country = chars[:2].upper()
    if len(chars) != 22 or not (country == "DE" or labelled and (country[0] == "D" or country[1] == "E")):
        return None
    spots = [i for i in range(2, 22) if not chars[i].isdigit()]
    if not spots and country == "DE" or any(chars[i] not in LOOK_ALIKES for i in spots):
        return None
    options = [LOOK_ALIKES[chars[i]] for i in spots]
    if prod(len(o) for o in options) > 64:
        return None
    valid = set()
    for combo in product(*options):
        digits = list(chars)
        for i, digit in zip(spots, combo):
            digits[i] = digit
        if value := at_registered_bank("DE" + "".join(digits[2:])):
            valid.add(value)
    return valid.pop() if len(valid) == 1 else None


def _check_digit_misread(chars: str) -> str | None:
    """A German IBAN whose account and bank code read right but one check digit as its twin (8 as 3).

    The check digits follow from the rest, so exactly one repair exists; it is taken only when it
    changes one digit into a look-alike and the bank code is a real German bank's (``schwifty``'s
    registry): a misread account number would need its check digits to come out one look-alike
    away by chance, about three times in a hundred.
    """
    fixed = _repair(chars.upper())
    if fixed[:2] != "DE" or len(fixed) != 22 or not fixed[2:].isdigit():
        return None
    try:
        right = IBAN.generate("DE", bank_code=fixed[4:12], account_code=fixed[12:])
    except (SchwiftyException, ValueError):
        return None
    differ = [(a, b) for a, b in zip(fixed[2:4], right.compact[2:4]) if a != b]
    if len(differ) != 1 or frozenset(differ[0]) not in TWINS or right.bank is None:
        return None
    return right.compact


def _scan(text: str, limit: int, labelled: bool, read_surely: Callable[[int, int], bool] | None = None
          ) -> list[tuple[str, int, int]]:
    """Valid IBANs starting before ``limit`` in ``text``, with their spans.

    Tokens are joined across a space, a box rule or a stray dot, colon or dash (and across the line break
    ``find_all`` put at ``limit`` when the next line was appended). Behind an IBAN label, a German
    IBAN one digit too long is repaired when exactly one deletion passes the checksum, and one whose
    check digit was read as a look-alike when the rest decides it.
    """
    found = []
    text = _STRAY_IN_CHECK.sub(" ", text)  # same length: the spans stay where they were
    for m in START.finditer(text):
        if m.start(1) >= limit:
            break
        pos, chars, end = m.start(1), "", m.start(1)
        best: tuple[str, int] | None = None
        for t in _TOKEN.finditer(text, pos):
            if t.start() != end:
                break
            chars += t.group(1)
            end = t.end()
            if len(chars) > 34:
                break
            for candidate in {chars.upper(), _repair(chars[:2].upper() + chars[2:]).upper()}:
                if len(candidate) >= 15 and (value := validate_iban(candidate)):
                    best = (value, end)
            if best is None and labelled and len(chars) == 23 and (value := _one_deletion(chars)):
                best = (value, end)
            if best is None and len(chars) == 22 and (value := _letters_resolved(chars, labelled)):
                best = (value, end)
            if best is None and len(chars) == 23 and (value := _letter_in_check_digits(chars)):
                best = (value, end)
            if best is None and len(chars) == 21 and chars[0] == "E" and (value := at_registered_bank("D" + chars)):
                best = (value, end)  # the D lost at the line's start: the checksum covers the country code
            # a check digit read as its digit twin ("3" for "8") is only a misreading OCR may have made where it
            # was unsure: read surely, the likelier fault is a misread account digit the checksum caught
            surely = read_surely is not None and chars[2:4].isdigit() and read_surely(pos, pos + 4)
            if best is None and labelled and len(chars) == 22 and not surely and (value := _check_digit_misread(chars)):
                best = (value, end)
        if best:
            found.append((best[0], pos, min(best[1], limit)))
    return found


def _age(near: str, clause: str) -> int:
    """+2 for an account called new, -2 for one called old, 0 when nothing says.

    The words right before the IBAN decide; when they say nothing, the last such word of its
    sentence does ("nicht mehr vom bisherigen Konto, sondern vom neuen Geschäftskonto: ... IBAN").
    """
    if NEW.search(near) or OLD.search(near):
        # both said right before it: the nearer word decides ("Ab Januar bitte nicht mehr von meinem Konto")
        cues = [(m.start(), 2) for m in NEW.finditer(near)] + [(m.start(), -2) for m in OLD.finditer(near)]
        return max(cues)[1]
    clause = re.split(r"\d{4}", clause)[-1]  # what the sentence says after another account it names is about this one
    cues = [(m.start(), 2) for m in NEW.finditer(clause)] + [(m.start(), -2) for m in OLD.finditer(clause)]
    return max(cues)[1] if cues else 0


def _words_after(lines: list[Line], i: int, text: str, end: int, reach: int = 90) -> str:
    """What follows an account, read on over the next lines of its page (a printer may wrap a
    sentence after a word or two: "(DE97 ...) gibt es" / "seit" / "2024 nicht mehr"), to its paragraph's end."""
    after = text[end:].replace("\n", " ")
    k = i + 1 + text.count("\n")  # the lines ``text`` already holds
    while len(after) < reach and k < len(lines) and not starts_paragraph(lines, k):
        after += " " + lines[k].text.strip()
        k += 1
    return after[:reach]


def find_all(lines: list[Line], own: set[str], foreign: Iterable[int] = ()) -> list[IbanHit]:
    """Every IBAN but the operator's; ``foreign`` (line ids of another sender's letterhead or footer)
    only count when the line calls the account new."""
    foreign = set(foreign)
    hits = []
    for i, line in enumerate(lines):
        context_prev = lines[i - 1].text if i else ""
        text = line.text.rstrip()
        for k in (i + 1, i + 2):  # the next line; the one after too when the next held only digit groups
            if k >= len(lines) or lines[k].page_index != line.page_index:
                break
            text += "\n" + lines[k].text.strip()
            if not _GROUPS_ONLY.match(lines[k].text):
                break
        labelled = bool(LABEL.search(line.text) or LABEL.search(context_prev[-40:]))
        surely = (lambda s, e, line=line: not line.is_doubtful(s, e)) if line.spans else None
        for value, start, end in _scan(text, len(line.text.rstrip()), labelled, surely):
            before = line.text[:start] + " " + context_prev[-40:]
            if value in own or id(line) in foreign and not NEW.search(before):
                continue
            # in a hand-over table, the column ("Bisheriger Inhaber" / "Neuer Inhaber") says whose it is
            column = column_heading(lines, i, start, end, table=True) or ""
            # in reading order, so that the nearer word about its age is the later one
            # (of the line above only what follows its last value: "~~DE52 ...~~ (Haspa, bisher)" is about that one)
            ordered = column + " " + re.split(r"\d", context_prev)[-1][-40:] + " " + line.text[:start]
            clause = clause_before(lines, i, start)
            # named for the debits, also a few lines up ("3. ab Januar wieder per Lastschrift abzubuchen, und
            # zwar vom Konto des Betreuten:" / "Kontoinhaber: ..." / "IBAN DE46 ...")
            score = 1 + _age(ordered, clause) + (1 if DEBIT.search(before) or DEBIT.search(clause) else 0)
            if STOPPED_AFTER.match(_words_after(lines, i, text, end)):
                score = GIVEN_UP  # "(DE97 ...) gibt es seit 2024 nicht mehr": no account to index, even alone
            elif OLD_AFTER.match(text[end:end + 40]):
                score -= 2  # "DE70 8605 ... (old, closing 31.12.2026)": called old right after it
            hits.append(IbanHit(value, line, start, end, score))
    return hits


def own_ibans(configured: Iterable[str]) -> set[str]:
    return {v for v in (validate_iban(x) for x in configured) if v}


def _unread_account(lines: list[Line], hits: list[IbanHit], foreign: Iterable[int] = ()) -> bool:
    """A line labelled "IBAN" that yielded no account (OCR made "DHI6;- 5001 ..." of it); another
    sender's letterhead or footer does not count (its account was read, and left out)."""
    read = {id(h.line) for h in hits} | set(foreign)
    return any((re.search(r"\biban\b", line.text, re.I) or _UNREAD_START.search(line.text)) and id(line) not in read
               and not (i + 1 < len(lines) and id(lines[i + 1]) in read) for i, line in enumerate(lines))


# What is left of a German IBAN OCR could not read: "DE" and two characters, then groups of digits ("DESO 3105 0198").
_UNREAD_START = re.compile(r"\bD[EF][\dOoSsIlBZG]{2}\s\d{4}\s\d{4}")


def find(lines: list[Line], own: set[str], foreign: Iterable[int] = (), stationery: Iterable[int] = ()
         ) -> IbanHit | None:
    """The customer's IBAN, or None when absent or ambiguous.

    ``stationery``: line ids of the customer firm's own printed letterhead and footer. Their
    account counts, but one the letter itself gives wins: the paper may still show an old one.
    """
    index = {id(line): i for i, line in enumerate(lines)}
    printed, foreign = set(stationery), set(foreign)
    found = find_all(lines, own, foreign)
    hits = [h if id(h.line) not in printed else IbanHit(h.value, h.line, h.start, h.end, h.score - 1)
            for h in found if h.score > GIVEN_UP and not someone_elses_account(lines, index[id(h.line)], h.start, h.end)]
    if not hits:
        return None
    best = max(h.score for h in hits)
    top = {h.value: h for h in hits if h.score == best}
    if best < 1 and _unread_account(lines, found, foreign):
        return None  # only an account called old, and the one replacing it was not read
    if len(top) == 1:
        return next(iter(top.values()))
    return None

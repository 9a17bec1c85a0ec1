"""Letterheads and footers of senders who are not the customer: their numbers are not the customer's.

Lawyers, authorities, courts and companies print their own telephone, fax and bank account at the
top or bottom of the page. Such a block is recognised by its place on the page (a block of lines
near the top or bottom edge, set apart by a gap) and by words an organisation prints there (GmbH,
Kanzlei, Amtsgericht, Steuer-Nr., Geschäftsführer, ...), never by a list of names. A private
writer's own letterhead has none of these words, so the customer's number there is still taken.
A firm writing about its own contracts is the customer: ``letterhead_lines`` then gives its
commercial paper back as its own (professions that write for others stay foreign).
"""

from __future__ import annotations

import re
from statistics import median

from station.fields.layout import Line
from station.fields.parties import ON_BEHALF, SALUTATION, writes_for_own_business

# Legal forms are case-sensitive (the word "ag" is not "AG"); the rest are words of office paper.
# "GmbH" in any case ("gGmbH" read as "ggmbH"): no word of a letter is spelt so.
LEGAL_FORM = re.compile(r"\b(GmbH|mbH|(?i:g?gmbh)|AG|KG|OHG|UG|e\.\s?K\.|e\.\s?V\.|HRB|HRA|Ltd\.?|Inc\.?|PartG)(?![\w])")
# Offices that never are the customer writing about its own contract: they write for or about somebody.
PROFESSION = re.compile(
    r"(kanzlei|rechtsanw|anwält|anwalt|notar|inkasso|steuerberat|\w*gericht\b|gerichts|staatsanwalt|polizei"
    r"|jobcenter|bundesagentur|bundesnetzagentur|schlichtungsstelle|behörde|stadtverwaltung|betreuer"
    r"|(landrats|ordnungs|bürger|buerger|finanz|standes|sozial|gesundheits|jugend|einwohnermelde|zoll|kreis)amt"
    r"|insolvenzverwalter|stadtwerke|versicherung\b|law firm|attorney|solicitor|\w*beratung\b|beratungsstelle"
    r"|bestattung\w*|bestatter|funeral|undertaker|berufsbetreu\w*|betreuungs(verein|büro|buero|stelle)"
    r"|counselling|advice cent(er|re))",
    re.I,
)
# Words of a firm's office paper (register, tax and management lines) and a sole trader's "Inh.".
OFFICE_WORD = re.compile(
    r"(steuer\s*-?\s*nr|steuernummer|\bst\.\s*-\s*nr|ust\.?\s*-?\s*id|handelsregister|registergericht|geschäftsführ"
    r"|vorstand\b|sitz\s*(der gesellschaft)?\s*:|registered office|company registration|vat\s*(no|id)|\binh\.\s)",
    re.I,
)
# Institutions that write to a phone company without being its customer (a school's sponsorship request).
INSTITUTION = re.compile(r"(\w*schule\b|gymnasium|universität|hochschule|förderverein|stiftung\b|kirchengemeinde"
                         r"|\bschool\b|university)", re.I)
ORG_WORD = re.compile(f"{PROFESSION.pattern}|{OFFICE_WORD.pattern}|{INSTITUTION.pattern}", re.I)
# "Amtsgericht Augsburg HRB 18843" is a firm's register entry, not a court writing.
_REGISTER = re.compile(
    r"[Rr]egistergericht\s*:?"
    r"|\b([Aa]mtsgericht|AG)\s+[\w./-]+(\s+[\w./-]+)?\s*,?\s*(?=HRB|HRA)"
    r"|(?<=HRB|HRA)\s*[\d\s]+[A-Z]?\s*[,(·-]?\s*([Aa]mtsgericht|AG)\s+[\w./-]+")
# Register and tax lines only a firm's footer carries (not "Bankverbindung:", which a customer's P.S. may hold).
REGISTER_WORD = re.compile(r"(steuer\s*-?\s*nr|steuernummer|ust\.?\s*-?\s*id|\bHRB\b|\bHRA\b|handelsregister|vereinsregister"
                           r"|registergericht|geschäftsführ|amtsgericht|registered office|company registration)", re.I)
# What only an organisation's page footer carries: a transfer slip or a signature at the bottom of a
# customer's letter ("Empfänger: Mobilfunk AG") is not a footer.
FOOTER_WORD = re.compile(
    rf"({REGISTER_WORD.pattern}|\bst\.\s*-\s*nr|gesch\.\s*-?\s*f|vorstand\b|sitz\s*(der gesellschaft)?\s*:"
    r"|bankverbindung\s*[:·|]|vat\s*(no|id))",
    re.I,
)
CLOSING = re.compile(r"(^\s*im auftrag\b|^\s*i\.\s?a\.|mit freundlichen|freundliche(n)? grüße|hochachtungsvoll|viele grüße|beste grüße|mfg\b"
                     r"|(kind |best )?regards|yours (sincerely|faithfully)|sincerely)", re.I)
# The letterhead comes before the salutation (``parties.SALUTATION``); attachments further down (a
# transfer slip naming the payee "Mobilfunk AG") are not a letterhead, even on a short letter's page.
# A block naming the customer's reference is the letter's subject lines, even when it names a court
# ("Betreuungssache ..., Kd-Nr. ..., Amtsgericht Dresden, Az. ...").
REFERENCE = re.compile(r"(kunden\s*-?\s*(nummer|nr)|\bkd\.?\s*-?\s*nr|\bkd\.?\s*-\s*[nm]\b|\bbetreff\b|rufnummer|\brufnr\b"
                       r"|vertragsnummer"
                       r"|customer\s*(no|number))", re.I)
# A line of bare values ("4211656675 - 0178 687 640 81"): the letter's reference, never printed paper,
# whose lines carry words (an address, "Tel.").
_VALUES_ONLY = re.compile(r"(?=(?:\D*\d){6})[\d\s./+()–-]{12,}")  # (a frame "+-----+" is no value)
_CONTACT = re.compile(r"\b(tel|telefon|fon|fax|iban|bank|sparkasse|volksbank)\b", re.I)
TOP, BOTTOM = 0.4, 0.7
NO_SALUTATION_TOP = 0.25  # without a salutation, only blocks this close to the top count as letterhead  # a letterhead lies wholly above TOP, a footer wholly below BOTTOM (page height)


def is_org_line(text: str) -> bool:
    return bool(LEGAL_FORM.search(text) or ORG_WORD.search(text))


def _blocks(page: list[Line]) -> list[list[Line]]:
    """Runs of lines without a wider-than-usual gap between them (paragraphs, address blocks)."""
    gaps = [b.rel_top - a.rel_top for a, b in zip(page, page[1:])]
    if not gaps:
        return [page] if page else []
    # The usual gap is the line pitch inside a block: the lower quartile of the gaps (lines OCR
    # split on one baseline aside). The median would be a paragraph gap on an airy page, and
    # the letterhead would melt into the letter.
    pitches = sorted(g for g in gaps if g > 0.3 * median(gaps)) or gaps
    usual = pitches[len(pitches) // 4] or 1e-6
    out, current = [], [page[0]]
    for gap, line in zip(gaps, page[1:]):
        if gap > 1.5 * usual:
            out.append(current)
            current = []
        current.append(line)
    out.append(current)
    return out


def foreign_sender_lines(lines: list[Line]) -> set[int]:
    """``id``s of lines in an organisation's letterhead or footer block (at the page's top or bottom)."""
    out: set[int] = set()
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page_index, []).append(line)
    for page in pages.values():
        page.sort(key=lambda l: l.rel_top)
        greeting = next((l.rel_top for l in page if SALUTATION.search(l.text)), None)
        closing = next((l.rel_top for l in page if len(l.text) < 60 and CLOSING.search(l.text)), None)
        blocks = _blocks(page)
        headed = office = False
        for block in blocks:
            above = block[-1].rel_top < greeting if greeting is not None else block[-1].rel_top < NO_SALUTATION_TOP
            head = (above and block[-1].rel_top < TOP and any(is_org_line(l.text) for l in block)
                    and not any(REFERENCE.search(l.text) or _VALUES_ONLY.fullmatch(l.text.strip()) for l in block))
            # a footer lies below the closing: the letter's last paragraph may sit low on a short page
            foot = (block[0].rel_top > BOTTOM and (closing is None or block[0].rel_top > closing)
                    and any(FOOTER_WORD.search(l.text) for l in block))
            # On a short letter the footer may sit higher: the page's last block, below the closing.
            # (below an organisation's own letterhead, a line naming it, "Diakonisches Werk e.V. · Sparkasse ...", too)
            foot = foot or (block is blocks[-1] and closing is not None and block[0].rel_top > closing
                            and any((REGISTER_WORD if not headed else FOOTER_WORD).search(l.text)
                                    or headed and LEGAL_FORM.search(l.text) for l in block))
            # A letter signed without a closing phrase ("Ludwigsburg, 02.12.2026" / "Thomas Vogt,
            # Geschäftsführer"): the page's last block after the body, carrying a register or tax line.
            foot = foot or (block is blocks[-1] and closing is None and greeting is not None
                            and block[0].rel_top > greeting and len(blocks) > 2
                            and any(REGISTER_WORD.search(l.text) for l in block
                                    if "geschäftsführ" not in l.text.lower()))
            # Below the letterhead of an office that writes for others, a last block with its telephone or bank (a short
            # note signed without a closing phrase: "Hellwig" / "Tel. 0561 ... | Sparkasse ... DE72 ...").
            foot = foot or (office and block is blocks[-1] and len(blocks) > 2 and closing is None
                            and any(_CONTACT.search(l.text) for l in block))
            headed = headed or head  # an organisation's letter: its "Bankverbindung:" below the closing is its own
            office = office or head and _is_professional(block)  # (not a firm's address the letter is sent to)
            if head or foot:
                out.update(id(l) for l in block)
            elif closing is not None and block[0].rel_top <= closing:
                # the closing, the signature and a register line in one block: the register line is the firm's
                out.update(id(l) for l in block if l.rel_top > closing and REGISTER_WORD.search(l.text))
    return out


def _is_professional(block: list[Line]) -> bool:
    return any(PROFESSION.search(_REGISTER.sub(" ", _REGISTER.sub(" ", l.text))) for l in block)


def letterhead_lines(lines: list[Line]) -> tuple[set[int], set[int]]:
    """(foreign, own) line ids of letterheads and footers.

    A firm that writes about its own contracts (``parties.writes_for_own_business``) is the
    customer: its commercial letterhead and footer are its own (``own``). Lawyers, authorities,
    courts, guardians and the like stay foreign whatever they write.
    """
    blocks = foreign_sender_lines(lines)
    if not blocks or not (writes_for_own_business(lines) or _signed_by_owner(lines, blocks)):
        return blocks, set()
    own: set[int] = set()
    for block in _blocks_of(lines, blocks):
        if not _is_professional(block):
            own.update(id(l) for l in block)
    return blocks - own, own


_OWNER = re.compile(r"\b(?:Inh\.|Inhaber(?:in)?:?|Owner:?)\s+((?:[A-ZÄÖÜ][\w.-]+\s+){0,2}[A-ZÄÖÜ][\w-]+)")


def _signed_by_owner(lines: list[Line], blocks: set[int]) -> bool:
    """A sole trader's paper ("Inh. Britta Jansen") used by its owner, who signs the letter herself.

    The owner is a person and the customer: her trade's letterhead carries her own numbers.
    """
    owners = {m.group(1) for line in lines if id(line) in blocks for m in _OWNER.finditer(line.text)}
    closing = [line.text.strip() for line in lines[-4:] if id(line) not in blocks]
    text = "\n".join(line.text for line in lines)
    return any(owner in closing for owner in owners) and not ON_BEHALF.search(text)


def _blocks_of(lines: list[Line], ids: set[int]) -> list[list[Line]]:
    """The runs of consecutive lines whose ids are in ``ids``."""
    out: list[list[Line]] = []
    previous = False
    for line in lines:
        inside = id(line) in ids
        if inside and previous:
            out[-1].append(line)
        elif inside:
            out.append([line])
        previous = inside
    return out


def sender_block(lines: list[Line]) -> set[int]:
    """``id``s of the first page's lines above the salutation that are not the letter's reference
    lines (customer number, phone concerned, subject): the writer's name, address and telephone."""
    first = [line for line in lines if line.page_index == lines[0].page_index] if lines else []
    out: set[int] = set()
    continued = False  # a subject line broken after a comma: its next line is still the subject
    for line in first:
        if SALUTATION.search(line.text):
            return out
        if not REFERENCE.search(line.text) and not continued:
            out.add(id(line))
        # (after OCR the comma may be lost: a subject line ending in its customer number goes on too)
        continued = (bool(REFERENCE.search(line.text)) or continued) and bool(re.search(r"[,/\d]$", line.text.rstrip()))
    return set()  # no salutation: nothing tells the letterhead from the letter


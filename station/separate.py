"""Pages -> documents: where one letter ends and the next begins.

Rules, any combination (``SeparationRules``): the station's own separator sheets (a Code 128
barcode the station prints, ``station separator-sheet``), any barcode matching a configurable
pattern (its value becomes the document's ``barcode`` field), blank separator sheets, a fixed
number of pages per document, and one document per file (faxes, imports). A stack in which none
of them finds a boundary is split where a page reads as a letter's first page. Separator pages leave
the document but stay in the batch record; blank backs leave the document but stay too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import zxingcpp

SEPARATOR_VALUE = "SCANSTATION-TRENNBLATT"
SEPARATOR_KINDS = ("separator_sheet", "blank_separator")


@dataclass
class SeparationRules:
    separator_sheets: bool = True
    barcode_pattern: str = ""  # regex (full match); a matching page starts a document
    barcode_page_is_separator: bool = False  # drop the barcode page instead of keeping it as page 1
    blank_separators: bool = False  # a sheet with nothing on it separates documents
    pages_per_document: int = 0  # 0: no fixed count
    one_per_file: bool = False

    @classmethod
    def from_dict(cls, data: dict | None) -> SeparationRules:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass(frozen=True)
class Barcode:
    format: str
    text: str


@dataclass
class PageInfo:
    """What separation needs to know about one page of the batch, in batch order."""

    index: int
    blank: bool = False
    sheet: int | None = None
    side: str = "front"
    barcodes: list[Barcode] = field(default_factory=list)
    source_file: str | None = None
    starts_letter: bool = False  # the page reads as a letter's first page (``page_starts_letter``)
    envelope: bool = False  # a registered letter's envelope/label (it carries a tracking number): it opens the letter


@dataclass
class SeparatedDocument:
    pages: list[int]  # page indices, in order
    fields: dict[str, str] = field(default_factory=dict)
    source_file: str | None = None


@dataclass
class Separation:
    documents: list[SeparatedDocument]
    separators: dict[int, str]  # page index -> kind (dropped from documents, kept in the batch)
    dropped_blank: list[int]  # blank backs / blank pages not used as separators


def read_barcodes(image: np.ndarray) -> list[Barcode]:
    """Every barcode on a page (any orientation). Pages are halved first: separator and index
    barcodes are large, and a 300 dpi page reads four times faster at half size."""
    small = image[::2, ::2] if min(image.shape[:2]) > 1600 else image
    found = zxingcpp.read_barcodes(np.ascontiguousarray(small), try_invert=False)
    return [Barcode(str(b.format), b.text) for b in found if b.valid]


_SALUTATION = re.compile(r"^\s*(sehr geehrte[rs]?|guten tag|hallo|liebe[rs]?)\b", re.IGNORECASE | re.MULTILINE)
_SUBJECT = re.compile(r"^\s*(betreff|betr\.)\s*:", re.IGNORECASE | re.MULTILINE)
_PAGE_NO = re.compile(r"\bseite\s+(\d{1,2})\b(?!\s*\()", re.IGNORECASE)


def page_starts_letter(text: str) -> bool:
    """Whether a page's text reads like the first page of a letter: it opens with a salutation or
    a subject line and does not say it is page 2 or later. The fallback for stacks without
    separator sheets; the form of a German business letter, not any particular sender."""
    numbers = [int(n) for n in _PAGE_NO.findall(text)]
    if any(n >= 2 for n in numbers) and 1 not in numbers:
        return False
    return bool(_SALUTATION.search(text) or _SUBJECT.search(text) or 1 in numbers)


def _has_boundaries(pages: list[PageInfo], rules: SeparationRules, separators: dict[int, str],
                    pattern: re.Pattern | None) -> bool:
    """Whether the configured rules find any boundary in this batch at all."""
    if separators or rules.pages_per_document or rules.one_per_file:  # a file is one document
        return True
    return bool(pattern and any(pattern.fullmatch(b.text) for p in pages for b in p.barcodes))


def _separator_pages(pages: list[PageInfo], rules: SeparationRules, pattern: re.Pattern | None) -> dict[int, str]:
    kinds: dict[int, str] = {}
    for page in pages:
        texts = [b.text for b in page.barcodes]
        if rules.separator_sheets and SEPARATOR_VALUE in texts:
            kinds[page.index] = "separator_sheet"
        elif pattern and rules.barcode_page_is_separator and any(pattern.fullmatch(t) for t in texts):
            kinds[page.index] = "barcode_sheet"
    # The other side of a separator sheet belongs to the sheet, not to the next letter.
    sheets = {p.sheet for p in pages if p.index in kinds and p.sheet is not None}
    for page in pages:
        if page.sheet in sheets and page.index not in kinds:
            kinds[page.index] = kinds[next(p.index for p in pages if p.sheet == page.sheet and p.index in kinds)]
    if rules.blank_separators:
        by_sheet: dict[object, list[PageInfo]] = {}
        for page in pages:
            by_sheet.setdefault(page.sheet if page.sheet is not None else ("page", page.index), []).append(page)
        for sheet_pages in by_sheet.values():
            if all(p.blank for p in sheet_pages):
                for p in sheet_pages:
                    kinds.setdefault(p.index, "blank_separator")
    return kinds


def separate(pages: list[PageInfo], rules: SeparationRules | None = None) -> Separation:
    """Split the batch's pages (in order) into documents by the rules."""
    rules = rules or SeparationRules()
    pattern = re.compile(rules.barcode_pattern) if rules.barcode_pattern else None
    separators = _separator_pages(pages, rules, pattern)
    # A stack that carries none of the marks the rules look for is not one long letter: each page
    # that reads as a letter's first page starts a document (a page without text never does).
    by_first_page = not _has_boundaries(pages, rules, separators, pattern)
    envelopes = {p.index for p in pages if p.envelope}
    documents: list[SeparatedDocument] = []
    dropped: list[int] = []
    current: SeparatedDocument | None = None
    boundary = True  # the next content page starts a document

    def start(page: PageInfo) -> SeparatedDocument:
        doc = SeparatedDocument(pages=[], source_file=page.source_file)
        documents.append(doc)
        return doc

    last_file: str | None = None
    for page in pages:
        if rules.one_per_file and page.source_file != last_file:
            boundary = True
        last_file = page.source_file
        if page.index in separators:
            boundary = True
            matched = [b.text for b in page.barcodes if pattern and pattern.fullmatch(b.text)]
            if matched:  # a dropped barcode sheet still names the document that follows
                current = start(page)
                current.fields["barcode"] = matched[0]
                boundary = False
            continue
        matched = [b.text for b in page.barcodes if pattern and pattern.fullmatch(b.text)]
        if matched:
            boundary = True
        if page.blank:
            dropped.append(page.index)
            continue
        if current is not None and rules.pages_per_document and len(current.pages) >= rules.pages_per_document:
            boundary = True
        # In a stack of registered letters the envelope opens each letter; the letter's first page
        # that follows it belongs with it.
        after_envelope = current is not None and bool(current.pages) and all(i in envelopes for i in current.pages)
        if by_first_page and current is not None and current.pages and (
                page.envelope or (page.starts_letter and not after_envelope)):
            boundary = True
        if boundary or current is None:
            if not (current is not None and not current.pages and not matched):
                current = start(page)
            boundary = False
        if matched:
            current.fields.setdefault("barcode", matched[0])
        current.pages.append(page.index)
    documents = [d for d in documents if d.pages]
    return Separation(documents=documents, separators=separators, dropped_blank=dropped)


def separator_sheet_pdf(out: Path, copies: int = 1) -> Path:
    """Print-ready A4 separator sheets: the barcode on both sides (duplex-safe), twice per side
    (one rotated), with a German caption for the people handling the stacks."""
    from reportlab.graphics.barcode import code128
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(out), pagesize=A4)
    pdf.setTitle("Trennblatt")
    width, height = A4
    for _ in range(copies * 2):
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawCentredString(width / 2, height - 50 * mm, "TRENNBLATT")
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(width / 2, height - 62 * mm, "Neues Dokument beginnt nach diesem Blatt. Bitte wiederverwenden.")
        code = code128.Code128(SEPARATOR_VALUE, barHeight=30 * mm, barWidth=0.6 * mm, quiet=True)
        code.drawOn(pdf, (width - code.width) / 2, height / 2 - 15 * mm)
        pdf.saveState()
        pdf.translate(width / 2, 45 * mm)
        pdf.rotate(180)
        code.drawOn(pdf, -code.width / 2, -15 * mm)
        pdf.restoreState()
        pdf.showPage()
    pdf.save()
    return out


def separator_sheet_images(dpi: int = 300) -> list[np.ndarray]:
    """Both sides of the printed separator sheet as a scanner sees them (grey, ``dpi``): stacks for
    the virtual scanner, tests and benchmarks use the very sheet the mailroom prints."""
    import tempfile

    import pypdfium2

    with tempfile.TemporaryDirectory() as tmp:
        pdf = pypdfium2.PdfDocument(str(separator_sheet_pdf(Path(tmp) / "sheet.pdf")))
        try:
            return [np.array(pdf[i].render(scale=dpi / 72).to_pil().convert("L")) for i in range(2)]
        finally:
            pdf.close()

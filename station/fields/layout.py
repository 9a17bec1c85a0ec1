"""Lines of text rebuilt from OCR words, with each character traceable to its word box.

Field finders work on plain line strings (regular expressions, phonenumbers' matcher), and the
GUI wants to know *where* a field was found. A ``Line`` keeps both: its text and, for every word
in it, the character span and the pixel box. Text-only input (no boxes) yields lines without
boxes, so the same finders serve OCR results and plain text alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import median
from typing import Iterable, cast

from station.model import DOUBTFUL_WORD_CONF, Box, PageResult, Word

#: A gap between words wider than this many word heights is a column gap (a tab stop in a reference
#: row or a table), not a blank: word spaces measure 0.4-0.6, stretched justified text stays near 1.
COLUMN_GAP_EM = 1.8


@dataclass(frozen=True)
class FieldHit:
    """Where a field value was found: page and pixel box in the cleaned page, for highlighting."""

    name: str
    value: str
    page_index: int
    box: Box | None


@dataclass
class Line:
    page_index: int
    number: int  # line number on its page, top to bottom
    text: str
    spans: list[tuple[int, int, Box]] = field(default_factory=list)  # (start, end, box) per word
    rel_top: float = 0.0  # top of the line as a fraction of page height (0 = top edge)
    doubtful: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of words OCR was unsure of

    def is_doubtful(self, start: int, end: int) -> bool:
        """Part of ``text[start:end]`` was read with low OCR confidence (never for text without boxes)."""
        return any(s < end and e > start for s, e in self.doubtful)

    def box_for(self, start: int, end: int) -> Box | None:
        """The union of the boxes of the words overlapping ``text[start:end]``."""
        boxes = [b for s, e, b in self.spans if s < end and e > start]
        if not boxes:
            return None
        x0 = min(b.x for b in boxes)
        y0 = min(b.y for b in boxes)
        x1 = max(b.x + b.width for b in boxes)
        y1 = max(b.y + b.height for b in boxes)
        return Box(x0, y0, x1 - x0, y1 - y0)


def _centre(w: Word) -> float:
    return w.top + w.height / 2


def _group_rows(words: list[Word]) -> list[list[Word]]:
    """Group words into rows, following each line from left to right.

    A word joins the row whose rightmost word so far lies to its left at about the same height
    (within half the page's usual word height), so a line that drifts down a little across a
    page deskewing left slanted stays one row, and a tall box (a bracket, a smudge) cannot pull the
    next line into it. Rows come out top to bottom by the height at which they start.
    """
    if not words:
        return []
    tolerance = 0.5 * median(w.height for w in words)
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.left, _centre(w))):
        best, distance = None, tolerance
        for row in rows:
            last = row[-1]
            gap = abs(_centre(w) - _centre(last))
            if last.left < w.left and gap <= distance:
                best, distance = row, gap
        if best is None:
            rows.append([w])
        else:
            best.append(w)
    rows.sort(key=lambda r: _centre(r[0]))
    return rows


def lines_from_words(words: list[Word], page_index: int, page_height: int = 0) -> list[Line]:
    out: list[Line] = []
    height = page_height or max((w.top + w.height for w in words), default=1)
    for number, row in enumerate(_group_rows([w for w in words if w.text.strip()])):
        text, spans = "", cast(list[tuple[int, int, Box]], [])
        doubtful: list[tuple[int, int]] = []
        # The row's type size: a hyphen or a dot is a flat word box, and measured by its own
        # height the ordinary space around it ("0441 - 92 03 85") would look like a column gap.
        em = max(median(w.height for w in row), 1)
        for w in row:
            if text:
                # A wide gap between words (table columns) becomes a tab, so finders do not
                # glue numbers from different columns together.
                prev = spans[-1][2]
                gap = w.left - (prev.x + prev.width)
                text += "\t" if gap > COLUMN_GAP_EM * em else " "
            start = len(text)
            text += w.text
            spans.append((start, len(text), Box(w.left, w.top, w.width, w.height)))
            if w.conf < DOUBTFUL_WORD_CONF:
                doubtful.append((start, len(text)))
        out.append(Line(page_index, number, text, spans, row[0].top / max(height, 1), doubtful))
    return out


def lines_from_text(text: str, page_index: int = 0) -> list[Line]:
    """Lines of plain text; a form feed starts a new page (``document_text`` joins pages with one)."""
    out: list[Line] = []
    for offset, page in enumerate(text.split("\f")):
        raw = page.splitlines()
        n = max(len(raw), 1)
        out += [Line(page_index + offset, i, t, [], i / max(n - 1, 1)) for i, t in enumerate(raw) if t.strip()]
    return out


def starts_paragraph(lines: list[Line], k: int) -> bool:
    """``lines[k]`` opens a new paragraph: a blank line above it (typed text), or a gap above it wider
    than one and a half times the page's usual line pitch (its lower quartile: OCR numbers lines without gaps)."""
    if k == 0 or lines[k].page_index != lines[k - 1].page_index:
        return True
    if lines[k].number > lines[k - 1].number + 1:
        return True
    if not lines[k].spans:
        return False
    page = [line.rel_top for line in lines if line.page_index == lines[k].page_index]
    pitches = sorted(b - a for a, b in zip(page, page[1:]) if b > a)
    return bool(pitches) and lines[k].rel_top - lines[k - 1].rel_top > 1.5 * pitches[len(pitches) // 4]


def page_lines(page: PageResult) -> list[Line]:
    """Lines of one page: from word boxes when OCR gave them, else from its text."""
    if page.words:
        return lines_from_words(page.words, page.index, page.height)
    return lines_from_text(page.text, page.index)


def document_lines(pages: Iterable[PageResult]) -> list[Line]:
    return [line for page in pages if not page.blank for line in page_lines(page)]


def without_fill_in_rules(lines: list[Line]) -> list[Line]:
    """Lines with the underscores of form fill-in rules read as spaces ("Kundennummer: ___6709211939___").

    An underscore is a word character to the finders, so a value glued to a rule has no word
    boundary and would not be found. Each underscore becomes one space, so character positions
    (and with them the word boxes) stay as they were; lines that were only a rule are dropped.
    """
    out = []
    for line in lines:
        if "_" not in line.text:
            out.append(line)
        elif (text := line.text.replace("_", " ")).strip():
            out.append(replace(line, text=text))
    return out

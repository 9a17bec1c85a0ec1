"""Reference rows: the label of a value is the column heading above it, not the words before it.

Business letters and forms print their references as a row of headings over a row of values::

    Ihr Zeichen      Kundennummer     Rechnung Nr.      Datum
    PR/11-26         9206853559       4410 287 553      03.12.2026

Read line by line, "9206853559" has no label before it and "4410 287 553" looks just like it; only
the column says which is which. Columns are cells between column gaps (a tab from OCR, or two or
more blanks in typed text); a value belongs to the heading it overlaps most, measured in pixels
where the words have boxes and in characters where the text was typed.
"""

from __future__ import annotations

import re

from station.fields.layout import Line

_GAP = re.compile(r"\t+| {2,}")
#: A heading row holds words, not values: few digits ("Rechnung Nr. 2" is still a heading, a row
#: of numbers is not).
MAX_HEADING_DIGITS = 2


def cells(text: str, separator: re.Pattern[str] = _GAP, start: int = 0, end: int | None = None
          ) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell of ``text[start:end]``, blanks around it left out; cells are
    separated by ``separator`` (column gaps unless told otherwise: a form's box rules)."""
    end = len(text) if end is None else end
    out, pos = [], start
    for stop, after in [(m.start(), m.end()) for m in separator.finditer(text, start, end)] + [(end, end)]:
        chunk = text[pos:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + len(chunk.rstrip())))
        pos = after
    return out


def _extent(line: Line, start: int, end: int) -> tuple[float, float]:
    """Horizontal extent of ``text[start:end]``: pixels when the line has word boxes, else characters."""
    if line.spans:
        box = line.box_for(start, end)
        if box is not None:
            return float(box.x), float(box.x + box.width)
    return float(start), float(end)


#: A date in a heading ("neu ab 01.01.2027", "bisher (wird zum 31.12. aufgelöst)") is words, not a value.
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})?")


def _is_heading_row(line: Line) -> bool:
    parts = cells(line.text)
    return len(parts) >= 2 and all(sum(c.isdigit() for c in _DATE.sub("", line.text[s:e])) <= MAX_HEADING_DIGITS
                                   for s, e in parts)


def opens_its_cell(text: str, start: int) -> bool:
    """Nothing but blanks between the last column gap (or the line's start) and ``start``."""
    lead = text[:start]
    gaps = list(_GAP.finditer(lead))
    return not lead[gaps[-1].end() if gaps else 0:].strip()


#: How many rows a table's heading may stand above a value ("Bisheriger Inhaber | Neuer Inhaber"
#: over name, address, telephone and bank rows).
TABLE_ROWS = 8


def _heading_row(lines: list[Line], i: int, reach: int) -> Line | None:
    """The topmost row of headings among the rows of columns right above ``lines[i]`` (``reach`` rows at most)."""
    found = None
    for j in range(i - 1, max(i - 1 - reach, -1), -1):
        if lines[j].page_index != lines[i].page_index or len(cells(lines[j].text)) < 2:
            break
        if _is_heading_row(lines[j]):
            found = lines[j]
    return found


def column_heading(lines: list[Line], i: int, start: int, end: int, table: bool = False) -> str | None:
    """The heading printed above the value ``lines[i].text[start:end]``, when the line above (or,
    with ``table``, the first row of the table the value stands in) is a row of headings, this line
    a row of values, and the value opens its cell; else None."""
    line = lines[i]
    if i == 0 or len(cells(line.text)) < 2 or not opens_its_cell(line.text, start):
        return None
    above = _heading_row(lines, i, TABLE_ROWS if table else 1)
    if above is None or bool(line.spans) != bool(above.spans):
        return None
    x0, x1 = _extent(line, start, end)
    best, overlap = None, 0.0
    for s, e in cells(above.text):
        h0, h1 = _extent(above, s, e)
        if (o := min(x1, h1) - max(x0, h0)) > overlap:
            best, overlap = above.text[s:e], o
    return best

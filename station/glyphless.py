"""A glyphless TrueType font for the invisible OCR text layer of exported PDFs.

The text layer is never drawn (render mode 3): it only has to be searchable and copyable. A real
font subset (DejaVu) costs ~19 KB per page, more than the G4 image of a black-and-white letter; a
font whose every character is one empty glyph costs a few hundred bytes and extracts the same text
(the PDF keeps the characters, reportlab writes their ToUnicode map). Tesseract and ocrmypdf use the
same idea ("GlyphLessFont"). Built once per process with fontTools.
"""

from __future__ import annotations

import io
from functools import lru_cache

ADVANCE = 500  # every character is half an em wide; the exporter stretches each word to its box
# Latin-1, Latin Extended-A/B, general punctuation, currency, letterlike symbols: what German mail holds.
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2010, 0x205E), (0x20A0, 0x20BF), (0x2100, 0x214F))


@lru_cache(maxsize=1)
def glyphless_ttf() -> bytes:
    """The font file: .notdef plus one empty glyph that every supported code point maps to."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    names = [".notdef", "blank"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: "blank" for lo, hi in RANGES for cp in range(lo, hi + 1)})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (ADVANCE, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()

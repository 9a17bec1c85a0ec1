"""Evaluation pages print a letter's columns as the writer laid them out.

A writer who types a reference row or a table with runs of blanks means columns; a word processor
puts them at tab stops. The evaluation printer keeps them, so a page read back by OCR faces the
same layout a real letter has, and the finders must keep the columns apart.
"""

from __future__ import annotations

import pytest

from station.classify.evaluate import EVAL_SETTINGS
from station.classify.reading import read_document
from station.classify.render_eval import PageSpec, _wrap, available_typefaces, font_file, render_page
from station.fields import extract_fields

pytestmark = pytest.mark.skipif("arial-metric" not in available_typefaces(), reason="office typefaces missing")

ROW = ("Ihr Zeichen     Unser Zeichen    Kunden-Nr.      Datum\n"
       "VT-88412/SB     bo/kl 2611       1026 5841 26    04.12.2026")


def _font():
    from PIL import ImageFont
    return ImageFont.truetype(font_file("Liberation Sans"), 46)


def test_a_reference_row_keeps_its_columns():
    header, values = _wrap(ROW, _font(), 1900)
    assert [part for _, part in header] == ["Ihr Zeichen", "Unser Zeichen", "Kunden-Nr.", "Datum"]
    assert [part for _, part in values] == ["VT-88412/SB", "bo/kl 2611", "1026 5841 26", "04.12.2026"]
    # a column starts at the same place in both rows, well apart from the column before it
    assert header[2][0] == values[2][0]
    assert values[2][0] - (values[1][0] + _font().getlength("bo/kl 2611")) >= 2 * _font().getlength(" ")


def test_a_row_too_wide_for_its_tab_stops_keeps_its_columns_apart_and_wraps_at_a_column():
    row = "Aktenzeichen 4711/26-B     Kundennummer 1026 5841 26     Rufnummer 0171 2345678     Datum 04.12.2026"
    lines = _wrap(row, _font(), 1900)
    assert len(lines) == 2 and [part for line in lines for _, part in line] == [
        "Aktenzeichen 4711/26-B", "Kundennummer 1026 5841 26", "Rufnummer 0171 2345678", "Datum 04.12.2026"]
    font = _font()
    for line in lines:  # a continuation starts at the margin; its parts stay a column gap (two ems) apart
        assert line[0][0] == 0.0
        assert all(x - (before + font.getlength(part)) >= 2 * font.size
                   for (before, part), (x, _) in zip(line, line[1:]))
        assert line[-1][0] + font.getlength(line[-1][1]) <= 1900


def test_running_text_is_still_wrapped_at_the_page_width():
    lines = _wrap("wort " * 200, _font(), 1900)
    assert len(lines) > 5 and all(len(line) == 1 and line[0][0] == 0.0 for line in lines)


def test_a_customer_number_in_a_printed_reference_row_is_read(tmp_path):
    text = f"Erika Muster\nHauptstr. 1\n10115 Berlin\n\n{ROW}\n\nSehr geehrte Damen und Herren,\n" \
           "hiermit kündige ich meinen Vertrag zum nächstmöglichen Termin.\n\nMit freundlichen Grüßen\nErika Muster"
    path = render_page(text, PageSpec("arial-metric", "scan-grey", 0, seed=7), tmp_path / "row")
    fields, _ = extract_fields(read_document(path, EVAL_SETTINGS), EVAL_SETTINGS)
    assert fields.customer_number == "1026584126"

"""A batch splits into documents at separator sheets, matching barcodes, blank sheets, page counts
or file boundaries; dropped pages stay in the batch record."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp

from station.separate import (
    SEPARATOR_VALUE,
    Barcode,
    PageInfo,
    SeparationRules,
    read_barcodes,
    separate,
    separator_sheet_pdf,
)
from station.synth.render import render_text_page

SEP = [Barcode("Code 128", SEPARATOR_VALUE)]


def pages(*specs):
    """``"x"`` content, ``"b"`` blank, ``"S"`` separator, anything else: a barcode with that text."""
    out = []
    for i, spec in enumerate(specs):
        if spec == "x":
            out.append(PageInfo(i))
        elif spec == "b":
            out.append(PageInfo(i, blank=True))
        elif spec == "S":
            out.append(PageInfo(i, barcodes=SEP))
        else:
            out.append(PageInfo(i, barcodes=[Barcode("Code 128", spec)]))
    return out


def barcode_image(text: str) -> np.ndarray:
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    bars = np.array(zxingcpp.write_barcode_to_image(symbol, scale=4))
    return np.repeat(bars[:1], 150, axis=0) if bars.shape[0] < 20 else bars


def groups(result):
    return [d.pages for d in result.documents]


def test_separator_sheets_split_and_are_kept_aside():
    result = separate(pages("x", "x", "S", "x", "S", "x", "x"))
    assert groups(result) == [[0, 1], [3], [5, 6]]
    assert result.separators == {2: "separator_sheet", 4: "separator_sheet"}


def test_the_back_of_a_separator_sheet_is_part_of_the_sheet():
    batch = [PageInfo(0, sheet=0), PageInfo(1, sheet=0, side="back", blank=True),
             PageInfo(2, sheet=1, barcodes=SEP), PageInfo(3, sheet=1, side="back"),
             PageInfo(4, sheet=2), PageInfo(5, sheet=2, side="back", blank=True)]
    result = separate(batch)
    assert groups(result) == [[0], [4]]
    assert set(result.separators) == {2, 3}
    assert result.dropped_blank == [1, 5]


def test_a_matching_barcode_starts_a_document_and_becomes_its_field():
    rules = SeparationRules(barcode_pattern=r"KD\d{6}")
    result = separate(pages("x", "KD123456", "x", "XYZ", "KD654321"), rules)
    assert groups(result) == [[0], [1, 2, 3], [4]]
    assert [d.fields.get("barcode") for d in result.documents] == [None, "KD123456", "KD654321"]


def test_a_barcode_sheet_can_be_a_separator_that_names_the_next_document():
    rules = SeparationRules(barcode_pattern=r"KD\d{6}", barcode_page_is_separator=True)
    result = separate(pages("KD000001", "x", "x", "KD000002", "x"), rules)
    assert groups(result) == [[1, 2], [4]]
    assert [d.fields["barcode"] for d in result.documents] == ["KD000001", "KD000002"]
    assert result.separators == {0: "barcode_sheet", 3: "barcode_sheet"}


def test_blank_backs_are_dropped_but_blank_sheets_only_separate_when_asked():
    assert groups(separate(pages("x", "b", "x"))) == [[0, 2]]
    result = separate(pages("x", "b", "x"), SeparationRules(blank_separators=True))
    assert groups(result) == [[0], [2]] and result.separators == {1: "blank_separator"}


def test_fixed_page_counts_restart_after_each_separator():
    result = separate(pages("x", "x", "x", "x", "x", "S", "x", "x", "x"), SeparationRules(pages_per_document=2))
    assert groups(result) == [[0, 1], [2, 3], [4], [6, 7], [8]]


def test_one_document_per_file():
    batch = [PageInfo(0, source_file="a.tif"), PageInfo(1, source_file="a.tif"), PageInfo(2, source_file="b.tif")]
    result = separate(batch, SeparationRules(one_per_file=True))
    assert groups(result) == [[0, 1], [2]]
    assert [d.source_file for d in result.documents] == ["a.tif", "b.tif"]


def test_a_batch_of_only_separators_has_no_documents():
    assert separate(pages("S", "b")).documents == []


def test_the_printed_separator_sheet_reads_back_on_both_sides(tmp_path):
    pdf = separator_sheet_pdf(tmp_path / "sheet.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    assert len(doc) == 2
    for page in doc:
        image = np.array(page.render(scale=200 / 72).to_pil().convert("L"))
        upside_down = np.ascontiguousarray(image[::-1, ::-1])
        assert SEPARATOR_VALUE in [b.text for b in read_barcodes(image)]
        assert SEPARATOR_VALUE in [b.text for b in read_barcodes(upside_down)]


def test_a_separator_sheet_skips_the_orientation_search_and_a_letter_still_gets_it(monkeypatch):
    """A printed separator sheet has a few lines of text, too few for the fast orientation
    measure, so it went to Tesseract's OSD (most of a second a sheet) only to be dropped. Its
    barcode is read at any angle first, and the search is skipped; an upside-down letter is
    still turned upright."""
    from station.imaging import orient
    from station.pipeline import PageContext, process_page
    from station.separate import separator_sheet_images
    from station.synth.pages import make_page

    asked: list[int] = []
    real = orient.detect_orientation
    monkeypatch.setattr(orient, "detect_orientation", lambda *a, **k: asked.append(1) or real(*a, **k))
    front = separator_sheet_images(200)[0]
    ctx = PageContext(dpi=200, ocr=True, barcodes=True)
    for sheet in (front, np.ascontiguousarray(front[::-1, ::-1])):
        result = process_page(sheet, ctx)
        assert SEPARATOR_VALUE in [b["text"] for b in result.barcodes] and result.text == ""
    assert asked == []
    letter, truth = make_page(5, dpi=200, rotation=180)
    result = process_page(np.asarray(letter), PageContext(dpi=200, ocr=False, barcodes=True))
    assert asked == [1] and result.rotation == 180 == truth.rotation and result.barcodes == []


@pytest.mark.parametrize("turn", [0, 1])
def test_a_barcode_printed_on_a_letter_is_read_in_any_orientation(turn):
    page = np.array(render_text_page("Ihre Kundennummer steht im Barcode.\n" * 5))
    code = barcode_image("KD123456")
    page[1500:1500 + code.shape[0], 800:800 + code.shape[1]] = code
    page = np.ascontiguousarray(np.rot90(page, turn))
    assert [b.text for b in read_barcodes(page)] == ["KD123456"]
    assert read_barcodes(np.array(render_text_page("Kein Barcode hier.\n" * 30))) == []

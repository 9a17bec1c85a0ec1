"""Crop, deskew and orientation on generated pages whose truth is known."""

from __future__ import annotations

import numpy as np
import pytest

from station.imaging import crop, deskew, orient
from station.pipeline import PageContext, clean_page
from station.synth.pages import make_page

DPI = 200  # the image stages decide at 75-150 dpi; 200 dpi pages keep the tests quick


@pytest.mark.parametrize("skew", [-15.0, -11.3, -7.0, -2.6, -0.4, 0.0, 0.7, 3.3, 8.8, 12.1, 15.0])
def test_skew_is_measured_within_a_third_of_a_degree(skew):
    image, truth = make_page(int(abs(skew) * 10), dpi=DPI, skew=skew, noise=100)
    assert abs(deskew.measure_skew(np.asarray(image), DPI) - truth.skew) <= 0.3


def test_every_test_page_is_straightened_cropped_and_turned_upright(oriented_pages, box_iou):
    ctx = PageContext(dpi=DPI, ocr=False, thumb=False)
    for image, truth in oriented_pages:
        result = clean_page(image, ctx).result
        where = f"{truth.kind} rot={truth.rotation} skew={truth.skew}"
        assert abs(result.skew - truth.skew) <= 0.3, where
        assert box_iou(result.crop_box, truth.crop_box) >= 0.98, where
        assert result.rotation == truth.rotation, where
        assert not result.blank, where


@pytest.mark.parametrize("background", ["dark", "light"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paper_is_found_on_scanner_background(background, seed, box_iou):
    image, truth = make_page(seed, kind="sparse" if seed == 2 else "letter", dpi=DPI, background=background, noise=200)
    paper = crop.find_paper(np.asarray(image), DPI)
    assert box_iou(paper.box, truth.crop_box) >= 0.98


def test_pages_that_fill_the_frame_are_left_alone():
    for seed, kind in ((4, "letter"), (5, "sparse"), (6, "blank"), (7, "stamp")):
        image, _ = make_page(seed, kind=kind, dpi=DPI, noise=300)
        assert crop.find_paper(np.asarray(image), DPI).box is None, kind


def test_straightened_sheet_has_no_background_corners_left():
    image, truth = make_page(8, dpi=DPI, skew=-12.0, background="dark")
    cleaned = clean_page(np.asarray(image), PageContext(dpi=DPI, ocr=False)).image
    side = round(5 / 25.4 * DPI)  # 5 mm corner patches: paper, not lid
    for patch in (cleaned[:side, :side], cleaned[:side, -side:], cleaned[-side:, :side], cleaned[-side:, -side:]):
        assert patch.mean() > 240


def test_fallbacks_agree_when_the_fast_measure_is_unsure(monkeypatch):
    """Force the Tesseract paths (OSD, then OCR comparison) on sparse pages that are upside down."""
    monkeypatch.setattr(orient, "SURE", 1.01)
    for seed, rotation in ((21, 180), (22, 90)):
        image, truth = make_page(seed, kind="sparse", dpi=DPI, rotation=rotation)
        found = orient.detect_orientation(np.asarray(image), DPI)
        assert found.method in ("osd", "ocr") and found.rotation == truth.rotation
    image, truth = make_page(23, kind="sparse", dpi=DPI, rotation=270)
    ocr_vote = orient._by_ocr(np.asarray(image), DPI, (90, 270), "deu")
    assert ocr_vote.rotation == 270 and ocr_vote.method == "ocr"


def test_a_black_and_white_scan_stays_black_and_white_when_straightened():
    """Lineart pages are stored as G4 and read by Tesseract as 1-bit images; a deskew must not
    leave grey edges that would make them grey pages (four times the bytes, slower OCR)."""
    from station.imaging.convert import is_bilevel

    image, _ = make_page(31, dpi=DPI, skew=3.0)
    lineart = np.where(np.asarray(image) < 128, 0, 255).astype(np.uint8)
    assert is_bilevel(lineart)
    cleaned = clean_page(lineart, PageContext(dpi=DPI, ocr=False))
    assert abs(cleaned.result.skew) > 1.0 and is_bilevel(cleaned.image)
    grey = clean_page(np.asarray(image), PageContext(dpi=DPI, ocr=False)).image
    assert not is_bilevel(grey)  # grey scans keep their grey

"""Blank duplex backs are dropped; a page with a short note or one stamp never is."""

from __future__ import annotations

import numpy as np

from station.imaging import blank
from station.synth.pages import make_page

DPI = 200  # the image stages decide at 75-150 dpi; 200 dpi pages keep the tests quick


def _test_set():
    pages = []
    for seed in range(6):
        pages.append(make_page(100 + seed, kind="blank", dpi=DPI, noise=200 + 100 * seed,
                               background="dark" if seed == 5 else None))
    for seed in range(4):
        pages.append(make_page(200 + seed, kind="handwritten", dpi=DPI, noise=300))
        pages.append(make_page(300 + seed, kind="stamp", dpi=DPI, noise=300))
    pages.append(make_page(400, kind="sparse", dpi=DPI, noise=300))
    return pages


def test_blank_precision_and_recall_are_perfect():
    from station.imaging import crop

    truth, said = [], []
    for image, t in _test_set():
        gray = np.asarray(image)
        gray = crop.apply_crop(gray, crop.find_paper(gray, DPI).box)
        said.append(blank.is_blank(blank.ink_fraction(gray, DPI), 0.5))
        truth.append(t.blank)
    hits = sum(s and t for s, t in zip(said, truth))
    assert hits == sum(said), "a page with content was called blank"  # precision 1.0
    assert hits == sum(truth), "a blank back was kept"  # recall 1.0


def test_a_white_page_has_no_ink_and_sensitivity_orders_decisions():
    white = np.full((2339, 1654), 255, np.uint8)
    assert blank.ink_fraction(white, DPI) == 0.0
    assert blank.is_blank(0.0, 0.0)
    note, _ = make_page(5, kind="handwritten", dpi=DPI)
    fraction = blank.ink_fraction(np.asarray(note), DPI)
    assert fraction > 0
    decisions = [blank.is_blank(fraction, s / 10) for s in range(11)]
    assert decisions == sorted(decisions)  # more sensitive never turns "blank" back to "content"
    assert not decisions[0]

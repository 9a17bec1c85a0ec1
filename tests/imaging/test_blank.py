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


# Pages drawn here, apart from the synthetic generator: a faint note in a script typeface, faint
# typed lines, a faint stamp; and empty backs with sensor noise, dust and a front shining through.

def _font(family: str, px: int):
    import subprocess

    from PIL import ImageFont

    found, path = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True,
                                 text=True, check=True).stdout.split("\t")
    assert family.lower() in found.lower(), f"typeface {family} missing (installer/system-deps.sh)"
    return ImageFont.truetype(path, px)


def _sheet(seed: int, paper: int = 246) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(paper, 3.0, (2339, 1654)), 0, 255)  # A4 at 200 dpi, sensor noise


def _draw(sheet: np.ndarray, lines: list[str], family: str, px: int, level: int, x: int = 260, y: int = 500,
          step: int = 90) -> np.ndarray:
    from PIL import Image, ImageDraw

    layer = Image.new("L", (sheet.shape[1], sheet.shape[0]), 255)
    draw = ImageDraw.Draw(layer)
    for i, line in enumerate(lines):
        draw.text((x, y + i * step), line, font=_font(family, px), fill=0)
    ink = np.asarray(layer, np.float64) / 255.0  # 0 where the pen went
    return np.minimum(sheet, level + (255 - level) * ink)


def _dust(sheet: np.ndarray, seed: int, count: int = 400) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = sheet.copy()
    ys, xs = rng.integers(5, sheet.shape[0] - 5, count), rng.integers(5, sheet.shape[1] - 5, count)
    for y, x, v in zip(ys, xs, rng.integers(40, 160, count)):
        out[y : y + rng.integers(1, 3), x : x + rng.integers(1, 3)] = v  # specks of 1-2 px
    return out


def _decide(sheet: np.ndarray) -> bool:
    from station.pipeline import PageContext, clean_page

    return clean_page(np.clip(sheet, 0, 255).astype(np.uint8), PageContext(dpi=DPI), orient_it=False).result.blank


NOTE = ["Bitte rufen Sie mich zurück,", "ich bin ab 17 Uhr erreichbar.", "Danke, M. Kraus"]


def test_a_short_faint_handwritten_note_is_content():
    # A script typeface (URW Z003) at grey ~200 on white: a pencil or a faint pen. The fixed
    # darkness of the ink mask (paper x 0.55, about grey 135) saw nothing and dropped the page.
    for seed, level in ((1, 200), (2, 195), (3, 205)):
        page = _draw(_sheet(seed), NOTE, "Z003", 64, level)
        assert not _decide(page), f"a faint note at grey {level} was dropped as blank"


def test_a_few_faint_typed_lines_and_a_faint_stamp_are_content():
    lines = _draw(_sheet(4), ["Eingang geprüft", "Az. 4711/26"], "DejaVu Sans", 40, 190)
    assert not _decide(lines)
    stamp = _draw(_sheet(5), ["EINGANG", "03.12.2026"], "Nimbus Sans", 50, 185, x=900, y=300, step=70)
    assert not _decide(stamp)


def test_noise_dust_and_a_front_shining_through_stay_blank():
    from PIL import Image, ImageFilter

    assert _decide(_dust(_sheet(6), 6))
    # The front page, mirrored, blurred by the paper and at most ~25 grey levels below it.
    body = ["Sehr geehrte Damen und Herren,"] + ["hiermit teilen wir Ihnen mit, dass Ihr Vertrag läuft."] * 14
    front = _draw(np.full((2339, 1654), 255.0), body, "Liberation Sans", 36, 0, y=300, step=60)
    front = np.asarray(Image.fromarray(front.astype(np.uint8)).transpose(Image.FLIP_LEFT_RIGHT)
                       .filter(ImageFilter.GaussianBlur(1.6)), np.float64)
    shine = 255 - (255 - front) * 25 / 255
    assert _decide(_dust(np.minimum(_sheet(7), shine), 7))

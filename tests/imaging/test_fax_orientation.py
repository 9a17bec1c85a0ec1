"""An upright fax stays upright: the libtiff test fax (``testfax3_bug54_1dnoEOL.tif``, a G3 fax at
204x98 dpi of Lorem-ipsum text in a sans font) was turned 180 degrees; these pages are made the
same way."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from station.imaging.load import load_pages
from station.pipeline import PageContext, process_page


def font_file(family: str) -> str:
    found = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True, text=True,
                           check=True).stdout.split("\t")
    if family.lower() not in found[0].lower():
        pytest.skip(f"typeface {family} not installed (installer/system-deps.sh)")
    return found[1]


LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip "
         "ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu "
         "fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia "
         "deserunt mollit anim id est laborum. ") * 3


def g3_fax(path, family: str, points: float, lines: int = 15):
    """An upright G3 fax page at 204x98 dpi (standard resolution) of Lorem-ipsum text: typeset at
    204x196, every other scan line sent, as a fax machine in normal mode does."""
    width, height = 1728, 2200
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_file(family), round(points * 204 / 72))
    y, line, done = 120, "", 0
    for word in LOREM.split():
        if line and font.getlength(f"{line} {word}") > width - 300:
            draw.text((150, y), line, font=font, fill=0)
            y, line, done = y + round(points * 1.4 * 204 / 72), word, done + 1
            if done >= lines:
                break
        else:
            line = f"{line} {word}".strip()
    bits = np.where(np.asarray(page) > 128, 255, 0).astype(np.uint8)[::2]
    Image.fromarray(bits).convert("1").save(path, compression="group3", dpi=(204, 98))
    return path


@pytest.mark.parametrize("family, points", [("Liberation Sans", 9), ("Nimbus Sans", 14)])
def test_an_upright_lorem_ipsum_g3_fax_stays_upright(tmp_path, family, points):
    # The ascender/descender measure calls these pages upside down with confidence 0.65 and 0.96
    # (Latin has many descenders, the fax's halved rows blur the x-line); the reading says otherwise.
    page = next(load_pages(g3_fax(tmp_path / "fax.tif", family, points)))
    assert page.dpi == 204
    result = process_page(page.image, PageContext(dpi=page.dpi, thumb=False))
    assert result.rotation == 0
    assert "Lorem ipsum dolor" in result.text

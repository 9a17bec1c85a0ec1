"""Test pages with known ground truth: what a scanner or fax would deliver of a letter.

A page is rendered upright on white A4, then the generator does to it what paper handling does:
tilts it (skew), turns it (rotation), lays it on a scanner background (dark or light) with an
offset, adds noise. Blank duplex backs get noise, punch holes and faint bleed-through; pages that
must *not* count as blank get a short handwritten line or a single stamp. Every function returns
the image with a ``Truth`` saying what the pipeline should find.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from station.model import Box
from station.synth.render import a4_size, font, render_text_page
from station.synth.text import letter_text


@dataclass
class Truth:
    """What the page pipeline should find on a generated page."""

    skew: float = 0.0  # degrees the paper was tilted counter-clockwise
    rotation: int = 0  # degrees the page was turned counter-clockwise = clockwise turn that fixes it
    crop_box: Box | None = None  # the paper in the final image; None = fills the frame
    blank: bool = False
    kind: str = "letter"  # letter | sparse | blank | handwritten | stamp
    words: list[str] = field(default_factory=list)  # words certainly on the page
    text: str = ""


def _speckle(page: Image.Image, rng: random.Random, count: int) -> None:
    draw = ImageDraw.Draw(page)
    w, h = page.size
    for _ in range(count):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.choice((0, 0, 1))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(40, 140))


def _punch_holes(page: Image.Image, dpi: int, level: int = 40) -> None:
    draw = ImageDraw.Draw(page)
    mm = dpi / 25.4
    r, cx = 3 * mm, 12 * mm
    for cy in (page.height / 2 - 40 * mm, page.height / 2 + 40 * mm):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=level)


def _bleed_through(page: Image.Image, seed: int, dpi: int) -> Image.Image:
    """The mirrored front page shining through, faint (grey 215-235)."""
    front = render_text_page(letter_text(seed + 7), dpi=dpi).transpose(Image.FLIP_LEFT_RIGHT)
    front = front.filter(ImageFilter.GaussianBlur(dpi / 150))
    faint = front.point(lambda v: 255 - (255 - v) * 30 // 255)
    return Image.fromarray(np.minimum(np.asarray(page), np.asarray(faint)))


def _handwritten_line(page: Image.Image, rng: random.Random, dpi: int) -> None:
    """A short wavy pen stroke (a note or initials), about 35 mm long."""
    mm = dpi / 25.4
    draw = ImageDraw.Draw(page)
    x0, y0 = rng.uniform(40, 120) * mm, rng.uniform(60, 220) * mm
    pts = [(x0 + t * mm, y0 + 2.5 * mm * math.sin(t / 2.2) + rng.uniform(-0.3, 0.3) * mm) for t in range(36)]
    draw.line(pts, fill=rng.randint(30, 90), width=max(1, round(0.45 * mm)), joint="curve")


def _stamp(page: Image.Image, rng: random.Random, dpi: int) -> None:
    """A single rubber stamp: a frame with a date, in grey (a red stamp scanned in grey)."""
    mm = dpi / 25.4
    draw = ImageDraw.Draw(page)
    x0, y0 = rng.uniform(50, 120) * mm, rng.uniform(50, 200) * mm
    level = rng.randint(70, 110)
    draw.rectangle((x0, y0, x0 + 45 * mm, y0 + 18 * mm), outline=level, width=max(1, round(0.6 * mm)))
    fnt = font(round(4 * mm))
    draw.text((x0 + 3 * mm, y0 + 2 * mm), "EINGANG", font=fnt, fill=level)
    draw.text((x0 + 3 * mm, y0 + 9 * mm), f"{rng.randint(1, 28):02d}.11.2026", font=fnt, fill=level)


def make_page(seed: int, kind: str = "letter", dpi: int = 300, skew: float = 0.0, rotation: int = 0,
              background: str | None = None, noise: int = 0) -> tuple[Image.Image, Truth]:
    """One greyscale page image and its truth.

    ``kind``: letter, sparse (few lines), blank (noise, holes, bleed-through), handwritten (blank
    back with a short pen line), stamp (blank back with one stamp). ``background``: None, "dark"
    or "light": the sheet is laid on a larger scanner frame with an offset.
    """
    rng = random.Random(seed)
    if kind in ("letter", "sparse"):
        text = letter_text(seed, sparse=kind == "sparse")
        page = render_text_page(text, dpi=dpi)
    else:
        text = ""
        page = Image.new("L", a4_size(dpi), 255)
        if kind == "blank":
            page = _bleed_through(page, seed, dpi)
            _punch_holes(page, dpi)
        elif kind == "handwritten":
            _handwritten_line(page, rng, dpi)
        elif kind == "stamp":
            _stamp(page, rng, dpi)
        else:
            raise ValueError(f"unknown page kind {kind!r}")
    if noise:
        _speckle(page, rng, noise)
    truth = Truth(skew=skew, rotation=rotation % 360, blank=kind == "blank", kind=kind, text=text,
                  words=[w for w in text.split() if len(w) >= 6 and w.isalpha()][:12])
    bg_level = {"dark": 25, "light": 185}.get(background or "", 255)
    if skew:
        page = page.rotate(skew, resample=Image.BILINEAR, expand=True, fillcolor=bg_level if background else 255)
    if rotation % 360:
        page = page.rotate(rotation % 360, expand=True)
    if background:
        mm = dpi / 25.4
        dx, dy = round(rng.uniform(4, 15) * mm), round(rng.uniform(4, 15) * mm)
        frame = Image.new("L", (page.width + dx + round(rng.uniform(4, 15) * mm),
                                page.height + dy + round(rng.uniform(4, 15) * mm)), bg_level)
        frame.paste(page, (dx, dy))
        if noise:
            _speckle(frame, rng, noise // 4)
        truth.crop_box = Box(dx, dy, page.width, page.height)
        page = frame
    return page, truth

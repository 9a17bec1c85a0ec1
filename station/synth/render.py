"""Render text onto an A4 page image, as a printer would put it on paper.

Tests and benchmarks make their pages here instead of shipping scans, so every test knows the
ground truth (text, skew, crop box) of what it feeds the pipeline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

A4_MM = (210.0, 297.0)
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


@lru_cache(maxsize=16)
def font(size_px: int, path: str | None = None) -> ImageFont.FreeTypeFont:
    for candidate in ([path] if path else FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return ImageFont.truetype(candidate, size_px)
    return ImageFont.load_default(size_px)


def a4_size(dpi: int) -> tuple[int, int]:
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


def render_text_page(
    text: str,
    dpi: int = 300,
    point_size: float = 11.0,
    margin_mm: float = 25.0,
    font_path: str | None = None,
) -> Image.Image:
    """A white A4 greyscale page with ``text`` typeset line by line (lines wrap at the margin)."""
    width, height = a4_size(dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    size_px = max(8, round(point_size / 72 * dpi))
    fnt = font(size_px, font_path)
    margin = round(margin_mm / 25.4 * dpi)
    y = margin
    line_h = round(size_px * 1.35)
    max_w = width - 2 * margin
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=fnt) <= max_w or not line:
                line = trial
            else:
                draw.text((margin, y), line, font=fnt, fill=0)
                y += line_h
                line = word
        draw.text((margin, y), line, font=fnt, fill=0)
        y += line_h
        if y > height - margin:
            break
    return page

"""Print evaluation letters as a scanner or a fax machine would deliver them.

Scans: 300 dpi greyscale, slightly skewed, with paper noise, and a blank back page now and then
(duplex). Faxes: 204×196 dpi bilevel Group 4 TIFF with specks and a sending-machine header line on
every page. Multi-page letters become multi-page TIFFs. Seeded by the text, so re-runs agree.
"""

from __future__ import annotations

import hashlib
import math
import random
from pathlib import Path

import numpy as np
from PIL import Image

from station.synth.render import render_text_page

LINES_PER_PAGE = 40
CHARS_PER_LINE = 85


def paginate(text: str) -> list[str]:
    """Split text into page-sized chunks by visual lines (long paragraphs wrap)."""
    pages, current, used = [], [], 0
    for line in text.splitlines():
        height = max(1, math.ceil(len(line) / CHARS_PER_LINE))
        if used + height > LINES_PER_PAGE and current:
            pages.append("\n".join(current))
            current, used = [], 0
        current.append(line)
        used += height
    pages.append("\n".join(current))
    return pages


def _noise(page: Image.Image, rng: random.Random, specks: float) -> np.ndarray:
    arr = np.asarray(page, dtype=np.int16)
    gen = np.random.default_rng(rng.randrange(2**32))
    arr = arr + gen.normal(0, 6, arr.shape).astype(np.int16)
    mask = gen.random(arr.shape) < specks
    arr[mask] = 0
    return np.clip(arr, 0, 255).astype(np.uint8)


def scan_pages(text: str, rng: random.Random) -> list[Image.Image]:
    out = []
    for chunk in paginate(text):
        page = render_text_page(chunk, dpi=300).rotate(rng.uniform(-1.5, 1.5), fillcolor=255, resample=Image.BILINEAR)
        out.append(Image.fromarray(_noise(page, rng, 0.00005)))
        if rng.random() < 0.5:  # duplex: the back of the sheet is empty paper
            out.append(Image.fromarray(_noise(Image.new("L", page.size, 250), rng, 0.00002)))
    return out


def fax_pages(text: str, rng: random.Random) -> list[Image.Image]:
    chunks = paginate(text)
    sender = f"+49 {rng.choice(['30', '40', '89', '221', '711'])} {rng.randrange(100000, 9999999)}"
    stamp = f"{rng.randrange(1, 28):02d}.{rng.randrange(1, 13):02d}.2025 {rng.randrange(7, 20):02d}:{rng.randrange(60):02d}"
    out = []
    for i, chunk in enumerate(chunks, 1):
        header = f"{stamp}   FAX {sender}   S. {i}/{len(chunks)}"
        page = render_text_page(header + "\n\n" + chunk, dpi=204, margin_mm=12)
        page = page.resize((page.width, round(page.height * 196 / 204)), Image.BILINEAR)
        binary = _noise(page, rng, 0.0004) > 150
        out.append(Image.fromarray(binary.astype(np.uint8) * 255).convert("1", dither=Image.Dither.NONE))
    return out


def render_letter(text: str, path: Path, kind: str = "scan") -> Path:
    """Write ``text`` as a scan (greyscale TIFF/PNG) or fax (G4 TIFF) at ``path``; returns the path."""
    rng = random.Random(int(hashlib.sha256(text.encode()).hexdigest()[:12], 16))
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fax":
        pages = fax_pages(text, rng)
        pages[0].save(path.with_suffix(".tif"), save_all=True, append_images=pages[1:], compression="group4",
                      dpi=(204, 196))
        return path.with_suffix(".tif")
    pages = scan_pages(text, rng)
    if len(pages) == 1 and path.suffix.lower() == ".png":
        pages[0].save(path, dpi=(300, 300))
        return path
    target = path.with_suffix(".tif")
    pages[0].save(target, save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(300, 300))
    return target

"""Regenerate the bundled demo stack from ``letters.toml``: ``.venv/bin/python resources/sample_mail/regenerate.py``.

Each letter is typeset with ``station.synth.render`` at 300 dpi, turned by its small skew, given
the specks of a real scan and stored as 1-bit PNG; backs are white with dust and punch holes, or
carry the next page when the letter was printed on both sides. Faxes are rendered at fax
resolution (204×196 or 204×98 dpi, non-square pixels) with a sender header line and the odd dropped
scan line, and stored as (multi-page) TIFF G4. Output is deterministic; ``manifest.json`` records
the ground truth of every letter for demos and tests.
"""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path

from PIL import Image, ImageDraw
from schwifty import IBAN
from stdnum import luhn

from station.synth.render import font, render_text_page

HERE = Path(__file__).resolve().parent
DPI = 300
FAX_DPI = {"fine": (204, 196), "standard": (204, 98)}
MONO = "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf"


def check_letter(letter: dict) -> None:
    """Refuse invalid ground truth: the demo must show valid numbers being found."""
    number = letter["customer_number"]
    if not (len(number) == 10 and number.isdigit() and luhn.is_valid(number)):
        raise SystemExit(f"{letter['name']}: customer number {number} is not 10 digits with a Luhn check digit")
    if "iban" in letter:
        IBAN(letter["iban"])  # raises on an invalid IBAN


def add_signature(page: Image.Image, rng: random.Random) -> None:
    """A pen squiggle in the gap above the last text line (the signer's typed name)."""
    width, height = page.size
    rows = [y for y in range(height) if page.crop((0, y, width, y + 1)).getextrema()[0] < 128]
    if not rows:
        return
    last_top = rows[-1]
    while last_top - 1 in rows:
        last_top -= 1
    x0, y_mid = round(width * 0.13), last_top - round(DPI * 0.22)
    points = [(x0 + i * 9, y_mid + rng.randint(-28, 28)) for i in range(40)]
    ImageDraw.Draw(page).line(points, fill=0, width=4, joint="curve")


def add_specks(page: Image.Image, rng: random.Random, count: int, max_r: int = 2) -> None:
    draw = ImageDraw.Draw(page)
    for _ in range(count):
        x, y, r = rng.randrange(page.width), rng.randrange(page.height), rng.randint(1, max_r)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=0)


def near_blank_back(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """The unprinted back of a sheet: dust, the two punch holes (seen from behind) and a dark edge."""
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    r = round(3 / 25.4 * DPI)
    x = size[0] - round(12 / 25.4 * DPI)
    for dy in (-40, 40):
        y = size[1] // 2 + round(dy / 25.4 * DPI)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=40)
    draw.rectangle((0, 0, size[0], 3), fill=30)
    add_specks(page, rng, 25)
    return page


def letter_page(text: str, operator: str, skew: float, rng: random.Random, dpi: int = DPI) -> Image.Image:
    page = render_text_page(text.strip("\n").replace("{operator}", operator), dpi=dpi)
    if "Grüße" in text:
        add_signature(page, rng)
    page = page.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    add_specks(page, rng, 15)
    return page


def to_1bit(page: Image.Image) -> Image.Image:
    return page.point(lambda v: 255 if v >= 150 else 0).convert("1", dither=Image.Dither.NONE)


def fax_pages(letter: dict, operator: str, rng: random.Random) -> list[Image.Image]:
    xdpi, ydpi = FAX_DPI[letter["fax"]]
    pages = []
    total = len(letter["pages"])
    for n, text in enumerate(letter["pages"], 1):
        page = letter_page(text, operator, letter.get("skew", 0.0), rng, dpi=xdpi)
        header = f"{letter['date'][8:10]}.{letter['date'][5:7]}.{letter['date'][:4]} 14:03   VON {letter['fax_from']}   S. {n}/{total}"
        ImageDraw.Draw(page).text((round(xdpi * 0.3), round(xdpi * 0.15)), header, font=font(round(xdpi * 0.11), MONO), fill=0)
        page = page.resize((page.width, round(page.height * ydpi / xdpi)), Image.Resampling.BILINEAR)
        draw = ImageDraw.Draw(page)
        for _ in range(rng.randint(2, 5)):  # lines lost in transmission
            y = rng.randrange(page.height)
            draw.line((0, y, page.width, y), fill=255, width=1)
        pages.append(to_1bit(page))
    return pages


def render_letter(letter: dict, operator: str) -> list[str]:
    """Write the letter's image files; returns their names in feeder order."""
    rng = random.Random(letter["name"])
    name = letter["name"]
    if "fax" in letter:
        pages = fax_pages(letter, operator, rng)
        path = HERE / f"{name}-fax.tif"
        xdpi, ydpi = FAX_DPI[letter["fax"]]
        pages[0].save(path, compression="group4", dpi=(xdpi, ydpi), save_all=True, append_images=pages[1:])
        return [path.name]
    images = [letter_page(t, operator, letter.get("skew", 0.0), rng) for t in letter["pages"]]
    files: list[str] = []
    single = len(images) == 1 or letter.get("back") == "page"
    sheets = [images] if letter.get("back") == "page" else [[img] for img in images]
    for k, sheet in enumerate(sheets, 1):
        stem = name if single else f"{name}-p{k}"
        out = [(f"{stem}.png", sheet[0])]
        if len(sheet) > 1:
            out.append((f"{stem}-back.png", sheet[1]))
        elif letter.get("back") == "near_blank" and k == 1:
            out.append((f"{stem}-back.png", near_blank_back(sheet[0].size, rng)))
        for filename, img in out:
            to_1bit(img).save(HERE / filename, optimize=True, dpi=(DPI, DPI))
            files.append(filename)
    return files


def main() -> None:
    spec = tomllib.loads((HERE / "letters.toml").read_text(encoding="utf-8"))
    for old in [*HERE.glob("*.png"), *HERE.glob("*.tif")]:
        old.unlink()
    manifest = []
    for letter in spec["letter"]:
        check_letter(letter)
        files = render_letter(letter, spec["operator"])
        manifest.append({k: letter.get(k) for k in ("name", "kind", "customer_number", "phone", "iban", "date", "fax")}
                        | {"files": files})
    (HERE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(manifest)} letters, {sum(len(m['files']) for m in manifest)} files in {HERE}")


if __name__ == "__main__":
    main()

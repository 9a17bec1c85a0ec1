"""The soak's mail: generated letters rendered as scanner sheets and fax files, with ground truth.

Letters come from ``bench/mailgen.py`` (not the classifier's corpus). Scanned letters become
sheets for the virtual scanner (front: the page, skewed and speckled, some with a staple's
shadow; back: a blank duplex back with bleed-through and punch holes), with the station's own
separator sheet between letters. Faxes become G3 or G4 TIFFs at 204x98 or 204x196 dpi with a
header line on every page and the sender and send time in the TIFF tags, as fax servers write
them. The ground truth says which sheet file belongs to which letter, page by page.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

import mailgen
from station.synth.pages import make_page
from station.synth.render import render_text_page
from station.synth.save import save_fax_tiff

DPI = 200  # the soak's scan profile; renders as the virtual scanner will deliver them


@dataclass
class TruthLetter:
    id: str
    kind: str  # scan | fax
    doc_type: str
    fronts: list[str] = field(default_factory=list)  # sheet front files (scan), in page order
    backs: list[str] = field(default_factory=list)  # their blank backs
    fax_file: str | None = None
    pages: int = 0
    batch: int | None = None


@dataclass
class ScanBatch:
    no: int
    sheets: list[str]  # front files in feeder order (letters and separator sheets)
    letters: list[str]


@dataclass
class Day:
    letters: dict[str, TruthLetter]
    batches: list[ScanBatch]
    faxes: list[str]  # letter ids, in the order they arrive

    def as_json(self) -> dict:
        return {"letters": {k: asdict(v) for k, v in self.letters.items()},
                "batches": [asdict(b) for b in self.batches], "faxes": self.faxes}


def plan_day(docs: int, seed: int, batch_size: tuple[int, int] = (4, 9), fax_share: float = 0.3,
             attachment_share: float = 0.3) -> Day:
    """Which letters arrive how: scanned in batches of a few letters, or by fax."""
    rng = random.Random(seed)
    mail = [mailgen.add_attachments(m, rng, attachment_share) for m in mailgen.generate_mail(docs, seed)]
    letters: dict[str, TruthLetter] = {}
    scans: list[str] = []
    faxes: list[str] = []
    fax_numbers = set(rng.sample(range(docs), round(docs * fax_share)))
    for n, m in enumerate(mail):
        lid = f"L{n:04d}"
        kind = "fax" if n in fax_numbers else "scan"
        letters[lid] = TruthLetter(lid, kind, m.doc_type, pages=len(m.pages))
        (faxes if kind == "fax" else scans).append(lid)
    batches = []
    while scans:
        take = rng.randint(*batch_size)
        batches.append(ScanBatch(len(batches), [], scans[:take]))
        scans = scans[take:]
    for b in batches:
        for lid in b.letters:
            letters[lid].batch = b.no
    day = Day(letters, batches, faxes)
    day._mail = dict(zip(letters, mail))  # type: ignore[attr-defined]
    return day


def _speckle(page: Image.Image, rng: random.Random, count: int) -> None:
    arr = np.asarray(page).copy()
    ys = np.array([rng.randrange(arr.shape[0]) for _ in range(count)])
    xs = np.array([rng.randrange(arr.shape[1]) for _ in range(count)])
    arr[ys, xs] = 60
    page.paste(Image.fromarray(arr))


def _staple_shadow(page: Image.Image, rng: random.Random) -> None:
    """A staple in the top left corner and the grey shadow it casts on the scan."""
    mm = DPI / 25.4
    draw = ImageDraw.Draw(page)
    x, y = rng.uniform(6, 12) * mm, rng.uniform(6, 12) * mm
    draw.line((x, y + 1.2 * mm, x + 12 * mm, y - 1.5 * mm), fill=150, width=round(1.6 * mm))
    draw.line((x, y, x + 12 * mm, y - 2.5 * mm), fill=30, width=max(1, round(0.5 * mm)))


def render_front(text: str, rng: random.Random, staple: bool) -> Image.Image:
    page = render_text_page(text, dpi=DPI)
    if staple:
        _staple_shadow(page, rng)
    _speckle(page, rng, rng.randint(50, 300))
    skew = rng.uniform(-1.5, 1.5)
    return page.rotate(skew, resample=Image.BILINEAR, expand=True, fillcolor=255)


_separator: list[Image.Image] = []


def separator_images() -> list[Image.Image]:
    """Both sides of the station's printed separator sheet, as the scanner sees them (from its PDF)."""
    if not _separator:
        from station.separate import separator_sheet_images

        _separator.extend(Image.fromarray(side) for side in separator_sheet_images(DPI))
    return _separator


def render_batch(day: Day, batch: ScanBatch, folder: Path, seed: int, upside_down: float = 0.0) -> None:
    """Every sheet of one stack into ``folder`` (PNG, ``NAME.png`` front and ``NAME-back.png``).
    ``upside_down``: the share of separator sheets put into the stack turned round (both sides at 180°)."""
    rng = random.Random(seed * 1000 + batch.no)
    folder.mkdir(parents=True, exist_ok=True)
    mail = day._mail  # type: ignore[attr-defined]
    sheet = 0

    def save(img: Image.Image, stem: str) -> str:
        # Fast compression: these are the virtual scanner's input, written once and read once.
        img.save(folder / f"{stem}.png", format="PNG", dpi=(DPI, DPI), compress_level=1)
        return f"{stem}.png"

    for i, lid in enumerate(batch.letters):
        if i > 0:  # the separator sheet, printed on both sides
            stem = f"b{batch.no:03d}-s{sheet:03d}"
            turn = 180 if rng.random() < upside_down else 0
            front, back = (side.rotate(turn) if turn else side.copy() for side in separator_images())
            _speckle(front, rng, 40)
            batch.sheets.append(save(front, stem))
            _speckle(back, rng, 40)
            save(back, stem + "-back")
            sheet += 1
        letter = day.letters[lid]
        staple = len(mail[lid].pages) > 1 and rng.random() < 0.6
        for text in mail[lid].pages:
            stem = f"b{batch.no:03d}-s{sheet:03d}"
            front = save(render_front(text, rng, staple), stem)
            back_img, _ = make_page(rng.randrange(1 << 30), "blank", dpi=DPI, noise=rng.randint(20, 120))
            letter.fronts.append(front)
            letter.backs.append(save(back_img, stem + "-back"))
            batch.sheets.append(front)
            sheet += 1


def render_fax(day: Day, lid: str, out: Path, sent: datetime, rng: random.Random) -> Path:
    """One fax file (TIFF, G3 or G4, normal or fine resolution, header line and TIFF tags)."""
    letter = day.letters[lid]
    mail = day._mail[lid]  # type: ignore[attr-defined]
    _, sender = mailgen.mobile_number(rng)
    stamp = sent.strftime("%d.%m.%Y %H:%M")
    pages = []
    for n, text in enumerate(mail.pages):
        header = mailgen.fax_header_line(mail, stamp, sender, n + 1, len(mail.pages))
        pages.append(render_text_page(header + "\n\n" + text, dpi=DPI))
    fine = rng.random() < 0.5
    tmp = out.with_name(out.name + ".g4")
    save_fax_tiff(pages, tmp, dpi=DPI, fine=fine)
    with Image.open(tmp) as im:
        frames = []
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            frames.append(im.copy())
    tmp.unlink()
    compression = rng.choice(["group3", "group4"])
    frames[0].save(out, format="TIFF", compression=compression, dpi=(204, 196 if fine else 98), save_all=True,
                   append_images=frames[1:], tiffinfo={270: f"Fax von {sender}", 306: sent.strftime("%Y:%m:%d %H:%M:%S"),
                                                       305: "soak fax server"})
    letter.fax_file = out.name
    return out

"""``station demo``: the headless tour of the core on the bundled sample mail (what ``make run``
shows without a screen). Without sample mail it makes a few pages with the generator first."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from station.config import RESOURCES, load_settings
from station.i18n import say

SAMPLE_SUFFIXES = {".tif", ".tiff", ".pdf", ".png", ".jpg", ".jpeg", ".pnm", ".pgm", ".ppm", ".pbm"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help=say("Vorführung ohne Bildschirm mit der Beispielpost",
                                               "headless demonstration on the sample mail"))
    p.add_argument("--out", default=None, metavar=say("ORDNER", "DIR"),
                   help=say("Zielordner (Standard: Datenordner/demo)", "output folder (default: data dir/demo)"))
    p.add_argument("--limit", type=int, default=12, help=say("höchstens so viele Dateien", "at most this many files"))
    p.set_defaults(func=run)


def sample_files(limit: int) -> list[Path]:
    folder = RESOURCES / "sample_mail"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SAMPLE_SUFFIXES)[:limit]


def generate_samples(folder: Path) -> list[Path]:
    """A small mixed stack: a fax, a skewed scan on a dark lid, a page upside down, a blank back."""
    from station.synth.pages import make_page
    from station.synth.save import save_fax_tiff, save_image

    fax_page, _ = make_page(1, dpi=200)
    scan, _ = make_page(2, skew=4.0, background="dark", noise=200)
    upside, _ = make_page(3, kind="sparse", rotation=180)
    back, _ = make_page(4, kind="blank", noise=300)
    return [save_fax_tiff([fax_page], folder / "fax.tif", dpi=200),
            save_image(scan, folder / "scan.jpg", dpi=300),
            save_image(upside, folder / "upside-down.png", dpi=300),
            save_image(back, folder / "blank-back.png", dpi=300)]


def run(args: argparse.Namespace) -> int:
    from station.commands.process import describe
    from station.pipeline import PageContext, process_files

    settings = load_settings()
    out = Path(args.out) if args.out else settings.data_path / "demo"
    files = sample_files(args.limit)
    with tempfile.TemporaryDirectory(prefix="station-demo-") as tmp:
        if not files:
            print(say("Keine Beispielpost gefunden – erzeuge Testseiten …", "No sample mail found – generating pages …"))
            files = generate_samples(Path(tmp))
        ctx = PageContext(out_dir=str(out), blank_sensitivity=settings.blank_sensitivity)
        pages = blanks = failed = 0
        for result in process_files(files, ctx, workers=settings.workers):
            print(Path(result.path).name)
            for page in sorted(result.pages, key=lambda p: p.index):
                print("  " + describe(page))
                pages += 1
                blanks += page.blank
            if result.error is not None:
                failed += 1
                print("  " + result.error.operator_message())
    print(say(f"{len(files)} Dateien, {pages} Seiten ({blanks} leer), {failed} Fehler. Ergebnisse in {out}",
              f"{len(files)} files, {pages} pages ({blanks} blank), {failed} errors. Results in {out}"))
    return 1 if failed else 0

"""``station demo``: the headless tour of the core on the bundled sample mail (what ``make run``
shows without a screen). Without sample mail it makes a few pages with the generator first."""

from __future__ import annotations

import argparse
import re
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
    p.add_argument("--limit", type=int, default=0,
                   help=say("höchstens so viele Dateien (0 = alle)", "at most this many files (0 = all)"))
    p.set_defaults(func=run)


def sample_files(limit: int) -> list[Path]:
    folder = RESOURCES / "sample_mail"
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SAMPLE_SUFFIXES)
    return files[:limit] if limit > 0 else files


def letter_key(path: Path) -> str:
    """The sample stack's naming: ``NAME-back`` is the back of ``NAME``, ``NAME-pN`` its page N."""
    return re.sub(r"(-p\d+)?(-back)?$", "", path.stem)


def classify_letters(results: list, settings) -> None:
    """Group the processed pages into letters and print what the station decided for each."""
    from station.classify import classify_document

    letters: dict[str, list] = {}
    for result in results:
        if result.error is None:
            letters.setdefault(letter_key(Path(result.path)), []).extend(sorted(result.pages, key=lambda p: p.index))
    print()
    print(say("Dokumente:", "Documents:"))
    for name, pages in letters.items():
        decision = classify_document(pages, settings)
        c, f = decision.classification, decision.fields
        check = say("prüfen", "check") if c.needs_review else say("automatisch", "automatic")
        found = ", ".join(f"{k}={v}" for k, v in f.as_dict().items() if v) or say("keine Felder", "no fields")
        print(f"  {name}: {c.doc_type} → {c.department} ({c.confidence:.0%}, {check}); {found}")


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
    from station.pipeline import PageContext
    from station.pipeline_pool import process_files

    settings = load_settings()
    out = Path(args.out) if args.out else settings.data_path / "demo"
    files = sample_files(args.limit)
    with tempfile.TemporaryDirectory(prefix="station-demo-") as tmp:
        if not files:
            print(say("Keine Beispielpost gefunden – erzeuge Testseiten …", "No sample mail found – generating pages …"))
            files = generate_samples(Path(tmp))
        ctx = PageContext(out_dir=str(out), blank_sensitivity=settings.blank_sensitivity)
        pages = blanks = failed = 0
        results = []
        for result in process_files(files, ctx, workers=settings.workers):
            results.append(result)
            print(Path(result.path).name)
            for page in sorted(result.pages, key=lambda p: p.index):
                print("  " + describe(page))
                pages += 1
                blanks += page.blank
            if result.error is not None:
                failed += 1
                print("  " + result.error.operator_message())
        classify_letters(results, settings)
    print(say(f"{len(files)} Dateien, {pages} Seiten ({blanks} leer), {failed} Fehler. Ergebnisse in {out}",
              f"{len(files)} files, {pages} pages ({blanks} blank), {failed} errors. Results in {out}"))
    return 1 if failed else 0

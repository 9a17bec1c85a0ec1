"""``station process FILE... --out DIR``: clean and read page files, say what was done per page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station.config import load_settings
from station.i18n import say
from station.model import PageResult
from station.progress import Cancelled, every_tenth


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "process",
        help=say("Seitendateien bereinigen und lesen (TIFF, PDF, PNG, JPEG, PNM)",
                 "clean and read page files (TIFF, PDF, PNG, JPEG, PNM)"),
        description=say(
            "Schneidet jede Seite zu, richtet sie gerade und aufrecht aus, erkennt leere Seiten und "
            "liest den Text (Deutsch). Schreibt bereinigte Seiten, Text und Vorschaubilder nach --out.",
            "Crops every page, straightens it, turns it upright, detects blank pages and reads the text "
            "(German). Writes cleaned pages, text and thumbnails to --out.",
        ),
    )
    p.add_argument("files", nargs="+", metavar=say("DATEI", "FILE"))
    p.add_argument("--out", required=True, metavar=say("ORDNER", "DIR"),
                   help=say("Zielordner für bereinigte Seiten und Text", "output folder for cleaned pages and text"))
    p.add_argument("--no-ocr", action="store_true", help=say("ohne Texterkennung", "skip text recognition"))
    p.add_argument("--workers", type=int, default=None,
                   help=say("Anzahl Seitenprozesse (Standard: einer je Kern)", "page processes (default: one per core)"))
    p.add_argument("--blank-sensitivity", type=float, default=None, metavar="0..1",
                   help=say("Empfindlichkeit der Leerseitenerkennung", "blank page sensitivity"))
    p.set_defaults(func=run)


def describe(page: PageResult) -> str:
    """One line per page, in the operator's language."""
    if page.error:
        return say(f"Seite {page.index + 1}: FEHLER – {page.error}", f"page {page.index + 1}: ERROR – {page.error}")
    if page.crop_box is None:
        crop = say("kein Zuschnitt", "no crop")
    else:
        b = page.crop_box
        crop = say(f"zugeschnitten auf {b.width}×{b.height} bei ({b.x},{b.y})",
                   f"cropped to {b.width}x{b.height} at ({b.x},{b.y})")
    skew = say(f"Schräglage {page.skew:+.2f}°", f"skew {page.skew:+.2f}°")
    turn = say(f"gedreht um {page.rotation}°", f"turned {page.rotation}°") if page.rotation else say(
        "nicht gedreht", "not turned")
    if page.blank:
        state = say("LEER", "BLANK")
    else:
        state = say(f"{len(page.words)} Wörter", f"{len(page.words)} words")
    return say(f"Seite {page.index + 1}: ", f"page {page.index + 1}: ") + ", ".join([crop, skew, turn, state])


def _page_done(done: int, total: int, item: str | None) -> str:
    return say(f"{done} von {total} Seiten bearbeitet ({item})", f"{done} of {total} pages done ({item})")


def run(args: argparse.Namespace) -> int:
    from station.pipeline import PageContext
    from station.pipeline_pool import process_files

    settings = load_settings()
    sensitivity = settings.blank_sensitivity if args.blank_sensitivity is None else args.blank_sensitivity
    workers = args.workers if args.workers is not None else settings.workers
    ctx = PageContext(out_dir=str(Path(args.out)), ocr=not args.no_ocr, blank_sensitivity=sensitivity)
    failed = 0
    try:
        for result in process_files(args.files, ctx, workers=workers, progress=every_tenth("page", _page_done)):
            print(result.path)
            for page in sorted(result.pages, key=lambda p: p.index):
                print("  " + describe(page))
            if result.error is not None:
                failed += 1
                print("  " + say("FEHLER: ", "ERROR: ") + result.error.operator_message(), file=sys.stderr)
    except Cancelled:
        print(say("Abgebrochen.", "Cancelled."), file=sys.stderr)
        return 130
    total = len(args.files)
    print(say(f"{total - failed} von {total} Dateien verarbeitet, {failed} mit Fehlern.",
              f"{total - failed} of {total} files processed, {failed} with errors."))
    return 1 if failed else 0

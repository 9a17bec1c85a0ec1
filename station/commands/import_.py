"""``station import FILE...``: image or PDF files into a new batch, through the whole pipeline."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.i18n import say
from station.progress import every_tenth


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help=say("Dateien als neuen Stapel einlesen und verarbeiten",
                                           "import files as a new batch and process them"))
    p.add_argument("files", nargs="+", type=Path, metavar=say("DATEI", "FILE"))
    p.add_argument("--per-file", action="store_true",
                   help=say("jede Datei ist ein Dokument (Standard: Trennblätter/Barcodes)",
                            "each file is one document (default: separator sheets/barcodes)"))
    p.add_argument("--barcode", default="", help=say("Barcode-Muster (regulärer Ausdruck), das ein Dokument beginnt",
                                                     "barcode pattern (regex) that starts a document"))
    p.add_argument("--pages-per-document", type=int, default=0)
    p.add_argument("--blank-separates", action="store_true",
                   help=say("leere Blätter trennen Dokumente", "blank sheets separate documents"))
    p.add_argument("--no-ocr", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--delivered", metavar=say("JJJJ-MM-TT", "YYYY-MM-DD"),
                   help=say("Posteingangsdatum (Standard: heute)", "delivery date of the post (default: today)"))
    p.add_argument("--reason", help=say("Begründung für ein früheres Posteingangsdatum", "reason for an earlier delivery date"))
    p.set_defaults(func=run)


def _file_page(done: int, total: int, item: str | None) -> str:
    return say(f"{item}: Seite {done} von {total} gelesen", f"{item}: page {done} of {total} read")


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.separate import SeparationRules
    from station.store import Store
    from station.store.delivery import check_delivery
    from station.flows.imports import import_files
    from station.flows.process import ProcessOptions

    settings = load_settings()
    rules = SeparationRules(one_per_file=args.per_file, barcode_pattern=args.barcode,
                            pages_per_document=args.pages_per_document, blank_separators=args.blank_separates)
    options = ProcessOptions(ocr=not args.no_ocr, orient_with_tesseract=not args.no_ocr)
    with Store.open(settings) as store:
        if args.delivered:  # checked before anything is stored; the batch is dated as soon as it exists
            check_delivery(args.delivered, args.reason, max_days=settings.max_delivery_backdate_days)
        batch_id = import_files(store, settings, args.files, rules=rules, options=options, progress=every_tenth("file-page", _file_page),
                                delivery_date=args.delivered, delivery_reason=args.reason)
        batch = store.load_batch(batch_id)
    print(say(f"Stapel {batch_id}: {batch.page_count} Seiten, {batch.document_count} Dokumente.",
              f"Batch {batch_id}: {batch.page_count} pages, {batch.document_count} documents."))
    return 0

"""``station receipt DOC --out receipt.pdf``: a one-page certificate of receipt for a document."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.i18n import current_language, say


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "receipt",
        help=say("Eingangsbestätigung (PDF) für ein Dokument erstellen", "make a certificate of receipt (PDF)"),
        description=say(
            "Erstellt eine einseitige Eingangsbestätigung mit Eingangszeit, Station, Dokumentart, "
            "Kundennummer, Seitenzahl und den SHA-256-Werten der Seiten und des Eingangsereignisses.",
            "Makes a one-page certificate of receipt with the received time, station, document type, "
            "customer number, page count and the SHA-256 of the pages and of the receipt event.",
        ),
    )
    parser.add_argument("document", metavar=say("DOKUMENT", "DOCUMENT"), help=say("Dokument-ID", "document id"))
    parser.add_argument("--out", type=Path, help=say("Ziel-PDF", "output PDF"))
    parser.add_argument("--lang", choices=["de", "en"], help=say("Sprache der Bestätigung", "certificate language"))
    parser.add_argument("--central", action="store_true",
                        help=say("aus der Kopie im zentralen Speicher erstellen", "make it from the central copy"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings

    settings = load_settings()
    out = args.out or Path(f"Eingangsbestaetigung-{args.document}.pdf")
    lang = args.lang or current_language()
    if args.central:
        from station.audit.central import make_central_receipt_settings

        path = make_central_receipt_settings(settings, args.document, out, lang)
    else:
        from station.audit.paths import local_store_paths
        from station.audit.receipt import make_receipt

        db_path, blobs_dir = local_store_paths(settings)
        path = make_receipt(db_path, args.document, out, lang, blobs_dir=blobs_dir)
    print(say(f"Eingangsbestätigung geschrieben: {path}", f"Certificate of receipt written: {path}"))
    return 0

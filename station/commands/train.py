"""``station train``: rebuild the classifier from the synthetic corpus and operator corrections."""

from __future__ import annotations

import argparse
from typing import Any

from station.i18n import say


def run(args: argparse.Namespace) -> int:
    from station.classify import train
    from station.classify.model import station_model_dir

    # The desk's own model goes to its private data directory; the shipped one stays untouched.
    argv = ["--per-label", str(args.per_label), "--out", str(station_model_dir()), "--private"]
    if args.corrections:
        argv += ["--corrections", args.corrections]
    if args.no_store:
        argv.append("--no-store")
    return train.main(argv)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help=say("Klassifikator neu trainieren (Korpus + Korrekturen)", "retrain the classifier (corpus + corrections)"),
    )
    parser.add_argument("--per-label", type=int, default=500, help=say("Briefe je Typ", "letters per type"))
    parser.add_argument("--corrections", help=say("JSON-Zeilen {text, doc_type}", "JSON lines {text, doc_type}"))
    parser.add_argument("--no-store", action="store_true",
                        help=say("Korrekturen im lokalen Speicher nicht verwenden", "ignore corrections in the local store"))
    parser.set_defaults(func=run)

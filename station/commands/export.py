"""``station export BATCH --out DIR``: searchable PDF/A-2b and a JSON record per document."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.i18n import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help=say("Stapel als durchsuchbare PDF/A exportieren", "export a batch as searchable PDF/A"))
    p.add_argument("batch")
    p.add_argument("--out", required=True, type=Path, help=say("Zielordner", "target folder"))
    p.add_argument("--again", action="store_true", help=say("auch bereits exportierte Dokumente", "re-export exported documents"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.export import export_batch
    from station.store import Store

    with Store.open(load_settings()) as store:
        done = export_batch(store, args.batch, args.out, again=args.again)
    for item in done:
        print(item.pdf)
    print(say(f"{len(done)} Dokument(e) exportiert.", f"{len(done)} document(s) exported."))
    return 0

"""``station purge``: remove exported and synced batches past the retention period."""

from __future__ import annotations

import argparse

from station.i18n import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("purge", help=say("exportierte und synchronisierte Stapel nach Aufbewahrungsfrist löschen",
                                         "purge exported and synced batches past retention"))
    p.add_argument("--days", type=int, help=say("Aufbewahrung in Tagen (Standard: Einstellung retention_days)",
                                                "retention in days (default: the retention_days setting)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.store import Store
    from station.store.retention import purge

    with Store.open(load_settings()) as store:
        report = purge(store, args.days)
    print(say(f"{len(report.batches)} Stapel gelöscht ({report.pages} Seiten, {report.files_removed} Dateien).",
              f"{len(report.batches)} batch(es) purged ({report.pages} pages, {report.files_removed} files)."))
    return 0

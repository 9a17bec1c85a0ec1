"""``station sync``: send queued batches to the central store once, in the background, or show the queue."""

from __future__ import annotations

import argparse
import sys

from station.i18n import say


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sync",
        help=say("Stapel an die Zentrale übertragen", "send batches to the central store"),
        description=say(
            "Überträgt abgeschlossene Stapel in Reihenfolge an die zentrale PostgreSQL-Datenbank. "
            "„station sync status“ zeigt die Warteschlange.",
            "Sends closed batches in order to the central PostgreSQL store. `station sync status` shows the queue.",
        ),
    )
    p.add_argument("what", nargs="?", choices=["status"], help=say("nur den Stand zeigen", "only show the state"))
    p.add_argument("--watch", action="store_true", help=say("im Hintergrund weiterlaufen", "keep running in the background"))
    p.add_argument("--interval", type=float, default=30.0, help=say("Sekunden zwischen Läufen", "seconds between runs"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.progress import CancelToken
    from station.sync.worker import SyncReport, sync_once, sync_status, watch

    settings = load_settings()
    if args.what == "status":
        status = sync_status(settings)
        print(status.message)
        for error in dict.fromkeys(status.errors or ((status.last_error,) if status.last_error else ())):
            print(say("Letzter Fehler: ", "Last error: ") + error)
        return 1 if status.warn else 0

    def show(report: object) -> None:
        if isinstance(report, SyncReport):
            print(say(
                f"{report.batches_sent} Stapel übertragen ({report.documents} Dokumente, {report.pages} Seiten), "
                f"{report.batches_already_central} waren schon da, {report.events} Protokolleinträge.",
                f"{report.batches_sent} batches sent ({report.documents} documents, {report.pages} pages), "
                f"{report.batches_already_central} were already there, {report.events} audit events.",
            ), flush=True)
            for w in report.warnings:
                print(w, file=sys.stderr, flush=True)
        else:
            print(getattr(report, "operator_message", lambda: str(report))(), file=sys.stderr, flush=True)

    if args.watch:
        cancel = CancelToken()
        try:
            watch(settings, cancel, interval_s=args.interval, on_report=show)
        except KeyboardInterrupt:
            cancel.cancel()
        return 0
    show(sync_once(settings))
    return 0

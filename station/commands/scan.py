"""``station scan``: one batch from the feeder, without the GUI.

Pages go into the local store as a new batch (or, with ``--out``, into a folder), each made
durable the moment it leaves the scanner, and are handed to the page pipeline in the background.
On a jam or another fault the pages so far are safe; at a terminal the operator fixes the scanner
and presses Enter to continue the same batch, otherwise the command stops with the fault's
message and exit code 3.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from station.i18n import say

EXIT_FAULT = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("scan", help=say("einen Stapel scannen", "scan one batch"))
    p.add_argument("--profile", help=say("Scanprofil (Standard: aus den Einstellungen)", "scan profile (default: from settings)"))
    p.add_argument("--out", type=Path, help=say("Seiten in diesen Ordner statt in den lokalen Speicher",
                                                 "pages into this folder instead of the local store"))
    p.add_argument("--device", help=say("Scanner (siehe ‚station devices‘; Standard: Einstellungen)",
                                        "scanner (see 'station devices'; default: settings)"))
    p.add_argument("--wait-button", action="store_true",
                   help=say("erst auf eine Scannertaste warten", "wait for a scanner button first"))
    p.add_argument("--continue", dest="continue_batch", metavar=say("STAPEL", "BATCH"),
                   help=say("einen abgebrochenen Stapel fortsetzen (nach Absturz oder Stromausfall)",
                            "go on with a batch that was cut short (after a crash or power cut)"))
    p.add_argument("--no-process", action="store_true",
                   help=say("Seiten nur speichern, nicht bereinigen und lesen", "only save pages, do not clean and read them"))
    p.set_defaults(func=run)


def _ask_continue(message: str) -> bool:
    """At a terminal: show the fault and wait for Enter (continue) or q (stop)."""
    if not sys.stdin.isatty():
        return False
    print(message, file=sys.stderr)
    answer = input(say("Enter = Weiter, q = Stapel beenden: ", "Enter = continue, q = end batch: "))
    return answer.strip().lower() not in ("q", "n")


def _show_progress(event: Any) -> None:
    """At a terminal, a running count of the pages that are safe on disk (one line, rewritten)."""
    if sys.stderr.isatty():
        print("\r" + say(f"{event.done} Seiten gesichert", f"{event.done} pages saved"), end="", file=sys.stderr, flush=True)


def _scan_until_done(batch: Any) -> int:
    """Run the batch, letting the operator continue after each fault; 0 or EXIT_FAULT."""
    from station.errors import ScannerError, StoreError

    while True:
        try:
            batch.run()
            return 0
        except (ScannerError, StoreError) as exc:
            if isinstance(exc, ScannerError) and exc.kind == "invalid":
                raise
            if not _ask_continue(exc.operator_message()):
                print(exc.operator_message(), file=sys.stderr)
                return EXIT_FAULT


def _continue_at(store: Any, batch_id: str, duplex: bool) -> int:
    """Where a batch cut short by a crash goes on: the sheet after the last one completely on disk.
    A duplex sheet whose back never reached the disk is put aside (deleted, audited) and has to go
    through the feeder again, so no side is stored twice. Returns the sheet number to go on with."""
    from station.batches import delete_page
    from station.errors import StoreError

    row = store.batch_row(batch_id)
    if row["state"] != "scanning":
        raise StoreError(f"Stapel {batch_id} ist schon fertig gescannt.",
                         f"Batch {batch_id} has already been scanned to the end.")
    pages = [p for p in store.load_batch(batch_id).pages if not p.deleted]
    if not pages:
        return 0
    last = max(p.sheet or 0 for p in pages)
    sides = [p for p in pages if (p.sheet or 0) == last]
    if duplex and len(sides) < 2:
        for page in sides:
            delete_page(store, page.id)
        return last
    return last + 1


def run(args: argparse.Namespace) -> int:
    from station.capture import open_source
    from station.capture.buttons import wait_for_button
    from station.flows.handoff import PipelineHandoff
    from station.capture.session import BatchScan, DirectorySink, StoreSink
    from station.config import load_settings

    settings = load_settings()
    with ExitStack() as stack:
        source = open_source(settings, args.device)
        stack.callback(source.close)
        profile = settings.profile_named(args.profile or settings.profile)
        if args.wait_button:
            print(say("Warte auf Scannertaste …", "Waiting for a scanner button …"), file=sys.stderr)
            button, profile = wait_for_button(source, settings)
            print(say(f"Taste „{button}“: Profil „{profile.name}“", f"Button '{button}': profile '{profile.name}'"),
                  file=sys.stderr)
        store = batch_id = None
        if args.out is None:
            from station.store import Store

            store = Store.open(settings)
            stack.callback(store.close)
            if args.continue_batch:
                batch_id = args.continue_batch
                first_sheet = _continue_at(store, batch_id, profile.source == "ADF Duplex")
                print(say(f"Stapel {batch_id}: bitte ab Blatt {first_sheet + 1} wieder einlegen.",
                          f"Batch {batch_id}: please put the sheets back from sheet {first_sheet + 1} on."), flush=True)
            else:
                batch_id = store.create_batch(source="scanner", profile=profile.name)
        handoff = None
        if not args.no_process:
            from station.pipeline import PagePool

            pool = PagePool(settings.workers)
            stack.callback(pool.close)
            if args.out:
                clean_dir = args.out / "clean"
            else:  # in the store's working area: a kill leaves nothing in /tmp, processing the batch clears it
                from station.flows.process import work_dir

                clean_dir = work_dir(store, batch_id)
            # barcodes (separator sheets) come with the result: the page workers read them
            on_result = (lambda page, result: store.save_page_result(page.page_id, result)) if store else None
            handoff = PipelineHandoff(pool, settings, clean_dir, on_result)
        sink = DirectorySink(args.out, on_saved=handoff) if args.out else StoreSink(store, batch_id, on_saved=handoff)
        batch = BatchScan(source, profile, sink, progress=_show_progress)
        if args.continue_batch:
            batch.next_sheet = first_sheet
        code = _scan_until_done(batch)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if store is not None:
            store.finish_capture(batch_id)
        sheets = len({p.sheet for p in batch.pages})
        where = args.out if args.out else say(f"Stapel {batch_id}", f"batch {batch_id}")
        print(say(f"{len(batch.pages)} Seiten ({sheets} Blätter) gescannt: {where}",
                  f"{len(batch.pages)} pages ({sheets} sheets) scanned: {where}"))
        if handoff is not None:
            handoff.finish()
            print(say(f"{handoff.done} Seiten bereinigt und gelesen", f"{handoff.done} pages cleaned and read")
                  + (say(f", {handoff.failed} fehlgeschlagen", f", {handoff.failed} failed") if handoff.failed else ""))
        return code

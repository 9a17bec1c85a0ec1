"""``station scan``: one batch from the feeder, without the GUI.

Pages go into the local store as a new batch (or, with ``--out``, into a folder), each made
durable the moment it leaves the scanner, and are handed to the page pipeline in the background.
On a jam or another fault the pages so far are safe; at a terminal the operator fixes the scanner
and presses Enter to continue the same batch, otherwise the batch ends there (processed, ready
to validate) and the command exits with the fault's message and code 3. The job and its rules
are ``station.flows.scan`` and ``station.flows.batch``, the same the desk runs.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from station.i18n import say
from station.progress import CancelToken

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
    p.add_argument("--delivered", metavar=say("JJJJ-MM-TT", "YYYY-MM-DD"),
                   help=say("Posteingangsdatum (Standard: heute)", "delivery date of the post (default: today)"))
    p.add_argument("--reason", help=say("Begründung für ein früheres Posteingangsdatum", "reason for an earlier delivery date"))
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


def _scan_until_done(scan: Any) -> int:
    """Scan, letting the operator continue the same batch after each fault (the jam rule of
    ``station.flows.batch``); 0, or EXIT_FAULT when the operator ends the batch at a fault."""
    from station.errors import ScannerError, StoreError

    while True:
        try:
            scan()
            return 0
        except (ScannerError, StoreError) as exc:
            if isinstance(exc, ScannerError) and exc.kind == "invalid":
                raise
            if not _ask_continue(exc.operator_message()):
                print(exc.operator_message(), file=sys.stderr)
                return EXIT_FAULT


def _button_profile(settings: Any, device: str | None) -> str:
    from station.flows.scan import wait_for_button

    print(say("Warte auf Scannertaste …", "Waiting for a scanner button …"), file=sys.stderr)
    button, profile = wait_for_button(settings, device or settings.scanner)
    print(say(f"Taste „{button}“: Profil „{profile}“", f"Button '{button}': profile '{profile}'"), file=sys.stderr)
    return profile


def _scan_to_folder(args: argparse.Namespace, settings: Any, profile_name: str) -> int:
    """``--out``: pages as files in a folder (no store, no batch), cleaned and read beside them."""
    from station.capture import open_source
    from station.capture.session import BatchScan, DirectorySink
    from station.flows.handoff import PipelineHandoff
    from station.pipeline_pool import PagePool

    with ExitStack() as stack:
        source = open_source(settings, args.device)
        stack.callback(source.close)
        handoff = None
        if not args.no_process:
            pool = PagePool(settings.workers)
            stack.callback(pool.close)
            handoff = PipelineHandoff(pool, settings, args.out / "clean")
        batch = BatchScan(source, settings.profile_named(profile_name), DirectorySink(args.out, on_saved=handoff),
                          progress=_show_progress)
        code = _scan_until_done(batch.run)
        _report(len(batch.pages), len({p.sheet for p in batch.pages}), str(args.out))
        if handoff is not None:
            handoff.finish()
            _report_processed(handoff.done, handoff.failed)
        return code


def _report(pages: int, sheets: int, where: str) -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(say(f"{pages} Seiten ({sheets} Blätter) gescannt: {where}", f"{pages} pages ({sheets} sheets) scanned: {where}"))


def _report_processed(done: int, failed: int) -> None:
    print(say(f"{done} Seiten bereinigt und gelesen", f"{done} pages cleaned and read")
          + (say(f", {failed} fehlgeschlagen", f", {failed} failed") if failed else ""))


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.flows.scan import ScanJob

    settings = load_settings()
    profile = args.profile or settings.profile
    settings.profile_named(profile)  # an unknown profile is refused before anything starts
    if args.wait_button:
        profile = _button_profile(settings, args.device)
    if args.out is not None:
        return _scan_to_folder(args, settings, profile)
    options = dict(device=args.device, profile=profile, process=not args.no_process, progress=_show_progress)
    if args.continue_batch:
        job = ScanJob.continuing(settings, args.continue_batch, **options)
        print(say(f"Stapel {job.batch_id}: bitte ab Blatt {job.first_sheet + 1} wieder einlegen.",
                  f"Batch {job.batch_id}: please put the sheets back from sheet {job.first_sheet + 1} on."), flush=True)
    else:
        job = ScanJob(settings, delivery_date=args.delivered, delivery_reason=args.reason, **options)
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, _stop_after_this_sheet(cancel))
    try:
        code = _scan_until_done(lambda: job.scan(cancel))
        # the end of the stack (or of the batch, when the operator did not continue after a fault)
        job.finish()
        _report(job.pages, job.sheets, say(f"Stapel {job.batch_id}", f"batch {job.batch_id}"))
        if job.handoff is not None:
            _report_processed(job.handoff.done, job.handoff.failed)
    finally:
        signal.signal(signal.SIGINT, previous)
        job.close()
    return code


def _stop_after_this_sheet(cancel: CancelToken) -> Callable[..., None]:
    """Ctrl+C is the desk's Esc: the feeder stops after this sheet and the batch is finished with
    the pages it has. A second Ctrl+C interrupts at once (the batch is finished on the next start)."""

    def stop(*_: Any) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        print(say("\nHalte nach diesem Blatt an …", "\nStopping after this sheet …"), file=sys.stderr, flush=True)

    return stop

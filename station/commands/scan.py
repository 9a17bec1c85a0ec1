"""``station scan``: one batch from the feeder into a folder, without the GUI.

On a jam or another fault the pages so far are already on disk; at a terminal the operator fixes
the scanner and presses Enter to continue the same batch, otherwise the command stops with the
fault's message and exit code 3.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station.i18n import say


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("scan", help=say("einen Stapel scannen", "scan one batch"))
    p.add_argument("--profile", help=say("Scanprofil (Standard: aus den Einstellungen)", "scan profile (default: from settings)"))
    p.add_argument("--out", type=Path, required=True, help=say("Zielordner für die Seiten", "folder for the pages"))
    p.add_argument("--device", help=say("Scanner (siehe ‚station devices‘; Standard: Einstellungen)",
                                        "scanner (see 'station devices'; default: settings)"))
    p.add_argument("--wait-button", action="store_true",
                   help=say("erst auf eine Scannertaste warten", "wait for a scanner button first"))
    p.set_defaults(func=run)


def _ask_continue(message: str) -> bool:
    """At a terminal: show the fault and wait for Enter (continue) or q (stop)."""
    if not sys.stdin.isatty():
        return False
    print(message, file=sys.stderr)
    answer = input(say("Enter = Weiter, q = Stapel beenden: ", "Enter = continue, q = end batch: "))
    return answer.strip().lower() not in ("q", "n")


def run(args: argparse.Namespace) -> int:
    from station.capture import open_source
    from station.capture.buttons import wait_for_button
    from station.capture.session import BatchScan, DirectorySink
    from station.config import load_settings
    from station.errors import ScannerError, StoreError

    settings = load_settings()
    source = open_source(settings, args.device)
    try:
        profile = settings.profile_named(args.profile or settings.profile)
        if args.wait_button:
            print(say("Warte auf Scannertaste …", "Waiting for a scanner button …"), file=sys.stderr)
            button, profile = wait_for_button(source, settings)
            print(say(f"Taste „{button}“: Profil „{profile.name}“", f"Button '{button}': profile '{profile.name}'"),
                  file=sys.stderr)
        batch = BatchScan(source, profile, DirectorySink(args.out))
        while True:
            try:
                batch.run()
                break
            except (ScannerError, StoreError) as exc:
                if isinstance(exc, ScannerError) and exc.kind == "invalid":
                    raise
                if not _ask_continue(exc.operator_message()):
                    print(exc.operator_message(), file=sys.stderr)
                    return 3
        sheets = len({p.sheet for p in batch.pages})
        print(say(f"{len(batch.pages)} Seiten ({sheets} Blätter) gescannt nach {args.out}",
                  f"{len(batch.pages)} pages ({sheets} sheets) scanned into {args.out}"))
        return 0
    finally:
        source.close()

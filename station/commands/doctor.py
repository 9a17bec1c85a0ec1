"""``station doctor``: one line per check, green or red, with the fix under every red line.

Exit status 0 when nothing is red, 1 otherwise (warnings do not fail), so an admin's rollout script
can run it after installing a desk.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from station.config import load_settings
from station.doctor import CheckResult, DoctorOptions, Status, any_failed, run_checks
from station.i18n import say

_MARKS = {Status.OK: "✓", Status.WARN: "!", Status.FAIL: "✗", Status.SKIP: "–"}
_COLOURS = {Status.OK: "32", Status.WARN: "33", Status.FAIL: "31", Status.SKIP: "2"}


def format_result(result: CheckResult, colour: bool) -> str:
    """One line per check (symbol and colour both: colour is never the only signal), fix indented below."""
    mark = _MARKS[result.status]
    head = f"{mark} {result.title}: {result.detail}"
    if colour:
        head = f"\033[{_COLOURS[result.status]}m{head}\033[0m"
    if result.fix and result.status in (Status.FAIL, Status.WARN):
        head += "\n    → " + result.fix
    return head


def print_report(results: list[CheckResult], out: TextIO, colour: bool) -> None:
    for result in results:
        print(format_result(result, colour), file=out)
    failed = sum(r.failed for r in results)
    if failed:
        print(say(f"\n{failed} Prüfung(en) rot.", f"\n{failed} check(s) red."), file=out)
    else:
        print(say("\nAlles bereit.", "\nAll set."), file=out)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    options = DoctorOptions(days=args.days, pages_per_day=args.pages_per_day, mb_per_page=args.mb_per_page, timeout_s=args.timeout)
    results = run_checks(settings, options)
    if args.json:
        json.dump([r.as_dict() for r in results], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(results, sys.stdout, colour=sys.stdout.isatty())
    return 1 if any_failed(results) else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    defaults = DoctorOptions()
    p = subparsers.add_parser(
        "doctor",
        help=say("prüft, ob dieser Arbeitsplatz bereit ist", "checks whether this desk is ready"),
        description=say(
            "Prüft Texterkennung, Scanner, Zugriff, Speicherplatz, lokalen Speicher, Zentrale, Uhrzeit und offene Stapel.",
            "Checks text recognition, scanner, access, disk space, local store, central store, clock and unsynced batches.",
        ),
    )
    p.add_argument("--days", type=int, default=defaults.days, help=say("Tage, für die Platz sein muss", "days of scans the disk must hold"))
    p.add_argument("--pages-per-day", type=int, default=defaults.pages_per_day, help=say("Seiten pro Tag an diesem Platz", "pages per day at this desk"))
    p.add_argument("--mb-per-page", type=float, default=defaults.mb_per_page, help=say("MB pro Seite", "MB per page"))
    p.add_argument("--timeout", type=float, default=defaults.timeout_s, help=say("Sekunden je Prüfung mit Netz/Gerät", "seconds per network/device probe"))
    p.add_argument("--json", action="store_true", help=say("Ergebnis als JSON", "results as JSON"))
    p.set_defaults(func=run)

"""``station separator-sheet --out sheet.pdf``: print the sheets that split a stack into documents."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.i18n import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "separator-sheet",
        help=say("Trennblätter zum Ausdrucken erzeugen (PDF)", "make printable separator sheets (PDF)"),
    )
    p.add_argument("--out", required=True, type=Path, help=say("Ziel-PDF", "target PDF"))
    p.add_argument("--copies", type=int, default=1, help=say("Anzahl Blätter", "number of sheets"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.separate import separator_sheet_pdf

    separator_sheet_pdf(args.out, copies=max(1, args.copies))
    print(say(f"Trennblatt geschrieben: {args.out} (beidseitig drucken)", f"Separator sheet written: {args.out} (print duplex)"))
    return 0

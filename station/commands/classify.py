"""``station classify FILE... [--json]``: type, department and index fields of each file.

Each file is one document (a letter with its attachments and blank backs). With ``--json`` one
JSON object per file per line, exactly as other tools expect (issue #3's contract); an unreadable
file gets a line with ``"error"`` and the others go on. Exit status 0 when every file was read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from station.i18n import say

CONTRACT_FIELDS = ("customer_number", "phone_number", "iban")


def decision_record(file: str, decision: Any) -> dict[str, Any]:
    """The JSON object of the CLI contract for one classified file."""
    c, f = decision.classification, decision.fields.as_dict()
    return {
        "file": file,
        "doc_type": c.doc_type,
        "department": c.department,
        "confidence": round(float(c.confidence), 4),
        "needs_review": bool(c.needs_review),
        "review_reason": c.review_reason or None,  # unreadable | cancellation_only_mentioned | cancellation_of_something_else | possible_withdrawal | cancellation_declared | low_confidence
        "fields": {name: f[name] for name in CONTRACT_FIELDS},
        "pages": [{"index": p.index, "rotation": int(p.rotation), "skew": round(float(p.skew), 2)}
                  for p in decision.pages],
    }


def run(args: argparse.Namespace) -> int:
    from station.classify import classify_files
    from station.classify.model import review_reason_text
    from station.i18n import current_language
    from station.config import load_settings
    from station.errors import StationError

    settings = load_settings()
    failed = 0
    for given, (_, result) in zip(args.files, classify_files([Path(f) for f in args.files], settings)):
        if isinstance(result, StationError):
            failed += 1
            record: dict[str, Any] = {"file": given, "error": result.operator_message()}
            if not args.json:
                print(f"{given}: {record['error']}", file=sys.stderr)
        else:
            record = decision_record(given, result)
        if args.json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif "error" not in record:
            review = say(" – bitte prüfen", " – please check") if record["needs_review"] else ""
            if record["review_reason"]:
                review += ": " + review_reason_text(record["review_reason"], current_language())
            fields = ", ".join(f"{k}={v}" for k, v in record["fields"].items() if v)
            print(f"{given}: {record['doc_type']} ({record['department']}, {record['confidence']:.0%}){review}"
                  + (f"; {fields}" if fields else ""), flush=True)
    return 1 if failed else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify",
        help=say("Dokumenttyp und Indexfelder von Dateien bestimmen", "classify files and find their index fields"),
        description=say("Jede Datei ist ein Dokument (Brief mit Anlagen).", "Each file is one document (a letter with attachments)."),
    )
    parser.add_argument("files", nargs="+", metavar=say("DATEI", "FILE"))
    parser.add_argument("--json", action="store_true", help=say("eine JSON-Zeile je Datei", "one JSON line per file"))
    parser.set_defaults(func=run)

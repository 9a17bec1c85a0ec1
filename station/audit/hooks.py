"""Receipts made without anyone asking: one for every cancellation (``kuendigung``) of a batch.

The store/export part calls ``receipts_for_batch`` when a batch is exported or closed; the GUI may
call it too. A document whose evidence does not hold gets no certificate and is reported instead,
so one bad document never stops the others.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station.audit.receipt import make_receipt
from station.audit.receipt_data import ReceiptError
from station.audit.verify import open_readonly, rows
from station.config import ensure_private_dir

log = logging.getLogger(__name__)
RECEIPT_TYPES = ("kuendigung",)


@dataclass
class ReceiptRun:
    written: dict[str, Path] = field(default_factory=dict)  # document id -> PDF
    refused: dict[str, ReceiptError] = field(default_factory=dict)  # document id -> why not


def receipt_name(document_id: str) -> str:
    return f"Eingangsbestaetigung-{document_id}.pdf"


def default_receipt_dir(store: Any) -> Path:
    """``<store>/receipts`` (private), when the caller names no directory."""
    root = getattr(store, "root", None)
    return Path(root) / "receipts" if root else Path(store).parent / "receipts"


def receipts_for_batch(store: Any, batch_id: str, out_dir: Path | str | None = None,
                       lang: str | None = None, doc_types: tuple[str, ...] = RECEIPT_TYPES) -> ReceiptRun:
    """Write a certificate for each document of ``batch_id`` whose type is in ``doc_types``.

    Existing certificates are kept (re-running after a crash costs nothing and never rewrites one).
    """
    folder = ensure_private_dir(Path(out_dir) if out_dir else default_receipt_dir(store))
    conn = open_readonly(store)
    marks = ",".join("?" * len(doc_types))
    try:
        docs = rows(conn, f"SELECT id FROM documents WHERE batch_id = ? AND doc_type IN ({marks}) ORDER BY ord",
                    (batch_id, *doc_types))
    finally:
        if not isinstance(store, sqlite3.Connection):
            conn.close()
    run = ReceiptRun()
    for doc in docs:
        target = folder / receipt_name(doc["id"])
        if target.exists():
            run.written[doc["id"]] = target
            continue
        try:
            run.written[doc["id"]] = make_receipt(store, doc["id"], target, lang)
        except ReceiptError as exc:
            log.warning("no receipt for document %s: %s", doc["id"], exc.detail or exc.message_en)
            run.refused[doc["id"]] = exc
    return run

"""``station receipt DOC``: a certificate of receipt from the local store.

Before printing, the document's own evidence is re-checked (its events' hashes and their links to
the neighbouring events, its page files, its row in the documents table): a certificate is never
issued for data the chain does not back. The full chain walk stays with ``station audit verify``,
so issuing a receipt costs milliseconds even on a store holding millions of events.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from station.audit.chain import GENESIS, event_hash
from station.audit.documents import check_documents
from station.audit.pagefiles import check_received_pages
from station.audit.receipt_data import ReceiptError, build_receipt
from station.audit.receipt_pdf import render_receipt
from station.audit.report import Problem
from station.audit.verify import FIELD_NAMES, columns, open_readonly, read_document_pages, rows
from station.i18n import current_language

log = logging.getLogger(__name__)


def _document(conn: sqlite3.Connection, document_id: str) -> dict[str, Any]:
    cols = columns(conn, "documents")
    id_col = "id" if "id" in cols else "uuid"
    found = rows(conn, f"SELECT * FROM documents WHERE {id_col} = ?", (document_id,))
    if not found:
        raise ReceiptError(
            f"Dokument {document_id} ist in diesem Speicher nicht vorhanden.",
            f"Document {document_id} is not in this store.",
        )
    row = found[0]
    if "fields" not in cols:
        row["fields"] = {name: row.get(name) for name in FIELD_NAMES if name in cols}
    return {"id": row[id_col], "batch_id": row.get("batch_id"), "received_at": row.get("received_at"),
            "doc_type": row.get("doc_type"), "fields": row.get("fields")}


def document_events(conn: sqlite3.Connection, document: dict[str, Any], page_hashes: list[str]) -> list[dict[str, Any]]:
    """The document's own events, plus the ``received`` events of its pages written before it existed."""
    own = rows(conn, "SELECT * FROM audit_events WHERE document_id = ? ORDER BY seq", (document["id"],))
    wanted = set(page_hashes)
    early = []
    if document.get("batch_id") and wanted:
        for e in rows(conn, "SELECT * FROM audit_events WHERE batch_id = ? AND kind = 'received' "
                            "AND document_id IS NULL ORDER BY seq", (document["batch_id"],)):
            if wanted & set(json.loads(e["page_hashes"] or "[]")):
                early.append(e)
    dated = rows(conn, "SELECT * FROM audit_events WHERE batch_id = ? AND kind = 'delivery_dated' ORDER BY seq",
                 (document["batch_id"],)) if document.get("batch_id") else []
    return sorted(early + own + dated, key=lambda e: e["seq"])


def check_document_events(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> list[Problem]:
    """Each event recomputes to its hash, links to its predecessor and is linked from its successor."""
    problems = []
    last_seq = conn.execute("SELECT MAX(seq) FROM audit_events").fetchone()[0] or 0
    for e in events:
        near = {r[0]: r[1:] for r in conn.execute(
            "SELECT seq, prev_hash, hash FROM audit_events WHERE seq IN (?, ?)", (e["seq"] - 1, e["seq"] + 1))}
        before, after = near.get(e["seq"] - 1), near.get(e["seq"] + 1)
        linked_in = e["prev_hash"] == (before[1] if before else GENESIS)
        linked_out = after[0] == e["hash"] if after is not None else e["seq"] == last_seq
        if event_hash(e) != e["hash"] or not linked_in or not linked_out:
            problems.append(Problem(
                what="hash_mismatch", seq=e["seq"], kind=e["kind"], event_id=e["id"], station_id=e["station_id"],
                document_id=e["document_id"],
                message_de=f"Ereignis Nr. {e['seq']} ({e['kind']}) passt nicht mehr in die Prüfkette.",
                message_en=f"Event #{e['seq']} ({e['kind']}) no longer fits the audit chain."))
    return problems


def _pages_without_receipt_event(document_id: str, dating: list[str], events: list[dict[str, Any]]) -> list[Problem]:
    """Every page of the document must have arrived through a ``received`` event."""
    received = {h for e in events if e["kind"] == "received" for h in json.loads(e["page_hashes"] or "[]")}
    missing = [h for h in dating if h not in received]
    if not missing:
        return []
    return [Problem(
        what="no_received_event", document_id=document_id, expected=missing[0],
        message_de=f"Für die Seite {missing[0][:16]}… fehlt das Eingangsereignis in der Prüfkette.",
        message_en=f"The received event of page {missing[0][:16]}… is missing from the audit chain.")]


def make_receipt(store: Any, document_id: str, out: Path | str, lang: str | None = None,
                 blobs_dir: Path | str | None = None) -> Path:
    """Issue the certificate of receipt for one document of a local store; returns the PDF path.

    The hook the store/export part calls for every ``kuendigung``. Raises ``ReceiptError`` when the
    document's evidence does not hold (the operator message says which event or file is at fault).
    """
    lang = lang or current_language()
    conn = open_readonly(store)
    try:
        db_file = Path(conn.execute("PRAGMA database_list").fetchone()[2])
        document = _document(conn, document_id)
        pages = read_document_pages(conn, "document_id = ?", (document_id,)).get(str(document_id), [])
        dating = read_document_pages(conn, "document_id = ?", (document_id,), include_deleted=True).get(
            str(document_id), [])
        events = document_events(conn, document, dating)
        problems = check_document_events(conn, events)
    finally:
        if not isinstance(store, sqlite3.Connection):
            conn.close()
    root = Path(blobs_dir) if blobs_dir else _store_blobs_dir(store, db_file)
    current = set(pages)
    mine = [{**e, "page_hashes": [h for h in json.loads(e["page_hashes"] or "[]") if h in current]}
            for e in events if e["kind"] == "received"]
    problems += list(check_received_pages(mine, root, [], {}))
    problems += _pages_without_receipt_event(document_id, dating, events)
    problems += list(check_documents([document], events, {str(document_id): dating}))
    if problems:
        first = problems[0]
        raise ReceiptError(
            f"Keine Eingangsbestätigung für Dokument {document_id}: {first.message_de} "
            "Bitte „station audit verify“ ausführen und die Leitung informieren.",
            f"No certificate for document {document_id}: {first.message_en} "
            "Run 'station audit verify' and inform the supervisor.",
            detail=first.what,
        )
    data = build_receipt(document, pages, events, dating)
    path = render_receipt(data, Path(out), lang)
    log.info("receipt issued for document %s (%d pages)", document_id, len(data.page_hashes))
    return path


def _store_blobs_dir(store: Any, db_file: Path) -> Path:
    """The store's blob directory: its BlobStore's root if given a Store, else next to the database."""
    for attr in ("blobs_dir", "blob_dir"):
        value = getattr(store, attr, None)
        if value:
            return Path(value)
    root = getattr(getattr(store, "blobs", None), "root", None)
    return Path(root) if root else db_file.parent / "pages"

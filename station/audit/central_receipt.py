"""The certificate of receipt made from the central store's copy of a document.

Same content and layout as the station's certificate; the evidence is re-checked in the central
tables first (the document's events re-hashed over their sealed text and linked to their
neighbours, their columns, the page bytes, the document row), so a department can prove receipt
even when the station's own disk is long gone.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from station.audit.central import ARCHIVE_COLUMNS, EVENT_SQL, _dicts, chain_row, check_central_pages, check_columns
from station.audit.chain import GENESIS, event_hash
from station.audit.documents import DECISION_KINDS, check_documents
from station.audit.receipt_data import ReceiptError, build_receipt
from station.audit.receipt_pdf import render_receipt
from station.audit.report import Problem

log = logging.getLogger(__name__)


def _central_document(conn: Any, document_id: str) -> dict[str, Any]:
    found = _dicts(conn, "SELECT id::text AS id, station_id, batch_id::text AS batch_id, received_at, doc_type, "
                         "fields FROM central.documents WHERE id::text = %s", (document_id,))
    if not found:
        raise ReceiptError(
            f"Dokument {document_id} ist im zentralen Speicher nicht vorhanden (oder nicht sichtbar).",
            f"Document {document_id} is not in the central store (or not visible).",
        )
    doc = found[0]
    doc["doc_type"] = None if doc["doc_type"] == "unknown" else doc["doc_type"]
    latest = _dicts(conn, "SELECT doc_type, fields FROM central.amendments WHERE document_id::text = %s "
                          "ORDER BY at DESC LIMIT 1", (document_id,))
    doc["amended"] = latest[0] if latest else None
    return doc


def _links(conn: Any, station_id: str, events: list[dict[str, Any]]) -> list[Problem]:
    """Each event is re-hashed and linked to its predecessor and from its successor in the station's chain."""
    problems = []
    last = conn.execute("SELECT max(seq) FROM central.audit_events WHERE station_id = %s", (station_id,)).fetchone()[0]
    for e in events:
        near = {r[0]: r[1:] for r in conn.execute(
            "SELECT seq, prev_hash, hash FROM central.audit_events WHERE station_id = %s AND seq IN (%s, %s)",
            (station_id, e["seq"] - 1, e["seq"] + 1)).fetchall()}
        before, after = near.get(e["seq"] - 1), near.get(e["seq"] + 1)
        linked_in = e["prev_hash"] == (before[1] if before else GENESIS)
        linked_out = after[0] == e["hash"] if after else e["seq"] == last
        if event_hash(e) != e["hash"] or not linked_in or not linked_out:
            problems.append(Problem(
                what="hash_mismatch", seq=e["seq"], kind=e["kind"], station_id=station_id,
                message_de=f"Ereignis Nr. {e['seq']} ({e['kind']}) passt nicht mehr in die zentrale Prüfkette.",
                message_en=f"Event #{e['seq']} ({e['kind']}) no longer fits the central audit chain."))
    return problems


def make_central_receipt(conn: Any, document_id: str, out: Path | str, lang: str = "de") -> Path:
    """Issue the certificate from the central copy; raises ReceiptError if its evidence does not hold."""
    doc = _central_document(conn, document_id)
    pages = _dicts(conn, "SELECT p.id::text AS id, p.document_id::text AS document_id, p.station_id, p.sha256, "
                         "CASE WHEN p.content IS NULL THEN NULL ELSE encode(sha256(p.content), 'hex') END AS actual, "
                         + ARCHIVE_COLUMNS + " FROM central.pages p WHERE p.document_id::text = %s ORDER BY p.position",
                   (document_id,))
    hashes = [p["sha256"] for p in pages]
    columns = _dicts(conn, EVENT_SQL + " WHERE station_id = %s AND (document_id::text = %s OR "
                           "(kind = 'received' AND page_hashes ?| %s) OR "
                           "(kind = 'delivery_dated' AND batch_id::text = %s)) ORDER BY seq",
                     (doc["station_id"], document_id, hashes, doc["batch_id"]))
    events = [chain_row(r) for r in columns]
    problems = _links(conn, doc["station_id"], events)
    problems += list(check_columns(columns, events))
    problems += list(check_central_pages(pages, events, {}))
    amended = {str(r[0]) for r in conn.execute("SELECT id FROM central.amendments WHERE document_id::text = %s",
                                                (document_id,)).fetchall()}
    as_synced = [e for e in events if not (e["kind"] in DECISION_KINDS and str(e["id"]) in amended)]
    problems += list(check_documents([doc], as_synced, {document_id: hashes}))
    if problems:
        first = problems[0]
        raise ReceiptError(
            f"Keine Eingangsbestätigung aus dem zentralen Speicher für Dokument {document_id}: {first.message_de}",
            f"No certificate from the central store for document {document_id}: {first.message_en}",
            detail=first.what,
        )
    if doc["amended"]:  # the certificate states the document as it stands after the correction
        doc = {**doc, "doc_type": doc["amended"]["doc_type"] or doc["doc_type"], "fields": doc["amended"]["fields"]}
    data = build_receipt(doc, hashes, events, hashes, source="central")
    path = render_receipt(data, Path(out), lang)
    log.info("central receipt issued for document %s (%d pages)", document_id, len(hashes))
    return path

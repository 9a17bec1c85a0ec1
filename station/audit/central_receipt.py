"""The certificate of receipt made from the central store's copy of a document.

Same content and layout as the station's certificate; the evidence is re-checked in the central
tables first (the document's events re-hashed over their sealed text and linked to their
neighbours, their columns, the page bytes, the document row), so a department can prove receipt
even when the station's own disk is long gone.

The look-ups stay fast under row-level security and at millions of documents: plain equalities on
the document id and its batch (leakproof, so PostgreSQL uses the indexes before it checks each row's
policy). A department cannot read its neighbours' events, so the department inbox reads the chain
links from ``central.audit_chain_links`` (hashes only) instead of ``central.audit_events``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
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
    try:
        document_id = str(uuid.UUID(document_id))
    except (ValueError, AttributeError, TypeError):
        found = []
    else:
        found = _dicts(conn, "SELECT id::text AS id, station_id, batch_id::text AS batch_id, received_at, doc_type, "
                             "fields FROM central.documents WHERE id = %s", (document_id,))
    if not found:
        raise ReceiptError(
            f"Dokument {document_id} ist im zentralen Speicher nicht vorhanden (oder nicht sichtbar).",
            f"Document {document_id} is not in the central store (or not visible).",
        )
    doc = found[0]
    doc["doc_type"] = None if doc["doc_type"] == "unknown" else doc["doc_type"]
    latest = _dicts(conn, "SELECT doc_type, fields FROM central.amendments WHERE document_id = %s "
                          "ORDER BY at DESC LIMIT 1", (document_id,))
    doc["amended"] = latest[0] if latest else None
    return doc


def _events(conn: Any, doc: dict[str, Any], hashes: list[str]) -> list[dict[str, Any]]:
    """The document's own events, the "received" events of its pages and its batch's "delivery_dated"
    events, in chain order (the batch first; any batch only for a page that came from another)."""
    station = doc["station_id"]
    own = _dicts(conn, EVENT_SQL + " WHERE document_id = %s AND station_id = %s", (doc["id"], station))
    of_batch = _dicts(conn, EVENT_SQL + " WHERE station_id = %s AND batch_id = %s AND kind IN ('received', "
                                        "'delivery_dated')", (station, doc["batch_id"]))
    wanted = set(hashes)
    received = [r for r in of_batch if r["kind"] == "received" and wanted.intersection(r["page_hashes"] or [])]
    if wanted - {h for r in received for h in (r["page_hashes"] or [])}:  # a page that came from another batch
        received = _dicts(conn, EVENT_SQL + " WHERE station_id = %s AND kind = 'received' AND page_hashes ?| %s",
                          (station, hashes))
    dated = [r for r in of_batch if r["kind"] == "delivery_dated"]
    by_id = {r["id"]: r for r in own + received + dated}
    return sorted(by_id.values(), key=lambda r: r["seq"])


def _links(conn: Any, station_id: str, events: list[Mapping[str, Any]], chain: str) -> list[Problem]:
    """Each event is re-hashed and linked to its predecessor and from its successor in the station's chain
    (``chain``: the table or view the caller may read the station's hashes from)."""
    problems = []
    last = conn.execute(f"SELECT max(seq) FROM {chain} WHERE station_id = %s", (station_id,)).fetchone()[0]
    for e in events:
        near = {r[0]: r[1:] for r in conn.execute(
            f"SELECT seq, prev_hash, hash FROM {chain} WHERE station_id = %s AND seq IN (%s, %s)",
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


CHAINS = ("central.audit_events", "central.audit_chain_links")


def make_central_receipt(conn: Any, document_id: str, out: Path | str, lang: str = "de",
                         chain: str = "central.audit_events") -> Path:
    """Issue the certificate from the central copy; raises ReceiptError if its evidence does not hold.
    ``chain``: where the neighbours' hashes are read (``central.audit_chain_links`` for a department)."""
    if chain not in CHAINS:
        raise ValueError(f"unknown chain source {chain!r}")
    doc = _central_document(conn, document_id)
    document_id = doc["id"]
    pages = _dicts(conn, "SELECT p.id::text AS id, p.document_id::text AS document_id, p.station_id, p.sha256, "
                         "CASE WHEN p.content IS NULL THEN NULL ELSE encode(sha256(p.content), 'hex') END AS actual, "
                         + ARCHIVE_COLUMNS + " FROM central.pages p WHERE p.document_id = %s ORDER BY p.position",
                   (document_id,))
    hashes = [p["sha256"] for p in pages]
    columns = _events(conn, doc, hashes)
    events = [chain_row(r) for r in columns]
    problems = _links(conn, doc["station_id"], events, chain)
    problems += list(check_columns(columns, events))
    problems += list(check_central_pages(pages, events, {}))
    amended = {str(r[0]) for r in conn.execute("SELECT id FROM central.amendments WHERE document_id = %s",
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

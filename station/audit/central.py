"""``station audit verify --central``: the same walk over the central store's copy (PostgreSQL).

The central keeps each event's exact hashed text (``canonical``) next to its columns. The chain
is re-hashed over that text, and every column is compared with it: someone who edits the ``at``
column of an event, a document's received date, an index field or a page's bytes in the central
database is caught just as on the station. Reads only; a station role sees its own rows (RLS).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from station.audit.chain import ChainCounts, parse_at, walk_chain
from station.audit.documents import DECISION_KINDS, check_documents, normalise_fields
from station.audit.report import Problem, VerifyReport
from station.errors import SyncError

COLUMNS = ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id", "page_hashes", "data")
EVENT_SQL = (
    "SELECT seq, id::text AS id, station_id, at, kind, operator, batch_id::text AS batch_id, "
    "document_id::text AS document_id, page_hashes, data, canonical, prev_hash, hash FROM central.audit_events"
)


def _dicts(conn: Any, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d.name for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def chain_row(column_row: Mapping[str, Any]) -> dict[str, Any]:
    """An event as the chain walk sees it: the sealed content, plus seq, links and the exact text."""
    try:
        sealed = json.loads(column_row["canonical"])
    except (TypeError, ValueError):
        sealed = {}
    row = {key: sealed.get(key) for key in COLUMNS}
    row.update(seq=column_row["seq"], prev_hash=column_row["prev_hash"], hash=column_row["hash"],
               canonical=column_row["canonical"])
    if not row.get("station_id"):
        row["station_id"] = column_row.get("station_id")
    return row


def _same(column: str, stored: Any, sealed: Any) -> bool:
    if column == "at":
        a = stored if isinstance(stored, datetime) else parse_at(stored)
        return a is not None and a == parse_at(sealed)
    if column == "operator":
        return (stored or "") == (sealed or "")
    if column in ("page_hashes", "data"):
        return (stored or ([] if column == "page_hashes" else {})) == (sealed or ([] if column == "page_hashes" else {}))
    return (None if stored is None else str(stored)) == (None if sealed is None else str(sealed))


def check_columns(column_rows: list[Mapping[str, Any]], sealed_rows: list[Mapping[str, Any]]) -> Iterator[Problem]:
    """Each queryable column must say what the sealed text says (the text itself is hashed)."""
    for col_row, sealed in zip(column_rows, sealed_rows):
        for column in COLUMNS:
            if not _same(column, col_row.get(column), sealed.get(column)):
                yield Problem(
                    what="column_differs", seq=col_row["seq"], kind=sealed.get("kind"), event_id=sealed.get("id"),
                    station_id=col_row.get("station_id"), document_id=sealed.get("document_id"),
                    message_de=f"Ereignis Nr. {col_row['seq']} ({sealed.get('kind')}) der Station "
                               f"{col_row.get('station_id')}: die Spalte „{column}“ wurde in der Zentrale geändert "
                               "und weicht vom versiegelten Inhalt ab.",
                    message_en=f"Event #{col_row['seq']} ({sealed.get('kind')}) of station {col_row.get('station_id')}: "
                               f"the column '{column}' was changed centrally and differs from the sealed content.",
                    expected=sealed.get(column), found=col_row.get(column))
                break


def check_central_pages(pages: list[Mapping[str, Any]], events: list[Mapping[str, Any]],
                        counts: dict[str, int]) -> Iterator[Problem]:
    """Central page bytes must hash to their recorded SHA-256, and that hash must be in the chain."""
    received = {(str(e.get("station_id")), h) for e in events if e.get("kind") == "received"
                for h in (e.get("page_hashes") or [])}  # unless each page row says so itself (in_chain)
    for page in pages:
        yield from _check_archive_copy(page, counts)
        if page.get("actual") is not None:
            counts["pages"] = counts.get("pages", 0) + 1
            if page["actual"] != page["sha256"]:
                yield Problem(
                    what="page_altered", station_id=page["station_id"], document_id=page["document_id"],
                    expected=page["sha256"], found=page["actual"],
                    message_de=f"Die Seite {page['id']} wurde in der Zentrale verändert: ihr Inhalt hat nicht mehr "
                               f"den SHA-256 {page['sha256'][:16]}….",
                    message_en=f"Page {page['id']} was altered centrally: its content no longer has the SHA-256 "
                               f"{page['sha256'][:16]}….")
                continue
        in_chain = page["in_chain"] if "in_chain" in page else (str(page["station_id"]), page["sha256"]) in received
        if not in_chain:
            yield Problem(
                what="page_not_in_chain", station_id=page["station_id"], document_id=page["document_id"],
                expected=page["sha256"],
                message_de=f"Die Seite {page['id']} (SHA-256 {page['sha256'][:16]}…) hat kein Eingangsereignis "
                           "in der Prüfkette ihrer Station.",
                message_en=f"Page {page['id']} (SHA-256 {page['sha256'][:16]}…) has no received event in its "
                           "station's audit chain.")


def _check_archive_copy(page: Mapping[str, Any], counts: dict[str, int]) -> Iterator[Problem]:
    """A page kept centrally as its archive copy: the copy hashes to its recorded SHA-256, and the
    station's chain seals that copy (with its verified OCR agreement) for this very page."""
    if not page.get("archive_sha256"):
        return
    counts["pages"] = counts.get("pages", 0) + 1
    if page.get("archive_actual") != page["archive_sha256"]:
        yield Problem(
            what="page_altered", station_id=page["station_id"], document_id=page["document_id"],
            expected=page["archive_sha256"], found=page.get("archive_actual"),
            message_de=f"Die Archivkopie der Seite {page['id']} wurde in der Zentrale verändert.",
            message_en=f"The archive copy of page {page['id']} was altered centrally.")
    elif page.get("archive_in_chain") is False:
        yield Problem(
            what="archive_not_in_chain", station_id=page["station_id"], document_id=page["document_id"],
            expected=page["archive_sha256"],
            message_de=f"Die Archivkopie der Seite {page['id']} ist durch kein Archivierungsereignis der "
                       "Prüfkette belegt.",
            message_en=f"The archive copy of page {page['id']} is not sealed by an archived event of the chain.")


def check_amendments(amendments: list[Mapping[str, Any]], by_id: Mapping[str, Mapping[str, Any]]) -> Iterator[Problem]:
    """A correction after sync is kept as an amendment row; it must match the event it came from."""
    for row in amendments:
        event = by_id.get(str(row["id"]))
        data = (event or {}).get("data") or {}
        if event is None or (row.get("doc_type") or None) != (data.get("doc_type") or None) \
                or normalise_fields(row.get("fields")) != normalise_fields(data.get("fields")):
            yield Problem(
                what="amendment_differs", seq=(event or {}).get("seq"), kind="corrected",
                station_id=row.get("station_id"), document_id=str(row["document_id"]),
                message_de=f"Die Nachkorrektur von Dokument {row['document_id']} weicht vom Korrektur-Ereignis ab.",
                message_en=f"The amendment of document {row['document_id']} differs from its correction event.")


def stream(conn: Any, sql: str, params: tuple = (), name: str = "audit_walk") -> Iterator[dict[str, Any]]:
    """Rows through a server-side cursor: a year of central events never sits in memory at once."""
    from psycopg.rows import dict_row

    with conn.transaction(), conn.cursor(name=name, row_factory=dict_row) as cur:
        cur.itersize = 2000
        cur.execute(sql, params)
        yield from cur


ARCHIVE_COLUMNS = (  # an archive copy: its bytes' hash, and whether an "archived" event seals it for this page
    "p.archive_sha256, CASE WHEN p.archive IS NULL THEN NULL ELSE encode(sha256(p.archive), 'hex') END AS archive_actual, "
    # CASE, not OR: the look-up runs only for a page that has a copy, and then within its batch (indexed)
    "CASE WHEN p.archive_sha256 IS NULL THEN true ELSE EXISTS (SELECT 1 FROM central.audit_events e "
    "WHERE e.station_id = p.station_id AND e.batch_id = p.batch_id AND e.kind = 'archived' "
    "AND e.data ->> 'archive_sha256' = p.archive_sha256 AND (e.data ->> 'verified')::boolean "
    "AND e.page_hashes ? p.sha256) END AS archive_in_chain"
)
PAGE_SQL = (
    "SELECT p.id::text AS id, p.document_id::text AS document_id, p.station_id, p.sha256, "
    "CASE WHEN p.content IS NULL THEN NULL ELSE encode(sha256(p.content), 'hex') END AS actual, "
    "EXISTS (SELECT 1 FROM central.audit_events e WHERE e.station_id = p.station_id AND e.kind = 'received' "
    "AND e.page_hashes ? p.sha256) AS in_chain, " + ARCHIVE_COLUMNS + " FROM central.pages p"
)


def _sealed_with_columns(rows: Iterator[dict[str, Any]], column_problems: list[Problem]) -> Iterator[dict[str, Any]]:
    for row in rows:
        sealed = chain_row(row)
        if len(column_problems) < VerifyReport.MAX_PROBLEMS:
            column_problems.extend(check_columns([row], [sealed]))
        yield sealed


def _check_batch(conn: Any, station_id: str, batch_id: str) -> tuple[list[Problem], int]:
    """Documents and amendments of one batch against that batch's events (indexed by station, batch)."""
    docs = _dicts(conn, "SELECT id::text AS id, received_at, doc_type, fields FROM central.documents "
                        "WHERE station_id = %s AND batch_id = %s ORDER BY position", (station_id, batch_id))
    for doc in docs:  # the central's placeholder for "never classified"
        doc["doc_type"] = None if doc["doc_type"] == "unknown" else doc["doc_type"]
    doc_pages: dict[str, list[str]] = {}
    for doc_id, digest in conn.execute("SELECT document_id::text, sha256 FROM central.pages WHERE batch_id = %s "
                                       "ORDER BY document_id, position", (batch_id,)).fetchall():
        doc_pages.setdefault(doc_id, []).append(digest)
    events = [chain_row(r) for r in _dicts(conn, EVENT_SQL + " WHERE station_id = %s AND batch_id = %s ORDER BY seq",
                                           (station_id, batch_id))]
    amendments = _dicts(conn, "SELECT id::text AS id, document_id::text AS document_id, station_id, doc_type, fields "
                              "FROM central.amendments WHERE document_id = ANY(%s::uuid[])", ([d["id"] for d in docs],))
    problems = list(check_amendments(amendments, {str(e["id"]): e for e in events}))
    # Central documents keep the state they were synced with; later corrections live in amendments.
    amended = {str(a["id"]) for a in amendments}
    as_synced = [e for e in events if not (e["kind"] in DECISION_KINDS and str(e["id"]) in amended)]
    problems += list(check_documents(docs, as_synced, doc_pages))
    problems += _check_delivery_and_tracking(conn, batch_id, events)
    return problems, len(docs)


def _check_delivery_and_tracking(conn: Any, batch_id: str, events: list[dict[str, Any]]) -> list[Problem]:
    """The central batch's and documents' delivery date and tracking numbers against the chain."""
    from station.audit.delivery import check_batch_delivery, check_tracking

    problems: list[Problem] = []
    batch = _dicts(conn, "SELECT delivery_date::text AS delivery_date FROM central.batches WHERE id = %s", (batch_id,))
    if batch:
        problems += list(check_batch_delivery(batch_id, batch[0]["delivery_date"], events))
    for doc in _dicts(conn, "SELECT id::text AS id, delivery_date::text AS delivery_date, tracking_number "
                            "FROM central.documents WHERE batch_id = %s", (batch_id,)):
        if batch and doc["delivery_date"] != batch[0]["delivery_date"]:
            problems += list(check_batch_delivery(batch_id, doc["delivery_date"], events))
        problems += list(check_tracking(doc["id"], doc["tracking_number"], events))
    return problems


def verify_central(conn: Any, station_id: str | None = None) -> VerifyReport:
    """Walk the central copy: every station's chain (or one), its columns, pages, documents, amendments.

    Problems are ordered as locally: chain first, then columns, pages, then amendments and documents
    batch by batch.
    """
    where, params = (" WHERE station_id = %s", (station_id,)) if station_id else ("", ())
    report = VerifyReport(source="central")
    counts = ChainCounts()
    column_problems: list[Problem] = []
    rows = stream(conn, EVENT_SQL + where + " ORDER BY station_id, seq", params)
    report.extend(walk_chain(_sealed_with_columns(rows, column_problems), counts))
    report.events, report.stations = counts.events, counts.stations
    report.extend(column_problems)
    page_counts: dict[str, int] = {}
    pages = stream(conn, PAGE_SQL + where.replace("station_id", "p.station_id") + " ORDER BY p.document_id, p.position",
                   params, name="audit_pages")
    report.extend(check_central_pages(pages, [], page_counts))
    report.pages_checked = page_counts.get("pages", 0)
    batches = conn.execute("SELECT DISTINCT station_id, batch_id::text FROM central.documents" + where
                           + " ORDER BY 1, 2", params).fetchall()
    for sid, batch_id in batches:
        problems, n = _check_batch(conn, sid, batch_id)
        report.extend(problems)
        report.documents_checked += n
    return report


def connect_central(settings: Any) -> Any:
    """Open the configured central store (the sync part's connection rules: TLS, password file)."""
    if not settings.central.host:
        raise SyncError(
            "Es ist kein zentraler Speicher eingerichtet (Einstellung [central] host).",
            "No central store is configured (setting [central] host).",
        )
    from station.sync.connect import connect

    return connect(settings.central, autocommit=True)


def verify_central_settings(settings: Any, station_id: str | None = None) -> VerifyReport:
    with connect_central(settings) as conn:
        return verify_central(conn, station_id)


def make_central_receipt_settings(settings: Any, document_id: str, out: Path, lang: str) -> Path:
    from station.audit.central_receipt import make_central_receipt

    with connect_central(settings) as conn:
        return make_central_receipt(conn, document_id, out, lang)

"""``station audit verify``: walk the local chain, the page files and the documents table.

Opens the SQLite store read-only, so verifying can never "repair" the evidence it checks. Rows are
streamed (a 90-day store holds millions of events): the chain walk keeps one event per station,
page files are checked as their ``received`` events pass by, documents batch by batch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from station.audit.chain import ChainCounts, walk_chain
from station.audit.delivery import check_batch_delivery, check_tracking
from station.audit.documents import check_documents
from station.audit.pagefiles import check_received_pages
from station.audit.report import VerifyReport
from station.errors import StoreError
from station.model import Fields
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

FIELD_NAMES = tuple(Fields().as_dict())
PAGE_HASH_COLUMNS = ("blob_hash", "sha256", "hash")
PAGE_ORDER_COLUMNS = ("doc_ord", "ord", "position")


def open_readonly(db: Any) -> sqlite3.Connection:
    """A read-only connection from a path, a sqlite3 connection, or a Store (its file, not its
    connection: the store's own connection belongs to its writer threads)."""
    if isinstance(db, sqlite3.Connection):
        return db
    inner = getattr(db, "conn", None)
    if isinstance(inner, sqlite3.Connection):
        db = Path(inner.execute("PRAGMA database_list").fetchone()[2])
    path = Path(db)
    if not path.is_file():
        raise StoreError(
            f"Die lokale Datenbank {path} existiert nicht.",
            f"The local database {path} does not exist.",
        )
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(
            f"Die lokale Datenbank {path} lässt sich nicht öffnen: {exc}",
            f"The local database {path} cannot be opened: {exc}",
        ) from exc


def iter_rows(conn: sqlite3.Connection, sql: str, params: tuple = (), size: int = 2000) -> Iterator[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(size):
        for values in chunk:
            yield dict(zip(names, values))


def rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    return list(iter_rows(conn, sql, params))


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def document_row(row: Mapping[str, Any], cols: list[str]) -> dict[str, Any]:
    """A documents row as {id, batch_id, received_at, doc_type, fields}, whatever the column layout."""
    id_col = "id" if "id" in cols else "uuid"
    fields: Any = row.get("fields")
    if "fields" not in cols:
        fields = {name: row.get(name) for name in FIELD_NAMES if name in cols}
    return {"id": row[id_col], "batch_id": row.get("batch_id"), "received_at": row.get("received_at"),
            "doc_type": row.get("doc_type"), "fields": fields}


def page_hash_sql(conn: sqlite3.Connection, where: str = "1", include_deleted: bool = False) -> str | None:
    """SELECT document_id, hash of the documents' pages in order (separator sheets left out; soft-deleted
    pages only if asked: they still date the document they arrived in)."""
    cols = columns(conn, "pages")
    hash_col = next((c for c in PAGE_HASH_COLUMNS if c in cols), None)
    if hash_col is None or "document_id" not in cols:
        return None
    skip = ("separator",) if include_deleted else ("deleted", "separator")
    flags = "".join(f" AND COALESCE({flag}, 0) = 0" for flag in skip if flag in cols)
    order = next((c for c in PAGE_ORDER_COLUMNS if c in cols), "rowid")
    return (f"SELECT document_id, {hash_col} FROM pages WHERE document_id IS NOT NULL AND {where}{flags} "
            f"ORDER BY document_id, {order}")


def read_document_pages(conn: sqlite3.Connection, where: str = "1", params: tuple = (),
                        include_deleted: bool = False) -> dict[str, list[str]]:
    sql = page_hash_sql(conn, where, include_deleted)
    pages: dict[str, list[str]] = {}
    for doc_id, digest in conn.execute(sql, params).fetchall() if sql else []:
        pages.setdefault(str(doc_id), []).append(digest)
    return pages


def _watched(items: Iterable[Any], stage: str, total: int | None, progress: ProgressCallback,
             cancel: CancelToken | None, every: int = 5000) -> Iterator[Any]:
    """Pass items through, reporting progress and honouring the cancel token every ``every`` items."""
    done = 0
    for item in items:
        if done % every == 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if done:
                progress(ProgressEvent(stage, done, total))
        yield item
        done += 1
    progress(ProgressEvent(stage, done, total))


def _check_delivery_and_tracking(conn: sqlite3.Connection, batch_id: Any, events: list[dict[str, Any]],
                                 doc_cols: list[str]) -> list[Any]:
    """The batch's delivery date and its documents' tracking numbers against the chain (stores made
    before these columns existed have nothing to check)."""
    found: list[Any] = []
    if "delivery_date" in columns(conn, "batches"):
        row = conn.execute("SELECT delivery_date FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if row is not None:
            found.extend(check_batch_delivery(batch_id, row[0], events))
    if "tracking_number" in doc_cols:
        for doc_id, number in conn.execute("SELECT id, tracking_number FROM documents WHERE batch_id = ?", (batch_id,)):
            found.extend(check_tracking(doc_id, number, events))
    return found


def _check_documents_by_batch(conn: sqlite3.Connection, report: VerifyReport) -> None:
    """Documents batch by batch: each batch's events come from the batch_id index, never the whole chain."""
    doc_cols = columns(conn, "documents")
    if not doc_cols:
        return
    found = []
    batches = [r[0] for r in conn.execute("SELECT DISTINCT batch_id FROM documents ORDER BY batch_id")]
    for batch_id in batches:
        docs = [document_row(r, doc_cols) for r in iter_rows(conn, "SELECT * FROM documents WHERE batch_id = ?",
                                                                 (batch_id,))]
        events = rows(conn, "SELECT * FROM audit_events WHERE batch_id = ? ORDER BY seq", (batch_id,))
        pages = read_document_pages(conn, "batch_id = ?", (batch_id,), include_deleted=True)
        found.extend(check_documents(docs, events, pages))
        found.extend(_check_delivery_and_tracking(conn, batch_id, events, doc_cols))
        report.documents_checked += len(docs)
    report.extend(sorted(found, key=lambda p: (p.seq is None, p.seq or 0)))


def verify_local(db: Any, blobs_dir: Path | str | None, progress: ProgressCallback = no_progress,
                 cancel: CancelToken | None = None) -> VerifyReport:
    """Verify a station's local store: chain, page files under ``blobs_dir``, documents table.

    Problems are ordered chain first (by station, seq: everything else leans on the chain), then
    page files, then documents; ``report.first`` is the one to act on.
    """
    conn = open_readonly(db)
    try:
        if not columns(conn, "audit_events"):
            raise StoreError(
                "Die lokale Datenbank enthält keine Audit-Ereignisse (Tabelle audit_events fehlt).",
                "The local database holds no audit events (table audit_events is missing).",
            )
        report = VerifyReport(source="local")
        total = conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
        counts = ChainCounts()
        events = iter_rows(conn, "SELECT * FROM audit_events ORDER BY station_id, seq")
        report.extend(walk_chain(_watched(events, "audit-chain", total, progress, cancel), counts))
        report.events, report.stations = counts.events, counts.stations
        if blobs_dir is not None:
            purged = rows(conn, "SELECT batch_id, page_hashes FROM audit_events WHERE kind = 'purged'")
            received = iter_rows(conn, "SELECT * FROM audit_events WHERE kind = 'received' ORDER BY station_id, seq")
            page_counts: dict[str, int] = {}
            report.extend(check_received_pages(_watched(received, "audit-pages", None, progress, cancel),
                                               Path(blobs_dir), purged, page_counts))
            report.pages_checked = page_counts.get("pages", 0)
        _check_documents_by_batch(conn, report)
        return report
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"Die lokale Datenbank ist nicht lesbar: {exc}",
            f"The local database cannot be read: {exc}",
        ) from exc
    finally:
        if not isinstance(db, sqlite3.Connection):
            conn.close()

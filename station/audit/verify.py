"""``station audit verify``: walk the local chain, the page files and the documents table.

Opens the SQLite store read-only, so verifying can never "repair" the evidence it checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from station.audit.chain import ChainCounts, walk_chain
from station.audit.documents import check_documents
from station.audit.pagefiles import check_page_files, index_blobs
from station.audit.report import VerifyReport
from station.errors import StoreError
from station.model import Fields

FIELD_NAMES = tuple(Fields().as_dict())


def open_readonly(db: Any) -> sqlite3.Connection:
    """A read-only connection from a path, a sqlite3 connection, or an object holding one."""
    if isinstance(db, sqlite3.Connection):
        return db
    for attr in ("conn", "db"):  # a Store (sqlite-utils Database in .db, its .conn)
        inner = getattr(db, attr, None)
        if inner is not None and not isinstance(db, (str, Path)):
            return open_readonly(inner)
    path = Path(db)
    if not path.is_file():
        raise StoreError(
            f"Die lokale Datenbank {path} existiert nicht.",
            f"The local database {path} does not exist.",
        )
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(
            f"Die lokale Datenbank {path} lässt sich nicht öffnen: {exc}",
            f"The local database {path} cannot be opened: {exc}",
        ) from exc


def rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def read_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    if not columns(conn, "audit_events"):
        raise StoreError(
            "Die lokale Datenbank enthält keine Audit-Ereignisse (Tabelle audit_events fehlt).",
            "The local database holds no audit events (table audit_events is missing).",
        )
    return rows(conn, "SELECT * FROM audit_events ORDER BY station_id, seq")


def read_documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Documents as {id, received_at, doc_type, fields}, whatever the store's column layout."""
    cols = columns(conn, "documents")
    if not cols:
        return []
    id_col = "id" if "id" in cols else "uuid"
    found = rows(conn, f"SELECT * FROM documents ORDER BY {id_col}")
    out = []
    for row in found:
        fields: Any = row.get("fields")
        if "fields" not in cols:
            fields = {name: row.get(name) for name in FIELD_NAMES if name in cols}
        out.append({"id": row[id_col], "received_at": row.get("received_at"),
                    "doc_type": row.get("doc_type"), "fields": fields})
    return out


PAGE_HASH_COLUMNS = ("blob_hash", "sha256", "hash")
PAGE_ORDER_COLUMNS = ("doc_ord", "ord", "position")


def page_hash_sql(conn: sqlite3.Connection, where: str = "1") -> str | None:
    """SELECT document_id, hash of the documents' live pages in order (separators, deleted pages out)."""
    cols = columns(conn, "pages")
    hash_col = next((c for c in PAGE_HASH_COLUMNS if c in cols), None)
    if hash_col is None or "document_id" not in cols:
        return None
    flags = "".join(f" AND COALESCE({flag}, 0) = 0" for flag in ("deleted", "separator") if flag in cols)
    order = next((c for c in PAGE_ORDER_COLUMNS if c in cols), "rowid")
    return (f"SELECT document_id, {hash_col} FROM pages WHERE document_id IS NOT NULL AND {where}{flags} "
            f"ORDER BY document_id, {order}")


def read_document_pages(conn: sqlite3.Connection, where: str = "1", params: tuple = ()) -> dict[str, list[str]]:
    sql = page_hash_sql(conn, where)
    pages: dict[str, list[str]] = {}
    for doc_id, digest in conn.execute(sql, params).fetchall() if sql else []:
        pages.setdefault(str(doc_id), []).append(digest)
    return pages


def verify_rows(source: str, events: list[Mapping[str, Any]], documents: list[Mapping[str, Any]],
                blobs: Mapping[str, Path] | None, doc_pages: Mapping[str, list[str]] | None = None) -> VerifyReport:
    """The walk shared by the local and the central check: chain, then page files, then documents.

    Chain problems come first because everything else leans on the chain; within each part the
    order is the chain's own (station, seq), so ``report.first`` is the earliest break.
    """
    report = VerifyReport(source=source)
    counts = ChainCounts()
    report.problems.extend(walk_chain(events, counts))
    report.events, report.stations = counts.events, counts.stations
    if blobs is not None:
        page_counts: dict[str, int] = {}
        page_problems = list(check_page_files(events, blobs, page_counts))
        report.problems.extend(sorted(page_problems, key=lambda p: (str(p.station_id), p.seq or 0)))
        report.pages_checked = page_counts.get("pages", 0)
    doc_problems = list(check_documents(documents, list(events), doc_pages))
    report.problems.extend(sorted(doc_problems, key=lambda p: (p.seq is None, p.seq or 0)))
    report.documents_checked = len(documents)
    return report


def verify_local(db: Any, blobs_dir: Path | str | None) -> VerifyReport:
    """Verify a station's local store: chain, page files under ``blobs_dir``, documents table."""
    conn = open_readonly(db)
    try:
        events = read_events(conn)
        documents = read_documents(conn)
        doc_pages = read_document_pages(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"Die lokale Datenbank ist nicht lesbar: {exc}",
            f"The local database cannot be read: {exc}",
        ) from exc
    finally:
        if isinstance(db, (str, Path)):
            conn.close()
    blobs = index_blobs(Path(blobs_dir)) if blobs_dir is not None else None
    return verify_rows("local", events, documents, blobs, doc_pages)

"""The local store's schema, grown by numbered migrations registered as functions.

Each migration runs once, in order, inside one transaction, and is recorded by name in the
``migrations`` table (the sqlite-utils way). Never edit a released migration: add the next one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name (``m001_…``) is what the table records."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def _immutable(table: str, column: str) -> str:
    """A trigger that refuses to change ``column`` once it holds a value (legal evidence)."""
    return f"""
    CREATE TRIGGER {table}_{column}_immutable BEFORE UPDATE OF {column} ON {table}
    WHEN OLD.{column} IS NOT NULL AND NEW.{column} IS NOT OLD.{column}
    BEGIN SELECT RAISE(ABORT, '{table}.{column} is immutable once set'); END;
    """


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one: ``executescript`` would COMMIT the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending[:60]!r}")


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE batches (
            id TEXT PRIMARY KEY,
            station_id TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            profile TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            separation TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            closed_at TEXT,
            exported_at TEXT,
            synced_at TEXT,
            purged_at TEXT,
            meta TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            batch_id TEXT NOT NULL REFERENCES batches(id),
            ord INTEGER NOT NULL,
            state TEXT NOT NULL,
            doc_type TEXT,
            department TEXT,
            confidence REAL,
            needs_review INTEGER NOT NULL DEFAULT 1,
            model_version TEXT,
            fields TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL,
            postmark_date TEXT,
            source_file TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        );
        CREATE INDEX documents_batch ON documents(batch_id, ord);
        CREATE TABLE pages (
            id TEXT PRIMARY KEY,
            batch_id TEXT NOT NULL REFERENCES batches(id),
            ord INTEGER NOT NULL,
            document_id TEXT REFERENCES documents(id),
            doc_ord INTEGER,
            blob_hash TEXT NOT NULL,
            raw_size INTEGER NOT NULL DEFAULT 0,
            sheet INTEGER,
            side TEXT NOT NULL DEFAULT 'front',
            dpi INTEGER NOT NULL DEFAULT 300,
            received_at TEXT NOT NULL,
            source_file TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            processed_at TEXT,
            clean_hash TEXT,
            width INTEGER,
            height INTEGER,
            blank INTEGER NOT NULL DEFAULT 0,
            blank_score REAL,
            rotation INTEGER NOT NULL DEFAULT 0,
            skew REAL NOT NULL DEFAULT 0,
            crop TEXT,
            ocr_text TEXT,
            words TEXT,
            error TEXT,
            separator INTEGER NOT NULL DEFAULT 0,
            separator_kind TEXT,
            barcodes TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            UNIQUE (batch_id, ord)
        );
        CREATE INDEX pages_document ON pages(document_id, doc_ord);
        CREATE INDEX pages_blob ON pages(blob_hash);
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            old_doc_type TEXT,
            new_doc_type TEXT,
            old_fields TEXT NOT NULL DEFAULT '{}',
            new_fields TEXT NOT NULL DEFAULT '{}',
            used_for_training INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE outbox (
            batch_id TEXT PRIMARY KEY,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            synced_at TEXT
        );
        CREATE TABLE exports (
            document_id TEXT PRIMARY KEY,
            batch_id TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            pdf_path TEXT NOT NULL,
            json_path TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            page_count INTEGER NOT NULL
        );
        CREATE TABLE audit_events (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            station_id TEXT NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            batch_id TEXT,
            document_id TEXT,
            page_hashes TEXT NOT NULL DEFAULT '[]',
            data TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_batch ON audit_events(batch_id);
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        """
        + _immutable("documents", "received_at")
        + _immutable("pages", "received_at")
    )


def applied(conn: sqlite3.Connection) -> set[str]:
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    return {row[0] for row in conn.execute("SELECT name FROM migrations")}


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; each in its own transaction. Returns their names."""
    done = applied(conn)
    ran = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if name in applied(conn):  # another process migrated while we waited for the lock
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        ran.append(name)
    return ran


@migration
def m004_delivery_date_and_registered_mail(conn: sqlite3.Connection) -> None:
    """The date the post reached the mailroom (per batch: the legal date of receipt of every letter in
    it), and registered mail: the flag, the UPU S10 tracking number, the envelope page kept as evidence;
    and each page's verified archive copy (G4 or JPEG 2000) with its OCR word agreement.
    The delivery date may be corrected (audited) while the batch is open, never once it is closed."""
    run_script(
        conn,
        """
        ALTER TABLE batches ADD COLUMN delivery_date TEXT;
        ALTER TABLE batches ADD COLUMN delivery_reason TEXT;
        ALTER TABLE batches ADD COLUMN delivered_at TEXT;
        ALTER TABLE documents ADD COLUMN registered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE documents ADD COLUMN tracking_number TEXT;
        ALTER TABLE pages ADD COLUMN envelope INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pages ADD COLUMN archive_hash TEXT;
        ALTER TABLE pages ADD COLUMN archive_agreement REAL;
        CREATE INDEX documents_tracking ON documents(tracking_number) WHERE tracking_number IS NOT NULL;
        CREATE TRIGGER batches_delivery_immutable BEFORE UPDATE OF delivery_date, delivery_reason, delivered_at
        ON batches
        WHEN OLD.closed_at IS NOT NULL AND (NEW.delivery_date IS NOT OLD.delivery_date
            OR NEW.delivery_reason IS NOT OLD.delivery_reason OR NEW.delivered_at IS NOT OLD.delivered_at)
        BEGIN SELECT RAISE(ABORT, 'batches.delivery_date is immutable once the batch is closed'); END;
        CREATE TRIGGER documents_registered_immutable BEFORE UPDATE OF registered, tracking_number ON documents
        WHEN (SELECT closed_at FROM batches WHERE id = OLD.batch_id) IS NOT NULL
            AND (NEW.registered IS NOT OLD.registered OR NEW.tracking_number IS NOT OLD.tracking_number)
        BEGIN SELECT RAISE(ABORT, 'documents.tracking_number is immutable once the batch is closed'); END;
        """
    )


@migration
def m005_review_reason(conn: sqlite3.Connection) -> None:
    """Why the model left a document for a person (``Classification.review_reason``: unreadable,
    cancellation only mentioned, low confidence), so the desk can say it next to "prüfen"."""
    run_script(conn, "ALTER TABLE documents ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';")

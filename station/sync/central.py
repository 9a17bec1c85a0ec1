"""Sending one batch (and the audit chain) to the central PostgreSQL store, idempotently.

A batch goes in bounded transactions: documents with their pages (``ON CONFLICT DO NOTHING``, so a replay
after a kill or a cut connection is harmless; documents already central are skipped, their bytes not
re-sent), then one final transaction that compares every page hash the central holds with the station's
and inserts the batch row. The batch row is the commit marker: the database refuses it unless every
document and page is there, then routes the documents and sends ``NOTIFY documents_ready``. Only after
that commit may the station mark the batch synced.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

import psycopg

from station.errors import SyncError
from station.sync.payload import AuditEventPayload, BatchPayload, DocumentPayload, SendResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Upper bounds of one transaction: short transactions keep locks short and retries cheap."""

    max_pages: int = 64
    max_bytes: int = 32 * 1024 * 1024
    max_events: int = 500


def refused(exc: psycopg.Error) -> SyncError:
    """A database error during sending as an operator message; connection losses say "will retry"."""
    if isinstance(exc, psycopg.OperationalError) and not getattr(exc, "sqlstate", None):
        return SyncError(
            "Die Verbindung zur Zentrale ist abgebrochen. Die Übertragung wird wiederholt; nichts geht verloren.",
            "The connection to the central store broke. Sending will be retried; nothing is lost.",
            detail=str(exc),
        )
    state = getattr(exc, "sqlstate", "") or ""
    diag = getattr(exc, "diag", None)
    text = (diag.message_primary if diag and diag.message_primary else str(exc)) or str(exc)
    if state == "SC001":
        de, en = "Eine Seite kam bei der Zentrale beschädigt an (Prüfsumme falsch)", "A page arrived damaged (checksum mismatch)"
    elif state == "SC002":
        de, en = "Ein Protokolleintrag passt nicht zu seiner Prüfsumme", "An audit event does not match its hash"
    elif state == "SC003":
        de, en = "Die Prüfkette des Protokolls ist unterbrochen; die Zentrale nimmt sie nicht an", "The audit chain is broken; the central store refuses it"
    elif state == "SC004":
        de, en = "Der Stapel kam unvollständig an", "The batch arrived incomplete"
    elif state == "SC005":
        de, en = ("Das Eingangsdatum eines Dokuments liegt mehr als zwei Jahre von heute entfernt; bitte die Uhr der "
                  "Station prüfen", "A document's received date is more than two years from today; please check the "
                  "station's clock")
    elif state.startswith("53") or state.startswith("54"):
        de, en = "Die Zentrale hat keinen Platz mehr für die Daten (Kontingent voll)", "The central store has no room for the data (quota full)"
    elif state == "42501":
        de, en = "Die Zentrale verweigert dieser Station den Zugriff", "The central store denies this station access"
    elif state in ("55P03", "57014", "25P03"):
        de, en = "Die Zentrale hat nicht rechtzeitig geantwortet (Zeitüberschreitung); die Übertragung wird wiederholt", "The central store did not answer in time (timeout); sending will be retried"
    elif state.startswith("08") or state.startswith("57"):
        de, en = "Die Verbindung zur Zentrale ist abgebrochen; die Übertragung wird wiederholt", "The connection to the central store broke; sending will be retried"
    else:
        de, en = "Die Zentrale hat die Daten abgelehnt", "The central store rejected the data"
    return SyncError(f"{de}. ({text})", f"{en}. ({text})", detail=f"SQLSTATE {state}: {exc}")


def _chunks(docs: list[DocumentPayload], limits: Limits) -> Iterator[list[DocumentPayload]]:
    """Whole documents per transaction, until the page or byte bound would be passed."""
    chunk: list[DocumentPayload] = []
    pages = size = 0
    for doc in docs:
        d_pages = len(doc.pages)
        d_size = sum(p.size for p in doc.pages)  # the lossless size: an upper bound of what is sent
        if chunk and (pages + d_pages > limits.max_pages or size + d_size > limits.max_bytes):
            yield chunk
            chunk, pages, size = [], 0, 0
        chunk.append(doc)
        pages += d_pages
        size += d_size
    if chunk:
        yield chunk


def _ensure_partitions(conn: psycopg.Connection, docs: Iterable[DocumentPayload]) -> None:
    months = sorted({d.received_at.astimezone(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0) for d in docs})
    for month in months:
        with conn.transaction():
            conn.execute("SELECT central.ensure_document_partition(%s)", (month,))


def _insert_documents(conn: psycopg.Connection, batch: BatchPayload, docs: list[DocumentPayload]) -> int:
    sent = 0
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO central.documents (id, received_at, station_id, batch_id, position, doc_type, department,"
            " confidence, fields, page_count, delivery_date, registered, tracking_number)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [
                (d.id, d.received_at, batch.station_id, batch.id, d.position, d.doc_type, d.department,
                 d.confidence, json.dumps(d.fields, ensure_ascii=False), len(d.pages),
                 d.delivery_date or batch.delivery_date, d.registered, d.tracking_number)
                for d in docs
            ],
        )
        rows = []
        for d in docs:
            for p in d.pages:
                data = p.read_verified()
                sent += len(data)
                archived = p.archive_sha256 is not None
                rows.append((p.id, d.id, batch.id, batch.station_id, p.position, p.sha256, p.size, p.media_type,
                             None if archived else data, "archive-copy" if archived else None,
                             data if archived else None, p.archive_sha256, p.archive_media_type, p.archive_agreement))
        cur.executemany(
            "INSERT INTO central.pages (id, document_id, batch_id, station_id, position, sha256, size, media_type,"
            " content, reference, archive, archive_sha256, archive_media_type, archive_word_agreement)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            rows,
        )
    return sent


def batch_is_central(conn: psycopg.Connection, batch_id: str) -> bool:
    return conn.execute("SELECT 1 FROM central.batches WHERE id = %s", (batch_id,)).fetchone() is not None


def send_batch(conn: psycopg.Connection, batch: BatchPayload, limits: Limits = Limits()) -> SendResult:
    """Make the batch complete in the central store (autocommit connection). Safe to repeat."""
    result = SendResult(batch.id)
    try:
        if batch_is_central(conn, batch.id):
            result.already_central = True
            return result
        _ensure_partitions(conn, batch.documents)
        present = {str(r[0]) for r in conn.execute("SELECT id FROM central.documents WHERE batch_id = %s", (batch.id,))}
        todo = [d for d in batch.documents if d.id not in present]
        for chunk in _chunks(todo, limits):
            with conn.transaction():
                result.bytes_sent += _insert_documents(conn, batch, chunk)
            result.transactions += 1
            result.documents += len(chunk)
            result.pages += sum(len(d.pages) for d in chunk)
        with conn.transaction():
            _verify_pages(conn, batch)
            conn.execute(
                "INSERT INTO central.batches (id, station_id, name, source, operator, created_at, closed_at,"
                " document_count, page_count, delivery_date, delivery_reason, delivered_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (batch.id, batch.station_id, batch.name, batch.source, batch.operator, batch.created_at,
                 batch.closed_at, len(batch.documents), batch.page_count, batch.delivery_date,
                 batch.delivery_reason, batch.delivered_at),
            )
        result.transactions += 1
    except psycopg.Error as exc:
        raise refused(exc) from exc
    log.info("batch %s central: %d documents, %d pages in %d transactions", batch.id, result.documents,
             result.pages, result.transactions)
    return result


def _verify_pages(conn: psycopg.Connection, batch: BatchPayload) -> None:
    """Every page the station has is central with the same hash and size, and nothing else is."""
    central = {
        str(r[0]): (r[1], r[2])
        for r in conn.execute("SELECT id, sha256, size FROM central.pages WHERE batch_id = %s", (batch.id,))
    }
    local = {p.id: (p.sha256, p.size) for d in batch.documents for p in d.pages}
    if central != local:
        missing = sorted(set(local) - set(central))
        wrong = sorted(k for k in set(local) & set(central) if local[k] != central[k])
        raise SyncError(
            f"Stapel {batch.id}: Die Seiten in der Zentrale stimmen nicht mit der Station überein "
            f"({len(missing)} fehlen, {len(wrong)} abweichend).",
            f"Batch {batch.id}: the central pages differ from the station's ({len(missing)} missing, {len(wrong)} differ).",
        )


def central_head(conn: psycopg.Connection, station_id: str) -> tuple[str, int] | None:
    """Where this station's audit chain ends in the central store (hash, local seq), if anywhere."""
    row = conn.execute("SELECT hash, seq FROM central.audit_heads WHERE station_id = %s", (station_id,)).fetchone()
    return (row[0], int(row[1])) if row else None


def send_audit_events(conn: psycopg.Connection, events: list[AuditEventPayload], limits: Limits = Limits()) -> int:
    """Append events (in chain order) to the central chain; the database checks every link."""
    sent = 0
    try:
        for i in range(0, len(events), limits.max_events):
            chunk = events[i : i + limits.max_events]
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO central.audit_events (id, station_id, seq, at, kind, operator, batch_id, document_id,"
                    " page_hashes, data, canonical, prev_hash, hash)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [
                        (e.id, e.station_id, e.seq, e.at, e.kind, e.operator or "", e.batch_id, e.document_id,
                         json.dumps(e.page_hashes), json.dumps(e.data, ensure_ascii=False), e.canonical,
                         e.prev_hash, e.hash)
                        for e in chunk
                    ],
                )
            sent += len(chunk)
    except psycopg.Error as exc:
        raise refused(exc) from exc
    return sent


def clock_drift_s(conn: psycopg.Connection) -> float:
    """Station clock minus central clock, in seconds (half the round trip is allowed for)."""
    before = datetime.now(timezone.utc)
    server = conn.execute("SELECT clock_timestamp()").fetchone()[0]  # type: ignore[index]
    after = datetime.now(timezone.utc)
    local_mid = before + (after - before) / 2
    return (local_mid - server).total_seconds()

"""The station side of sync: what the local store has queued, as payloads ready to send.

The store (``station.store``) owns the outbox table: ``close_batch`` queues a batch, ``outbox_pending()``
lists what is left oldest first, ``mark_synced()`` records the central commit. This module only reads
the store through that seam (and ``load_batch``/``page_path``/``events_after``) and turns rows into
``station.sync.payload`` objects. Page bytes sent are the raw page images whose SHA-256 the store
recorded when it made them durable (the same hashes the audit chain carries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from station.store import Store
from station.sync.payload import AuditEventPayload, BatchPayload, DamagedPageError, DocumentPayload, PagePayload


def parse_time(value: str | None) -> datetime | None:
    """The store's ISO 8601 UTC text as an aware datetime (naive text is taken as UTC)."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _media_type(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {
        "png": "image/png",
        "tif": "image/tiff",
        "tiff": "image/tiff",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "pdf": "application/pdf",
        "pbm": "image/x-portable-bitmap",
        "pgm": "image/x-portable-graymap",
        "ppm": "image/x-portable-pixmap",
    }.get(suffix, "application/octet-stream")


def batch_payload(store: Store, batch_id: str) -> BatchPayload:
    """Everything of one closed batch that goes central: its documents in order, their pages in order."""
    from station.store.archive import ensure_archive_copies, media_of

    ensure_archive_copies(store, batch_id)  # verified JPEG 2000 for grey/colour pages: what goes central
    archive_media = media_of
    batch = store.load_batch(batch_id)
    docs = []
    for doc in sorted(batch.documents, key=lambda d: d.ord):
        pages = []
        for page in sorted(doc.pages, key=lambda p: (p.doc_ord if p.doc_ord is not None else p.ord, p.ord)):
            if page.deleted:
                continue
            file = store.page_path(page)
            path = str(file)
            copy = store.blobs.find(page.archive_hash) if page.archive_hash and page.archive_hash != page.blob_hash else None
            pages.append(
                PagePayload(
                    id=page.id,
                    position=len(pages),
                    sha256=page.blob_hash,
                    size=file.stat().st_size,  # bytes of the image file (raw_size counts pixels)
                    path=path,
                    media_type=_media_type(path),
                    archive_path=str(copy) if copy else None,
                    archive_sha256=page.archive_hash if copy else None,
                    archive_media_type=archive_media(copy) if copy else None,
                    archive_agreement=page.archive_agreement if copy else None,
                )
            )
        received = parse_time(doc.received_at)
        assert received is not None  # the store never keeps a document without its received time
        docs.append(
            DocumentPayload(
                id=doc.id,
                position=doc.ord,
                received_at=received,
                doc_type=doc.doc_type or "unknown",
                department=doc.department or "unassigned",
                confidence=doc.confidence,
                fields={k: v for k, v in (doc.fields or {}).items()},
                pages=pages,
                delivery_date=_day(batch.delivery_date),
                registered=doc.registered,
                tracking_number=doc.tracking_number,
            )
        )
    return BatchPayload(
        id=batch.id,
        station_id=batch.station_id,
        name=str(batch.meta.get("name", "")) if isinstance(batch.meta, dict) else "",
        source=batch.source,
        operator=batch.operator or "",
        created_at=parse_time(batch.started_at),
        closed_at=parse_time(batch.closed_at),
        documents=docs,
        delivery_date=_day(batch.delivery_date),
        delivery_reason=batch.delivery_reason,
        delivered_at=parse_time(batch.delivered_at),
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def check_pages(batch: BatchPayload) -> None:
    """Every page file of the batch still has its recorded bytes, before anything of it is sent: a
    damaged page raises ``DamagedPageError`` naming its document and page, and the batch is held back
    whole (no document of it half-sent, the batches behind it not blocked)."""
    for doc in batch.documents:
        for page in doc.pages:
            if not page.intact():
                raise DamagedPageError(
                    page,
                    f"Dokument {doc.position + 1}, Seite {page.position + 1}",
                    f"Document {doc.position + 1}, page {page.position + 1}",
                )


def event_payload(row: dict[str, Any]) -> AuditEventPayload:
    return AuditEventPayload(
        seq=int(row["seq"]),
        id=row["id"],
        station_id=row["station_id"],
        at=row["at"],
        kind=row["kind"],
        operator=row.get("operator") or "",
        batch_id=row.get("batch_id"),
        document_id=row.get("document_id"),
        page_hashes=list(row.get("page_hashes") or []),
        data=dict(row.get("data") or {}),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def events_after(store: Store, seq: int, limit: int | None = None) -> list[AuditEventPayload]:
    return [event_payload(r) for r in store.events_after(seq, limit)]


def event_at(store: Store, seq: int) -> AuditEventPayload | None:
    rows = store.events_after(seq - 1, 1) if seq > 0 else []
    return event_payload(rows[0]) if rows and int(rows[0]["seq"]) == seq else None


@dataclass(frozen=True)
class QueueState:
    """What the GUI and doctor show: how much waits, since when."""

    pending: int
    oldest_queued_at: datetime | None
    oldest_age_s: float | None
    last_error: str | None
    errors: tuple[str, ...] = ()  # every waiting batch's last error, oldest batch first


def in_language(error: str) -> str:
    """An outbox error in the operator's language: a held batch keeps its reason as a German line and an
    English line (``Store.hold_for_sync``); other errors are kept as one line."""
    from station.i18n import say

    de, sep, en = error.partition("\n")
    return say(de, en) if sep else error


def queue_state(store: Store, now: datetime | None = None) -> QueueState:
    items = store.outbox_pending()
    now = now or datetime.now(timezone.utc)
    if not items:
        return QueueState(0, None, None, None)
    oldest = min((parse_time(i.queued_at) for i in items), key=lambda t: t or now)
    errors = [i.last_error for i in items if i.last_error]
    return QueueState(len(items), oldest, (now - oldest).total_seconds() if oldest else None,
                      errors[0] if errors else None, tuple(errors))

"""What travels from a station to the central store: plain data, independent of how the local store keeps it.

``station.sync.outbox`` builds these from the local store; ``station.sync.central`` sends them.
Page bytes are read from disk only while a bounded transaction is being filled, never all at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from station.errors import SyncError


@dataclass(frozen=True)
class PagePayload:
    id: str
    position: int
    sha256: str  # hex of the file's bytes, as recorded locally when the page was made durable
    size: int
    path: str  # the page image file in the local blob store
    media_type: str = "image/png"
    archive_path: str | None = None  # the verified archive copy (JPEG 2000) sent instead of the lossless file
    archive_sha256: str | None = None
    archive_media_type: str | None = None
    archive_agreement: float | None = None  # its OCR word agreement with the lossless page (>= 0.99)

    @property
    def sent_path(self) -> str:
        return self.archive_path or self.path

    @property
    def sent_sha256(self) -> str:
        return self.archive_sha256 or self.sha256

    def read_verified(self) -> bytes:
        """The bytes sent (the archive copy if there is one), checked against the local record (a damaged
        file is never sent)."""
        data = Path(self.sent_path).read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sent_sha256:
            raise DamagedPageError(self)
        return data

    def intact(self) -> bool:
        """Whether the scanned file and the file sent (its archive copy, if any) still have the bytes the
        store recorded (read in chunks, not kept). The scanned file is checked even when only its copy
        is sent: it is the evidence the receipt names, and bit rot in it must be repaired before the
        batch leaves the desk."""
        files = {(self.path, self.sha256), (self.sent_path, self.sent_sha256)}
        try:
            for path, digest in files:
                with open(path, "rb") as fh:
                    if hashlib.file_digest(fh, "sha256").hexdigest() != digest:
                        return False
        except OSError:
            return False
        return True


class DamagedPageError(SyncError):
    """A page file that no longer matches the checksum recorded when it was made durable (bit rot, a
    file cut short by a full disk). Its batch is held back, never sent with other bytes, and the batches
    behind it go on."""

    def __init__(self, page: PagePayload, where_de: str = "", where_en: str = "") -> None:
        super().__init__(
            f"{where_de or f'Seite {page.id}'}: Die Bilddatei ist beschädigt (sie passt nicht mehr zu ihrer "
            "Prüfsumme) und wird nicht übertragen. Die Seite bitte neu scannen oder die Datei aus der "
            "Sicherung zurückholen.",
            f"{where_en or f'Page {page.id}'}: the image file is damaged (it no longer matches its checksum) "
            "and is not sent. Scan the page again or restore the file from the backup.",
            detail=page.path,
        )
        self.page = page


@dataclass(frozen=True)
class DocumentPayload:
    id: str
    position: int
    received_at: datetime  # timezone-aware
    doc_type: str
    department: str
    confidence: float | None
    fields: dict[str, Any]
    pages: list[PagePayload]
    delivery_date: date | None = None  # the batch's delivery date: this document's legal date of receipt
    registered: bool = False
    tracking_number: str | None = None  # UPU S10, compact, check digit verified


@dataclass(frozen=True)
class BatchPayload:
    id: str
    station_id: str
    name: str
    source: str
    operator: str
    created_at: datetime | None
    closed_at: datetime | None
    documents: list[DocumentPayload]
    delivery_date: date | None = None  # Posteingangsdatum (None: a batch from before delivery dates)
    delivery_reason: str | None = None
    delivered_at: datetime | None = None  # exact arrival (faxes)

    @property
    def page_count(self) -> int:
        return sum(len(d.pages) for d in self.documents)


@dataclass(frozen=True)
class AuditEventPayload:
    """One row of the local ``audit_events`` table (docs/INTERFACES.md "Audit events")."""

    seq: int
    id: str
    station_id: str
    at: str
    kind: str
    operator: str
    batch_id: str | None
    document_id: str | None
    page_hashes: list[str]
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def canonical(self) -> str:
        """The exact text the station hashed (must match ``station.store.audit.event_hash``)."""
        import json

        return json.dumps(
            {
                "id": self.id,
                "station_id": self.station_id,
                "at": self.at,
                "kind": self.kind,
                "operator": self.operator,
                "batch_id": self.batch_id,
                "document_id": self.document_id,
                "page_hashes": self.page_hashes,
                "data": self.data,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )


@dataclass
class SendResult:
    batch_id: str
    documents: int = 0
    pages: int = 0
    transactions: int = 0
    already_central: bool = False
    bytes_sent: int = 0
    notes: list[str] = field(default_factory=list)

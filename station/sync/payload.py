"""What travels from a station to the central store: plain data, independent of how the local store keeps it.

``station.sync.outbox`` builds these from the local store; ``station.sync.central`` sends them.
Page bytes are read from disk only while a bounded transaction is being filled, never all at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PagePayload:
    id: str
    position: int
    sha256: str  # hex of the file's bytes, as recorded locally when the page was made durable
    size: int
    path: str  # the page image file in the local blob store
    media_type: str = "image/png"

    def read_verified(self) -> bytes:
        """The page bytes, after checking them against the local record (a damaged file is never sent)."""
        data = Path(self.path).read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            from station.errors import SyncError

            raise SyncError(
                f"Seite {self.id}: Die Bilddatei passt nicht mehr zu ihrer Prüfsumme; sie wird nicht übertragen.",
                f"Page {self.id}: the image file no longer matches its checksum; it is not sent.",
                detail=self.path,
            )
        return data


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

"""Rows of the local store as plain dataclasses: what the GUI, export and sync read.

JSON columns are decoded here once, so callers never see serialised text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

from station.model import Box, Word


def _json(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    return json.loads(value) if isinstance(value, str) else value


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in row.items() if k in names}


@dataclass
class StoredPage:
    id: str
    batch_id: str
    ord: int
    blob_hash: str
    received_at: str
    document_id: str | None = None
    doc_ord: int | None = None
    raw_size: int = 0
    sheet: int | None = None
    side: str = "front"
    dpi: int = 300
    source_file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    processed_at: str | None = None
    clean_hash: str | None = None
    width: int | None = None
    height: int | None = None
    blank: bool = False
    blank_score: float | None = None
    rotation: int = 0
    skew: float = 0.0
    crop: Box | None = None
    ocr_text: str | None = None
    words: list[Word] = field(default_factory=list)
    error: str | None = None
    separator: bool = False
    separator_kind: str | None = None
    barcodes: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    envelope: bool = False  # the envelope/label of a registered letter: evidence, not classified
    delivery_date: str | None = None  # the batch's delivery date: this page's legal date of receipt
    archive_hash: str | None = None  # verified archive copy (station.store.archive), if made
    archive_agreement: float | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], *, with_words: bool = True) -> StoredPage:
        data = _pick(cls, row)
        data["meta"] = _json(row.get("meta"), {})
        crop = _json(row.get("crop"), None)
        data["crop"] = Box(**crop) if crop else None
        data["words"] = [Word(**w) for w in _json(row.get("words"), [])] if with_words else []
        data["barcodes"] = _json(row.get("barcodes"), [])
        for flag in ("blank", "separator", "deleted", "envelope"):
            data[flag] = bool(row.get(flag))
        return cls(**data)

    @property
    def processed(self) -> bool:
        return self.processed_at is not None


@dataclass
class StoredDocument:
    id: str
    batch_id: str
    ord: int
    state: str
    received_at: str
    doc_type: str | None = None
    department: str | None = None
    confidence: float | None = None
    needs_review: bool = True
    review_reason: str = ""  # why the model left it for a person (Classification.review_reason)
    model_version: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    postmark_date: str | None = None
    source_file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    registered: bool = False
    tracking_number: str | None = None  # UPU S10, compact ("RR123456785DE"), check digit verified
    delivery_date: str | None = None  # the batch's delivery date (YYYY-MM-DD): the legal date of receipt
    pages: list[StoredPage] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredDocument:
        data = _pick(cls, row)
        data["fields"] = _json(row.get("fields"), {})
        data["meta"] = _json(row.get("meta"), {})
        data["needs_review"] = bool(row.get("needs_review"))
        data["review_reason"] = row.get("review_reason") or ""
        data["registered"] = bool(row.get("registered"))
        data.pop("pages", None)
        return cls(**data)

    @property
    def page_hashes(self) -> list[str]:
        return [p.blob_hash for p in self.pages]


@dataclass
class StoredBatch:
    id: str
    station_id: str
    source: str
    state: str
    started_at: str
    operator: str = ""
    profile: str = ""
    separation: dict[str, Any] = field(default_factory=dict)
    ended_at: str | None = None
    closed_at: str | None = None
    exported_at: str | None = None
    synced_at: str | None = None
    purged_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    delivery_date: str | None = None  # YYYY-MM-DD, Posteingangsdatum: the legal date of receipt of its letters
    delivery_reason: str | None = None  # why it is earlier than the day the batch was started
    delivered_at: str | None = None  # exact arrival (faxes), ISO 8601 UTC
    page_count: int = 0
    document_count: int = 0
    documents: list[StoredDocument] = field(default_factory=list)
    pages: list[StoredPage] = field(default_factory=list)  # every page, separators and deleted ones too

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredBatch:
        data = _pick(cls, row)
        data["separation"] = _json(row.get("separation"), {})
        data["meta"] = _json(row.get("meta"), {})
        data.pop("documents", None)
        data.pop("pages", None)
        return cls(**data)

    def document(self, document_id: str) -> StoredDocument:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        raise KeyError(document_id)

    @property
    def loose_pages(self) -> list[StoredPage]:
        """Pages in no document: separator sheets, blank backs, deleted pages, not yet separated."""
        return [p for p in self.pages if p.document_id is None]

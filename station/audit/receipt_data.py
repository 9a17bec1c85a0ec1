"""What a receipt certificate states, built from the chain (not from the editable tables).

The received time comes from the ``received`` event's sealed data, the page hashes from the
document's pages; the caller has already checked that table and chain agree, so the certificate
never vouches for data the chain does not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from station.audit.chain import parse_at
from station.audit.delivery import SealedDelivery, sealed_delivery, sealed_registration, tracking_of
from station.audit.documents import latest_events, received_event
from station.errors import StationError


class ReceiptError(StationError):
    """No certificate can be issued: unknown document, no received event, or a broken chain."""


@dataclass
class ReceiptData:
    document_id: str
    station_id: str
    received_at: datetime  # aware, UTC
    doc_type: str | None
    customer_number: str | None
    page_hashes: list[str]
    event_seq: int | None
    event_hash: str
    latest_seq: int | None = None
    latest_hash: str | None = None
    source: str = "local"  # or "central"
    type_labels: tuple[str, str] | None = None  # (German, English) from the taxonomy
    extra_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (label_de, label_en, value)
    issued_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    operator: str = ""  # who scanned (the received event's operator)
    delivery: SealedDelivery | None = None  # the batch's delivery date: the legal date of receipt
    tracking_number: str | None = None  # registered mail: UPU S10, compact
    registered: bool = False

    @property
    def legal_date(self) -> str:
        """The legal date of receipt (YYYY-MM-DD): the delivery date, else (batches from before
        delivery dates) the scan day in Berlin."""
        if self.delivery is not None:
            return self.delivery.delivery_date
        from zoneinfo import ZoneInfo

        return self.received_at.astimezone(ZoneInfo("Europe/Berlin")).date().isoformat()

    def doc_type_label(self, lang: str) -> str:
        if not self.doc_type:
            return "unbestimmt" if lang != "en" else "undetermined"
        if self.type_labels:
            label = self.type_labels[1] if lang == "en" else self.type_labels[0]
            return f"{label} ({self.doc_type})"
        return self.doc_type

    def source_label(self, lang: str) -> str:
        if self.source == "central":
            return "zentraler Speicher" if lang != "en" else "central store"
        return f"lokaler Speicher der Station {self.station_id}" if lang != "en" else f"local store of station {self.station_id}"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def type_labels(doc_type: str | None) -> tuple[str, str] | None:
    """German/English label of a document type from the taxonomy, if the classify part provides one."""
    if not doc_type:
        return None
    try:
        from station.taxonomy import load_taxonomy
    except ImportError:
        return None
    try:
        for info in load_taxonomy():
            if info.id == doc_type:
                return (info.label_de, info.label_en)
    except Exception:  # a broken taxonomy must not stop a legal certificate; the id is printed instead
        return None
    return None


FAX_ROWS = (  # keys of the sealed ``fax`` object of a received event (station.store.local.sealed_fax_header)
    ("date", "Sendezeit laut Faxkopf (Uhr des Faxservers)", "Send time per fax header (fax server clock)"),
    ("arrival", "Faxdatei vollständig empfangen", "Fax file completely received"),
    ("sender", "Absendernummer laut Faxkopf", "Sender number per fax header"),
    ("file", "Faxdatei", "Fax file"),
)


def fax_rows(received: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Certificate rows for a fax: what its received event seals, plus when the station took it."""
    fax = (_json(received.get("data")) or {}).get("fax")
    if not isinstance(fax, dict):
        return []
    rows = [(de, en, str(fax[key])) for key, de, en in FAX_ROWS if fax.get(key)]
    taken = parse_at(received.get("at"))
    if taken is not None:
        rows.append(("Von der Station übernommen (UTC)", "Taken in by the station (UTC)",
                     taken.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")))
    return rows


def build_receipt(document: Mapping[str, Any], page_hashes: list[str], events: list[Mapping[str, Any]],
                  dating_hashes: list[str] | None = None, source: str = "local") -> ReceiptData:
    """Assemble the certificate's content from a document row, its page hashes and its events.

    ``dating_hashes`` are the pages that date the document (its pages including soft-deleted ones);
    the earliest ``received`` event among them is the receipt event.
    """
    doc_id = str(document["id"])
    mine = [e for e in events if str(e.get("document_id")) == doc_id]
    by_doc, _decided, by_page = latest_events(events)
    received = received_event(doc_id, dating_hashes if dating_hashes is not None else page_hashes, by_doc, by_page)
    if received is None:
        raise ReceiptError(
            f"Für Dokument {doc_id} gibt es kein Eingangsereignis; eine Eingangsbestätigung ist nicht möglich.",
            f"Document {doc_id} has no received event; no certificate of receipt can be issued.",
        )
    data = _json(received.get("data")) or {}
    at = parse_at(data.get("received_at")) or parse_at(received.get("at"))
    if at is None:
        raise ReceiptError(
            f"Das Eingangsereignis von Dokument {doc_id} hat keine gültige Eingangszeit.",
            f"The received event of document {doc_id} has no valid received time.",
        )
    fields = _json(document.get("fields")) or {}
    latest = max(mine, key=lambda e: e.get("seq") or 0) if mine else received
    extra = fax_rows(received)
    dating = dating_hashes if dating_hashes is not None else page_hashes
    delivery = sealed_delivery(events, document.get("batch_id") or received.get("batch_id"), dating)
    registration = sealed_registration(events, doc_id)
    return ReceiptData(
        document_id=doc_id,
        station_id=str(received.get("station_id")),
        received_at=at.astimezone(timezone.utc),
        doc_type=document.get("doc_type"),
        customer_number=fields.get("customer_number") if isinstance(fields, dict) else None,
        page_hashes=list(page_hashes),
        event_seq=received.get("seq"),
        event_hash=str(received.get("hash")),
        latest_seq=latest.get("seq"),
        latest_hash=latest.get("hash"),
        source=source,
        type_labels=type_labels(document.get("doc_type")),
        extra_rows=extra,
        operator=str(received.get("operator") or ""),
        delivery=delivery,
        tracking_number=tracking_of(registration),
        registered=registration is not None,
    )

"""The legal date of receipt and the registered-mail marking, as the chain proves them.

A letter's legal date of receipt (Zugang) is its batch's delivery date (Posteingangsdatum), not the
moment it was scanned. The chain seals it twice over: every page's ``received`` event carries the
batch's delivery date at that moment, and an operator's choice or change of the date is a
``delivery_dated`` event of the batch. The latest of these (in chain order) is the date that holds.
The tables are convenience copies: a date or tracking number edited by hand no longer matches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from station.audit.report import Problem


def _data(event: Mapping[str, Any]) -> dict[str, Any]:
    value = event.get("data")
    value = json.loads(value) if isinstance(value, (str, bytes)) else value
    return dict(value or {})


def _hashes(event: Mapping[str, Any]) -> list[str]:
    value = event.get("page_hashes")
    value = json.loads(value) if isinstance(value, (str, bytes)) else value
    return [str(h) for h in value or []]


@dataclass(frozen=True)
class SealedDelivery:
    """The delivery date as sealed by one event: the date, why, and which event says so."""

    delivery_date: str  # YYYY-MM-DD
    basis: str  # default | operator | fax_arrival | page (taken from a received event)
    reason: str | None
    delivered_at: str | None
    seq: int | None
    hash: str
    kind: str
    operator: str


def sealed_delivery(events: Iterable[Mapping[str, Any]], batch_id: Any,
                    page_hashes: Iterable[str] | None = None) -> SealedDelivery | None:
    """The latest delivery date the chain seals for ``batch_id`` (restricted, for received events, to
    the given pages when ``page_hashes`` is given). None: the batch predates delivery dates."""
    wanted = set(page_hashes) if page_hashes is not None else None
    best: Mapping[str, Any] | None = None
    chosen: Mapping[str, Any] | None = None  # the latest delivery_dated event: it carries the reason
    for event in events:
        if str(event.get("batch_id")) != str(batch_id):
            continue
        data = _data(event)
        if not data.get("delivery_date"):
            continue
        if event.get("kind") == "received":
            if wanted is not None and not wanted & set(_hashes(event)):
                continue
        elif event.get("kind") != "delivery_dated":
            continue
        if best is None or (event.get("seq") or 0) >= (best.get("seq") or 0):
            best = event
        if event.get("kind") == "delivery_dated" and (chosen is None or (event.get("seq") or 0) >= (chosen.get("seq") or 0)):
            chosen = event
    if best is None:
        return None
    if chosen is not None and _data(chosen).get("delivery_date") == _data(best).get("delivery_date"):
        best = chosen  # pages received after the operator's choice repeat its date; the choice says why
    data = _data(best)
    fax = data.get("fax") if isinstance(data.get("fax"), dict) else {}
    return SealedDelivery(
        delivery_date=str(data["delivery_date"]),
        basis=str(data.get("basis") or ("fax_arrival" if fax.get("arrival") else "page")),
        reason=data.get("reason"),
        delivered_at=data.get("delivered_at") or fax.get("arrival"),
        seq=best.get("seq"),
        hash=str(best.get("hash")),
        kind=str(best.get("kind")),
        operator=str(best.get("operator") or ""),
    )


def sealed_registration(events: Iterable[Mapping[str, Any]], document_id: Any) -> Mapping[str, Any] | None:
    """The latest ``registered`` event of a document (its tracking number and envelope page)."""
    found = None
    for event in events:
        if event.get("kind") == "registered" and str(event.get("document_id")) == str(document_id):
            if found is None or (event.get("seq") or 0) >= (found.get("seq") or 0):
                found = event
    return found


def tracking_of(event: Mapping[str, Any] | None) -> str | None:
    return _data(event).get("tracking_number") if event else None


def _problem(what: str, de: str, en: str, *, batch: Any = None, doc: Any = None,
             event: Mapping[str, Any] | None = None, expected: Any = None, found: Any = None) -> Problem:
    return Problem(what=what, message_de=de, message_en=en, document_id=str(doc) if doc else None,
                   seq=event.get("seq") if event else None, kind=event.get("kind") if event else None,
                   event_id=event.get("id") if event else None, station_id=event.get("station_id") if event else None,
                   expected=expected, found=found)


def check_batch_delivery(batch_id: Any, stored: str | None, events: list[Mapping[str, Any]]) -> Iterator[Problem]:
    """The batches table's delivery date against the chain."""
    sealed = sealed_delivery(events, batch_id)
    if sealed is None:
        if stored:
            yield _problem("delivery_date_unsealed",
                           f"Stapel {batch_id} hat ein Posteingangsdatum ({stored}), das kein Ereignis der Kette belegt.",
                           f"Batch {batch_id} has a delivery date ({stored}) that no event of the chain proves.",
                           batch=batch_id, found=stored)
        return
    if str(stored) != sealed.delivery_date:
        yield _problem("delivery_date_differs",
                       f"Das Posteingangsdatum von Stapel {batch_id} wurde geändert: gespeichert ist {stored}, "
                       f"das Ereignis Nr. {sealed.seq} belegt {sealed.delivery_date}.",
                       f"The delivery date of batch {batch_id} was changed: the table holds {stored}, "
                       f"event #{sealed.seq} proves {sealed.delivery_date}.",
                       batch=batch_id, expected=sealed.delivery_date, found=stored)


def check_tracking(doc_id: Any, stored: str | None, events: list[Mapping[str, Any]]) -> Iterator[Problem]:
    """A document's tracking number against its latest ``registered`` event (the value is not named)."""
    event = sealed_registration(events, doc_id)
    sealed = tracking_of(event)
    if (stored or None) != (sealed or None):
        yield _problem("tracking_number_differs",
                       f"Die Sendungsnummer von Dokument {doc_id} wurde außerhalb der Station geändert "
                       "(sie weicht von der Prüfkette ab).",
                       f"The tracking number of document {doc_id} was changed outside the station "
                       "(it differs from the audit chain).",
                       doc=doc_id, event=event)

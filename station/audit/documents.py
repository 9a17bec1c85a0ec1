"""The documents table against what the audit chain says about each document.

The chain is the proof; the documents table is a convenience copy. Whoever edits a received date
or an index field by hand in SQLite (or in the central database) changes the copy but cannot
re-seal the chain, so the latest ``received`` / ``classified`` / ``corrected`` event disagrees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from station.audit.chain import parse_at
from station.audit.report import Problem

DECISION_KINDS = ("classified", "corrected")


def _json(value: Any) -> Any:
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def normalise_fields(value: Any) -> dict[str, str]:
    """Fields as compared: JSON text or dict, unset (None/empty) entries dropped, values as text."""
    data = _json(value) or {}
    if not isinstance(data, dict):
        return {"?": str(data)}
    return {str(k): str(v) for k, v in data.items() if v not in (None, "")}


def latest_events(events: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Mapping[str, Any]], dict[str, Mapping[str, Any]], dict[str, Mapping[str, Any]]]:
    """Per document: its first ``received`` event and its latest classified/corrected event;
    per page hash: the first ``received`` event naming it (pages arrive before documents exist)."""
    received: dict[str, Mapping[str, Any]] = {}
    decided: dict[str, Mapping[str, Any]] = {}
    by_page: dict[str, Mapping[str, Any]] = {}
    for row in events:
        doc = row.get("document_id")
        if row.get("kind") == "received":
            for h in _json(row.get("page_hashes")) or []:
                by_page.setdefault(str(h), row)
            if doc:
                received.setdefault(str(doc), row)
        elif doc and row.get("kind") in DECISION_KINDS:
            decided[str(doc)] = row
    return received, decided, by_page


def received_event(doc_id: str, page_hashes: Iterable[str], received: Mapping[str, Mapping[str, Any]],
                   by_page: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The event proving when a document arrived: its own ``received`` event, else the earliest
    ``received`` event of any of its pages (the first page on disk dates the document)."""
    if doc_id in received:
        return received[doc_id]
    candidates = [by_page[h] for h in page_hashes if h in by_page]
    return min(candidates, key=_received_key) if candidates else None


def _received_key(event: Mapping[str, Any]) -> tuple:
    at = parse_at((_json(event.get("data")) or {}).get("received_at") or event.get("at"))
    return (at is None, at or 0, event.get("seq") or 0)


def _problem(doc_id: str, row: Mapping[str, Any] | None, what: str, de: str, en: str,
             expected: Any = None, found: Any = None) -> Problem:
    return Problem(
        what=what,
        message_de=de,
        message_en=en,
        seq=row.get("seq") if row else None,
        kind=row.get("kind") if row else None,
        event_id=row.get("id") if row else None,
        station_id=row.get("station_id") if row else None,
        document_id=doc_id,
        expected=expected,
        found=found,
    )


def check_documents(docs: Iterable[Mapping[str, Any]], events: list[Mapping[str, Any]],
                    doc_pages: Mapping[str, list[str]] | None = None) -> Iterator[Problem]:
    """Compare each document's received_at, doc_type and fields with the events that vouch for them.

    ``docs`` rows carry ``id``, ``received_at``, ``doc_type`` and ``fields``; ``doc_pages`` maps a
    document id to its page hashes, for documents dated by their pages' ``received`` events.
    """
    received, decided, by_page = latest_events(events)
    doc_pages = doc_pages or {}
    for doc in docs:
        doc_id = str(doc["id"])
        event = received_event(doc_id, doc_pages.get(doc_id, []), received, by_page)
        yield from _check_received(doc_id, doc.get("received_at"), event)
        yield from _check_decision(doc_id, doc, decided.get(doc_id))


def _check_received(doc_id: str, stored: Any, event: Mapping[str, Any] | None) -> Iterator[Problem]:
    if event is None:
        if stored:
            yield _problem(doc_id, None, "no_received_event",
                           f"Dokument {doc_id} hat ein Eingangsdatum, aber kein „received“-Ereignis in der Kette.",
                           f"Document {doc_id} has a received date but no 'received' event in the chain.")
        return
    vouched = (_json(event.get("data")) or {}).get("received_at") or event.get("at")
    a, b = parse_at(stored), parse_at(vouched)
    same = (a == b) if a is not None and b is not None else str(stored) == str(vouched)
    if not same:
        yield _problem(doc_id, event, "received_at_differs",
                       f"Das Eingangsdatum von Dokument {doc_id} wurde geändert: gespeichert ist {stored}, "
                       f"das Ereignis Nr. {event.get('seq')} belegt {vouched}.",
                       f"The received date of document {doc_id} was changed: the table holds {stored}, "
                       f"event #{event.get('seq')} proves {vouched}.",
                       expected=vouched, found=stored)


def _check_decision(doc_id: str, doc: Mapping[str, Any], event: Mapping[str, Any] | None) -> Iterator[Problem]:
    stored_fields = normalise_fields(doc.get("fields"))
    if event is None:
        # Fields set at separation (a barcode) precede any decision; a type never does.
        if doc.get("doc_type"):
            yield _problem(doc_id, None, "no_decision_event",
                           f"Dokument {doc_id} hat eine Dokumentart ohne „classified“/„corrected“-Ereignis.",
                           f"Document {doc_id} has a document type without a 'classified'/'corrected' event.")
        return
    data = _json(event.get("data")) or {}
    if "doc_type" in data and (data.get("doc_type") or None) != (doc.get("doc_type") or None):
        yield _problem(doc_id, event, "doc_type_differs",
                       f"Die Dokumentart von Dokument {doc_id} wurde geändert: gespeichert „{doc.get('doc_type')}“, "
                       f"Ereignis Nr. {event.get('seq')} belegt „{data.get('doc_type')}“.",
                       f"The type of document {doc_id} was changed: the table holds '{doc.get('doc_type')}', "
                       f"event #{event.get('seq')} proves '{data.get('doc_type')}'.",
                       expected=data.get("doc_type"), found=doc.get("doc_type"))
    if "fields" not in data:
        return
    vouched = normalise_fields(data.get("fields"))
    for name in sorted(set(vouched) | set(stored_fields)):
        if vouched.get(name) != stored_fields.get(name):
            # Field values are personal data: the message names the field, never its value.
            yield _problem(doc_id, event, "field_differs",
                           f"Das Indexfeld „{name}“ von Dokument {doc_id} wurde außerhalb der Station geändert "
                           f"(es weicht vom Ereignis Nr. {event.get('seq')} ab).",
                           f"The index field '{name}' of document {doc_id} was changed outside the station "
                           f"(it differs from event #{event.get('seq')}).",
                           expected=vouched.get(name), found=stored_fields.get(name))
            return

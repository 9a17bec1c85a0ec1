"""The append-only audit trail: who did what, when, to which pages — as a hash chain.

Every event's ``hash`` covers its own content and the previous event's hash, so removing, reordering
or editing any event breaks every hash after it. The exact rules (docs/INTERFACES.md "Audit
events") are shared with ``station audit verify`` and the central store; change them nowhere else.
Events are written inside the caller's transaction, so an event exists if and only if the change
it describes was committed. Triggers in the schema refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from station.model import new_id

GENESIS = "0" * 64
HASHED_KEYS = ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id", "page_hashes", "data")
KINDS = (
    "received",
    "scanned",
    "processed",
    "classified",
    "corrected",
    "postmark_recorded",
    "pages_edited",
    "exported",
    "synced",
    "sync_held",  # a batch sync could not send as it is on disk (page file missing or damaged)
    "purged",
    "delivery_dated",  # the batch's delivery date (Posteingangsdatum), the legal date of receipt
    "registered",  # a document marked registered mail, with its tracking number and envelope page
    "archived",  # a page's archive copy (JPEG/G4), its hash and its verified OCR word agreement
)


def iso_utc(moment: datetime | None = None) -> str:
    """ISO 8601 in UTC with microseconds and an explicit ``+00:00``: one spelling for hashing."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are never stored")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value or [])


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})


def canonical(row: Mapping[str, Any]) -> str:
    """The hashed text of an event: its fields as compact JSON with sorted keys."""
    body = {key: row.get(key) for key in HASHED_KEYS}
    body["page_hashes"] = _as_list(body["page_hashes"])
    body["data"] = _as_dict(body["data"])
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(row: Mapping[str, Any]) -> str:
    """``sha256_hex(prev_hash + "\\n" + canonical)`` of a stored or new event row."""
    text = f"{row['prev_hash']}\n{canonical(row)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def last_hash(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append_event(
    conn: sqlite3.Connection,
    *,
    kind: str,
    station_id: str,
    operator: str = "",
    batch_id: str | None = None,
    document_id: str | None = None,
    page_hashes: Sequence[str] = (),
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Append one event to the chain. Call inside a write transaction (BEGIN IMMEDIATE) so the
    previous hash cannot change under us; returns the stored row."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    row: dict[str, Any] = {
        "id": new_id(),
        "station_id": station_id,
        "at": iso_utc(at),
        "kind": kind,
        "operator": operator or "",
        "batch_id": batch_id,
        "document_id": document_id,
        "page_hashes": list(page_hashes),
        "data": dict(data or {}),
        "prev_hash": last_hash(conn),
    }
    row["hash"] = event_hash(row)
    cursor = conn.execute(
        "INSERT INTO audit_events (id, station_id, at, kind, operator, batch_id, document_id, "
        "page_hashes, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            row["id"],
            row["station_id"],
            row["at"],
            row["kind"],
            row["operator"],
            row["batch_id"],
            row["document_id"],
            json.dumps(row["page_hashes"]),
            json.dumps(row["data"], ensure_ascii=False, sort_keys=True),
            row["prev_hash"],
            row["hash"],
        ),
    )
    row["seq"] = cursor.lastrowid
    return row


def events(conn: sqlite3.Connection, after_seq: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
    """Events in chain order after ``after_seq`` (sync carries them; verify walks them)."""
    sql = "SELECT * FROM audit_events WHERE seq > ? ORDER BY seq"
    params: list[Any] = [after_seq]
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    out = []
    for values in cur.fetchall():
        row = dict(zip(names, values))
        row["page_hashes"] = _as_list(row["page_hashes"])
        row["data"] = _as_dict(row["data"])
        out.append(row)
    return out

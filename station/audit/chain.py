"""The hash chain of audit events, recomputed independently of the code that wrote it.

The verifier re-derives every hash from the spec in docs/INTERFACES.md ("Audit events") rather
than calling the store's own helper: a proof that trusts the writer's code proves little. The
walk is pure (rows in, problems out) so the local SQLite and the central PostgreSQL copy are
checked by the same function.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station.audit.report import Problem

GENESIS = "0" * 64
HASHED_KEYS = ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id", "page_hashes", "data")


def _as_json_value(value: Any) -> Any:
    """Stored JSON columns come back as text from SQLite and as objects from psycopg."""
    if isinstance(value, (str, bytes)):
        return json.loads(value)
    return value


def canonical(row: Mapping[str, Any]) -> str:
    """The exact text that is hashed: the event's content, sorted keys, compact, UTF-8 kept."""
    content = {key: row.get(key) for key in HASHED_KEYS}
    # NULL is read as the empty list/object, as station.store.audit writes and hashes it.
    content["page_hashes"] = list(_as_json_value(content["page_hashes"]) or [])
    content["data"] = dict(_as_json_value(content["data"]) or {})
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(row: Mapping[str, Any]) -> str:
    """sha256_hex(prev_hash + "\\n" + canonical): each event seals the one before it."""
    # A row carrying the exact hashed text (the central copy keeps it as ``canonical``) is hashed
    # over that text; its columns are then checked against it separately.
    body = row.get("canonical")
    text = f"{row.get('prev_hash') or ''}\n{body if isinstance(body, str) else canonical(row)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ChainCounts:
    events: int = 0
    stations: int = 0


def parse_at(value: Any) -> datetime | None:
    """An event time as an aware datetime; None when it is not valid ISO 8601 with an offset."""
    if isinstance(value, datetime):
        return value if value.tzinfo else None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _problem(row: Mapping[str, Any], what: str, de: str, en: str, **extra: Any) -> Problem:
    return Problem(
        what=what,
        seq=row.get("seq"),
        kind=row.get("kind"),
        event_id=row.get("id"),
        station_id=row.get("station_id"),
        document_id=row.get("document_id"),
        message_de=de,
        message_en=en,
        **extra,
    )


def walk_chain(rows: Iterable[Mapping[str, Any]], counts: ChainCounts | None = None) -> Iterator[Problem]:
    """Check every station's events in seq order: continuity, links, hashes and time order.

    ``rows`` must be ordered by (station_id, seq). A deleted event shows up as a gap in seq and as a
    broken link; a reordered one as a broken link; an edited field (time, kind, hashes, data) as a
    hash that no longer matches its content.
    """
    counts = counts if counts is not None else ChainCounts()
    last: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        counts.events += 1
        station = str(row.get("station_id"))
        prev = last.get(station)
        if prev is None:
            counts.stations += 1
        yield from _check_event(row, prev)
        last[station] = row


def _check_event(row: Mapping[str, Any], prev: Mapping[str, Any] | None) -> Iterator[Problem]:
    seq = row.get("seq")
    if prev is not None and seq is not None and prev.get("seq") is not None and seq != prev["seq"] + 1:
        yield _problem(
            row,
            "missing_event",
            f"Ereignis(se) {prev['seq'] + 1}–{seq - 1} fehlen: die Kette springt von Nr. {prev['seq']} auf Nr. {seq}.",
            f"Event(s) {prev['seq'] + 1}-{seq - 1} are missing: the chain jumps from #{prev['seq']} to #{seq}.",
        )
    expected_prev = GENESIS if prev is None else prev.get("hash")
    if row.get("prev_hash") != expected_prev:
        where_de = "des ersten Ereignisses" if prev is None else f"des vorigen Ereignisses Nr. {prev.get('seq')}"
        where_en = "the first event's genesis value" if prev is None else f"the hash of the previous event #{prev.get('seq')}"
        yield _problem(
            row,
            "broken_link",
            f"Ereignis Nr. {seq} ({row.get('kind')}) verweist nicht auf den Hash {where_de}: "
            "ein Ereignis wurde gelöscht, eingefügt oder umsortiert.",
            f"Event #{seq} ({row.get('kind')}) does not link to {where_en}: "
            "an event was deleted, inserted or reordered.",
            expected=expected_prev,
            found=row.get("prev_hash"),
        )
    try:
        recomputed = event_hash(row)
    except (ValueError, TypeError) as exc:
        recomputed = f"unreadable: {exc}"
    if recomputed != row.get("hash"):
        yield _problem(
            row,
            "hash_mismatch",
            f"Ereignis Nr. {seq} ({row.get('kind')}) wurde nachträglich verändert: "
            "sein Inhalt passt nicht mehr zu seinem Hash.",
            f"Event #{seq} ({row.get('kind')}) was altered after it was written: "
            "its content no longer matches its hash.",
            expected=row.get("hash"),
            found=recomputed,
        )
    yield from _check_time(row, prev)


def _check_time(row: Mapping[str, Any], prev: Mapping[str, Any] | None) -> Iterator[Problem]:
    at = parse_at(row.get("at"))
    if at is None:
        yield _problem(
            row,
            "bad_timestamp",
            f"Ereignis Nr. {row.get('seq')} hat keinen gültigen Zeitstempel mit Zeitzone.",
            f"Event #{row.get('seq')} has no valid timestamp with a time zone.",
            found=str(row.get("at")),
        )
        return
    before = parse_at(prev.get("at")) if prev is not None else None
    if before is not None and at < before:
        yield _problem(
            row,
            "time_backwards",
            f"Ereignis Nr. {row.get('seq')} ist älter als das Ereignis davor (Nr. {prev.get('seq')}): "
            "die Zeit läuft rückwärts.",
            f"Event #{row.get('seq')} is older than the event before it (#{prev.get('seq')}): time runs backwards.",
            expected=f">= {prev.get('at')}",
            found=str(row.get("at")),
        )

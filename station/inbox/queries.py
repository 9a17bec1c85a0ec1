"""What the inbox pages read and the actions they take, always on a connection already acting as the
clerk's department (``Database.as_role``): row-level security decides which rows exist here."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from station.inbox.db import Columns

BERLIN = ZoneInfo("Europe/Berlin")
CANCELLATION = "kuendigung"
# A cancellation must be confirmed to the customer within this many days of receipt; the inbox
# marks letters whose deadline is near (DUE_SOON_DAYS) or past.
CANCELLATION_DEADLINE_DAYS = 14
DUE_SOON_DAYS = 3
PAGE_SIZE = 100
SEARCH_FIELDS = ("customer_number", "phone_number", "iban")


@dataclass(frozen=True)
class Search:
    text: str = ""
    day: date | None = None

    @property
    def empty(self) -> bool:
        return not self.text and self.day is None


def parse_uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        return None


def _tracking_expr(cols: Columns) -> sql.Composable:
    return sql.SQL("d.{}::text").format(sql.Identifier(cols.tracking)) if cols.tracking else sql.SQL("NULL::text")


def search_values(text: str) -> list[str]:
    """The forms a typed value may be stored in: as typed, without spaces (IBAN upper-case), E.164."""
    from station.fields.phone import to_e164

    raw = text.strip()
    compact = re.sub(r"[\s/-]", "", raw)
    values = {raw, compact, compact.upper()}
    if re.fullmatch(r"\+?[0-9()\s/-]{6,}", raw):
        e164 = to_e164(raw)
        if e164:
            values.add(e164)
    return sorted(v for v in values if v)


def _base(cols: Columns, source: sql.Composable = sql.SQL("central.routing")) -> sql.Composed:
    return sql.SQL(
        # the date of receipt kept in the routing row (migration 053: the delivery day at the start of
        # that Berlin day, else the arrival), so the queue and the day search read an index
        "SELECT d.id::text AS id, d.received_at, r.receipt_at,"
        " coalesce(r.corrected_type, a.doc_type, d.doc_type) AS doc_type, coalesce(a.fields, d.fields) AS fields,"
        " d.page_count, d.station_id, d.batch_id, r.ready_at, r.taken_at, r.taken_by, r.rerouted_from,"
        " {tracking} AS tracking"
        " FROM {source} r JOIN central.documents d ON d.id = r.document_id AND d.received_at = r.received_at"
        " LEFT JOIN LATERAL (SELECT am.doc_type, am.fields FROM central.amendments am WHERE am.document_id = d.id"
        " ORDER BY am.at DESC LIMIT 1) a ON true"
    ).format(tracking=_tracking_expr(cols), source=source)


def queue(conn: psycopg.Connection, cols: Columns, search: Search = Search(), limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """Open documents of the department (taken ones too, until done), oldest date of receipt first."""
    where: list[sql.Composable] = [sql.SQL("r.done_at IS NULL")]
    params: list[Any] = []
    if search.text:
        values = search_values(search.text)
        match: sql.Composable = sql.SQL(
            "SELECT f.document_id FROM central.fields f WHERE f.name = ANY(%s) AND f.value = ANY(%s)")
        params += [list(SEARCH_FIELDS), values]
        if cols.tracking:
            match = sql.SQL("{} UNION SELECT t.id FROM central.documents t WHERE t.{} = ANY(%s)").format(
                match, sql.Identifier(cols.tracking))
            params.append(values)
        where.append(sql.SQL("r.document_id IN ({})").format(match))
    if search.day:
        start = datetime.combine(search.day, datetime.min.time(), BERLIN)
        where.append(sql.SQL("r.receipt_at >= %s AND r.receipt_at < %s"))
        params += [start, start + timedelta(days=1)]
    # The page is picked from the routing rows alone (an ordered index scan that stops after
    # ``limit``), and only those are joined to their documents.
    picked = sql.SQL("(SELECT * FROM central.routing r WHERE {} ORDER BY r.receipt_at, r.document_id LIMIT %s)"
                     ).format(sql.SQL(" AND ").join(where))
    query = sql.SQL("{} ORDER BY r.receipt_at, r.document_id").format(_base(cols, picked))
    params.append(limit)
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, params).fetchall()
    for row in rows:
        row.update(deadline_marker(row["doc_type"], row["receipt_at"]))
    return rows


def deadline_marker(doc_type: str, receipt_at: datetime, today: date | None = None) -> dict[str, Any]:
    """For a cancellation: the day it must be confirmed by and whether that is near or past."""
    if doc_type != CANCELLATION:
        return {"deadline": None, "deadline_state": ""}
    due = receipt_at.astimezone(BERLIN).date() + timedelta(days=CANCELLATION_DEADLINE_DAYS)
    today = today or datetime.now(BERLIN).date()
    state = "overdue" if today > due else "soon" if (due - today).days <= DUE_SOON_DAYS else "ok"
    return {"deadline": due, "deadline_state": state}


def counts(conn: psycopg.Connection) -> list[tuple[str, int]]:
    """Open documents per type (as the department sees them)."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT coalesce(corrected_type, doc_type), count(*) FROM central.routing"
        " WHERE done_at IS NULL GROUP BY 1 ORDER BY 2 DESC, 1")]


def document(conn: psycopg.Connection, cols: Columns, document_id: str) -> dict[str, Any] | None:
    """One document with its routing state, pages and audit trail; None if the department cannot see it."""
    query = sql.SQL("{} WHERE r.document_id = %s").format(_base(cols))
    with conn.cursor(row_factory=dict_row) as cur:
        doc = cur.execute(query, (document_id,)).fetchone()
        if doc is None:
            return None
        state = cur.execute("SELECT department, done_at, done_by FROM central.routing WHERE document_id = %s",
                            (document_id,)).fetchone()
        doc.update(state or {})
        doc["pages"] = cur.execute(
            "SELECT position, media_type, size, sha256 FROM central.pages WHERE document_id = %s ORDER BY position",
            (document_id,)).fetchall()
        # Two look-ups with plain equalities (leakproof, so the indexes serve them under RLS): the
        # document's own events, and the "received" events of its batch that name one of its pages.
        own = cur.execute("SELECT at, kind, operator, seq FROM central.audit_events WHERE document_id = %s",
                          (document_id,)).fetchall()
        hashes = {p["sha256"] for p in doc["pages"]}
        received = [e for e in cur.execute(
            "SELECT at, kind, operator, seq, page_hashes FROM central.audit_events"
            " WHERE station_id = %s AND batch_id = %s AND kind = 'received'",
            (doc["station_id"], doc["batch_id"])).fetchall() if hashes.intersection(e.pop("page_hashes") or [])]
        doc["station_events"] = sorted(own + received, key=lambda e: e["seq"])
        doc["inbox_events"] = cur.execute(
            "SELECT at, username, department, action, detail FROM central.inbox_events WHERE document_id = %s"
            " ORDER BY at, id", (document_id,)).fetchall()
    doc.update(deadline_marker(doc["doc_type"], doc["receipt_at"]))
    return doc


def page_image(conn: psycopg.Connection, document_id: str, position: int) -> tuple[bytes, str] | None:
    """A page's bytes for the browser: PNG and JPEG as stored, anything else (fax TIFF) as PNG."""
    row = conn.execute("SELECT content, media_type FROM central.pages WHERE document_id = %s AND position = %s"
                       " AND content IS NOT NULL", (document_id, position)).fetchone()
    if row is None:
        return None
    data, media_type = bytes(row[0]), row[1]
    if media_type in ("image/png", "image/jpeg"):
        return data, media_type
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        out = io.BytesIO()
        img.convert("L" if img.mode in ("1", "L") else "RGB").save(out, "PNG")
    return out.getvalue(), "image/png"


def departments(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT central.department_names()")]


def audit(conn: psycopg.Connection, username: str, action: str, client: str, document_id: str | None = None,
          detail: dict[str, Any] | None = None) -> None:
    """One line of the clerks' central audit trail, in the same transaction as the action."""
    from psycopg.types.json import Jsonb

    conn.execute(
        "INSERT INTO central.inbox_events (username, department, action, document_id, client, detail)"
        " VALUES (%s, central.my_department(), %s, %s, %s, %s)",
        (username, action, document_id, client, Jsonb(detail or {})))


def take(conn: psycopg.Connection, document_id: str) -> bool:
    return bool(conn.execute("SELECT central.take_document(%s)", (document_id,)).fetchone()[0])  # type: ignore[index]


def finish(conn: psycopg.Connection, document_id: str, username: str) -> bool:
    return bool(conn.execute("SELECT central.finish_document(%s, %s)", (document_id, username)).fetchone()[0])  # type: ignore[index]


def reroute(conn: psycopg.Connection, document_id: str, target: str, reason: str, username: str,
            new_type: str | None = None) -> str | None:
    """Hand the document to ``target``; returns the correction's id (None if it was not ours to move)."""
    row = conn.execute("SELECT central.reroute_document(%s, %s, %s, %s, %s)",
                       (document_id, target, reason, username, new_type or None)).fetchone()
    return str(row[0]) if row and row[0] else None

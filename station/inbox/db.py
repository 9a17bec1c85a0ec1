"""The connection pool and the role a request acts as.

The pool logs in as the inbox's login role, which can do nothing by itself. ``as_role`` opens a
transaction, says ``SET LOCAL ROLE`` and yields the connection: when the transaction ends (commit or
rollback) PostgreSQL drops the role again, so a pooled connection never carries a clerk's rights into
the next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

SERVICE_ROLE = "scan_inbox"
# Columns other parts of the central schema may add; read when present, never required.
TRACKING_COLUMNS = ("tracking_number", "tracking_no", "tracking_id")
SESSION_OPTIONS = "-c statement_timeout=15s -c lock_timeout=5s -c idle_in_transaction_session_timeout=60s"


@dataclass(frozen=True)
class Columns:
    """Optional columns of ``central.documents`` found at start-up (None when absent). The date of
    receipt is not among them: it is kept in ``central.routing.receipt_at`` (migration 053)."""

    tracking: str | None = None


class Database:
    """A pool of connections as the inbox login role; every use picks a role for one transaction."""

    def __init__(self, conninfo: str, *, min_size: int = 2, max_size: int = 8) -> None:
        self.conninfo = conninfo
        self.pool = ConnectionPool(
            conninfo, min_size=min_size, max_size=max_size, open=False,
            kwargs={"autocommit": True, "options": SESSION_OPTIONS, "application_name": "scan-station inbox"},
        )
        self.columns = Columns()

    def open(self) -> None:
        self.pool.open(wait=True, timeout=30)
        self.columns = self._detect_columns()

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def as_role(self, role: str) -> Iterator[psycopg.Connection]:
        """One transaction as ``role`` (a department role or ``scan_inbox``)."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
            yield conn

    def _detect_columns(self) -> Columns:
        with self.as_role(SERVICE_ROLE) as conn:
            found = dict(conn.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'central' AND c.relname = 'documents' AND a.attnum > 0 AND NOT a.attisdropped"
                " ORDER BY a.attnum").fetchall())
        return Columns(tracking=_pick(found, TRACKING_COLUMNS, "tracking", ("text", "character")))


def _pick(found: dict[str, str], preferred: tuple[str, ...], stem: str, types: tuple[str, ...]) -> str | None:
    """A known column name, else the first column whose name holds ``stem`` and whose type fits."""
    for name in preferred:
        if name in found:
            return name
    return next((n for n, t in found.items() if stem in n and t.startswith(types)), None)

"""Sessions, CSRF tokens and the sign-in rate limit.

The cookie holds a random session id and its HMAC (signed with the server's secret); the database
keeps only the id's SHA-256, with the clerk and a CSRF token. A stolen table row opens nothing, a
forged cookie is refused before any query. Every form and every script request carries the CSRF
token; the sign-in form, made before there is a session, carries a signed pre-session token that
must match its cookie (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

import psycopg

SESSION_COOKIE = "inbox_session"
LOGIN_COOKIE = "inbox_login"
SESSION_HOURS = 10
SIGNIN_LIMIT = 5
SIGNIN_WINDOW_S = 60.0


@dataclass(frozen=True)
class Clerk:
    username: str
    department: str
    role: str
    csrf: str


def sign(secret: bytes, value: str) -> str:
    mac = hmac.new(secret, value.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign(secret: bytes, signed: str | None) -> str | None:
    """The value if its signature holds, else None."""
    if not signed or "." not in signed:
        return None
    value, mac = signed.rsplit(".", 1)
    want = hmac.new(secret, value.encode("ascii", "replace"), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(mac, want) else None


def _id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def create_session(conn: psycopg.Connection, username: str) -> tuple[str, str]:
    """A new session for the clerk (as scan_inbox); returns (session id, CSRF token)."""
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute("DELETE FROM central.inbox_sessions WHERE expires_at < now()")
    conn.execute(
        "INSERT INTO central.inbox_sessions (id_hash, username, csrf_token, expires_at) VALUES (%s, %s, %s, %s)",
        (_id_hash(session_id), username, csrf, _expiry()),
    )
    return session_id, csrf


def _expiry():  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    return datetime.now(timezone.utc) + timedelta(hours=SESSION_HOURS)


def load_session(conn: psycopg.Connection, session_id: str) -> Clerk | None:
    """The signed-in clerk, with the department role to act as (as scan_inbox)."""
    row = conn.execute(
        "SELECT c.username, c.department, d.role_name, s.csrf_token FROM central.inbox_sessions s"
        " JOIN central.clerks c ON c.username = s.username JOIN central.departments d ON d.department = c.department"
        " WHERE s.id_hash = %s AND s.expires_at > now() AND NOT c.disabled",
        (_id_hash(session_id),),
    ).fetchone()
    return Clerk(*row) if row else None


def end_session(conn: psycopg.Connection, session_id: str) -> None:
    conn.execute("DELETE FROM central.inbox_sessions WHERE id_hash = %s", (_id_hash(session_id),))


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


class SigninLimiter:
    """At most ``limit`` sign-in attempts per (user name, client address) in a sliding window."""

    def __init__(self, limit: int = SIGNIN_LIMIT, window_s: float = SIGNIN_WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, username: str, client: str) -> bool:
        now = time.monotonic()
        key = (username.lower(), client)
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so a scan of names cannot grow memory
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window_s]:
                    del self._hits[k]
            return True

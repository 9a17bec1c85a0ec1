"""The administrator's set-up for the inbox: the web application's login role and the clerks.

Run as the central store's admin (``station central add-inbox-login`` / ``add-clerk``). The login role
has no privileges of its own; it may only *become* ``scan_inbox`` or a department role per request.
"""

from __future__ import annotations

import re
import secrets

import psycopg
from psycopg import sql

from station.errors import SyncError
from station.inbox.passwords import hash_password

WEB_ROLE = "inbox_web"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,40}$")


def add_inbox_login(conn: psycopg.Connection, role: str = WEB_ROLE, password: str | None = None) -> tuple[str, str]:
    """The login role ``station central serve`` connects as (NOINHERIT, member of scan_inbox)."""
    password = password or secrets.token_urlsafe(24)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verb = sql.SQL("ALTER" if exists else "CREATE")
        conn.execute(sql.SQL("{} ROLE {} LOGIN NOINHERIT PASSWORD {}").format(
            verb, sql.Identifier(role), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT scan_inbox TO {}").format(sql.Identifier(role)))
    return role, password


def add_clerk(conn: psycopg.Connection, username: str, department: str, password: str | None = None) -> str:
    """A clerk of one department (the department must exist); returns the password (made if not given)."""
    if not _USERNAME.match(username):
        raise SyncError(
            f"Ungültiger Benutzername „{username}“: Kleinbuchstaben, Ziffern, „_“, „-“, „.“ (2 bis 41 Zeichen).",
            f"Invalid user name '{username}': lower-case letters, digits, '_', '-', '.' (2 to 41 characters).",
        )
    row = conn.execute("SELECT role_name FROM central.departments WHERE department = %s", (department,)).fetchone()
    if row is None:
        raise SyncError(
            f"Die Abteilung „{department}“ ist nicht eingerichtet (station central add-department).",
            f"The department '{department}' is not set up (station central add-department).",
        )
    password = password or secrets.token_urlsafe(12)
    with conn.transaction():
        conn.execute(sql.SQL("GRANT {} TO scan_inbox").format(sql.Identifier(row[0])))
        conn.execute(
            "INSERT INTO central.clerks (username, department, password_hash) VALUES (%s, %s, %s)"
            " ON CONFLICT (username) DO UPDATE SET department = EXCLUDED.department,"
            " password_hash = EXCLUDED.password_hash, disabled = false",
            (username, department, hash_password(password)),
        )
        conn.execute("DELETE FROM central.inbox_sessions WHERE username = %s", (username,))
    return password

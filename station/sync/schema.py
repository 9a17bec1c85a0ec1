"""The central schema: numbered SQL migrations applied in order and recorded, plus the login roles.

Migrations live in ``resources/sql/central/NNN_name.sql``. Each runs in its own transaction, is
recorded with its SHA-256 in ``central.schema_migrations``, and is never applied twice; an applied
migration whose file changed afterwards is refused (fix forward with a new number instead).
Run as the admin role (owner of the database) with ``station central migrate``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from station.config import RESOURCES
from station.errors import SyncError

MIGRATIONS_DIR = RESOURCES / "sql" / "central"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_ROLE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$")
_LOCK_KEY = 0x5CA2_5CA2  # advisory lock: one migrator at a time


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        m = _NAME.match(path.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), path))
    return found


def migrate(conn: psycopg.Connection, directory: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply what is missing; returns the versions applied now (empty when up to date)."""
    applied_now: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS public.central_schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
    for mig in migrations(directory):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            row = conn.execute(
                "SELECT sha256 FROM public.central_schema_migrations WHERE version = %s", (mig.version,)
            ).fetchone()
            if row:
                if row[0] != mig.checksum:
                    raise SyncError(
                        f"Migration {mig.path.name} wurde nach dem Einspielen verändert; bitte eine neue Migration anlegen.",
                        f"Migration {mig.path.name} changed after it was applied; add a new migration instead.",
                    )
                continue
            conn.execute(mig.text)  # type: ignore[arg-type]  # trusted file from resources/
            conn.execute(
                "INSERT INTO public.central_schema_migrations (version, name, sha256) VALUES (%s, %s, %s)",
                (mig.version, mig.name, mig.checksum),
            )
            applied_now.append(mig.version)
    return applied_now


def applied_versions(conn: psycopg.Connection) -> list[int]:
    if conn.execute("SELECT to_regclass('public.central_schema_migrations')").fetchone()[0] is None:  # type: ignore[index]
        return []
    return [r[0] for r in conn.execute("SELECT version FROM public.central_schema_migrations ORDER BY version")]


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", " ": "_"})


def _role_name(prefix: str, name: str) -> str:
    """The login role for a station or department name; German department names as the taxonomy
    writes them ("Kündigungen", "Rechnungsklärung") become plain identifiers (``dept_kuendigungen``)."""
    if not _ROLE_PART.match(name.translate(_GERMAN)):
        raise SyncError(
            f"Ungültiger Name „{name}“: erlaubt sind Buchstaben, Ziffern, „_“, „-“ und „.“ (höchstens 41 Zeichen).",
            f"Invalid name '{name}': letters, digits, '_', '-' and '.' only (at most 41 characters).",
        )
    return f"{prefix}{name.translate(_GERMAN).lower()}"


def _ensure_login_role(conn: psycopg.Connection, role: str, group: str, password: str | None) -> None:
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    stmt = sql.SQL("{} ROLE {} LOGIN").format(sql.SQL(verb), sql.Identifier(role))
    if password is not None:
        stmt = stmt + sql.SQL(" PASSWORD {}").format(sql.Literal(password))
    conn.execute(stmt)
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))


def add_station(conn: psycopg.Connection, name: str, password: str | None = None) -> tuple[str, str | None]:
    """A login role for one station (``station_<name>``) that sees only its own rows.

    Returns (role, password); a password is made when none is given, unless ``password=""`` asks for a
    certificate-only role."""
    role = _role_name("station_", name)
    if password is None:
        password = secrets.token_urlsafe(24)
    with conn.transaction():
        _ensure_login_role(conn, role, "scan_station", password or None)
        conn.execute(
            "INSERT INTO central.stations (station_id, role_name) VALUES (%s, %s)"
            " ON CONFLICT (station_id) DO UPDATE SET role_name = EXCLUDED.role_name",
            (name, role),
        )
    return role, password or None


def add_department(conn: psycopg.Connection, name: str, password: str | None = None) -> tuple[str, str | None]:
    """A login role for one department (``dept_<name>``) that reads only documents routed to it."""
    role = _role_name("dept_", name)
    if password is None:
        password = secrets.token_urlsafe(24)
    with conn.transaction():
        _ensure_login_role(conn, role, "scan_department", password or None)
        conn.execute(
            "INSERT INTO central.departments (department, role_name) VALUES (%s, %s)"
            " ON CONFLICT (department) DO UPDATE SET role_name = EXCLUDED.role_name",
            (name, role),
        )
    return role, password or None

"""Fixtures for sync tests: a fresh, migrated central database per test on the session's PostgreSQL."""

from __future__ import annotations

import hashlib
import itertools
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from station.config import CentralSettings
from station.model import new_id
from station.sync import schema
from station.sync.payload import BatchPayload, DocumentPayload, PagePayload

_counter = itertools.count()


@dataclass
class Central:
    """One migrated central database and how to reach it as admin, station or department."""

    server: object
    dbname: str
    admin_dsn: str
    tmp: Path

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.admin_dsn, autocommit=True)

    def add_station(self, name: str) -> CentralSettings:
        """Register a station; its settings point at a 0600 password file, as on a real desk."""
        with self.admin() as conn:
            role, password = schema.add_station(conn, name)
        return self._settings(role, password)

    def add_department(self, name: str) -> CentralSettings:
        with self.admin() as conn:
            role, password = schema.add_department(conn, name)
        return self._settings(role, password)

    def _settings(self, role: str, password: str | None) -> CentralSettings:
        pwfile = self.tmp / f"{role}.password"
        pwfile.write_text((password or "") + "\n")
        os.chmod(pwfile, 0o600)
        return CentralSettings(
            host="127.0.0.1", port=self.server.port, dbname=self.dbname, user=role,  # type: ignore[attr-defined]
            password_file=str(pwfile), sslmode="disable",
        )

    def connect_as(self, settings: CentralSettings) -> psycopg.Connection:
        from station.sync.connect import connect

        return connect(settings, autocommit=True)


@pytest.fixture
def central(pg_server, tmp_path) -> Central:
    name = f"central_{os.getpid()}_{next(_counter)}"
    dsn = pg_server.create_database(name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        schema.migrate(conn)
    return Central(pg_server, name, dsn, tmp_path)


def make_batch(tmp_path: Path, station_id: str, docs: int = 2, pages: int = 3, *, department: str = "kundenservice",
               received_at: datetime | None = None, page_bytes: int = 2000) -> BatchPayload:
    """A closed batch as plain data, with real page files on disk (distinct random bytes per page)."""
    received_at = received_at or datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    documents = []
    for d in range(docs):
        page_list = []
        for p in range(pages):
            data = os.urandom(page_bytes)
            path = folder / f"{new_id()}.png"
            path.write_bytes(data)
            page_list.append(PagePayload(new_id(), p, hashlib.sha256(data).hexdigest(), len(data), str(path)))
        documents.append(DocumentPayload(
            id=new_id(), position=d, received_at=received_at + timedelta(minutes=d), doc_type="kuendigung",
            department=department, confidence=0.93, fields={"customer_number": f"12345{d:02d}", "iban": None},
            pages=page_list,
        ))
    return BatchPayload(new_id(), station_id, "Post 20.11.", "scanner", "anna", received_at,
                        received_at + timedelta(hours=1), documents)

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


def closed_batch(store, docs: int = 2, pages: int = 3, seed: int = 0, department: str = "kundenservice") -> str:
    """A batch taken through the real local store: pages made durable, separated, classified, closed."""
    import numpy as np

    from station.model import Classification
    from station.store import DocumentPlan

    batch_id = store.create_batch(source="scanner")
    rng = np.random.default_rng(seed)
    page_ids = []
    for _ in range(docs * pages):
        img = np.full((60, 40), 255, np.uint8)
        img[rng.random((60, 40)) < 0.08] = 0
        page_ids.append(store.add_page(batch_id, img, dpi=200))
    store.finish_capture(batch_id)
    doc_ids = store.set_documents(batch_id, [DocumentPlan(page_ids[i * pages:(i + 1) * pages]) for i in range(docs)])
    for n, doc_id in enumerate(doc_ids):
        store.save_classification(doc_id, Classification("kuendigung", department, 0.91, False, "test"),
                                  {"customer_number": f"{seed:04d}{n:03d}"})
    store.close_batch(batch_id)
    return batch_id


def station_settings(central: Central, station_id: str = "desk-a"):
    from station.config import load_settings

    settings = load_settings()
    settings.station_id = station_id
    settings.operator = "anna"
    settings.central = central.add_station(station_id)
    return settings


def assert_central_matches_local(central: Central, store) -> int:
    """Every batch the station marked synced is central, whole, once; the synced ones are a prefix of the
    queue (no gaps); the central audit chain is a prefix of the local one. Returns the synced count."""
    queue = store.query("SELECT batch_id, synced_at FROM outbox ORDER BY queued_at, batch_id")
    synced = [r["batch_id"] for r in queue if r["synced_at"]]
    assert synced == [r["batch_id"] for r in queue[: len(synced)]], "a gap: a later batch synced before an earlier one"
    with central.admin() as conn:
        for batch_id in synced:
            local = store.load_batch(batch_id)
            assert conn.execute("SELECT count(*) FROM central.batches WHERE id = %s", (batch_id,)).fetchone()[0] == 1
            docs = conn.execute("SELECT id::text, doc_type, fields FROM central.documents WHERE batch_id = %s ORDER BY position",
                                (batch_id,)).fetchall()
            assert [d[0] for d in docs] == [d.id for d in local.documents]
            assert [d[2] for d in docs] == [d.fields for d in local.documents]
            pages = conn.execute("SELECT id::text, sha256, encode(sha256(content), 'hex') FROM central.pages WHERE batch_id = %s"
                                 " ORDER BY document_id, position", (batch_id,)).fetchall()
            want = sorted((p.id, p.blob_hash) for d in local.documents for p in d.pages)
            assert sorted((p[0], p[1]) for p in pages) == want
            assert all(p[1] == p[2] for p in pages)
        dup = conn.execute("SELECT count(*) - count(DISTINCT id) FROM central.documents").fetchone()[0]
        assert dup == 0
        central_chain = [r[0] for r in conn.execute(
            "SELECT hash FROM central.audit_events WHERE station_id = %s ORDER BY seq", (store.station_id,))]
    local_chain = [r["hash"] for r in store.query("SELECT hash FROM audit_events ORDER BY seq")]
    assert central_chain == local_chain[: len(central_chain)]
    return len(synced)


def end_sessions_of(central: Central, pid: int) -> int:
    """End the central sessions of a killed station process (what the central's idle/keepalive timeouts
    do after a while; this sandbox's TCP stack keeps a killed process's sockets half-open)."""
    with central.admin() as conn:
        return conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
            (f"scan-station pid {pid}",),
        ).fetchone()[0]

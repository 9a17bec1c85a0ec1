"""A minimal store written straight from the spec in docs/INTERFACES.md ("Audit events").

Used until the real ``station.store`` lands; it hashes with its own code (not the verifier's), so
the tests also check that verifier and spec agree.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

GENESIS = "0" * 64


def spec_hash(prev_hash: str, event: dict) -> str:
    keys = ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id", "page_hashes", "data")
    canonical = json.dumps({k: event[k] for k in keys}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


class SpecStore:
    def __init__(self, root: Path, station_id: str = "desk-1") -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.path = root / "station.db"
        self.conn = sqlite3.connect(self.path)
        self.station_id = station_id
        self.clock = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
        self.conn.executescript(
            """
            CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, id TEXT, station_id TEXT, at TEXT, kind TEXT,
              operator TEXT, batch_id TEXT, document_id TEXT, page_hashes TEXT, data TEXT, prev_hash TEXT, hash TEXT);
            CREATE TABLE documents (id TEXT PRIMARY KEY, batch_id TEXT, received_at TEXT, doc_type TEXT, fields TEXT);
            CREATE TABLE pages (id TEXT PRIMARY KEY, document_id TEXT, ord INTEGER, sha256 TEXT);
            """
        )

    def tick(self) -> str:
        self.clock += timedelta(seconds=7, microseconds=123)
        return self.clock.isoformat(timespec="microseconds")

    def append(self, kind: str, *, batch_id=None, document_id=None, page_hashes=(), data=None) -> dict:
        last = self.conn.execute("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        event = {"id": str(uuid.uuid4()), "station_id": self.station_id, "at": self.tick(), "kind": kind,
                 "operator": "anna", "batch_id": batch_id, "document_id": document_id,
                 "page_hashes": list(page_hashes), "data": data or {}}
        prev = last[0] if last else GENESIS
        event["prev_hash"], event["hash"] = prev, spec_hash(prev, event)
        self.conn.execute(
            "INSERT INTO audit_events (id, station_id, at, kind, operator, batch_id, document_id, page_hashes, data,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [event["id"], event["station_id"], event["at"], kind, event["operator"], batch_id, document_id,
             json.dumps(event["page_hashes"]), json.dumps(event["data"], ensure_ascii=False), prev, event["hash"]])
        self.conn.commit()
        return event

    def add_document(self, pages: list[bytes], doc_type: str, fields: dict) -> str:
        batch_id, doc_id = str(uuid.uuid4()), str(uuid.uuid4())
        hashes = []
        for i, content in enumerate(pages):
            h = hashlib.sha256(content).hexdigest()
            (self.blobs / h[:2]).mkdir(exist_ok=True)
            (self.blobs / h[:2] / f"{h}.png").write_bytes(content)
            self.conn.execute("INSERT INTO pages VALUES (?,?,?,?)", [str(uuid.uuid4()), doc_id, i, h])
            hashes.append(h)
        received_at = self.clock.isoformat(timespec="microseconds")
        self.append("received", batch_id=batch_id, document_id=doc_id, page_hashes=hashes,
                    data={"received_at": received_at})
        self.append("processed", batch_id=batch_id, document_id=doc_id, page_hashes=hashes)
        self.append("classified", batch_id=batch_id, document_id=doc_id, data={"doc_type": doc_type, "fields": fields})
        self.conn.execute("INSERT INTO documents VALUES (?,?,?,?,?)",
                          [doc_id, batch_id, received_at, doc_type, json.dumps(fields)])
        self.conn.commit()
        return doc_id


import pytest  # noqa: E402


@pytest.fixture
def spec_store(tmp_path):
    """A fresh spec-built store in the test's own directory."""
    return SpecStore(tmp_path / "specstore")


@pytest.fixture
def rechain():
    """Recompute every hash of a store's chain, as a forger with database access would."""

    def _rechain(conn):
        prev = GENESIS
        for row in conn.execute("SELECT * FROM audit_events ORDER BY seq").fetchall():
            keys = ["id", "station_id", "at", "kind", "operator", "batch_id", "document_id"]
            event = dict(zip(keys, row[1:8]))
            event["page_hashes"], event["data"] = json.loads(row[8]), json.loads(row[9])
            h = spec_hash(prev, event)
            conn.execute("UPDATE audit_events SET prev_hash=?, hash=? WHERE seq=?", [prev, h, row[0]])
            prev = h
        conn.commit()

    return _rechain

"""The station's local store: SQLite (WAL) for records, content-addressed files for page images.

Open it with ``Store.open(settings)``: it migrates the schema and recovers whatever a crash left
behind before anyone reads from it. Every change is one transaction that also appends its audit
event, so the records and the audit trail never disagree.

Making a page durable (``add_page``) takes four steps, and a kill between any two loses nothing:
1. an intent file ``pending/<page>.<pid>.json`` names the page, its batch and its image hash;
2. the image is written to a temp file, fsynced and renamed to its hash name (now it "reached disk");
3. the page row and its ``received`` event commit in one transaction;
4. the intent file is removed.
On open, an intent whose writer is dead and whose image exists becomes its row (step 3 replayed,
at most once, because the row's primary key is the page id); temp files of dead writers are deleted.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from station.config import Settings, ensure_private_dir, load_settings
from station.errors import StoreError
from station.model import BatchState, Source, new_id
from station.store import audit
from station.store.blobs import BlobStore, disk_error, write_durable
from station.store.delivery import DeliveryMixin
from station.store.documents import DocumentsMixin
from station.store.pages import PagesMixin, page_row_values
from station.store.records import StoredBatch, StoredDocument, StoredPage
from station.store.registered import RegisteredMixin
from station.store.schema import migrate

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    """What opening the store found after an unclean stop (ids and counts only: no content)."""

    recovered_pages: list[str] = field(default_factory=list)
    discarded_temp_files: int = 0
    unprocessed_pages: int = 0
    open_batches: list[str] = field(default_factory=list)


STORE_DIR = "store"
DB_NAME = "station.db"
BLOBS_DIR = "pages"


def store_root(settings: Settings) -> Path:
    return settings.data_path / STORE_DIR


def store_paths(settings: Settings) -> tuple[Path, Path]:
    """(database file, page file directory) of this station's local store, for readers that open
    them directly (``station audit verify``, ``station doctor``)."""
    root = store_root(settings)
    return root / DB_NAME, root / BLOBS_DIR


FAX_SEALED_KEYS = ("date", "sender", "arrival", "file")


def sealed_fax_header(meta: Any) -> dict[str, Any]:
    """What a fax page's ``received`` event seals besides the date received (added by the audit
    part, issue #10): the fax server's own send date and sender number from the file header, the
    file's arrival time and name. A receipt certificate may only state what the chain seals."""
    fax = meta.get("fax") if isinstance(meta, dict) else None
    if not isinstance(fax, dict):
        return {}
    return {key: fax[key] for key in FAX_SEALED_KEYS if fax.get(key)}


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def _enter_wal(conn: sqlite3.Connection, limit_s: float = 30.0) -> None:
    """Put the database in WAL mode. When several processes open a new store at once (the window,
    its sync worker, a fax watcher), SQLite answers the losers' switch with "database is locked"
    at once, without waiting in its busy handler; wait for the winner instead of failing."""
    deadline = time.monotonic() + limit_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Store(PagesMixin, DocumentsMixin, DeliveryMixin, RegisteredMixin):
    """One open local store. Thread-safe: writes are serialised by a lock and SQLite's own."""

    def __init__(self, root: Path, settings: Settings, conn: sqlite3.Connection) -> None:
        self.root = root
        self.settings = settings
        self.conn = conn
        self.blobs = BlobStore(root / BLOBS_DIR)
        self.pending_dir = ensure_private_dir(root / "pending")
        self._lock = threading.RLock()
        self.recovery = RecoveryReport()

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, settings_or_path: Settings | Path | str | None = None) -> Store:
        """Open (and create, migrate, recover) the store of these settings or in this directory.
        Layout under ``<data dir>/store/``: ``station.db`` (+ WAL), ``pages/`` (page files),
        ``pending/`` (intents). Other parts find the files with :func:`store_paths`."""
        if isinstance(settings_or_path, Settings):
            settings = settings_or_path
            root = store_root(settings)
        else:
            settings = load_settings()
            root = Path(settings_or_path) if settings_or_path else store_root(settings)
        try:
            ensure_private_dir(root)
            db_path = root / DB_NAME
            if not db_path.exists():  # SQLite gives its WAL and SHM files the database's mode
                os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT, 0o600))
            os.chmod(db_path, 0o600)
            conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False, timeout=30)
            _enter_wal(conn)
            conn.execute("PRAGMA synchronous=FULL")  # a committed page survives a power cut
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Der lokale Speicher in {root} lässt sich nicht öffnen. Bitte die IT verständigen.",
                f"The local store in {root} cannot be opened. Please call IT.",
                detail=str(exc),
            ) from exc
        except OSError as exc:
            raise disk_error(exc, str(root)) from exc
        store = cls(root, settings, conn)
        store.recovery = store.recover()
        return store

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> Any:
        """The connection as a ``sqlite_utils.Database`` for ad-hoc reads (imported on first use:
        it costs a second at start-up, which the CLI and forked workers should not pay)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def station_id(self) -> str:
        return self.settings.station_id

    # ------------------------------------------------------------ transactions
    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: the audit chain's tail cannot move under us)."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._db_error(exc) from exc
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK") if self.conn.in_transaction else None
                raise self._db_error(exc) from exc
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _db_error(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if "full" in text or "disk I/O" in text:
            return disk_error(OSError(28, text), "station.db")
        if "immutable" in text or "append-only" in text:
            return StoreError(
                "Diese Angabe ist gesetzlich festgeschrieben und kann nicht geändert werden.",
                "This value is legal evidence and cannot be changed.",
                detail=text,
            )
        return StoreError(
            "Der lokale Speicher hat den Vorgang abgelehnt. Bitte wiederholen oder die IT verständigen.",
            "The local store refused the operation. Please retry or call IT.",
            detail=text,
        )

    def event(self, conn: sqlite3.Connection, kind: str, **kwargs: Any) -> dict[str, Any]:
        """Append an audit event inside the current transaction, stamped with this station."""
        kwargs.setdefault("operator", self.settings.operator)
        return audit.append_event(conn, kind=kind, station_id=self.station_id, **kwargs)

    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        with self._lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    # ----------------------------------------------------------------- batches
    def create_batch(
        self,
        *,
        source: Source | str = Source.SCANNER,
        profile: str = "",
        operator: str | None = None,
        separation: dict[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
        batch_id: str | None = None,
        delivery_date: Any = None,
        delivery_reason: str | None = None,
    ) -> str:
        """Start a batch (one stack, one fax, one import) in state ``scanning``, dated with the day
        its post was delivered (default today; earlier with a reason; a fax: its arrival). The date
        is sealed by a ``delivery_dated`` event in the same transaction. A profile with
        ``registered = true`` marks the batch as registered mail (envelope first in each letter)."""
        batch_id = batch_id or new_id()
        source = Source(source).value
        delivery = self._delivery_for_new_batch(source, meta, delivery_date, delivery_reason)
        meta = dict(meta or {})
        if profile and self._profile_is_registered(profile):
            meta.setdefault("registered", True)
        with self.tx() as conn:
            conn.execute(
                "INSERT INTO batches (id, station_id, operator, profile, source, separation, state, "
                "started_at, meta) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    batch_id,
                    self.station_id,
                    self.settings.operator if operator is None else operator,
                    profile,
                    source,
                    json.dumps(separation or {}),
                    BatchState.SCANNING.value,
                    audit.iso_utc(),
                    json.dumps(meta, ensure_ascii=False),
                ),
            )
            self._seal_delivery(conn, batch_id, delivery, operator=operator)
        return batch_id

    def _profile_is_registered(self, name: str) -> bool:
        return any(p.name == name and getattr(p, "registered", False) for p in self.settings.profiles)

    def batch_row(self, batch_id: str) -> dict[str, Any]:
        rows = self.query("SELECT * FROM batches WHERE id = ?", (batch_id,))
        if not rows:
            raise StoreError(
                f"Stapel {batch_id} gibt es in diesem Speicher nicht.",
                f"Batch {batch_id} does not exist in this store.",
            )
        return rows[0]

    def set_batch_state(self, batch_id: str, state: BatchState) -> None:
        with self.tx() as conn:
            conn.execute("UPDATE batches SET state = ? WHERE id = ?", (state.value, batch_id))

    def list_batches(self, states: list[str] | None = None) -> list[StoredBatch]:
        """Batches, newest first, with page and document counts (no pages loaded)."""
        sql = (
            "SELECT b.*, (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id AND NOT p.deleted) AS page_count, "
            "(SELECT COUNT(*) FROM documents d WHERE d.batch_id = b.id) AS document_count FROM batches b"
        )
        params: list[Any] = []
        if states:
            sql += f" WHERE b.state IN ({','.join('?' * len(states))})"
            params = list(states)
        return [StoredBatch.from_row(r) for r in self.query(sql + " ORDER BY b.started_at DESC", params)]

    def load_batch(self, batch_id: str, *, with_words: bool = False) -> StoredBatch:
        """A batch with its documents and pages in order. OCR word boxes only on request: a
        500-page batch opens in well under 200 ms without them."""
        batch = StoredBatch.from_row(self.batch_row(batch_id))
        cols = "*" if with_words else "*, NULL AS words"
        pages = [
            StoredPage.from_row(r, with_words=with_words)
            for r in self.query(f"SELECT {cols} FROM pages WHERE batch_id = ? ORDER BY ord", (batch_id,))
        ]
        docs = [
            StoredDocument.from_row(r)
            for r in self.query("SELECT * FROM documents WHERE batch_id = ? ORDER BY ord", (batch_id,))
        ]
        by_doc: dict[str, list[StoredPage]] = {}
        for page in pages:
            if page.document_id:
                by_doc.setdefault(page.document_id, []).append(page)
        for doc in docs:
            doc.pages = sorted(by_doc.get(doc.id, []), key=lambda p: (p.doc_ord or 0, p.ord))
        for page in pages:
            page.delivery_date = batch.delivery_date
        for doc in docs:
            doc.delivery_date = batch.delivery_date
        batch.pages, batch.documents = pages, docs
        batch.page_count = sum(1 for p in pages if not p.deleted)
        batch.document_count = len(docs)
        return batch

    # ---------------------------------------------------------------- recovery
    def write_intent(self, page_id: str, intent: dict[str, Any]) -> Path:
        path = self.pending_dir / f"{page_id}.{os.getpid()}.json"
        write_durable(path, json.dumps(intent).encode(), self.blobs.tmp)
        return path

    def recover(self) -> RecoveryReport:
        """Finish what dead writers started: replay intents whose image reached disk, drop the rest."""
        report = RecoveryReport()
        for leftover in self.blobs.tmp.glob("*.tmp"):
            try:
                pid = int(leftover.name.split(".")[-3])
            except (ValueError, IndexError):
                pid = -1
            if not _writer_alive(pid):
                leftover.unlink(missing_ok=True)
                report.discarded_temp_files += 1
        for intent_path in sorted(self.pending_dir.glob("*.json")):
            try:
                pid = int(intent_path.name.split(".")[-2])
            except (ValueError, IndexError):
                pid = -1
            if _writer_alive(pid):
                continue
            try:
                intent = json.loads(intent_path.read_text())
            except (ValueError, OSError):
                intent_path.unlink(missing_ok=True)  # a half-written intent: its image never followed
                continue
            if self.blobs.find(intent["blob_hash"]) is not None and self._replay_intent(intent):
                report.recovered_pages.append(intent["page_id"])
            intent_path.unlink(missing_ok=True)
        report.unprocessed_pages = len(self.pages_to_process())
        report.open_batches = [
            r["id"]
            for r in self.query(
                "SELECT id FROM batches WHERE state IN (?, ?)",
                (BatchState.SCANNING.value, BatchState.PROCESSING.value),
            )
        ]
        if report.recovered_pages or report.discarded_temp_files:
            log.warning(
                "recovered %d page(s), discarded %d temp file(s) after an unclean stop",
                len(report.recovered_pages),
                report.discarded_temp_files,
            )
        return report

    def _replay_intent(self, intent: dict[str, Any]) -> bool:
        with self.tx() as conn:
            if conn.execute("SELECT 1 FROM pages WHERE id = ?", (intent["page_id"],)).fetchone():
                return False
            if not conn.execute("SELECT 1 FROM batches WHERE id = ?", (intent["batch_id"],)).fetchone():
                return False
            self._insert_page(conn, intent, recovered=True)
        return True

    def _insert_page(self, conn: sqlite3.Connection, intent: dict[str, Any], recovered: bool = False) -> None:
        ord_ = conn.execute(
            "SELECT COALESCE(MAX(ord), -1) + 1 FROM pages WHERE batch_id = ?", (intent["batch_id"],)
        ).fetchone()[0]
        cols, values = page_row_values(intent, ord_)
        conn.execute(f"INSERT INTO pages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)
        data = {"received_at": intent["received_at"], "page_id": intent["page_id"], "order": ord_}
        delivered = conn.execute("SELECT delivery_date FROM batches WHERE id = ?", (intent["batch_id"],)).fetchone()
        if delivered and delivered[0]:
            data["delivery_date"] = delivered[0]
        if recovered:
            data["recovered"] = True
        fax = sealed_fax_header(intent.get("meta"))
        if fax:
            data["fax"] = fax
        self.event(conn, "received", batch_id=intent["batch_id"], page_hashes=[intent["blob_hash"]], data=data)

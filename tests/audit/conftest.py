"""Audit fixtures: a real local store with a small day of mail, and the tools of a forger.

The forger has the database file and the page files, as anyone with root on the desk would: they
drop the store's append-only triggers and edit rows by hand. Verification must still notice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

import numpy as np
import pytest

from station.config import load_settings
from station.model import Classification, Fields, PageResult
from station.store import DocumentPlan, Store

GENESIS = "0" * 64
TRIGGERS = ("audit_events_no_update", "audit_events_no_delete", "documents_received_at_immutable",
            "pages_received_at_immutable")


def page_image(seed: int) -> np.ndarray:
    """A small black-and-white page whose pixels differ per seed (every page its own hash)."""
    rng = np.random.default_rng(seed)
    img = np.full((120, 90), 255, np.uint8)
    img[rng.random(img.shape) < 0.05] = 0
    return img


@dataclass
class Mailroom:
    store: Store
    batch: str
    pages: list[str]
    cancellation: str  # document id of the kuendigung (pages 0 and 1)
    invoice: str  # document id of the rechnung (page 2)

    @property
    def db(self):
        return self.store.root / "station.db"

    @property
    def blobs(self):
        return self.store.blobs.root

    def forge(self, sql: str, params: tuple = ()) -> None:
        """Edit the database by hand, past the store's triggers."""
        conn = sqlite3.connect(self.db)
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(sql, params)
        conn.commit()
        conn.close()

    def page_file(self, index: int):
        return self.store.page_path(self.pages[index])


@pytest.fixture
def settings():
    s = load_settings()
    s.station_id, s.operator = "desk-7", "anna"
    return s


def fill(store: Store, kinds=("kuendigung", "rechnung"), synced: bool = True) -> Mailroom:
    """One scanned stack: 3 pages, 2 documents, processed, classified, closed and (unless ``synced`` is
    False: then it waits in the outbox) marked synced: 10 events."""
    batch = store.create_batch(profile="Briefe s/w duplex")
    pages = [store.add_page(batch, page_image(i)) for i in range(3)]
    store.finish_capture(batch)
    for i, page_id in enumerate(pages):
        store.save_page_result(page_id, PageResult(index=i, width=90, height=120))
    cancel, invoice = store.set_documents(batch, [DocumentPlan(pages[:2]), DocumentPlan(pages[2:])])
    store.save_classification(cancel, Classification(kinds[0], "kundenservice", 0.93, False, "m1"),
                              Fields(customer_number="4711081500"))
    store.save_classification(invoice, Classification(kinds[1], "buchhaltung", 0.88, False, "m1"),
                              Fields(phone_number="+4930123456"))
    store.close_batch(batch)
    if synced:
        store.mark_synced(batch)
    return Mailroom(store, batch, pages, cancel, invoice)


@pytest.fixture
def mailroom(settings):
    store = Store.open(settings)
    yield fill(store)
    store.close()


def spec_hash(prev_hash: str, event: dict) -> str:
    keys = ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id", "page_hashes", "data")
    canonical = json.dumps({k: event[k] for k in keys}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


@pytest.fixture
def rechain():
    """Recompute every hash of a store's chain, as a forger who read docs/INTERFACES.md would."""

    def _rechain(db_path) -> None:
        conn = sqlite3.connect(db_path)
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        prev = GENESIS
        cur = conn.execute("SELECT * FROM audit_events ORDER BY seq")
        names = [d[0] for d in cur.description]
        for values in cur.fetchall():
            event = dict(zip(names, values))
            event["page_hashes"], event["data"] = json.loads(event["page_hashes"]), json.loads(event["data"])
            digest = spec_hash(prev, event)
            conn.execute("UPDATE audit_events SET prev_hash=?, hash=? WHERE seq=?", (prev, digest, event["seq"]))
            prev = digest
        conn.commit()
        conn.close()

    return _rechain


def pdf_text(path) -> str:
    """The text of a one-page PDF (a receipt certificate), as a reader would copy it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) == 1
        return pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()

"""Fixtures for the inbox: a migrated central store on the session's real PostgreSQL, two departments
with a clerk each, and mail that came the real way (local store -> outbox -> ``sync_once``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import psycopg
import pytest

from station.inbox.admin import add_clerk, add_inbox_login
from station.model import Classification
from station.store import DocumentPlan, Store
from station.sync.worker import sync_once
from sync.conftest import Central, central, station_settings  # noqa: F401  (the central fixture)

CANCEL, BILLING = "Kündigungen", "Rechnungsklärung"


@dataclass
class Site:
    central: Central
    web_dsn: str
    passwords: dict[str, str]
    settings: object
    store: Store
    docs: dict[str, list[str]] = field(default_factory=dict)  # department -> document ids

    def mail(self, letters: list[tuple[str, str, dict]], seed: int = 0) -> list[str]:
        """A batch of letters (doc_type, department, fields) through the real local store, then synced."""
        ids = mail_batch(self.store, letters, seed)
        sync_once(self.settings, self.store)
        for (_, dept, _), doc_id in zip(letters, ids):
            self.docs.setdefault(dept, []).append(doc_id)
        return ids

    def admin(self) -> psycopg.Connection:
        return self.central.admin()


def mail_batch(store: Store, letters: list[tuple[str, str, dict]], seed: int = 0, pages: int = 1) -> list[str]:
    batch_id = store.create_batch(source="scanner")
    rng = np.random.default_rng(seed)
    page_ids = []
    for _ in range(len(letters) * pages):
        img = np.full((80, 60), 255, np.uint8)
        img[rng.random((80, 60)) < 0.08] = 0
        page_ids.append(store.add_page(batch_id, img, dpi=200))
    store.finish_capture(batch_id)
    doc_ids = store.set_documents(batch_id, [DocumentPlan(page_ids[i * pages:(i + 1) * pages]) for i in range(len(letters))])
    for doc_id, (doc_type, dept, fields) in zip(doc_ids, letters):
        store.save_classification(doc_id, Classification(doc_type, dept, 0.91, False, "test"), fields)
    store.close_batch(batch_id)
    return doc_ids


@pytest.fixture
def site(central, pg_server) -> Site:  # noqa: F811
    central.add_department(CANCEL)
    central.add_department(BILLING)
    with central.admin() as conn:
        role, password = add_inbox_login(conn)
        passwords = {"kim": add_clerk(conn, "kim", CANCEL), "ben": add_clerk(conn, "ben", BILLING)}
    settings = station_settings(central)
    store = Store.open(settings)
    s = Site(central, pg_server.dsn(user=role, password=password, dbname=central.dbname), passwords, settings, store)
    s.mail([("kuendigung", CANCEL, {"customer_number": "4711001", "iban": "DE89370400440532013000"}),
            ("kuendigung", CANCEL, {"customer_number": "4711002", "phone_number": "+4930123456"}),
            ("rechnung_reklamation", BILLING, {"customer_number": "4711003"})], seed=1)
    yield s
    store.close()

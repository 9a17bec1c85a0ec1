"""The delivery date and the tracking number travel to the central store (columns, once), the central
certificate states the delivery date as the legal date of receipt, and registered mail is found there by
its tracking number."""

from __future__ import annotations

import re
from datetime import timedelta

import psycopg
import pypdfium2 as pdfium
import pytest

from station.audit.central import verify_central
from station.audit.central_receipt import make_central_receipt
from station.model import Classification, Fields
from station.store import DocumentPlan, Store
from station.store.delivery import mailroom_today
from station.sync.central import send_batch
from station.sync.outbox import batch_payload
from station.sync.worker import sync_once

from .conftest import station_settings

GOOD = "RR123456785DE"


@pytest.fixture
def desk(central):
    settings = station_settings(central, "desk-post")
    store = Store.open(settings)
    yield settings, store
    store.close()


def delivered_yesterday_registered(store: Store) -> tuple[str, str, str]:
    import numpy as np

    yesterday = mailroom_today() - timedelta(days=1)
    batch = store.create_batch(delivery_date=yesterday, delivery_reason="Post vom Vortag")
    rng = np.random.default_rng(7)
    pages = []
    for _ in range(3):
        img = np.full((60, 40), 255, np.uint8)
        img[rng.random((60, 40)) < 0.08] = 0
        pages.append(store.add_page(batch, img, dpi=200))
    store.finish_capture(batch)
    registered, other = store.set_documents(batch, [DocumentPlan(pages[:2]), DocumentPlan(pages[2:])])
    for doc in (registered, other):
        store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False, "m"),
                                  Fields(customer_number="4711081500"))
    store.mark_registered(registered, tracking_number="RR 12345678 5 DE")
    store.close_batch(batch)
    return batch, registered, other


def test_a_batch_delivered_yesterday_is_dated_yesterday_in_every_central_row_and_certificate(central, desk, tmp_path):
    settings, store = desk
    batch, registered, other = delivered_yesterday_registered(store)
    assert sync_once(settings, store).batches_sent == 1
    yesterday = mailroom_today() - timedelta(days=1)
    with central.admin() as admin:
        row = admin.execute("SELECT delivery_date, delivery_reason FROM central.batches WHERE id = %s", (batch,)).fetchone()
        assert row == (yesterday, "Post vom Vortag")
        docs = admin.execute("SELECT id::text, delivery_date, registered, tracking_number, received_at::date "
                             "FROM central.documents WHERE batch_id = %s ORDER BY position", (batch,)).fetchall()
        assert [(d[0], d[1], d[2], d[3]) for d in docs] == [(registered, yesterday, True, GOOD),
                                                          (other, yesterday, False, None)]
        assert verify_central(admin, settings.station_id).intact
        out = make_central_receipt(admin, registered, tmp_path / "central.pdf")
    pdf = pdfium.PdfDocument(str(out))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert re.search(r"Rechtlich maßgebliches Eingangsdatum \(Zugang\):\s*" + f"{yesterday:%d.%m.%Y}", text)
    assert "RR 12345678 5 DE" in text and "zentraler Speicher" in text and "Post vom Vortag" in text
    # sending the same batch again (a replay after a cut connection) changes nothing
    with central.connect_as(settings.central) as conn:
        assert send_batch(conn, batch_payload(store, batch)).already_central
    with central.admin() as admin:
        assert admin.execute("SELECT count(*), count(DISTINCT delivery_date) FROM central.documents WHERE batch_id = %s",
                             (batch,)).fetchone() == (2, 1)


def test_registered_mail_is_found_centrally_by_its_tracking_number_in_any_spelling(central, desk):
    settings, store = desk
    _batch, registered, _other = delivered_yesterday_registered(store)
    sync_once(settings, store)
    with central.connect_as(settings.central) as conn:  # the station's own role, under row-level security
        found = conn.execute("SELECT document_id::text, delivery_date FROM "
                             "central.documents_by_tracking_number('rr 12345678 5 de')").fetchall()
    assert found == [(registered, mailroom_today() - timedelta(days=1))]
    with central.admin() as admin:
        plan = "\n".join(r[0] for r in admin.execute(
            "EXPLAIN SELECT * FROM central.documents WHERE tracking_number = 'RR123456785DE'").fetchall())
        assert admin.execute("SELECT central.s10_valid('RR123456785DE'), central.s10_valid('RR123456784DE')"
                             ).fetchone() == (True, False)
    assert "documents" in plan


def test_the_central_store_refuses_a_tracking_number_with_a_wrong_check_digit(central):
    with central.admin() as admin:
        admin.execute("SELECT central.ensure_document_partition(now())")
        with pytest.raises(psycopg.errors.CheckViolation):
            admin.execute(
                "INSERT INTO central.documents (id, received_at, station_id, batch_id, position, doc_type, department,"
                " page_count, tracking_number) VALUES (gen_random_uuid(), now(), 'x', gen_random_uuid(), 0, 'k', 'd', 0,"
                " 'RR123456784DE')")


def test_a_central_delivery_date_or_tracking_number_changed_by_an_administrator_is_caught(central, desk):
    settings, store = desk
    batch, registered, _other = delivered_yesterday_registered(store)
    sync_once(settings, store)
    with central.admin() as admin:
        assert verify_central(admin, settings.station_id).intact
        admin.execute("UPDATE central.documents SET delivery_date = delivery_date - 7 WHERE id = %s", (registered,))
        report = verify_central(admin, settings.station_id)
        assert not report.intact and "delivery_date_differs" in {p.what for p in report.problems}
        admin.execute("UPDATE central.documents SET delivery_date = delivery_date + 7, tracking_number = "
                      "'RR000000005DE' WHERE id = %s", (registered,))
        report = verify_central(admin, settings.station_id)
        assert [p.what for p in report.problems] == ["tracking_number_differs"]

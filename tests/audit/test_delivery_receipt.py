"""The certificate of receipt states the delivery date as the legal date of receipt, beside the scan time,
station, operator, tracking number and hashes; a delivery date or tracking number edited by hand is caught."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta


from station.audit.receipt import make_receipt
from station.audit.verify import verify_local
from station.model import Classification, Fields
from station.store import DocumentPlan, Store
from station.store.delivery import mailroom_today

from conftest import TRIGGERS, page_image, pdf_text

GOOD = "RR123456785DE"


def delivered_yesterday(store: Store, *, registered: bool = False) -> tuple[str, str]:
    yesterday = mailroom_today() - timedelta(days=1)
    batch = store.create_batch(delivery_date=yesterday, delivery_reason="Post vom Vortag")
    pages = [store.add_page(batch, page_image(40 + i)) for i in range(2)]
    store.finish_capture(batch)
    (doc,) = store.set_documents(batch, [DocumentPlan(pages)])
    store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False, "m"),
                              Fields(customer_number="4711081500"))
    if registered:
        store.mark_registered(doc, tracking_number="RR 12345678 5 DE")
    store.close_batch(batch)
    return batch, doc


def test_a_letter_delivered_yesterday_and_scanned_today_is_certified_as_received_yesterday(settings, tmp_path):
    with Store.open(settings) as store:
        _batch, doc = delivered_yesterday(store, registered=True)
        scanned = store.load_batch(_batch).document(doc).received_at
        text = pdf_text(make_receipt(store, doc, tmp_path / "r.pdf"))
        dated = store.query("SELECT seq, hash FROM audit_events WHERE kind = 'delivery_dated'")[0]
    yesterday = mailroom_today() - timedelta(days=1)
    assert re.search(r"Rechtlich maßgebliches Eingangsdatum \(Zugang\):\s*" + f"{yesterday:%d.%m.%Y}", text)
    assert "Posteingangsdatum:" in text and "Post vom Vortag" in text
    assert "Maßgeblich für den Zugang ist das Posteingangsdatum" in text
    assert scanned[:10].replace("-", "") in text.replace("-", "")  # the scan time is stated too (UTC line)
    assert "desk-7" in text and "anna" in text
    assert "RR 12345678 5 DE" in text
    assert f"Posteingangsdatum in der Prüfkette (Nr. {dated['seq']})" in text and dated["hash"] in text


def test_the_english_certificate_names_the_legal_date_too(settings, tmp_path):
    with Store.open(settings) as store:
        _batch, doc = delivered_yesterday(store)
        text = pdf_text(make_receipt(store, doc, tmp_path / "r.pdf", lang="en"))
    assert f"Legal date of receipt: {mailroom_today() - timedelta(days=1):%Y-%m-%d}" in text
    assert "The delivery date is the legal date of receipt" in text


def _forge(db, sql, params=()):
    conn = sqlite3.connect(db)
    for name in (*TRIGGERS, "batches_delivery_immutable", "documents_registered_immutable"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_verify_catches_a_delivery_date_or_tracking_number_edited_by_hand(settings):
    with Store.open(settings) as store:
        batch, doc = delivered_yesterday(store, registered=True)
        db, blobs = store.root / "station.db", store.blobs.root
    assert verify_local(db, blobs).intact
    _forge(db, "UPDATE batches SET delivery_date = ? WHERE id = ?", ((mailroom_today() - timedelta(days=5)).isoformat(), batch))
    report = verify_local(db, blobs)
    assert not report.intact and report.problems[0].what == "delivery_date_differs"
    _forge(db, "UPDATE batches SET delivery_date = ? WHERE id = ?", ((mailroom_today() - timedelta(days=1)).isoformat(), batch))
    _forge(db, "UPDATE documents SET tracking_number = 'RR000000005DE' WHERE id = ?", (doc,))
    report = verify_local(db, blobs)
    assert not report.intact and report.problems[0].what == "tracking_number_differs"
    assert "RR000000005DE" not in report.problems[0].message_de  # values are personal data

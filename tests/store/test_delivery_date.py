"""A batch carries the day its post was delivered (Posteingangsdatum): the legal date of receipt of every
letter in it, chosen when the batch starts, sealed in the chain, final once the batch is closed."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from station.audit.verify import verify_local
from station.errors import StoreError
from station.model import Classification, Fields
from station.store import DocumentPlan, Store
from station.store.delivery import check_delivery, mailroom_today

from .conftest import page_image


def _batch_with_document(store: Store, **kwargs) -> tuple[str, str]:
    batch = store.create_batch(**kwargs)
    pages = [store.add_page(batch, page_image(i)) for i in range(2)]
    store.finish_capture(batch)
    (doc,) = store.set_documents(batch, [DocumentPlan(pages)])
    store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False, "m"), Fields())
    return batch, doc


def test_a_batch_started_today_is_delivered_today_and_every_page_event_seals_it(store):
    batch, doc = _batch_with_document(store)
    today = mailroom_today().isoformat()
    loaded = store.load_batch(batch)
    assert loaded.delivery_date == today and loaded.delivery_reason is None
    assert loaded.document(doc).delivery_date == today
    assert all(p.delivery_date == today for p in loaded.pages)
    received = [e for e in store.events_after(0) if e["kind"] == "received"]
    assert len(received) == 2 and all(e["data"]["delivery_date"] == today for e in received)


def test_post_delivered_yesterday_is_dated_yesterday_on_every_document_and_audited_with_its_reason(store):
    yesterday = mailroom_today() - timedelta(days=1)
    batch, doc = _batch_with_document(store, delivery_date=yesterday, delivery_reason="Post vom Vortag")
    loaded = store.load_batch(batch)
    assert loaded.delivery_date == yesterday.isoformat() and loaded.delivery_reason == "Post vom Vortag"
    assert loaded.document(doc).delivery_date == yesterday.isoformat()
    (dated,) = [e for e in store.events_after(0) if e["kind"] == "delivery_dated"]
    assert dated["batch_id"] == batch and dated["operator"] == "anna"
    assert dated["data"] == {"delivery_date": yesterday.isoformat(), "basis": "operator", "days_back": 1,
                             "reason": "Post vom Vortag"}
    assert verify_local(store.root / "station.db", store.blobs.root).intact


@pytest.mark.parametrize("days_back, reason, message", [
    (1, "", "Begründung"),
    (8, "Urlaub", "höchstens 7 Tage"),
    (-1, "Zukunft", "in der Zukunft"),
])
def test_a_delivery_date_is_refused_without_reason_too_far_back_or_in_the_future(store, days_back, reason, message):
    day = mailroom_today() - timedelta(days=days_back)
    with pytest.raises(StoreError) as err:
        store.create_batch(delivery_date=day, delivery_reason=reason)
    assert message in err.value.message_de
    assert store.query("SELECT COUNT(*) AS n FROM batches")[0]["n"] == 0


def test_the_backdating_limit_is_a_setting(settings):
    settings.max_delivery_backdate_days = 14
    with Store.open(settings) as store:
        batch = store.create_batch(delivery_date=mailroom_today() - timedelta(days=10), delivery_reason="Urlaub")
        assert store.delivery_date(batch) == mailroom_today() - timedelta(days=10)
    assert check_delivery("2026-01-10", "x", max_days=7, today=date(2026, 1, 12)).day == date(2026, 1, 10)


def test_an_open_batch_can_be_redated_with_an_event_a_closed_one_never(store):
    batch, doc = _batch_with_document(store)
    friday = mailroom_today() - timedelta(days=3)
    store.set_delivery_date(batch, friday, "Stapel vom Freitag")
    (dated,) = [e for e in store.events_after(0) if e["kind"] == "delivery_dated"]
    assert dated["data"]["previous"] == mailroom_today().isoformat()
    assert store.load_batch(batch).document(doc).delivery_date == friday.isoformat()
    store.close_batch(batch)
    with pytest.raises(StoreError) as err:
        store.set_delivery_date(batch, mailroom_today() - timedelta(days=1), "doch Montag")
    assert "festgeschrieben" in err.value.message_de
    # not even by hand in SQLite: the trigger refuses it
    conn = sqlite3.connect(store.root / "station.db")
    with pytest.raises(sqlite3.IntegrityError, match="immutable once the batch is closed"):
        conn.execute("UPDATE batches SET delivery_date = '2020-01-01' WHERE id = ?", (batch,))
    conn.close()
    assert store.delivery_date(batch) == friday


def test_a_fax_is_delivered_on_the_day_it_arrived(store):
    arrival = datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)  # already the 24th in Berlin
    batch = store.create_batch(source="fax", meta={"fax": {"arrival": arrival.isoformat(), "file": "f.tif"}})
    row = store.batch_row(batch)
    assert row["delivery_date"] == "2026-11-24"
    assert row["delivered_at"] == "2026-11-23T23:30:00.000000+00:00"


def test_a_fax_from_the_hot_folder_is_dated_by_its_arrival_on_its_receipt(store, settings, tmp_path):
    import pypdfium2 as pdfium

    from station.audit.receipt import make_receipt
    from station.flows.faxes import HotFolder

    from .test_hotfolder import ARRIVAL, FAST, write_fax

    inbox = tmp_path / "fax-in"
    inbox.mkdir()
    write_fax(inbox / "fax1.tif")
    batch_id = HotFolder(inbox, store, settings, stable_seconds=0, options=FAST).ingest(inbox / "fax1.tif")
    batch = store.load_batch(batch_id)
    assert batch.delivery_date == "2026-11-24" and batch.delivered_at == ARRIVAL.isoformat(timespec="microseconds")
    assert [d.delivery_date for d in batch.documents] == ["2026-11-24"]
    pdf = pdfium.PdfDocument(str(make_receipt(store, batch.documents[0].id, tmp_path / "r.pdf")))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "Rechtlich maßgebliches Eingangsdatum (Zugang): 24.11.2026" in text
    assert "Faxeingang (Datei im Eingangsordner): 24.11.2026 08:30:05 (UTC+01:00)" in text

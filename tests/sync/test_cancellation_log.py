"""The daily cancellation proof log lists each cancellation under the day its post was delivered (a late
scan too), with tracking number, delivery date, scan time, station, document id and page hashes, as CSV
and as a PDF signed off with the row count and the CSV's SHA-256."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from datetime import timedelta

import numpy as np
import pypdfium2 as pdfium

from station.audit.cancellation_log import cancellation_log
from station.cli import main
from station.model import Classification, Fields
from station.store import DocumentPlan, Store
from station.store.delivery import mailroom_today
from station.sync.worker import sync_once

from .conftest import station_settings


def _batch(store: Store, kinds: list[str], seed: int, **delivery) -> list[str]:
    batch = store.create_batch(**delivery)
    rng = np.random.default_rng(seed)
    pages = []
    for _ in kinds:
        img = np.full((60, 40), 255, np.uint8)
        img[rng.random((60, 40)) < 0.08] = 0
        pages.append(store.add_page(batch, img, dpi=200))
    store.finish_capture(batch)
    docs = store.set_documents(batch, [DocumentPlan([p]) for p in pages])
    for doc, kind in zip(docs, kinds):
        store.save_classification(doc, Classification(kind, "kundenservice", 0.9, False, "m"),
                                  Fields(customer_number="4711081500"))
    return docs


def _config(settings) -> None:
    c = settings.central
    with open(os.environ["STATION_CONFIG"], "w") as fh:
        fh.write(f'station_id = "{settings.station_id}"\noperator = "anna"\n[central]\nhost = "{c.host}"\n'
                 f'port = {c.port}\ndbname = "{c.dbname}"\nuser = "{c.user}"\n'
                 f'password_file = "{c.password_file}"\nsslmode = "disable"\n')


def test_a_late_scanned_registered_cancellation_is_listed_under_its_delivery_day(central, tmp_path, capsys):
    settings = station_settings(central, "desk-log")
    friday = mailroom_today() - timedelta(days=3)
    with Store.open(settings) as store:
        (late,) = _batch(store, ["kuendigung"], 1, delivery_date=friday, delivery_reason="Post vom Freitag")
        store.mark_registered(late, tracking_number="RR123456785DE")
        today_cancel, _invoice = _batch(store, ["kuendigung", "rechnung"], 2)
        for b in store.list_batches():
            store.close_batch(b.id)
        assert sync_once(settings, store).batches_sent == 2
        late_hash = store.load_batch(store.list_batches()[-1].id).documents[0].pages[0].blob_hash
    with central.connect_as(settings.central) as conn:
        on_friday = cancellation_log(conn, friday)
        today = cancellation_log(conn, mailroom_today())
    assert [e.document_id for e in on_friday] == [late]
    entry = on_friday[0]
    assert entry.delivery_date == friday and entry.tracking_number == "RR123456785DE" and entry.registered
    assert entry.received_at.date() > friday  # scanned later, listed under the delivery day
    assert entry.page_hashes == (late_hash,) and entry.station_id == "desk-log"
    assert [e.document_id for e in today] == [today_cancel]

    _config(settings)
    out_csv, out_pdf = tmp_path / "log.csv", tmp_path / "log.pdf"
    assert main(["audit", "cancellations", "--day", friday.isoformat(), "--csv", str(out_csv), "--pdf", str(out_pdf)]) == 0
    printed = capsys.readouterr().out
    assert late in printed and "RR123456785DE" in printed
    data = out_csv.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))
    assert rows[0][:3] == ["Posteingangsdatum", "Sendungsnummer", "Einschreiben"] and len(rows) == 2
    assert rows[1][0] == friday.isoformat() and rows[1][1] == "RR 12345678 5 DE" and rows[1][6] == late
    assert rows[1][-1] == late_hash
    digest = hashlib.sha256(data).hexdigest()
    pdf = pdfium.PdfDocument(str(out_pdf))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert f"Kündigungen mit Posteingang am {friday:%d.%m.%Y}" in text
    assert "RR 12345678 5 DE" in text and late in text
    assert "1 Zeilen" in text and digest in text.replace("\r\n", "").replace("\n", "") and "anna" in text
    assert (out_csv.stat().st_mode & 0o777) == 0o600 and (out_pdf.stat().st_mode & 0o777) == 0o600

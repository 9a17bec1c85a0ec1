"""A certificate of receipt is one page, states what the chain proves, and its hashes are the pages'."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

import pikepdf
import pytest

from station.audit.receipt import make_receipt
from station.audit.receipt_data import ReceiptError
from station.model import Classification, Fields
from station.store import DocumentPlan

from conftest import page_image, pdf_text

HASH_LINE = r"Seite +\d+: ([0-9a-f]{64})"


def test_receipt_is_one_german_page_whose_hashes_match_the_stored_pages(mailroom, tmp_path):
    out = make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "receipt.pdf")
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
    text = pdf_text(out)
    assert "Eingangsbestätigung" in text
    assert "4711081500" in text and "desk-7" in text and "kuendigung" in text
    assert re.search(r"Seitenzahl:\s*2", text)
    printed = re.findall(HASH_LINE, text)
    assert printed == [hashlib.sha256(mailroom.page_file(i).read_bytes()).hexdigest() for i in (0, 1)]
    received = mailroom.store.query("SELECT seq, hash FROM audit_events WHERE kind = 'received' ORDER BY seq")[0]
    assert f"Eingangsereignis in der Prüfkette (Nr. {received['seq']})" in text and received["hash"] in text
    assert "station audit verify" in text and "sha256sum" in text
    assert (out.stat().st_mode & 0o777) == 0o600


def test_receipt_states_the_received_time_in_berlin_and_utc(settings, tmp_path):
    from station.store import Store

    with Store.open(settings) as store:
        batch = store.create_batch()
        arrived = datetime(2026, 7, 1, 21, 30, 5, 250000, tzinfo=timezone.utc)  # summer time: UTC+2
        page = store.add_page(batch, page_image(9), received_at=arrived)
        (doc,) = store.set_documents(batch, [DocumentPlan([page])])
        store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False), Fields())
        text = pdf_text(make_receipt(store, doc, tmp_path / "r.pdf"))
    assert "01.07.2026 23:30:05 (UTC+02:00)" in text
    assert "2026-07-01 21:30:05.250000 UTC" in text
    assert "nicht erkannt" in text  # no customer number found


def test_receipt_in_english(mailroom, tmp_path):
    text = pdf_text(make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf", lang="en"))
    assert "Certificate of receipt" in text and "Scanned (UTC)" in text and "Eingangsbestätigung" not in text


def test_receipt_from_the_database_file_alone(mailroom, tmp_path):
    out = make_receipt(mailroom.db, mailroom.invoice, tmp_path / "r.pdf")
    assert re.findall(HASH_LINE, pdf_text(out)) == [mailroom.page_file(2).name.split(".")[0]]


def test_a_soft_deleted_page_is_not_listed_but_still_dates_the_document(mailroom, tmp_path):
    mailroom.forge("UPDATE pages SET deleted = 1 WHERE id = ?", (mailroom.pages[0],))
    text = pdf_text(make_receipt(mailroom.db, mailroom.cancellation, tmp_path / "r.pdf"))
    assert re.findall(HASH_LINE, text) == [mailroom.page_file(1).name.split(".")[0]]
    assert "(Nr. 1)" in text  # the first page's received event still dates the document


def test_no_receipt_for_a_document_whose_page_file_was_altered(mailroom, tmp_path):
    page = mailroom.page_file(1)
    page.write_bytes(b"forged")
    with pytest.raises(ReceiptError) as err:
        make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf")
    assert "verändert" in err.value.message_de and "station audit verify" in err.value.message_de
    assert not (tmp_path / "r.pdf").exists()


def test_no_receipt_when_the_received_date_was_edited(mailroom, tmp_path):
    mailroom.forge("UPDATE documents SET received_at = '2026-01-01T08:00:00.000000+00:00' WHERE id = ?",
                   (mailroom.cancellation,))
    with pytest.raises(ReceiptError) as err:
        make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf")
    assert "Eingangsdatum" in err.value.message_de


def test_no_receipt_when_an_event_of_the_document_was_edited(mailroom, tmp_path):
    mailroom.forge("UPDATE audit_events SET operator = 'mallory' WHERE seq = 8")
    with pytest.raises(ReceiptError):
        make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf")


def test_no_receipt_when_the_event_after_it_was_deleted(mailroom, tmp_path):
    mailroom.forge("DELETE FROM audit_events WHERE seq = 2")
    with pytest.raises(ReceiptError):
        make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf")


def test_unknown_document_is_a_clear_error(mailroom, tmp_path):
    with pytest.raises(ReceiptError) as err:
        make_receipt(mailroom.store, "no-such-id", tmp_path / "r.pdf")
    assert "nicht vorhanden" in err.value.message_de


def test_a_long_document_still_fits_on_one_page(settings, tmp_path):
    from station.store import Store

    with Store.open(settings) as store:
        batch = store.create_batch()
        pages = [store.add_page(batch, page_image(100 + i)) for i in range(80)]
        (doc,) = store.set_documents(batch, [DocumentPlan(pages)])
        out = make_receipt(store, doc, tmp_path / "long.pdf")
    assert len(re.findall(HASH_LINE, pdf_text(out))) == 80


def test_every_cancellation_of_a_batch_gets_its_receipt_and_no_other_document(mailroom, tmp_path):
    from station.audit.hooks import receipts_for_batch

    run = receipts_for_batch(mailroom.store, mailroom.batch, tmp_path / "receipts")
    assert list(run.written) == [mailroom.cancellation] and not run.refused
    assert run.written[mailroom.cancellation].name == f"Eingangsbestaetigung-{mailroom.cancellation}.pdf"
    assert (tmp_path / "receipts").stat().st_mode & 0o777 == 0o700
    again = receipts_for_batch(mailroom.store, mailroom.batch, tmp_path / "receipts")
    assert again.written == run.written


def test_a_cancellation_with_a_forged_page_is_refused_not_certified(mailroom, tmp_path):
    from station.audit.hooks import receipts_for_batch

    mailroom.page_file(0).write_bytes(b"forged")
    run = receipts_for_batch(mailroom.store, mailroom.batch, tmp_path / "receipts")
    assert not run.written and list(run.refused) == [mailroom.cancellation]
    assert run.refused[mailroom.cancellation].detail == "page_altered"


def test_operator_edits_keep_the_proof_intact_and_the_receipt_dated(mailroom, tmp_path):
    """Deleting the first page, moving a page over and rescanning one are audited edits, not tampering."""
    from station import batches
    from station.audit.verify import verify_local

    received = mailroom.store.query("SELECT received_at FROM documents WHERE id = ?", (mailroom.cancellation,))[0]
    batches.delete_page(mailroom.store, mailroom.pages[0])
    batches.move_page(mailroom.store, mailroom.pages[2], mailroom.cancellation, 0)
    batches.rescan_page(mailroom.store, mailroom.pages[1], page_image(77))
    report = verify_local(mailroom.db, mailroom.blobs)
    assert report.intact, report.summary()
    text = pdf_text(make_receipt(mailroom.store, mailroom.cancellation, tmp_path / "r.pdf"))
    at = datetime.fromisoformat(received["received_at"])
    assert at.strftime("%Y-%m-%d %H:%M:%S.%f UTC") in text
    live = mailroom.store.query("SELECT blob_hash FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord",
                                (mailroom.cancellation,))
    assert re.findall(HASH_LINE, text) == [r["blob_hash"] for r in live]


def test_a_fax_certificate_states_the_sealed_fax_header_and_arrival(settings, tmp_path):
    """A fax is dated by its file's arrival; its header's send time and sender are sealed beside it."""
    from station.audit.verify import verify_local
    from station.store import Store

    arrival = datetime(2026, 11, 24, 23, 59, 58, tzinfo=timezone.utc)  # 00:59:58 in Berlin: the next day
    fax = {"date": "2026-11-25T00:59:41", "sender": "+49301234567", "arrival": arrival.isoformat(),
           "file": "fax-0815.tif", "tags": {"Software": "HylaFAX"}}
    with Store.open(settings) as store:
        batch = store.create_batch(source="fax", meta={"fax": fax})
        page = store.add_page(batch, page_image(5), received_at=arrival, meta={"fax": fax}, source_file="fax-0815.tif")
        (doc,) = store.set_documents(batch, [DocumentPlan([page])])
        store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False), Fields())
        sealed = store.query("SELECT data FROM audit_events WHERE kind = 'received'")[0]["data"]
        assert '"sender": "+49301234567"' in sealed and "tags" not in sealed
        assert verify_local(store, store.blobs.root).intact
        text = pdf_text(make_receipt(store, doc, tmp_path / "fax.pdf"))
    assert "25.11.2026 00:59:58 (UTC+01:00)" in text and "2026-11-24 23:59:58.000000 UTC" in text
    assert "Sendezeit laut Faxkopf (Uhr des Faxservers):" in text and "2026-11-25T00:59:41" in text
    assert "+49301234567" in text and "fax-0815.tif" in text
    assert "Von der Station übernommen (UTC):" in text

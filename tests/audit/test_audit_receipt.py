"""A certificate of receipt is one page, states what the chain proves, and its hashes are the pages'."""

from __future__ import annotations

import hashlib
import re

import pikepdf
import pypdfium2 as pdfium
import pytest

from station.audit.receipt import make_receipt
from station.audit.receipt_data import ReceiptError

PAGES = [b"first page image bytes", b"second page image bytes", b"third"]


def pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture
def cancellation(spec_store):
    doc_id = spec_store.add_document(PAGES, "kuendigung", {"customer_number": "4711081500"})
    spec_store.add_document([b"other"], "rechnung", {})
    return spec_store, doc_id


def test_receipt_is_one_german_page_whose_hashes_match_the_stored_pages(cancellation, tmp_path):
    store, doc_id = cancellation
    out = make_receipt(store.path, doc_id, tmp_path / "receipt.pdf", blobs_dir=store.blobs)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
    text = pdf_text(out)
    assert "Eingangsbestätigung" in text
    assert "24.11.2026 09:00:00 (UTC+01:00)" in text  # Berlin local time in November
    assert "2026-11-24 08:00:00.000000 UTC" in text
    assert "4711081500" in text and "desk-1" in text and "kuendigung" in text
    on_disk = [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(store.blobs.rglob("*.png"))]
    printed = re.findall(r"Seite +\d+: ([0-9a-f]{64})", text)
    assert printed == [hashlib.sha256(p).hexdigest() for p in PAGES]
    assert set(printed) <= set(on_disk)
    received = store.conn.execute("SELECT seq, hash FROM audit_events WHERE kind='received' AND document_id=?",
                                  [doc_id]).fetchone()
    assert f"Nr. {received[0]}" in text and received[1] in text
    assert "station audit verify" in text and "sha256sum" in text
    assert (out.stat().st_mode & 0o777) == 0o600


def test_receipt_in_english(cancellation, tmp_path):
    store, doc_id = cancellation
    text = pdf_text(make_receipt(store.path, doc_id, tmp_path / "r.pdf", lang="en", blobs_dir=store.blobs))
    assert "Certificate of receipt" in text and "Received (UTC)" in text and "Eingangsbestätigung" not in text


def test_no_receipt_for_a_document_whose_page_file_was_altered(cancellation, tmp_path):
    store, doc_id = cancellation
    page = next(p for p in store.blobs.rglob("*.png") if p.read_bytes() == PAGES[1])
    page.write_bytes(b"forged")
    with pytest.raises(ReceiptError) as err:
        make_receipt(store.path, doc_id, tmp_path / "r.pdf", blobs_dir=store.blobs)
    assert "verändert" in err.value.message_de
    assert not (tmp_path / "r.pdf").exists()


def test_no_receipt_when_the_received_date_was_edited(cancellation, tmp_path):
    store, doc_id = cancellation
    store.conn.execute("UPDATE documents SET received_at='2026-11-01T08:00:00+00:00' WHERE id=?", [doc_id])
    store.conn.commit()
    with pytest.raises(ReceiptError) as err:
        make_receipt(store.path, doc_id, tmp_path / "r.pdf", blobs_dir=store.blobs)
    assert "Eingangsdatum" in err.value.message_de


def test_no_receipt_when_an_event_of_the_document_was_edited(cancellation, tmp_path):
    store, doc_id = cancellation
    store.conn.execute("UPDATE audit_events SET operator='mallory' WHERE kind='received' AND document_id=?", [doc_id])
    store.conn.commit()
    with pytest.raises(ReceiptError):
        make_receipt(store.path, doc_id, tmp_path / "r.pdf", blobs_dir=store.blobs)


def test_unknown_document_is_a_clear_error(cancellation, tmp_path):
    store, _ = cancellation
    with pytest.raises(ReceiptError) as err:
        make_receipt(store.path, "no-such-id", tmp_path / "r.pdf", blobs_dir=store.blobs)
    assert "nicht vorhanden" in err.value.message_de


def test_a_long_document_still_fits_on_one_page(spec_store, tmp_path):
    doc_id = spec_store.add_document([f"page {i}".encode() for i in range(150)], "vertrag", {})
    out = make_receipt(spec_store.path, doc_id, tmp_path / "long.pdf", blobs_dir=spec_store.blobs)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
    assert len(re.findall(r"Seite +\d+: [0-9a-f]{64}", pdf_text(out))) == 150

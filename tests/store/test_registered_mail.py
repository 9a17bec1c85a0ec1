"""Registered mail: the label's S10 tracking number is read from its Code 128 barcode (or typed), a wrong
check digit is refused, the envelope page stays in the letter but out of classification, all sealed."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from station.audit.verify import verify_local
from station.config import ScanProfile
from station.errors import StoreError
from station.fields import tracking, validate
from station.model import PageResult
from station.separate import read_barcodes
from station.store import DocumentPlan, Store

from .conftest import page_image

GOOD = "RR123456785DE"  # UPU S10: check digit 5 over 12345678 (weights 8,6,4,2,3,5,9,7)


def label_page(number: str, size: tuple[int, int] = (1000, 760)) -> np.ndarray:
    """An Einschreiben label as the desk scans it: white page, the S10 number as a Code 128 barcode."""
    code = zxingcpp.create_barcode(number, zxingcpp.BarcodeFormat.Code128)
    bars = np.asarray(zxingcpp.write_barcode_to_image(code, scale=3))
    bars = bars if bars.ndim == 2 else bars[..., 0]
    page = np.full(size, 255, np.uint8)
    page[120:120 + bars.shape[0], 80:80 + bars.shape[1]] = bars
    return page


def test_the_s10_check_digit_follows_the_upu_weights():
    assert tracking.check_digit("12345678") == 5
    assert tracking.check_digit("00000000") == 5  # 11 - 0 = 11 -> 5
    assert tracking.is_valid("RR 12345678 5 DE") and tracking.is_valid("rr123456785de")
    assert not tracking.is_valid("RR123456784DE")
    assert tracking.formatted(GOOD) == "RR 12345678 5 DE"


def test_a_generated_label_barcode_is_read_and_a_printed_number_too():
    assert tracking.read_label(label_page(GOOD)) == GOOD
    assert tracking.read_label(np.full((300, 300), 255, np.uint8), "Einschreiben\nRR 123 456 78 5 DE\n") == GOOD
    assert tracking.read_label(label_page("RR123456784DE")) is None  # a barcode with a wrong check digit


def test_a_wrong_check_digit_is_refused_with_a_german_message(store):
    value, message = validate("tracking_number", "RR 12345678 4 DE")
    assert value is None and "Prüfziffer" in message
    assert validate("tracking_number", "rr 12345678 5 de") == (GOOD, None)
    batch = store.create_batch()
    page = store.add_page(batch, page_image(1))
    (doc,) = store.set_documents(batch, [DocumentPlan([page])])
    with pytest.raises(StoreError) as err:
        store.mark_registered(doc, tracking_number="RR123456784DE")
    assert "Sendungsnummer stimmt nicht" in err.value.message_de
    assert store.load_batch(batch).document(doc).tracking_number is None


def test_a_registered_profile_reads_the_label_marks_the_envelope_and_keeps_it_out_of_classification(settings):
    settings.profiles.append(ScanProfile(name="Einschreiben", registered=True))
    with Store.open(settings) as store:
        batch = store.create_batch(profile="Einschreiben")
        images = [label_page(GOOD), page_image(2), page_image(3)]
        pages = [store.add_page(batch, img) for img in images]
        store.finish_capture(batch)
        for i, (page_id, img) in enumerate(zip(pages, images)):
            text = "Einschreiben Einwurf" if i == 0 else "Hiermit kündige ich meinen Vertrag."
            store.save_page_result(page_id, PageResult(index=i, width=img.shape[1], height=img.shape[0], text=text),
                                   barcodes=[{"format": b.format, "text": b.text} for b in read_barcodes(img)])
        (doc,) = store.set_documents(batch, [DocumentPlan(pages)])
        loaded = store.load_batch(batch).document(doc)
        assert loaded.registered and loaded.tracking_number == GOOD
        assert [p.envelope for p in loaded.pages] == [True, False, False]  # the envelope stays as evidence
        texts = [r.text for r in store.classification_pages(loaded)]
        assert texts == ["Hiermit kündige ich meinen Vertrag."] * 2
        (event,) = [e for e in store.events_after(0) if e["kind"] == "registered"]
        assert event["data"]["tracking_number"] == GOOD and event["data"]["read_from"] == "barcode"
        assert event["page_hashes"] == [loaded.pages[0].blob_hash]
        assert store.find_by_tracking_number("RR 12345678 5 DE") == [doc]
        assert verify_local(store.root / "station.db", store.blobs.root).intact


def test_the_desk_key_marks_a_letter_registered_with_a_typed_number_final_once_closed(store):
    batch = store.create_batch()
    pages = [store.add_page(batch, page_image(i)) for i in range(2)]
    (doc,) = store.set_documents(batch, [DocumentPlan(pages)])
    store.mark_registered(doc)  # nothing on the label could be read: registered, number to be typed
    assert store.load_batch(batch).document(doc).tracking_number is None
    store.set_tracking_number(doc, "RR 12345678 5 DE", operator="bert")
    loaded = store.load_batch(batch).document(doc)
    assert loaded.registered and loaded.tracking_number == GOOD and loaded.pages[0].envelope
    store.close_batch(batch)
    with pytest.raises(StoreError):
        store.set_tracking_number(doc, "RR 00000000 5 DE")
    assert store.load_batch(batch).document(doc).tracking_number == GOOD

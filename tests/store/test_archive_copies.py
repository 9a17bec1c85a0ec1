"""Archive copies: a grey page is kept and exported as a JPEG 2000 copy only after the project's OCR read
it word for word like the lossless page; a copy that loses words is never used; bilevel pages stay G4."""

from __future__ import annotations

import json

import numpy as np
import pikepdf
import pytest

from station.audit.verify import verify_local
from station.export import export_batch
from station.model import PageResult
from station.ocr import ocr_page
from station.store import DocumentPlan
from station.store.archive import REQUIRED_AGREEMENT, make_archive_copy, raw_may_be_dropped, word_agreement
from station.synth.render import render_text_page

LETTER = ("Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Mobilfunkvertrag fristgerecht zum "
          "nächstmöglichen Zeitpunkt.\nKundennummer 4711 0815 23\nBitte bestätigen Sie mir die Kündigung "
          "schriftlich.\nMit freundlichen Grüßen\nErika Mustermann\n")


def grey_scan(seed: int = 1, dpi: int = 200) -> np.ndarray:
    """A grey letter as a scanner gives it: paper tone and sensor noise (what makes PNG big)."""
    img = np.asarray(render_text_page(LETTER * 3, dpi=dpi), dtype=np.float32)
    img = 18 + img * (232 - 18) / 255.0 + np.random.default_rng(seed).normal(0, 3.5, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def scanned():
    image = grey_scan()
    words, text = ocr_page(image, dpi=200)
    return image, PageResult(index=0, width=image.shape[1], height=image.shape[0], words=words, text=text, dpi=200)


def _stored(store, image, result):
    batch = store.create_batch()
    page = store.add_page(batch, image, dpi=200)
    store.save_page_result(page, result)
    (doc,) = store.set_documents(batch, [DocumentPlan([page])])
    return batch, page, doc


def test_word_agreement_counts_lost_and_misread_words():
    assert word_agreement("Kündigung zum 31.12.2026", "Kündigung zum 31.12.2026") == 1.0
    assert word_agreement("a b c d", "a b x d") == 0.75
    assert word_agreement("", "") == 1.0 and word_agreement("Wort", "") == 0.0


def test_a_grey_page_gets_a_verified_jpeg2000_copy_a_fraction_of_its_size_sealed_in_the_chain(store, scanned, tmp_path):
    image, result = scanned
    batch, page, _doc = _stored(store, image, result)
    raw_size = store.page_path(page).stat().st_size
    made = make_archive_copy(store, page)
    assert made.verified and made.agreement >= REQUIRED_AGREEMENT and made.media_type == "image/jp2"
    assert made.size * 5 < raw_size  # the lossless PNG of a noisy grey scan is many times larger
    copy = store.blobs.find(made.archive_hash)
    assert copy.read_bytes()[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n"
    (event,) = [e for e in store.events_after(0) if e["kind"] == "archived"]
    assert event["data"]["archive_sha256"] == made.archive_hash and event["data"]["verified"] is True
    assert event["page_hashes"] == [store.page(page).blob_hash]
    assert raw_may_be_dropped(store, page)
    assert make_archive_copy(store, page).archive_hash == made.archive_hash  # once
    assert len([e for e in store.events_after(0) if e["kind"] == "archived"]) == 1

    exported = export_batch(store, batch, tmp_path / "out")
    with pikepdf.open(exported[0].pdf) as pdf:
        (image_obj,) = pdf.pages[0].get_images().values()
        assert image_obj.Filter == "/JPXDecode"
    assert exported[0].pdf.stat().st_size < raw_size / 4
    record = json.loads(exported[0].index.read_text())
    assert record["pages"][0]["archive_sha256"] == made.archive_hash
    assert verify_local(store.root / "station.db", store.blobs.root).intact


def test_a_copy_that_loses_words_is_refused_and_the_lossless_page_stays(store, scanned):
    image, result = scanned
    _batch, page, _doc = _stored(store, image, result)
    made = make_archive_copy(store, page, level=3000)  # far too coarse: the text does not survive
    assert not made.verified and made.archive_hash is None and made.agreement < REQUIRED_AGREEMENT
    (event,) = [e for e in store.events_after(0) if e["kind"] == "archived"]
    assert event["data"]["verified"] is False and event["data"]["archive_sha256"] is None
    assert not raw_may_be_dropped(store, page)
    from station.store.archive import archive_bytes

    assert archive_bytes(store, store.page(page)) == store.page_path(page).read_bytes()


def test_a_black_and_white_page_is_its_own_g4_archive_copy(store):
    img = np.full((400, 300), 255, np.uint8)
    img[50:60, 30:270] = 0
    batch = store.create_batch()
    page = store.add_page(batch, img)
    store.set_documents(batch, [DocumentPlan([page])])
    made = make_archive_copy(store, page)
    assert made.verified and made.archive_hash == store.page(page).blob_hash and made.media_type == "image/tiff"
    assert not [e for e in store.events_after(0) if e["kind"] == "archived"]


def test_purging_a_batch_removes_its_archive_copies_too(store, scanned):
    from station.store.retention import purge_batch

    image, result = scanned
    batch, page, _doc = _stored(store, image, result)
    made = make_archive_copy(store, page)
    assert store.blobs.find(made.archive_hash) is not None
    purge_batch(store, batch)
    assert store.blobs.find(made.archive_hash) is None
    (purged,) = [e for e in store.events_after(0) if e["kind"] == "purged"]
    assert made.archive_hash in purged["page_hashes"]
    assert verify_local(store.root / "station.db", store.blobs.root).intact

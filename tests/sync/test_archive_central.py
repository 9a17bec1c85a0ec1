"""What goes to the central store for a grey page is its verified JPEG 2000 archive copy, not the lossless
PNG: the row keeps the scanned page's hash and size, the copy's hash is sealed by the chain, and an altered
copy is caught by ``station audit verify --central``."""

from __future__ import annotations

import numpy as np

from station.audit.central import verify_central
from station.audit.central_receipt import make_central_receipt
from station.model import Classification, Fields, PageResult
from station.ocr import ocr_page
from station.store import DocumentPlan, Store
from station.synth.render import render_text_page
from station.sync.worker import sync_once

from .conftest import station_settings


def grey_scan(dpi: int = 200) -> np.ndarray:
    text = "Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag zum nächsten Termin.\n" * 6
    img = np.asarray(render_text_page(text, dpi=dpi), dtype=np.float32)
    img = 18 + img * (232 - 18) / 255.0 + np.random.default_rng(3).normal(0, 3.5, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def grey_document(store: Store) -> tuple[str, str, str]:
    """A batch with one processed grey page in one document: (batch, page, document)."""
    image = grey_scan()
    words, text = ocr_page(image, dpi=200)
    batch = store.create_batch()
    page = store.add_page(batch, image, dpi=200)
    store.save_page_result(page, PageResult(index=0, width=image.shape[1], height=image.shape[0], words=words,
                                            text=text, dpi=200))
    (doc,) = store.set_documents(batch, [DocumentPlan([page])])
    return batch, page, doc


def test_a_grey_page_goes_central_as_its_sealed_archive_copy(central, tmp_path):
    settings = station_settings(central, "desk-arch")
    with Store.open(settings) as store:
        batch, page, doc = grey_document(store)
        store.save_classification(doc, Classification("kuendigung", "kundenservice", 0.9, False, "m"), Fields())
        store.close_batch(batch)
        report = sync_once(settings, store)
        assert report.batches_sent == 1
        stored = store.page(page)
        raw_size = store.page_path(page).stat().st_size
    assert stored.archive_hash and stored.archive_agreement >= 0.99
    with central.admin() as admin:
        row = admin.execute("SELECT sha256, size, content IS NULL, reference, encode(sha256(archive), 'hex'), "
                            "archive_sha256, archive_media_type, length(archive) FROM central.pages WHERE id = %s",
                            (page,)).fetchone()
        assert row[:4] == (stored.blob_hash, raw_size, True, "archive-copy")
        assert row[4] == row[5] == stored.archive_hash and row[6] == "image/jp2"
        assert row[7] * 5 < raw_size
        assert verify_central(admin, settings.station_id).intact
        make_central_receipt(admin, doc, tmp_path / "r.pdf")  # the certificate still vouches for the scanned page
        admin.execute("UPDATE central.pages SET archive = archive || '\\x00'::bytea WHERE id = %s", (page,))
        found = verify_central(admin, settings.station_id)
    assert not found.intact and found.problems[0].what == "page_altered"


def test_a_page_whose_copy_failed_verification_goes_central_lossless(central):
    from station.store.archive import make_archive_copy, raw_may_be_dropped

    settings = station_settings(central, "desk-arch2")
    with Store.open(settings) as store:
        batch, page, _doc = grey_document(store)
        assert not make_archive_copy(store, page, level=3000).verified  # the text does not survive this ratio
        store.close_batch(batch)
        assert sync_once(settings, store).batches_sent == 1
        raw = store.page_path(page).read_bytes()
        assert not raw_may_be_dropped(store, page)
    with central.admin() as admin:
        row = admin.execute("SELECT content, archive IS NULL, reference FROM central.pages WHERE id = %s", (page,)).fetchone()
        assert bytes(row[0]) == raw and row[1] and row[2] is None
        assert verify_central(admin, settings.station_id).intact


def test_a_damaged_scanned_file_holds_its_batch_back_although_only_its_copy_would_be_sent(central):
    """The scanned file is the evidence the receipt names: bit rot in it holds the batch back, even
    when what would go central is its (intact) archive copy."""
    from station.store.archive import make_archive_copy

    settings = station_settings(central, "desk-arch3")
    with Store.open(settings) as store:
        batch, page, _doc = grey_document(store)
        assert make_archive_copy(store, page).verified
        store.close_batch(batch)
        path = store.page_path(page)
        good = path.read_bytes()
        path.chmod(0o600)
        path.write_bytes(good[:200] + bytes([good[200] ^ 0x04]) + good[201:])
        report = sync_once(settings, store)
        assert report.batches_sent == 0
        [row] = store.query("SELECT last_error FROM outbox WHERE batch_id = ?", (batch,))
        assert "beschädigt" in row["last_error"] or "damaged" in row["last_error"]
    with central.admin() as admin:
        assert admin.execute("SELECT count(*) FROM central.pages WHERE id = %s", (page,)).fetchone()[0] == 0

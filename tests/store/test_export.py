"""Each document leaves as a validated, searchable PDF/A-2b with a JSON index record, and is
marked exported only after its PDF reopened with every page."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pikepdf
import pikepdf.pdfa
import pypdfium2
import pytest

from station.errors import StoreError
from station.export import export_batch, only_jpx_unchecked
from station.model import Classification, PageResult
from station.ocr import ocr_page
from station.store import DocumentPlan
from station.synth.render import render_text_page

LETTER = "Kündigung meines Mobilfunkvertrags\nKundennummer 4711 0815\nMit freundlichen Grüßen"


def read_page(image: np.ndarray) -> PageResult:
    """Real Tesseract words for a synthetic page (the pipeline's job, done directly here)."""
    words, text = ocr_page(image)
    return PageResult(index=0, width=image.shape[1], height=image.shape[0], words=words, text=text)


@pytest.fixture(scope="module")
def letter_page():
    image = np.array(render_text_page(LETTER, dpi=150))
    return image, read_page(image)


@pytest.fixture
def batch(store, letter_page):
    image, result = letter_page
    batch = store.create_batch()
    first = [store.add_page(batch, image, dpi=150) for _ in range(2)]
    second = store.add_page(batch, np.full((300, 200), 255, np.uint8), dpi=150)
    for page_id in first:
        store.save_page_result(page_id, result)
    store.set_documents(batch, [DocumentPlan(first), DocumentPlan([second])])
    doc = store.load_batch(batch).documents[0]
    store.save_classification(doc.id, Classification("kuendigung", "Kundenservice", 0.93, False, "m-7"), None)
    return batch


def test_a_document_becomes_a_searchable_valid_pdfa(store, batch, tmp_path):
    exported = export_batch(store, batch, tmp_path / "out")
    assert [e.pages for e in exported] == [2, 1]
    pdf = exported[0].pdf
    report = pikepdf.pdfa.validate_written(pdf, "2b")
    # grey pages are embedded as verified JPEG 2000, which pikepdf's validator reports as not checked
    assert report.verdict == "pass" or only_jpx_unchecked(report), report
    with pikepdf.open(pdf) as opened:
        assert len(opened.pages) == 2
        assert "/OutputIntents" in opened.Root
        width_pt = float(opened.pages[0].mediabox[2])
        assert abs(width_pt - 595) < 3  # A4 at its true size: 150 dpi pixels mapped back to points
    text = pypdfium2.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    assert "Kündigung" in text and "Grüßen" in text
    assert stat.S_IMODE(os.stat(pdf).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(pdf.parent).st_mode) == 0o700


def test_the_index_record_names_type_fields_date_and_page_hashes(store, batch, tmp_path):
    exported = export_batch(store, batch, tmp_path)
    record = json.loads(exported[0].index.read_text())
    doc = store.load_batch(batch).documents[0]
    assert record["doc_type"] == "kuendigung" and record["department"] == "Kundenservice"
    assert record["received_at"] == doc.received_at
    assert [p["sha256"] for p in record["pages"]] == doc.page_hashes
    assert record["pdf"] == exported[0].pdf.name
    import hashlib

    assert record["pdf_sha256"] == hashlib.sha256(exported[0].pdf.read_bytes()).hexdigest()


def test_export_is_audited_and_not_repeated(store, batch, tmp_path):
    export_batch(store, batch, tmp_path)
    assert export_batch(store, batch, tmp_path) == []
    assert store.load_batch(batch).exported_at
    exported = [e for e in store.events_after(0) if e["kind"] == "exported"]
    assert len(exported) == 2 and exported[0]["data"]["pages"] == 2
    assert len(export_batch(store, batch, tmp_path, again=True)) == 2


def test_a_page_file_gone_missing_stops_that_document_without_marking_it(store, batch, tmp_path):
    doc = store.load_batch(batch).documents[1]
    store.blobs.remove(doc.pages[0].blob_hash)
    with pytest.raises(StoreError) as err:
        export_batch(store, batch, tmp_path)
    assert "fehlt" in err.value.operator_message()
    assert not store.is_exported(doc.id)
    assert not [p for p in (tmp_path / batch).iterdir() if p.name.endswith(".tmp")]

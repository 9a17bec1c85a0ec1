"""The desk over the flows (issue #16): a batch a crash left half-done is finished when the desk
starts, and S/M at the desk classify the changed documents and read their fields again."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from station.config import load_settings
from station.model import PageResult
from station.store import Store
from station.synth.render import render_text_page

CANCEL = "Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag.\nKundennummer 1234567897"
BANK = "Sehr geehrte Damen und Herren,\nmeine neue IBAN lautet DE89 3704 0044 0532 0130 00."


def _read_pages(store, batch_id, texts):
    for n, text in enumerate(texts):
        image = np.asarray(render_text_page(text.splitlines()[0], dpi=60))
        page_id = store.add_page(batch_id, image, dpi=60, sheet=n)
        store.save_page_result(page_id, PageResult(index=n, width=image.shape[1], height=image.shape[0], dpi=60,
                                                   text=text))


@pytest.fixture
def stranded(settings):
    """A batch the station died on while scanning: two letters read, never separated."""
    with Store.open(settings) as store:
        batch_id = store.create_batch(profile="Briefe s/w duplex")
        _read_pages(store, batch_id, [CANCEL, BANK])
    return batch_id


@pytest.fixture
def one_document(settings):
    """Both letters wrongly in one document, as a stack without separator sheets might come out."""
    with Store.open(settings) as store:
        batch_id = store.create_batch(profile="Test", separation={"pages_per_document": 2})
        _read_pages(store, batch_id, [CANCEL, BANK])
        store.finish_capture(batch_id)
    from station.flows.process import process_batch

    with Store.open(settings) as store:
        process_batch(store, load_settings(), batch_id)
    return batch_id


def _stored(settings, batch_id):
    with Store.open(settings) as store:
        return store.load_batch(batch_id)


def test_the_desk_finishes_a_stranded_batch_when_it_starts(stranded, window, settings, qtbot):
    qtbot.waitUntil(lambda: _stored(settings, stranded).state == "to_validate", timeout=30_000)
    batch = _stored(settings, stranded)
    assert [d.doc_type for d in batch.documents] == ["kuendigung", "bankdaten"]


def test_split_at_the_desk_classifies_both_parts(one_document, window, settings, qtbot):
    window.open_batch(one_document)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.id == one_document, timeout=5000)
    [doc] = window.batch.documents
    window.show_document(doc)
    window.tree.select_id(doc.pages[1].id)
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(window.batch.documents) == 2, timeout=10_000)
    first, second = window.batch.documents
    assert (first.doc_type, second.doc_type) == ("kuendigung", "bankdaten")
    assert second.fields.get("iban") == "DE89370400440532013000" and not first.fields.get("iban")
    assert first.fields.get("customer_number") == "1234567897"

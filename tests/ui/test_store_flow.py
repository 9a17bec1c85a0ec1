"""Validation against the real local store: open a processed batch, fix a field, accept every
document, close the batch and see the sync queue grow. (Scanning into it: test_scan_flow.py.)"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
import pytest

from station.model import BatchState, Classification, DocState, Fields, PageResult
from station.store import Store
from station.store.documents import DocumentPlan
from station.synth.render import render_text_page


@pytest.fixture
def stored_batch(settings):
    """A batch of three pages in two documents, processed and classified, as the core leaves it."""
    store = Store.open(settings)
    batch_id = store.create_batch(profile="Briefe s/w duplex")
    ids = []
    for text in ("Kündigung zum 31.12.", "Anlage: Vertrag", "Neue Bankverbindung"):
        image = np.asarray(render_text_page(text, dpi=100))
        page_id = store.add_page(batch_id, image, dpi=100)
        store.save_page_result(page_id, PageResult(index=len(ids), width=image.shape[1], height=image.shape[0],
                                                   dpi=100, text=text))
        ids.append(page_id)
    store.finish_capture(batch_id)
    docs = store.set_documents(batch_id, [DocumentPlan(ids[:2]), DocumentPlan(ids[2:])])
    store.save_classification(docs[0], Classification("kuendigung", "Kündigungen", 0.55, True),
                              Fields(customer_number="1234567897"))
    store.save_classification(docs[1], Classification("bankdaten", "Zahlungsverkehr", 0.97, False), Fields())
    store.set_batch_state(batch_id, BatchState.TO_VALIDATE)
    store.close()
    return batch_id, docs


def first_recent(window) -> str:
    item = window.start_screen.recent.item(0)
    return item.text() if item else ""


def test_operator_validates_and_closes_a_batch(stored_batch, window, settings, qtbot):
    batch_id, (doc1, doc2) = stored_batch
    qtbot.waitUntil(lambda: "zu prüfen" in first_recent(window), timeout=5000)

    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.id == batch_id, timeout=5000)
    assert window.stack.currentIndex() == 1
    assert window.panel.title.text() == "Dokument 1 von 2", "the uncertain document comes first"
    assert window.status.counts.text() == "3 Seiten, 2 Dokumente · 2 zu prüfen"

    # the operator corrects the customer number and the type, then presses Enter
    edit = window.panel.edits["customer_number"]
    edit.clear()
    qtbot.keyClicks(edit, "0000 000 000")
    window.view.setFocus()
    qtbot.keyClick(window, "4")  # the fourth type in the list
    new_type = window.panel._types[3].id
    qtbot.keyClick(window.view, "\r")
    qtbot.waitUntil(lambda: window.panel.title.text() == "Dokument 2 von 2", timeout=5000)
    qtbot.keyClick(window.view, "\r")
    qtbot.waitUntil(lambda: window.batch.to_check() == 0, timeout=5000)

    store = Store.open(settings)
    try:
        qtbot.waitUntil(lambda: all(d.state == "accepted" for d in store.load_batch(batch_id).documents), timeout=5000)
        stored = store.load_batch(batch_id).document(doc1)
        assert stored.doc_type == new_type and stored.fields["customer_number"] == "0000000000"
        correction = store.corrections()[-1]
        assert correction["old_doc_type"] == "kuendigung" and correction["new_doc_type"] == new_type
    finally:
        store.close()

    window.actions["close_batch"].trigger()
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 0, timeout=5000)
    qtbot.waitUntil(lambda: "1 Stapel offen" in window.status.sync.text(), timeout=5000)
    qtbot.waitUntil(lambda: "abgeschlossen" in first_recent(window), timeout=5000)


def test_closing_asks_once_while_documents_wait(window, stored_batch, qtbot):
    batch_id, _docs = stored_batch
    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None, timeout=5000)
    window.actions["close_batch"].trigger()
    qtbot.waitUntil(lambda: window.close_box.isVisible(), timeout=3000)
    assert "Noch 2 Dokumente zu prüfen" in window.close_box.text()
    window.close_box.reject()  # "Weiter prüfen" (the default): the batch stays open
    assert window.stack.currentIndex() == 1 and window.batch.id == batch_id


def test_a_batch_that_is_gone_is_reported_in_german(window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    window.open_batch("no-such-batch")
    qtbot.waitUntil(lambda: window.problem_box is not None and window.problem_box.isVisible(), timeout=5000)
    assert isinstance(window.problem_box, QMessageBox)
    assert "gibt es in diesem Speicher nicht" in window.problem_box.text()
    assert DocState.TO_CHECK  # the window stays usable
    window.problem_box.close()


def test_split_merge_delete_and_drag_go_through_the_store(stored_batch, window, settings, qtbot):
    batch_id, (doc1, _doc2) = stored_batch
    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.id == batch_id, timeout=5000)
    window.show_document(window.batch.documents[0])
    second_page = window.batch.documents[0].pages[1].id

    window.tree.select_id(second_page)  # S: split before the second page of the first letter
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(window.batch.documents) == 3, timeout=5000)
    assert window.batch.documents[1].pages[0].id == second_page

    window.show_document(window.batch.documents[1])  # M: merge it back into the first
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: len(window.batch.documents) == 2, timeout=5000)
    assert [p.id for p in window.batch.documents[0].pages][-1] == second_page

    last = window.batch.documents[1].pages[0].id  # drag the other letter's page onto the first letter
    window.tree.pageDropped.emit(last, doc1, 0)
    qtbot.waitUntil(lambda: window.batch.documents[0].pages[0].id == last, timeout=5000)

    window.tree.select_id(last)  # Del: soft delete, the page stays in the store
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.batch.page_count() == 2, timeout=5000)
    store = Store.open(settings)
    try:
        assert store.page(last).deleted
    finally:
        store.close()

    # the deleted page stays in the list, struck out, and Ins brings it back
    qtbot.waitUntil(lambda: window.tree._items[last].font(0).strikeOut(), timeout=5000)
    assert window.tree._items[last].text(0) == "Gelöscht (Einfg)"
    window.tree.select_id(last)
    assert window.page.id == last and window.view.deleted_banner_shown()
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: window.batch.page_count() == 3, timeout=5000)
    assert not window.tree._items[last].font(0).strikeOut()
    assert not window.view.deleted_banner_shown()
    store = Store.open(settings)
    try:
        assert not store.page(last).deleted
        actions = [e["data"] for e in store.query("SELECT data FROM audit_events WHERE kind = 'pages_edited'")]
        assert any('"restore"' in a for a in actions), "the restore is audited"
    finally:
        store.close()


def test_turning_a_page_is_kept_by_the_store_and_shown_from_it(stored_batch, window, settings, qtbot):
    batch_id, (doc1, _doc2) = stored_batch
    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.id == batch_id, timeout=5000)
    first = window.page.id
    before = window.page.image_path
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.page.rotation == 90  # at once on screen
    # then the store's turned image replaces it: the view shows it upright, nothing is turned twice
    qtbot.waitUntil(lambda: window.page.image_path != before, timeout=5000)
    assert window.page.id == first and window.page.rotation == 0
    store = Store.open(settings)
    try:
        page = store.page(first)
        assert page.rotation == 90 and page.width > page.height  # an upright letter, turned
    finally:
        store.close()
    assert window.problem_box is None


def test_a_turn_the_store_refuses_is_taken_back(window, sample_batch, qtbot):
    """The sample batch is not in the store: the store refuses, the screen shows what is kept."""
    window.show_work()
    window.show_batch(sample_batch)
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.page.rotation == 90
    qtbot.waitUntil(lambda: window.problem_box is not None, timeout=5000)
    assert window.page.rotation == 0
    assert "gibt es nicht" in window.problem_box.text()
    window.problem_box.close()

"""Registered mail (Einschreiben) at the desk: Ctrl+E marks the letter registered, its envelope page is
kept as evidence but left out of the classification, which runs again without it; the panel shows the
tracking number read from the label's Code 128 barcode, refuses a wrong check digit with the German
message and stores a corrected number on Enter; a built-in profile scans registered stacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station.config import load_settings
from station.fields import tracking
from station.flows.process import classify_documents
from station.model import BatchState, DocState, PageResult
from station.separate import read_barcodes
from station.store import DocumentPlan, Store
from station.synth.render import render_text_page
from ui import keyhelp

GOOD = "RR123456785DE"  # check digit 5 over 12345678
DPI = 100
# An envelope as it comes with a registered letter: the sender's address block (with a phone number, as
# many carry) and the company's address; the S10 label is pasted on as a barcode.
ENVELOPE = ("Absender: Max Mustermann, Lindenstraße 4, 10115 Berlin, Tel. 030 45678912\n\n"
            "Einschreiben\n\nMobilfunk Nord GmbH\nKundenservice\nPostfach 10 20 30\n20095 Hamburg")
LETTER = ("Kündigung meines Vertrags\nSehr geehrte Damen und Herren,\nhiermit kündige ich meinen Mobilfunkvertrag "
          "fristgerecht zum nächstmöglichen Termin.\nKundennummer 1234567897\nMit freundlichen Grüßen\nMax Mustermann")
SENDER_PHONE = "+493045678912"  # only on the envelope


def envelope_image(number: str = GOOD, dpi: int = DPI, scale: int = 2) -> np.ndarray:
    """The envelope page: its addresses typeset, the S10 label as a Code 128 barcode (zxing-cpp)."""
    page = np.array(render_text_page(ENVELOPE, dpi=dpi))
    bars = np.asarray(zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode(number, zxingcpp.BarcodeFormat.Code128), scale=scale))
    bars = bars if bars.ndim == 2 else bars[..., 0]
    top, left = page.shape[0] // 2, round(dpi * 0.6)
    page[top:top + bars.shape[0], left:left + bars.shape[1]] = bars
    return page


SECOND = "RR987654326DE"  # check digit 6 over 98765432
SCAN_DPI = 300  # the profile's resolution: the virtual scanner takes the pages as they are


def make_registered_stack(folder: Path) -> Path:
    """Two registered letters, each its envelope (label barcode) first, no separator sheets."""
    folder.mkdir()
    for n, (number, text) in enumerate(((GOOD, LETTER), (SECOND, LETTER.replace("Mobilfunk", "Festnetz")))):
        Image.fromarray(envelope_image(number, SCAN_DPI, scale=3)).save(folder / f"{n}1-envelope.png",
                                                                           dpi=(SCAN_DPI, SCAN_DPI))
        render_text_page(text, dpi=SCAN_DPI).save(folder / f"{n}2-letter.png", dpi=(SCAN_DPI, SCAN_DPI))
    return folder


@pytest.fixture
def settings(tmp_path):
    settings = load_settings()
    settings.virtual_scanner_dir = str(make_registered_stack(tmp_path / "stack"))
    settings.workers = 2
    return settings


@pytest.fixture
def letter(settings):
    """One letter scanned with an ordinary profile: envelope, then the cancellation; processed and
    classified once with the envelope's text in it (the first pass of a batch not marked registered)."""
    store = Store.open(settings)
    try:
        batch_id = store.create_batch(profile="Briefe s/w duplex")
        pages = []
        for i, (text, image) in enumerate(((ENVELOPE, envelope_image()),
                                           (LETTER, np.array(render_text_page(LETTER, dpi=DPI))))):
            page_id = store.add_page(batch_id, image, dpi=DPI)
            store.save_page_result(page_id, PageResult(index=i, width=image.shape[1], height=image.shape[0], dpi=DPI,
                                                       text=text),
                                   barcodes=[{"format": b.format, "text": b.text} for b in read_barcodes(image)])
            pages.append(page_id)
        store.finish_capture(batch_id)
        (doc,) = store.set_documents(batch_id, [DocumentPlan(pages)])
        classify_documents(store, settings, [doc])
        store.set_batch_state(batch_id, BatchState.TO_VALIDATE)
        first = store.load_batch(batch_id).document(doc)
        assert not first.registered and first.fields.get("phone_number") == SENDER_PHONE, \
            "the first pass reads the envelope's sender phone as the letter's"
    finally:
        store.close()
    return batch_id, doc, pages


def open_letter(window, qtbot, batch_id: str) -> None:
    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None and window.stack.currentIndex() == 1, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=3000)


def press_ctrl_e(window, qtbot, doc_id: str) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.id == doc_id and window.doc.registered,
                    timeout=20_000)


def stored_document(settings, batch_id: str, doc_id: str):
    with Store.open(settings) as store:
        return store.load_batch(batch_id).document(doc_id), store.events_after(0)


def test_ctrl_e_marks_the_letter_registered_and_classifies_it_again_without_its_envelope(letter, window, qtbot):
    batch_id, doc_id, pages = letter
    open_letter(window, qtbot, batch_id)
    panel = window.panel
    assert not panel.edits["tracking_number"].isVisible(), "no tracking number for an ordinary letter"
    press_ctrl_e(window, qtbot, doc_id)

    doc, events = stored_document(window.settings, batch_id, doc_id)
    assert doc.registered and doc.tracking_number == GOOD, "the number from the label's barcode"
    assert [p.envelope for p in doc.pages] == [True, False], "the envelope stays in the letter, as evidence"
    assert doc.doc_type == "kuendigung"
    assert doc.fields.get("phone_number") is None, "classified again without the envelope's text"
    assert doc.fields.get("customer_number") == "1234567897"
    again = [e for e in events if e["kind"] == "classified" and e["data"].get("by") == "registered"]
    assert len(again) == 1 and again[0]["document_id"] == doc_id
    (registered,) = [e for e in events if e["kind"] == "registered"]
    assert registered["data"]["read_from"] == "barcode" and registered["data"]["envelope_page"] == pages[0]

    # the panel says so in words and a glyph; the number is shown as printed on labels
    assert panel.registered_mark.isVisible()
    assert "✉ Einschreiben" in panel.registered_mark.text() and "Umschlag: Seite 1" in panel.registered_mark.text()
    assert panel.edits["tracking_number"].isVisible() and panel.edits["tracking_number"].isEnabled()
    assert panel.edits["tracking_number"].text() == "RR 12345678 5 DE"
    assert panel.field_error("tracking_number") == ""
    # the tree marks the envelope page and the registered letter
    doc_row = window.tree.topLevelItem(0)
    assert "Einschreiben" in doc_row.text(0)
    assert "Umschlag" in doc_row.child(0).text(0) and "Umschlag" not in doc_row.child(1).text(0)

    # a second Ctrl+E changes nothing and says why
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "schon als Einschreiben markiert" in window.status.currentMessage()
    _doc, events = stored_document(window.settings, batch_id, doc_id)
    assert len([e for e in events if e["kind"] == "registered"]) == 1

    # an English operator reads the same in English
    from ui.i18n import apply_language

    try:
        assert apply_language("en")
        qtbot.waitUntil(lambda: window.panel.tracking_label.text() == "Tracking number", timeout=3000)
        assert "✉ registered mail" in panel.registered_mark.text() and "envelope: page 1" in panel.registered_mark.text()
        assert window.actions["mark_registered"].text() == "Mark as registered mail"
        assert "envelope" in window.tree.topLevelItem(0).child(0).text(0)
    finally:
        apply_language("de")
    qtbot.waitUntil(lambda: window.panel.tracking_label.text() == "Sendungsnummer", timeout=3000)


def test_a_wrong_check_digit_is_refused_and_a_corrected_number_is_stored_on_enter(letter, window, qtbot):
    batch_id, doc_id, _pages = letter
    open_letter(window, qtbot, batch_id)
    panel = window.panel
    panel.edits["customer_number"].setFocus()  # Ctrl+E is the document's even from a field
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.edits["customer_number"], timeout=2000)
    press_ctrl_e(window, qtbot, doc_id)
    panel.edits["iban"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.edits["iban"], timeout=2000)
    qtbot.keyClick(panel.edits["iban"], Qt.Key.Key_Tab)
    field = panel.edits["tracking_number"]
    assert QApplication.focusWidget() is field, "Tab after the IBAN goes to the tracking number"

    field.selectAll()
    qtbot.keyClicks(field, "RR 12345678 4 DE")
    assert "Prüfziffer der Sendungsnummer stimmt nicht" in panel.field_error("tracking_number")
    assert panel.checks["tracking_number"].text().startswith("! "), "said in words, not colour alone"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.doc.id == doc_id and window.doc.state is DocState.TO_CHECK, "not accepted with a wrong number"
    assert "korrigieren" in window.status.currentMessage()

    serial = "87654321"
    corrected = f"RR{serial}{tracking.check_digit(serial)}DE"
    field.selectAll()
    qtbot.keyClicks(field, tracking.formatted(corrected).lower())
    assert panel.field_error("tracking_number") == ""
    qtbot.keyClick(field, Qt.Key.Key_Return)

    def stored() -> bool:
        doc, _events = stored_document(window.settings, batch_id, doc_id)
        return doc.state == DocState.ACCEPTED.value and doc.tracking_number == corrected

    qtbot.waitUntil(stored, timeout=10_000)
    _doc, events = stored_document(window.settings, batch_id, doc_id)
    last = [e for e in events if e["kind"] == "registered"][-1]
    assert last["data"]["tracking_number"] == corrected and last["data"]["read_from"] == "operator"


def test_ctrl_e_is_in_the_document_menu_the_tooltip_and_the_f1_list(window):
    action = window.actions["mark_registered"]
    assert action.shortcut().toString() == "Ctrl+E"
    assert action in window.menus["document"].actions()
    assert action.text() == "Als Einschreiben markieren" and "(" in action.toolTip()
    rows = dict((what, keys) for keys, what in keyhelp.key_rows("work"))
    assert rows["Als Einschreiben markieren"] == action.shortcut().toString(
        action.shortcut().SequenceFormat.NativeText)


def test_the_registered_profile_is_built_in_and_scanning_with_it_marks_each_letter_registered(window, qtbot):
    profile = window.settings.profile_named("Einschreiben s/w duplex")
    default = window.settings.profile_named("Briefe s/w duplex")
    assert profile.registered and not default.registered
    assert (profile.source, profile.mode, profile.resolution, profile.page_size) == \
        (default.source, default.mode, default.resolution, default.page_size)
    assert window.profile_box.findText("Einschreiben s/w duplex") >= 0, "the operator can pick it"
    window.profile_box.setCurrentText("Einschreiben s/w duplex")

    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.separated(), timeout=180_000)
    batch = window.batch
    assert batch.profile == "Einschreiben s/w duplex"
    assert len(batch.documents) == 2, "each envelope opens its letter; the letter after it stays with it"
    assert [d.registered for d in batch.documents] == [True, True]
    assert [d.tracking_number for d in batch.documents] == [GOOD, SECOND]
    for doc in batch.documents:
        own = [p for p in doc.step_pages() if not p.deleted and not p.blank]
        assert [p.envelope for p in own] == [True, False]
        assert doc.doc_type == "kuendigung", "classified by the letter, not its envelope"
    qtbot.waitUntil(lambda: window.doc is batch.documents[0], timeout=5000)
    assert window.panel.edits["tracking_number"].text() == "RR 12345678 5 DE"
    assert "Umschlag" in window.tree.topLevelItem(0).child(0).text(0)

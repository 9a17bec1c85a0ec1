"""The main window as the operator sees it: German words, every key from UI.md, the batch tree,
the page view with found fields, the document panel with live validation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from station.model import DocState
from ui.icons import state_icon
from ui.viewdata import DocItem


def test_window_speaks_german_by_default(window):
    assert window.windowTitle() == "Scanstation"
    assert window.actions["scan"].text().startswith("Scannen")
    assert window.actions["close_batch"].text() == "Stapel abschließen"
    assert window.start_screen.scan_button.text() == "Scannen (F5)"
    assert "Scanner bereit" in window.status.scanner.text()
    assert "frei" in window.status.disk.text() or window.status.disk.text() == ""


def test_every_key_of_the_ui_guide_is_bound(window):
    keys = {name: [s.toString() for s in a.shortcuts()] for name, a in window.actions.items()}
    assert keys["scan"] == ["F5"]
    assert keys["stop"] == ["Esc"]
    assert "Return" in keys["accept"]
    assert keys["prev_page"] == ["Ctrl+Left"] and keys["next_page"] == ["Ctrl+Right"]
    assert keys["rotate_right"] == ["R"] and keys["rotate_left"] == ["Shift+R"]
    assert keys["delete_page"] == ["Del"]
    assert keys["split"] == ["S"] and keys["merge"] == ["M"]
    assert keys["rescan"] == ["Ctrl+Shift+S"]
    assert keys["zoom_in"][0] == "+" and keys["zoom_out"] == ["-"]
    assert sorted(s.key().toString() for s in window._type_keys) == sorted("1234567890")


def test_batch_tree_shows_documents_states_blank_pages_and_separator(window, sample_batch):
    window.show_work()
    window.show_batch(sample_batch)
    tree = window.tree
    labels = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert labels[0].startswith("Dok 1 · Kündigung")
    assert "Trennblatt" in labels[1]
    assert labels[2].startswith("Dok 2 · Bankdaten")
    second = tree.topLevelItem(2)
    assert [second.child(i).text(0) for i in range(second.childCount())] == ["Seite 1", "Seite 2 · Leerseite"]
    # state is drawn with a different shape and glyph, not only a colour
    accepted = state_icon(DocState.ACCEPTED).pixmap(32).toImage()
    to_check = state_icon(DocState.TO_CHECK).pixmap(32).toImage()
    assert accepted != to_check
    assert accepted.pixelColor(2, 16).alpha() > 0 and to_check.pixelColor(2, 2).alpha() == 0


def test_uncertain_document_opens_first_with_fields_outlined(window, sample_batch, qtbot):
    window.show_work()
    window.show_batch(sample_batch)
    panel = window.panel
    assert panel.title.text() == "Dokument 1 von 2"
    assert panel.type_box.currentData() == "kuendigung"
    assert panel.department.text() == "Kündigungen"
    assert panel.confidence.text() == "62 % — prüfen: Typ unsicher", "the model says why a person must look"
    assert panel.edits["customer_number"].text() == "1234567897"
    assert panel.checks["customer_number"].text().startswith("✓")
    qtbot.waitUntil(lambda: window.view.field_outlines() == ["customer_number"], timeout=5000)
    local = sample_batch.documents[0].received_at.astimezone()
    assert panel.received.text() == local.strftime("%d.%m.%Y %H:%M")  # the desk's local time
    assert not hasattr(panel.received, "setReadOnly")


def test_live_validation_says_what_is_wrong_in_german(window, sample_batch, qtbot):
    window.show_work()
    window.show_batch(sample_batch)
    edit = window.panel.edits["customer_number"]
    edit.clear()
    qtbot.keyClicks(edit, "1234567890")
    assert window.panel.field_error("customer_number") == "Die Prüfziffer der Kundennummer stimmt nicht."
    window.accept_document()
    assert sample_batch.documents[0].state is DocState.TO_CHECK, "a wrong field blocks accepting"
    assert "korrigieren" in window.status.currentMessage()
    edit.clear()
    qtbot.keyClicks(edit, "1234 567 897")
    assert window.panel.field_error("customer_number") == ""
    assert sample_batch.documents[0].changes["fields"]["customer_number"] == "1234567897"
    qtbot.keyClicks(window.panel.edits["iban"], "DE89 3704 0044 0532 0130 01")
    assert "IBAN" in window.panel.field_error("iban")


def test_number_keys_pick_the_document_type(window, sample_batch, qtbot):
    window.show_work()
    window.show_batch(sample_batch)
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_2)
    expected = window.panel._types[1]
    assert window.doc.doc_type == expected.id
    assert window.panel.department.text() == expected.department
    assert window.doc.changes == {"doc_type": expected.id}
    # digits typed into a field stay in the field
    window.panel.edits["phone_number"].setFocus()
    qtbot.keyClick(window.panel.edits["phone_number"], Qt.Key.Key_3)
    assert window.doc.doc_type == expected.id
    assert window.panel.edits["phone_number"].text() == "3"


def test_page_keys_step_rotate_and_zoom(window, sample_batch, qtbot):
    window.show_work()
    window.show_batch(sample_batch)
    window.view.setFocus()
    qtbot.waitUntil(lambda: bool(window.view._cache), timeout=5000)  # the page image is decoded in a worker
    first = window.page.id
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.page.id != first
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert window.page.id == first
    zoom = window.view.zoom
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert window.view.zoom > zoom
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert window.view.zoom < zoom
    window.actions["zoom_fit"].trigger()  # fit the width first, again: the whole page (as it opened)
    assert window.view.fit_mode == "width"
    window.actions["zoom_fit"].trigger()
    assert abs(window.view.zoom - zoom) < 1e-6
    # R / Shift+R turn pages through the store: test_store_flow.py (this batch is not stored)


def test_english_translation_loads(window, qtbot):
    from ui.i18n import apply_language, qm_path

    assert qm_path("en").is_file(), "make translations builds the .qm"
    try:
        assert apply_language("en")
        qtbot.waitUntil(lambda: window.actions["close_batch"].text() == "Close batch", timeout=3000)
        assert window.panel.accept_button.text() == "Accept ⏎"
        assert window.start_screen.scan_button.text() == "Scan (F5)"
        assert window.panel.field_labels["customer_number"].text() == "Customer number"
        assert window.actions["restore_page"].text() == "Restore deleted page"
        # the department is routed under its German key, but an English operator reads it in English
        window.panel.show_document(DocItem("d1", doc_type="kuendigung", department="Kündigungen"), 1, 1)
        assert window.panel.department.text() == "Cancellations"
        assert window.panel.type_box.currentText().endswith("Cancellation")
    finally:
        apply_language("de")
    qtbot.waitUntil(lambda: window.actions["close_batch"].text() == "Stapel abschließen", timeout=3000)
    assert window.panel.department.text() == "Kündigungen"


def test_shortcut_sequences_are_standard_keys():
    assert QKeySequence("Ctrl+Shift+S").toString() == "Ctrl+Shift+S"


def test_every_string_the_screens_show_has_an_english_translation():
    """Each German source string in ui/ (``tr``, ``translate``, ``QT_TRANSLATE_NOOP``) is in the
    .ts with a finished English text: a new string without one fails here, not at a desk."""
    import re
    import xml.etree.ElementTree as ET
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # the source: one string literal, or several side by side (Python joins them, and so does lupdate)
    call = re.compile(r'(?:\btr|translate\(\s*"\w+"\s*,|QT_TRANSLATE_NOOP\(\s*"\w+"\s*,)\(?\s*'
                      r'((?:"(?:[^"\\]|\\.)+"\s*)+)')
    literal = re.compile(r'"((?:[^"\\]|\\.)+)"')
    sources = set()
    for path in (root / "ui").glob("*.py"):
        sources |= {"".join(literal.findall(m.group(1))) for m in call.finditer(path.read_text(encoding="utf-8"))}
    translated = {}
    for message in ET.parse(root / "resources/translations/scanstation_en.ts").iter("message"):
        tr = message.find("translation")
        if tr.get("type") in ("vanished", "obsolete"):
            continue
        text = "".join(tr.itertext())  # plain, or the numerus forms
        translated[message.findtext("source")] = tr.get("type") != "unfinished" and bool(text.strip())
    assert len(sources) > 100
    missing = sorted(s for s in sources if not translated.get(s))
    assert missing == [], f"not translated: {missing}"

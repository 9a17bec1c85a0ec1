"""The validation loop from the keyboard over a stored batch as the core leaves a duplex stack with
separator sheets: each document opens on its letter (never the sheet), the tree follows, the type
control has the keyboard, page keys act on the page even from a field, Ctrl+Enter closes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station.model import Classification, DocState, Fields, PageResult
from station.store import Store
from station.store.documents import DocumentPlan
from station.synth.render import render_text_page

# (text, blank, separator) per scanned side, in feeder order
SIDES = [
    ("Kündigung meines Vertrags\nKundennummer 1234567897", False, False), ("", True, False),
    ("TRENNBLATT", False, True), ("", True, False),
    ("Neue Bankverbindung\nSeite 1", False, False), ("Seite 2 der Bankverbindung", False, False),
    ("TRENNBLATT", False, True), ("", True, False),
    ("Beschwerde über das Netz", False, False), ("", True, False),
]
LETTERS = [[0], [4, 5], [8]]  # the sides each document is made of


@pytest.fixture
def letters(settings):
    """Three letters, separated by printed sheets, processed and classified (all to check)."""
    store = Store.open(settings)
    batch_id = store.create_batch(profile="Briefe s/w duplex")
    ids = []
    for i, (text, blank, _sep) in enumerate(SIDES):
        image = np.asarray(render_text_page(text, dpi=60))
        page_id = store.add_page(batch_id, image, dpi=60)
        store.save_page_result(page_id, PageResult(index=i, width=image.shape[1], height=image.shape[0], dpi=60,
                                                   text=text, blank=blank))
        ids.append(page_id)
    store.finish_capture(batch_id)
    separators = {ids[i]: ("sheet", []) for i, side in enumerate(SIDES) if side[2]}
    docs = store.set_documents(batch_id, [DocumentPlan([ids[i] for i in sides]) for sides in LETTERS], separators)
    for doc, kind in zip(docs, ("kuendigung", "bankdaten", "beschwerde")):
        store.save_classification(doc, Classification(kind, "Kundenservice", 0.5, True),
                                  Fields(customer_number="1234567897") if kind == "kuendigung" else Fields())
    store.close()
    return batch_id, docs, ids


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, text: str | None = None) -> None:
    """A key as the operator presses it: into whatever widget has the keyboard now."""
    target = QApplication.focusWidget()
    assert target is not None, "something must have the keyboard"
    qtbot.keyClick(target, key, modifier)


def on_screen(window) -> tuple[str, str, str]:
    """(document in the panel, page in the large view, page the tree selects)."""
    current = window.tree.currentItem()
    return window.doc.id if window.doc else "", window.view.page_id or "", current.data(0, Qt.ItemDataRole.UserRole + 1)


def open_first(window, qtbot, batch_id: str) -> None:
    window.open_batch(batch_id)
    qtbot.waitUntil(lambda: window.batch is not None and window.stack.currentIndex() == 1, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=3000)


def test_enter_shows_each_letter_not_its_separator_sheet_and_keeps_the_keyboard_on_the_type(letters, window, qtbot):
    batch_id, docs, ids = letters
    open_first(window, qtbot, batch_id)
    assert on_screen(window) == (docs[0], ids[0], ids[0])
    press(qtbot, Qt.Key.Key_2)  # number keys set the type: the focus is on the type control, not a field
    assert window.doc.doc_type == window.panel._types[1].id
    press(qtbot, Qt.Key.Key_Return)
    assert on_screen(window) == (docs[1], ids[4], ids[4]), "the letter, not the TRENNBLATT sheet or its back"
    assert window.panel.title.text() == "Dokument 2 von 3"
    assert QApplication.focusWidget() is window.panel.type_box
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert on_screen(window) == (docs[1], ids[5], ids[5])
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert on_screen(window)[0] == docs[1] and window.page.id == ids[5], "Ctrl+→ stays in the document"
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert on_screen(window) == (docs[1], ids[4], ids[4]), "Ctrl+← never goes back onto the separator sheet"
    press(qtbot, Qt.Key.Key_Return)
    assert on_screen(window) == (docs[2], ids[8], ids[8])
    press(qtbot, Qt.Key.Key_Return)
    # all accepted: no stale document, a prompt to close the batch, Ctrl+Enter closes it
    assert all(d.state is DocState.ACCEPTED for d in window.batch.documents)
    assert window.panel.type_box.currentIndex() == -1 and not window.panel.details.isVisible(), "no stale type"
    assert window.panel.close_button.isVisible() and "Strg+Enter" in window.panel.prompt.text()
    assert window.status.counts.text() == "10 Seiten, 3 Dokumente · 0 zu prüfen"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.close_button, timeout=2000)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 0, timeout=5000)
    store = Store.open(window.settings)
    try:
        assert store.batch_row(batch_id)["state"] == "closed"
    finally:
        store.close()


def test_keys_in_a_field_type_text_but_page_keys_still_turn_pages(letters, window, qtbot):
    batch_id, docs, ids = letters
    open_first(window, qtbot, batch_id)
    press(qtbot, Qt.Key.Key_Return)  # on to the two-page letter
    qtbot.keyClick(window.panel.type_box, Qt.Key.Key_Tab)  # Tab: into the first field
    field = window.panel.edits["customer_number"]
    assert QApplication.focusWidget() is field
    type_before = window.doc.doc_type
    press(qtbot, Qt.Key.Key_3)
    assert field.text() == "3" and window.doc.doc_type == type_before, "a digit typed in a field is the field's"
    cursor = field.cursorPosition()
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.page.id == ids[5] and field.cursorPosition() == cursor, "Ctrl+→ turns the page, not the cursor"


def test_every_type_is_reachable_by_its_first_letters_in_the_open_list(letters, window, qtbot):
    batch_id, _docs, _ids = letters
    open_first(window, qtbot, batch_id)
    types = window.panel._types
    assert len(types) == 13
    last = types[-1]  # beyond the ten number keys
    press(qtbot, Qt.Key.Key_F4)  # opens the list
    view = window.panel.type_box.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    qtbot.keyClicks(view, last.label[:4])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.doc_type == last.id, timeout=2000)


def test_enter_on_the_start_screen_opens_the_selected_recent_batch(letters, window, qtbot):
    batch_id, docs, ids = letters
    recent = window.start_screen.recent
    qtbot.waitUntil(lambda: recent.count() and recent.item(0).data(Qt.ItemDataRole.UserRole) == batch_id, timeout=5000)
    qtbot.keyClick(window.start_screen.scan_button, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is recent and recent.currentRow() == 0
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1 and window.batch is not None, timeout=5000)
    assert window.batch.id == batch_id and on_screen(window)[1] == ids[0]


def test_ctrl_enter_with_documents_left_asks_once_and_keeps_checking(letters, window, qtbot):
    batch_id, docs, ids = letters
    open_first(window, qtbot, batch_id)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.close_box.isVisible(), timeout=2000)
    assert "Noch 3 Dokumente zu prüfen" in window.close_box.text()
    qtbot.keyClick(window.close_box, Qt.Key.Key_Return)  # the default answer: keep checking
    qtbot.waitUntil(lambda: not window.close_box.isVisible(), timeout=2000)
    assert window.stack.currentIndex() == 1 and window.doc is not None


def test_f1_lists_every_key_and_menus_and_tooltips_name_them(window, qtbot):
    menus = {m.objectName(): m for m in window.menuBar().findChildren(type(window.menus["batch"]))}
    listed = [a for m in menus.values() for a in m.actions()]
    assert {a.objectName() for a in listed} >= {f"action_{n}" for n in window.actions}
    assert window.actions["close_batch"].shortcut().toString() == "Ctrl+Return"
    assert "(F5)" in window.actions["scan"].toolTip()
    window.show_work()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: hasattr(window, "keys_overlay") and window.keys_overlay.isVisible(), timeout=2000)
    keys = window.keys_overlay.listed()
    for expected in ("F5", "Esc", "1–9, 0", "Strg+Rechts", "Strg+Return", "S", "M", "R", "Entf", "F1", "Alt+B", "Alt+N"):
        assert any(expected in k for k in keys), expected
    qtbot.keyClick(window.keys_overlay, Qt.Key.Key_Escape)
    assert not window.keys_overlay.isVisible()


def test_arrowing_through_the_tree_keeps_the_keyboard_in_the_tree(letters, window, qtbot):
    batch_id, docs, ids = letters
    open_first(window, qtbot, batch_id)
    window.tree.setFocus()
    window.tree.setCurrentItem(window.tree.topLevelItem(0))  # the first document's row
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.tree
    assert window.view.page_id == window.page.id, "the view follows the tree"

"""What the desk shows besides the document: counters that messages never replace, field outlines
that leave the digits readable and follow the pages, zoom-to-field, fit page, the layout at 125 %."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsRectItem

from station.desk.state import ShiftCounts
from ui.viewdata import FieldMark

HERE = Path(__file__).resolve().parent


def outline(window) -> QGraphicsRectItem:
    return next(c for c in window.view._pixmap.childItems()
                if isinstance(c, QGraphicsRectItem) and c.data(0) == "customer_number")


def test_a_message_never_replaces_the_counters(window, qtbot):
    window.desk.set_shift(ShiftCounts(pages_today=1, batches_waiting=1, documents_waiting=1, faxes_waiting=2,
                                      unsynced_batches=1, oldest_unsynced_min=5, central_configured=True,
                                      central_reachable=False))
    long = "Das Fax „fax-0001.tif“ ließ sich nicht übernehmen: " + "sehr lange Begründung " * 20
    window.status.showMessage(long, 10_000)
    for label in (window.status.scanner, window.status.counts, window.status.shift, window.status.sync):
        assert label.isVisible(), label.objectName()
    assert window.status.shift.text() == "Heute 1 Seite · 1 Stapel / 1 Dokument zu prüfen · 2 Faxe warten"
    assert window.status.sync.text() == "Sync: nicht erreichbar, 1 Stapel offen (ältester 5 min)"
    # the long message is shortened to its room, whole in the tooltip, and stays clear of the sync state
    message = window.status.message
    assert message.text().endswith("…") and message.toolTip().endswith("Begründung ")
    left_of_sync = window.status.sync.mapTo(window, window.status.sync.rect().topLeft()).x()
    assert message.mapTo(window, message.rect().topRight()).x() < left_of_sync


def test_an_unreachable_central_store_is_reported_as_such(window, settings, qtbot):
    settings.central.host, settings.central.port = "127.0.0.1", 9  # nothing answers there
    window.refresh_status()
    qtbot.waitUntil(lambda: "nicht erreichbar" in window.status.sync.text(), timeout=5000)


def test_field_outlines_leave_the_digits_readable_stay_with_their_page_and_zoom_in(window, sample_batch, qtbot):
    doc = sample_batch.documents[0]
    doc.marks = [FieldMark("customer_number", "1234567897", "p1", 188, 117, 68, 16, raw="1234 5678 97")]
    window.show_batch(sample_batch)
    window.show_work()
    qtbot.waitUntil(lambda: window.view.field_outlines() == ["customer_number"], timeout=5000)
    assert outline(window).brush().style() == Qt.BrushStyle.NoBrush, "an outline, not a fill over the digits"
    assert window.panel.raws["customer_number"].text() == "gelesen: 1234 5678 97"
    assert window.view.whole_page_visible(), "a page opens whole"
    qtbot.keyClick(window.panel.type_box, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.page.id == "p2" and window.view.field_outlines() == []
    qtbot.keyClick(window.panel.type_box, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.view.field_outlines() == ["customer_number"], timeout=5000)
    fitted = window.view.zoom
    window.panel.edits["customer_number"].setFocus()  # Tab or a click
    qtbot.waitUntil(lambda: window.view.zoom > 2 * fitted, timeout=3000)
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    mark = outline(window)
    assert shown.contains(mark.mapRectToScene(mark.rect())), "the field is in view"


def test_fit_key_toggles_width_and_whole_page(window, sample_batch, qtbot):
    window.resize(1920, 1080)
    window.show_batch(sample_batch)
    window.show_work()
    qtbot.waitUntil(lambda: bool(window.view._cache), timeout=5000)
    assert window.view.fit_mode == "page" and window.view.whole_page_visible()
    qtbot.keyClick(window.panel.type_box, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.fit_mode == "width" and not window.view.whole_page_visible()
    qtbot.keyClick(window.panel.type_box, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.fit_mode == "page" and window.view.whole_page_visible()


def test_at_1366x768_and_125_percent_tree_labels_are_whole():
    """In a process of its own: the scale factor is read when Qt starts."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.25",
           "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    run = subprocess.run([sys.executable, str(HERE / "ui_layout_check.py")], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "labels whole" in run.stdout


def test_a_new_fax_stays_visible_as_a_counter_and_in_the_batch_list(window, settings, qtbot):
    import numpy as np

    from station.store import Store
    from ui.scanning import FaxOutcome

    store = Store.open(settings)
    try:
        fax = store.create_batch(source="fax", profile="fax")
        store.add_page(fax, np.full((90, 120), 255, np.uint8))
    finally:
        store.close()
    window.on_fax(FaxOutcome("fax-0001.tif", fax))
    qtbot.waitUntil(lambda: "1 Fax wartet" in window.status.shift.text(), timeout=5000)
    recent = window.start_screen.recent
    qtbot.waitUntil(lambda: recent.count() and recent.item(0).data(Qt.ItemDataRole.UserRole) == fax, timeout=5000)
    window.status.clearMessage()  # the message goes, the counter stays
    assert "1 Fax wartet" in window.status.shift.text()

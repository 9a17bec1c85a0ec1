"""Every step of a shift by keyboard (issue #16): the fault dialog's "Weiter" (Enter) and "Stapel
beenden" (Alt+B), F5 after Esc scanning on into the same batch ("In diesen Stapel weiterscannen",
Enter) or a new one (Alt+N), and the recent-batch list refreshed after the start's recovery.
Real virtual scanner (paced or with an injected jam), store and page pool."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station.store import Store
from test_scan_stop_and_jam import TEXTS, _separated, _settings, _state

ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key into whatever has the keyboard (the active dialog's button, or the window)."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "something must have the keyboard"
    qtbot.keyClick(target, key, modifier)


def dialog_up(window, name):
    box = getattr(window, name, None)
    return box is not None and box.isVisible()


@pytest.fixture
def settings(request, tmp_path):
    return _settings(tmp_path, **request.param)


@pytest.mark.parametrize("settings", [dict(faults="jammed@3")], indirect=True)
def test_stapel_beenden_in_the_fault_dialog_finishes_the_batch_with_its_pages(window, settings, qtbot):
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog_up(window, "problem_box"), timeout=20_000)
    batch_id = window.batch.id
    assert "Stapel beenden" in window.problem_box.informativeText()
    assert "3 Seiten" in window.problem_box.text()  # jammed after 3 images: the dialog counts them
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.problem_box, timeout=5000)
    press(qtbot, Qt.Key.Key_B, ALT)  # Stapel &beenden
    qtbot.waitUntil(lambda: _separated(window), timeout=60_000)
    assert not window.problem_box.isVisible()
    state, documents, batches = _state(settings, batch_id)
    assert (state, batches) == ("to_validate", 1) and 1 <= documents < len(TEXTS)
    assert window.batch.id == batch_id and window.batch.page_count() == 3  # the pages before the jam
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=5000)


@pytest.mark.parametrize("settings", [dict(faults="jammed@3")], indirect=True)
def test_enter_in_the_fault_dialog_scans_on_into_the_same_batch(window, settings, qtbot):
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog_up(window, "problem_box"), timeout=20_000)
    batch_id = window.batch.id
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.problem_box, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)  # "Weiter", the default
    qtbot.waitUntil(lambda: _separated(window), timeout=90_000)
    assert window.batch.id == batch_id
    assert _state(settings, batch_id) == ("to_validate", len(TEXTS), 1)


@pytest.mark.parametrize("settings", [dict(ipm=40)], indirect=True)
def test_f5_after_esc_asks_once_and_scans_on_into_the_same_batch(window, settings, qtbot):
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.page_count() >= 1, timeout=20_000)
    press(qtbot, Qt.Key.Key_Escape)  # stop after this sheet
    qtbot.waitUntil(lambda: _separated(window), timeout=60_000)
    batch_id = window.batch.id
    first = [d.id for d in window.batch.documents]
    assert _state(settings, batch_id)[0] == "to_validate" and len(first) < len(TEXTS)

    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog_up(window, "continue_box"), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.continue_box, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)  # "In diesen Stapel weiterscannen", the default
    qtbot.waitUntil(lambda: window.batch.state != "to_validate", timeout=10_000)
    qtbot.waitUntil(lambda: window.batch.separated() and not window.session.scanning
                    and len(window.batch.documents) > len(first), timeout=90_000)
    assert window.batch.id == batch_id
    state, documents, batches = _state(settings, batch_id)
    assert (state, batches) == ("to_validate", 1)
    assert [d.id for d in window.batch.documents][:len(first)] == first, "the new pages come after the documents"
    with Store.open(settings) as store:
        assert store.batch_row(batch_id) is not None
        pages = sum(len(d.pages) for d in store.load_batch(batch_id).documents)
    assert pages == len(TEXTS) and window.batch.page_count() == pages, "every sheet once"


@pytest.mark.parametrize("settings", [dict(ipm=40)], indirect=True)
def test_f5_after_esc_can_start_a_new_batch(window, settings, qtbot):
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.page_count() >= 1, timeout=20_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _separated(window), timeout=60_000)
    batch_id = window.batch.id
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog_up(window, "continue_box"), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.continue_box, timeout=5000)
    press(qtbot, Qt.Key.Key_N, ALT)  # &Neuer Stapel
    qtbot.waitUntil(lambda: window.batch.id != batch_id and window.batch.page_count() >= 1, timeout=20_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.batch.separated() and not window.session.scanning, timeout=60_000)
    with Store.open(settings) as store:
        assert len(store.list_batches()) == 2


@pytest.mark.parametrize("settings", [dict()], indirect=True)
def test_the_recent_list_follows_the_batches_recovery_finished(window, settings, qtbot):
    """A batch finished by the start's recovery shows in the list as the store now has it."""
    qtbot.waitUntil(lambda: window.start_screen.recent.count() == 1, timeout=5000)  # "Noch keine Stapel."
    with Store.open(settings) as store:
        batch_id = store.create_batch(source="scanner")
    window.session.recovered.emit([batch_id])
    qtbot.waitUntil(lambda: any(
        window.start_screen.recent.item(n).data(Qt.ItemDataRole.UserRole) == batch_id
        for n in range(window.start_screen.recent.count())), timeout=5000)


@pytest.mark.parametrize("settings", [dict(faults="jammed@3")], indirect=True)
def test_esc_after_spaeter_ends_the_batch_the_fault_left_open(window, settings, qtbot):
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog_up(window, "problem_box"), timeout=20_000)
    batch_id = window.batch.id
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.problem_box, timeout=5000)
    press(qtbot, Qt.Key.Key_Escape)  # "Später": the batch stays open
    qtbot.waitUntil(lambda: not window.problem_box.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    assert _state(settings, batch_id) == ("scanning", 0, 1)
    press(qtbot, Qt.Key.Key_Escape)  # Esc on the window: end it with the pages it has
    qtbot.waitUntil(lambda: window.batch.separated(), timeout=60_000)
    state, documents, batches = _state(settings, batch_id)
    assert (state, batches) == ("to_validate", 1) and documents >= 1 and window.batch.page_count() == 3

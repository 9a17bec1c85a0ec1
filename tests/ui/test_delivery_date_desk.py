"""Friday's post scanned on Monday: Ctrl+D asks for the day the post arrived (and why it is not
today), and the batch, each of its documents and the panel carry that day as the date of receipt.
F5 always dates a new batch today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from station.config import ScanProfile
from station.store import Store
from station.store.delivery import mailroom_today

from test_scan_flow import DPI, make_stack, scanned_and_separated


@pytest.fixture
def settings(settings, tmp_path):
    settings.virtual_scanner_dir = str(make_stack(tmp_path / "stack"))
    settings.profiles.append(ScanProfile(name="Test 200 dpi", source="ADF Duplex", mode="Gray", resolution=DPI))
    settings.profile = "Test 200 dpi"
    settings.workers = 2
    return settings


def test_ctrl_d_scans_a_batch_dated_with_the_day_the_post_arrived(window, settings, qtbot):
    yesterday = mailroom_today() - timedelta(days=1)
    assert mailroom_today().strftime("%d.%m.%Y") in window.start_screen.delivery_hint.text()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "delivery_dialog", None) is not None and window.delivery_dialog.isVisible())
    dialog = window.delivery_dialog
    ok = dialog.buttons.buttons()[0]
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Down)  # one day back: a reason is now required
    assert dialog.chosen_day() == yesterday
    assert not ok.isEnabled() and dialog.message.text()
    qtbot.keyClicks(dialog.reason, "Post vom Vortag")
    assert ok.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scanned_and_separated(window), timeout=120_000)
    with Store.open(settings) as store:
        batch = store.load_batch(window.batch.id)
    assert batch.delivery_date == yesterday.isoformat() and batch.delivery_reason == "Post vom Vortag"
    assert batch.documents and all(d.delivery_date == yesterday.isoformat() for d in batch.documents)
    qtbot.waitUntil(lambda: window.panel.doc is not None)
    assert window.panel.received.text().startswith(yesterday.strftime("%d.%m.%Y"))

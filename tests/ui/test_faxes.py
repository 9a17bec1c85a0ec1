"""The fax hot folder runs inside the desk application: a fax dropped into the folder becomes a
batch in the start screen's list; a file that is no fax is refused with a German message and
kept, untouched, in the hot folder's error folder. Real parts: the store's HotFolder, the
pipeline, a fax TIFF made by the synth module."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from station.config import load_settings
from station.store import Store
from station.synth.pages import make_page
from station.synth.save import save_fax_tiff


@pytest.fixture
def settings(tmp_path, monkeypatch):
    import ui.faxwatch

    monkeypatch.setattr(ui.faxwatch, "INTERVAL_S", 0.2)
    monkeypatch.setattr(ui.faxwatch, "STABLE_S", 0.3)
    inbox = tmp_path / "faxeingang"
    inbox.mkdir()
    settings = load_settings()
    settings.hotfolder = str(inbox)
    return settings


def test_a_fax_becomes_a_batch_in_the_list(window, settings, qtbot, tmp_path):
    qtbot.waitUntil(lambda: window.faxes.running, timeout=5000)
    arrived = []
    window.faxes.arrived.connect(arrived.append)
    letter, _truth = make_page(7, "letter", dpi=200)
    staged = save_fax_tiff([letter], tmp_path / "fax-0001.tif", dpi=200)
    staged.rename(tmp_path / "faxeingang" / "fax-0001.tif")  # as a fax server finishes a file
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=60_000)
    fax = arrived[0]
    assert fax.batch_id and not fax.quarantined
    assert "Fax „fax-0001.tif“ eingegangen" in window.status.currentMessage()
    qtbot.waitUntil(lambda: any(window.start_screen.recent.item(i).data(0x100) == fax.batch_id
                                for i in range(window.start_screen.recent.count())), timeout=5000)
    store = Store.open(settings)
    try:
        assert store.batch_row(fax.batch_id)["source"] == "fax"
    finally:
        store.close()
    assert (tmp_path / "faxeingang" / "done" / "fax-0001.tif").is_file()


def test_a_corrupt_fax_is_refused_in_german_and_kept(window, settings, qtbot, tmp_path):
    qtbot.waitUntil(lambda: window.faxes.running, timeout=5000)
    bad = tmp_path / "faxeingang" / "kaputt.tif"
    # a TIFF whose directory chain ends (so it is complete) and holds nothing readable
    bad.write_bytes(b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00" + b"\x17" * 300)
    qtbot.waitUntil(lambda: window.fax_box is not None and window.fax_box.isVisible(), timeout=30_000)
    box: QMessageBox = window.fax_box
    assert box.text().startswith("Das Fax „kaputt.tif“ ließ sich nicht übernehmen:")
    assert "Fehlerordner" in box.informativeText() and "Absender" in box.informativeText()
    kept = tmp_path / "faxeingang" / "quarantine" / "kaputt.tif"
    assert kept.read_bytes() == b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00" + b"\x17" * 300
    assert (kept.parent / "kaputt.tif.reason.txt").is_file()
    assert window.status.fax.isVisible() and window.status.fax.text() == "⚠ 1 Fax im Fehlerordner"
    assert window.faxes.running, "one bad file never stops the watch"
    box.close()

"""The operator's whole shift in small: scan a stack on the virtual scanner, watch the pages
arrive, fix what the station got wrong, accept, close the batch, see the sync queue grow.
Real parts throughout: capture's virtual scanner, the local store, the page pipeline's processes,
separation by a printed separator sheet."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt, QTimer

from station.config import ScanProfile, load_settings
from station.model import DocState
from station.separate import separator_sheet_pdf
from station.store import Store
from station.synth.render import render_text_page

DPI = 200
LETTERS = [
    "Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag zum nächstmöglichen Termin.\n"
    "Kundennummer 1234567897\nMit freundlichen Grüßen\nErika Mustermann",
    "Sehr geehrte Damen und Herren,\nbitte buchen Sie künftig von meinem neuen Konto ab.\n"
    "IBAN DE89 3704 0044 0532 0130 00\nMit freundlichen Grüßen\nMax Mustermann",
]


def make_stack(folder: Path) -> Path:
    """Letter, separator sheet, letter: three sheets, scanned duplex (blank backs)."""
    folder.mkdir()
    render_text_page(LETTERS[0], dpi=DPI).save(folder / "01-letter.png", dpi=(DPI, DPI))
    pdf = pypdfium2.PdfDocument(str(separator_sheet_pdf(folder.parent / "sheet.pdf")))
    pdf[0].render(scale=DPI / 72).to_pil().convert("L").save(folder / "02-separator.png", dpi=(DPI, DPI))
    pdf.close()
    render_text_page(LETTERS[1], dpi=DPI).save(folder / "03-letter.png", dpi=(DPI, DPI))
    return folder


@pytest.fixture
def settings(tmp_path):
    settings = load_settings()
    settings.virtual_scanner_dir = str(make_stack(tmp_path / "stack"))
    settings.profiles.append(ScanProfile(name="Test 200 dpi", source="ADF Duplex", mode="Gray", resolution=DPI))
    settings.profile = "Test 200 dpi"
    settings.workers = 2
    return settings


def scanned_and_separated(window) -> bool:
    batch = window.batch
    return batch is not None and batch.documents and not batch.documents[0].id.startswith("new:")


def test_scan_fix_accept_close(window, settings, qtbot):
    shown: list[float] = []
    stored: list[float] = []
    window.thumbShown.connect(lambda _page, seconds: shown.append(seconds))
    window.pageStored.connect(lambda _page, seconds: stored.append(seconds))
    # The UI thread's own CPU time between two 20 ms heartbeats: work done in the UI thread shows
    # here whatever else the (shared) machine is doing; wall-clock gaps also count the scheduler.
    busy: list[float] = []
    gaps: list[float] = []
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append(now - last[0])
        busy.append(cpu - last[1])
        last[0], last[1] = now, cpu

    heartbeat = QTimer()
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(tick)
    heartbeat.start()

    qtbot.keyClick(window, Qt.Key.Key_F5)  # scans as soon as the scanner-button watch let go of the device
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1, timeout=5000)  # the work screen opens
    qtbot.waitUntil(lambda: len(stored) == 6, timeout=30_000)
    assert window.status.counts.text().startswith("6 Seiten")
    # each page was on screen (from memory) before the store reported it saved, never the reverse
    assert len(shown) == 6 and all(s <= d for s, d in zip(shown, stored))
    qtbot.waitUntil(lambda: scanned_and_separated(window), timeout=120_000)
    heartbeat.stop()

    assert max(busy) < 0.1, f"the UI thread worked {max(busy) * 1000:.0f} ms at a stretch while the batch was processed"
    assert sorted(gaps)[len(gaps) // 2] < 0.1, "the event loop answers within 100 ms"
    batch = window.batch
    assert len(batch.documents) == 2, "the separator sheet splits the stack"
    assert all(p.processed for d in batch.documents for p in d.pages)
    backs = [p for d in batch.documents for p in d.pages if p.blank and not p.separator]
    assert len(backs) == 2 and "Leerseite" in window.tree.findItems("Leerseite", Qt.MatchFlag.MatchContains
                                                                    | Qt.MatchFlag.MatchRecursive)[0].text(0)
    assert window.panel.title.text() == "Dokument 1 von 2"

    # fix a page: turn it right; the store turns the kept image (and audits it)
    page_id = window.page.id
    store = Store.open(settings)
    try:
        before = store.page(page_id).rotation
        window.view.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_R)
        qtbot.waitUntil(lambda: store.page(page_id).rotation == (before + 90) % 360, timeout=10_000)
    finally:
        store.close()

    # validate: pick a type by number, correct a field, Enter; then the second document
    for _doc in range(2):
        window.view.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_1)
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.batch.to_check() == 0, timeout=10_000)
    assert all(d.state is DocState.ACCEPTED for d in window.batch.documents)

    window.actions["close_batch"].trigger()
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: "1 Stapel offen" in window.status.sync.text(), timeout=10_000)
    store = Store.open(settings)
    try:
        assert [item.batch_id for item in store.outbox_pending()] == [batch.id]
        assert store.batch_row(batch.id)["state"] == "closed"
    finally:
        store.close()

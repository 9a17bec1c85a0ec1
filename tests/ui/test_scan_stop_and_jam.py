"""The desk under the batch rules of ``station.flows.batch`` (issue #16, items 2 and 3): Esc ends
the batch ready to validate; a jam keeps one batch, nothing is separated while the dialog is open,
and "Weiter" scans on into it. Real virtual scanner (paced, with an injected jam), store, pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from station.config import ScanProfile, load_settings
from station.store import Store
from station.synth.render import render_text_page

DPI = 150
TEXTS = ["Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag.\nMit freundlichen Grüßen",
         "Guten Tag,\nmeine neue IBAN lautet DE89 3704 0044 0532 0130 00.\nFreundliche Grüße",
         "Sehr geehrte Damen und Herren,\nich widerrufe meinen Auftrag.\nMit freundlichen Grüßen",
         "Sehr geehrte Damen und Herren,\nich bin umgezogen.\nMit freundlichen Grüßen"]


def _settings(tmp_path: Path, faults: str = "", ipm: float = 0.0):
    folder = tmp_path / "stack"
    folder.mkdir()
    for n, text in enumerate(TEXTS):
        render_text_page(text, dpi=DPI).save(folder / f"{n}.png", dpi=(DPI, DPI))
    settings = load_settings()
    settings.virtual_scanner_dir = str(folder)
    settings.virtual_scanner_faults, settings.virtual_scanner_ipm = faults, ipm
    settings.profiles.append(ScanProfile(name="Test", source="ADF Front", mode="Gray", resolution=DPI))
    settings.profile = "Test"
    settings.workers = 1
    return settings


def _state(settings, batch_id):
    with Store.open(settings) as store:
        return store.batch_row(batch_id)["state"], len(store.load_batch(batch_id).documents), len(store.list_batches())


def _separated(window) -> bool:
    batch = window.batch
    return batch is not None and batch.documents and not batch.documents[0].id.startswith("new:")


@pytest.fixture
def settings(request, tmp_path):
    return _settings(tmp_path, **request.param)


@pytest.mark.parametrize("settings", [dict(ipm=40)], indirect=True)
def test_esc_ends_the_batch_separated_and_ready_to_validate(window, settings, qtbot):
    cleaned: list[str] = []
    window.session.pageProcessed.connect(lambda _page, result: cleaned.append(result.clean_path))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.batch is not None and window.batch.page_count() >= 1, timeout=20_000)
    window.actions["stop"].trigger()  # Esc: stop after this sheet
    qtbot.waitUntil(lambda: _separated(window), timeout=60_000)
    state, documents, _ = _state(settings, window.batch.id)
    assert state == "to_validate" and 1 <= documents < len(TEXTS)
    assert window.batch.state == "to_validate" and window.batch.documents[0].doc_type
    # the desk works on cleaned pages inside the store, like the command line (no system temp folder)
    assert cleaned and all(path.startswith(str(settings.data_path)) for path in cleaned)


@pytest.mark.parametrize("settings", [dict(faults="jammed@2")], indirect=True)
def test_a_jam_keeps_one_batch_and_weiter_scans_on_into_it(window, settings, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.problem_box is not None and window.problem_box.isVisible(), timeout=20_000)
    batch_id = window.batch.id
    qtbot.wait(1500)  # time enough for a wrong separation to happen
    assert _state(settings, batch_id) == ("scanning", 0, 1)  # the dialog is open: nothing separated
    assert not _separated(window)
    window.problem_box.findChild(QPushButton, "continueButton").click()  # "Weiter"
    qtbot.waitUntil(lambda: _separated(window), timeout=60_000)
    assert window.batch.id == batch_id
    assert _state(settings, batch_id) == ("to_validate", len(TEXTS), 1)  # one stack, one batch

"""GUI test set-up: an offscreen Qt, the station's own settings in the test's private data dir,
and small batches of real rendered pages to show."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from station.config import load_settings
from station.model import DocState
from station.synth.render import render_text_page
from ui.viewdata import BatchItem, DocItem, FieldMark, PageItem

LETTER = (
    "Kündigung meines Vertrags\n"
    "Kundennummer 1234567897\n"
    "Hiermit kündige ich fristgerecht zum nächsten möglichen Termin."
)


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def window(qtbot, settings):
    """The main window as the operator gets it (German)."""
    from ui.app import build_window

    win = build_window(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.session.close()


def render_page(tmp_path: Path, name: str, text: str, dpi: int = 100) -> str:
    path = tmp_path / f"{name}.png"
    render_text_page(text, dpi=dpi).save(path)
    return str(path)


@pytest.fixture
def sample_batch(tmp_path) -> BatchItem:
    """Two documents: a letter to check (with a found customer number) and an accepted one with a
    blank back, a separator sheet between them."""
    letter = render_page(tmp_path, "letter", LETTER)
    second = render_page(tmp_path, "second", "Seite zwei des Schreibens")
    blank = render_page(tmp_path, "blank", "")
    other = render_page(tmp_path, "other", "Neue Bankverbindung")
    received = datetime(2026, 11, 25, 8, 14, tzinfo=timezone.utc)
    doc1 = DocItem(
        id="doc-1", doc_type="kuendigung", type_label="Kündigung", department="Kündigungen", confidence=0.62,
        needs_review=True, fields={"customer_number": "1234567897"}, received_at=received,
        pages=[PageItem("p1", letter, letter, processed=True), PageItem("p2", second, second, processed=True)],
        marks=[FieldMark("customer_number", "1234567897", 0, 345, 348, 330, 40)],
    )
    doc2 = DocItem(
        id="doc-2", doc_type="bankdaten", type_label="Bankdaten", department="Zahlungsverkehr", confidence=0.99,
        needs_review=False, state=DocState.ACCEPTED, received_at=received,
        pages=[PageItem("sep", blank, blank, separator=True, processed=True),
               PageItem("p3", other, other, processed=True), PageItem("p4", blank, blank, blank=True, processed=True)],
    )
    return BatchItem("batch-1", [doc1, doc2], state="to_validate")

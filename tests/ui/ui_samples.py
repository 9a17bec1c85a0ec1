"""A small batch of real rendered pages for the view tests and the screenshots."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from station.model import DocState
from station.synth.render import render_text_page
from ui.thumbs import thumb_from_file
from ui.viewdata import BatchItem, DocItem, FieldMark, PageItem

LETTER = (
    "Kündigung meines Vertrags\n"
    "Kundennummer 1234567897\n"
    "Hiermit kündige ich fristgerecht zum nächsten möglichen Termin."
)


def render_page(folder: Path, name: str, text: str, dpi: int = 100) -> str:
    path = folder / f"{name}.png"
    render_text_page(text, dpi=dpi).save(path)
    return str(path)


def page(page_id: str, path: str, **flags: object) -> PageItem:
    return PageItem(page_id, path, thumb=thumb_from_file(path), processed=True, **flags)


def make_sample_batch(folder: Path) -> BatchItem:
    """Two documents: a letter to check (with a found customer number) and an accepted one with a
    blank back, a separator sheet between them."""
    letter = render_page(folder, "letter", LETTER)
    second = render_page(folder, "second", "Seite zwei des Schreibens")
    blank = render_page(folder, "blank", "")
    other = render_page(folder, "other", "Neue Bankverbindung")
    received = datetime(2026, 11, 25, 8, 14, tzinfo=timezone.utc)
    doc1 = DocItem(
        id="doc-1", doc_type="kuendigung", type_label="Kündigung", department="Kündigungen", confidence=0.62,
        needs_review=True, review_reason="low_confidence", fields={"customer_number": "1234567897"}, received_at=received,
        pages=[page("p1", letter), page("p2", second)],
        marks=[FieldMark("customer_number", "1234567897", "p1", 188, 117, 68, 16)],
    )
    doc2 = DocItem(
        id="doc-2", doc_type="bankdaten", type_label="Bankdaten", department="Zahlungsverkehr", confidence=0.99,
        needs_review=False, state=DocState.ACCEPTED, received_at=received,
        pages=[page("sep", blank, separator=True), page("p3", other), page("p4", blank, blank=True)],
    )
    return BatchItem("batch-1", [doc1, doc2], state="to_validate")

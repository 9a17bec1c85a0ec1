"""Where a document's field values stand on its pages, and the text as it was read there.

The outline on the page and the raw reading beside the normalised value let the operator compare
the station's reading with the paper ("3534 5470 90" read, "3534547090" kept)."""

from __future__ import annotations

from station.config import Settings
from station.fields import extract_fields
from station.model import Box, Word
from station.store import Store
from ui.viewdata import FieldMark


def _inside(word: Word, box: Box) -> bool:
    cx, cy = word.left + word.width / 2, word.top + word.height / 2
    return box.x <= cx <= box.x + box.width and box.y <= cy <= box.y + box.height


def raw_text(words: list[Word], box: Box) -> str:
    """The OCR words whose centre lies in ``box``, in reading order."""
    inside = sorted((w for w in words if _inside(w, box)), key=lambda w: (w.top // max(1, w.height), w.left))
    return " ".join(w.text for w in inside)


def field_marks(settings: Settings, batch_id: str, doc_id: str, fields: dict[str, str | None]) -> list[FieldMark]:
    """Outlines for the document's current values (a rejected reading is never outlined)."""
    store = Store.open(settings)
    try:
        doc = store.load_batch(batch_id, with_words=True).document(doc_id)
        pages = [p for p in doc.pages if not p.deleted and p.processed]
        results = [store.page_result(p) for p in pages]
    finally:
        store.close()
    by_index = {p.ord: p.id for p in pages}
    words = {r.index: r.words for r in results}
    _found, hits = extract_fields(results)
    return [
        FieldMark(h.name, h.value, by_index.get(h.page_index, ""), h.box.x, h.box.y, h.box.width, h.box.height,
                  raw=raw_text(words.get(h.page_index, []), h.box))
        for h in hits
        if h.box is not None and fields.get(h.name) and fields.get(h.name) == h.value
    ]

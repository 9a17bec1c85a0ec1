"""Re-routes from the department inbox, back at the desk that scanned the letter, as training data.

A clerk who hands a letter to another department (``station central serve``) writes a row to
``central.corrections``. The desk fetches the rows for its own documents (RLS: a station sees only its
own), pairs each with the OCR text it still has locally and hands ``(text, doc_type)`` to training.
Each fetch is recorded centrally in ``central.correction_fetches`` (who fetched what, when); fetching
again returns the same corrections and records nothing new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from station.sync.connect import connect

log = logging.getLogger(__name__)

_LATEST = (
    "SELECT DISTINCT ON (document_id) id::text, document_id::text, new_doc_type, to_department, old_doc_type"
    " FROM central.corrections WHERE applied_at IS NOT NULL ORDER BY document_id, at DESC, id"
)


@dataclass(frozen=True)
class CentralCorrection:
    id: str
    document_id: str
    doc_type: str  # what the letter should have been classified as
    old_doc_type: str
    text: str


def label_for(new_doc_type: str | None, to_department: str) -> str | None:
    """The type to learn: the clerk's choice, else the target department's only type (None if ambiguous)."""
    if new_doc_type:
        return new_doc_type
    from station.classify.taxonomy import load_taxonomy

    types = [t.id for t in load_taxonomy() if t.department == to_department]
    return types[0] if len(types) == 1 else None


def fetch_corrections(settings: Any, store: Any) -> list[CentralCorrection]:
    """This station's re-routed documents that it still has text for; the latest re-route of a letter wins."""
    conn = connect(settings.central, autocommit=True)
    try:
        with conn.transaction():
            rows = conn.execute(_LATEST).fetchall()
            found = []
            for cid, doc_id, new_type, to_department, old_type in rows:
                label = label_for(new_type, to_department)
                text = "\n\f".join(r["ocr_text"] or "" for r in store.query(
                    "SELECT ocr_text FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (doc_id,)))
                if label and text.strip():
                    found.append(CentralCorrection(cid, doc_id, label, old_type, text))
            if found:
                conn.execute(
                    "INSERT INTO central.correction_fetches (correction_id, station_id)"
                    " SELECT unnest(%s::uuid[]), central.my_station() ON CONFLICT DO NOTHING",
                    ([c.id for c in found],))
    finally:
        conn.close()
    log.info("fetched %d re-routes from the central store for training", len(found))
    return found

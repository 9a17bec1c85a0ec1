"""Retention: exported and synced batches leave the station after ``retention_days``.

Never earlier, and never a batch the central store has not acknowledged. What goes: page rows,
documents, corrections (they hold letter text) and page files no remaining page uses. What stays:
the batch row (marked purged) and the audit chain, whose ``purged`` event names every page
hash that was removed, so ``station audit verify`` knows those files are gone on purpose.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from station.store.audit import iso_utc
from station.store.local import Store

log = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    batches: list[str] = field(default_factory=list)
    pages: int = 0
    files_removed: int = 0


def purgeable(store: Store, days: int, now: datetime | None = None) -> list[str]:
    """Batches exported and synced more than ``days`` ago and not yet purged."""
    cutoff = iso_utc((now or datetime.now(timezone.utc)) - timedelta(days=days))
    rows = store.query(
        "SELECT id FROM batches WHERE purged_at IS NULL AND synced_at IS NOT NULL AND exported_at IS NOT NULL "
        "AND synced_at < ? AND exported_at < ? ORDER BY synced_at", (cutoff, cutoff))
    return [r["id"] for r in rows]


def purge_batch(store: Store, batch_id: str) -> tuple[int, int]:
    """Remove one batch's content; returns (pages, files removed). Rows go first (one transaction),
    files after: a kill in between leaves unreferenced files, which the next purge removes."""
    pages = store.query("SELECT id, blob_hash, clean_hash, archive_hash FROM pages WHERE batch_id = ?", (batch_id,))
    hashes = sorted({h for p in pages for h in (p["blob_hash"], p["clean_hash"], p["archive_hash"]) if h})
    with store.tx() as conn:
        conn.execute("DELETE FROM corrections WHERE document_id IN (SELECT id FROM documents WHERE batch_id = ?)",
                     (batch_id,))
        conn.execute("DELETE FROM pages WHERE batch_id = ?", (batch_id,))
        conn.execute("DELETE FROM documents WHERE batch_id = ?", (batch_id,))
        conn.execute("UPDATE batches SET purged_at = ? WHERE id = ?", (iso_utc(), batch_id))
        store.event(conn, "purged", batch_id=batch_id, page_hashes=hashes, data={"pages": len(pages)})
    return len(pages), remove_unreferenced(store, hashes)


def remove_unreferenced(store: Store, hashes: list[str]) -> int:
    removed = 0
    for digest in hashes:
        if not store.query("SELECT 1 FROM pages WHERE blob_hash = ? OR clean_hash = ? OR archive_hash = ? LIMIT 1",
                           (digest, digest, digest)):
            removed += int(store.blobs.remove(digest))
    return removed


def purge(store: Store, days: int | None = None, now: datetime | None = None) -> PurgeReport:
    """Purge every batch past retention (``settings.retention_days`` unless ``days`` is given)."""
    days = store.settings.retention_days if days is None else days
    report = PurgeReport()
    for batch_id in purgeable(store, days, now):
        pages, files = purge_batch(store, batch_id)
        report.batches.append(batch_id)
        report.pages += pages
        report.files_removed += files
    # Files of purges a kill interrupted: named by a purged event, used by no page.
    leftovers = {h for e in store.query("SELECT page_hashes FROM audit_events WHERE kind = 'purged'")
                 for h in json.loads(e["page_hashes"])}
    report.files_removed += remove_unreferenced(store, sorted(leftovers))
    if report.batches:
        log.info("purged %d batch(es), %d page(s)", len(report.batches), report.pages)
    return report

"""Retention removes exported and synced batches after the configured days, never earlier, never
unsynced ones, and the audit verifier still finds the station intact afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from station.audit.verify import verify_local
from station.store import DocumentPlan
from station.store.retention import purge

from .conftest import page_image

LATER = datetime.now(timezone.utc) + timedelta(days=91)


def finished_batch(store, seed, synced=True, exported=True):
    batch = store.create_batch()
    ids = [store.add_page(batch, page_image(seed + i)) for i in range(2)]
    [doc] = store.set_documents(batch, [DocumentPlan(ids)])
    store.record_correction(doc, doc_type="rechnung")
    if exported:
        store.mark_exported(doc, "x.pdf", "x.json", "0" * 64, 2)
    store.close_batch(batch)
    if synced:
        store.mark_synced(batch)
    return batch, ids


def test_only_exported_and_synced_batches_past_retention_are_purged(store):
    done, done_pages = finished_batch(store, 0)
    unsynced, _ = finished_batch(store, 10, synced=False)
    unexported, _ = finished_batch(store, 20, exported=False)
    assert purge(store).batches == []  # too early
    files = [store.page_path(p) for p in done_pages]
    report = purge(store, now=LATER)
    assert report.batches == [done] and report.pages == 2 and report.files_removed == 2
    assert not any(f.exists() for f in files)
    assert store.load_batch(done).purged_at and store.load_batch(done).pages == []
    assert len(store.load_batch(unsynced).pages) == 2 and len(store.load_batch(unexported).pages) == 2
    assert store.corrections()[0]["document_id"] not in [d.id for d in store.load_batch(done).documents]
    [event] = [e for e in store.events_after(0) if e["kind"] == "purged"]
    assert sorted(event["page_hashes"]) == sorted(f.stem for f in files)
    assert purge(store, now=LATER).batches == []
    assert verify_local(store.root / "station.db", store.blobs.root).intact


def test_a_page_file_shared_with_a_kept_batch_stays(store):
    done, _ = finished_batch(store, 0)
    kept = store.create_batch()
    same = store.add_page(kept, page_image(0))
    purge(store, now=LATER)
    assert store.page_path(same).exists()

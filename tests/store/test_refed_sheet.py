"""A sheet fed again after a crash keeps the letter's date received (found by the soak run, #9)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from station.audit.verify import verify_local
from station.batches import delete_page
from station.store import DocumentPlan, store_paths


def test_a_document_of_a_sheet_fed_again_is_dated_by_the_first_time_the_sheet_reached_the_disk(store, settings, make_page):
    """``station scan --continue`` puts aside a front whose back never reached the disk and the
    sheet goes through again: an identical image, stored later. The audit dates the document by
    the first ``received`` event of that image, so the store must do the same."""
    first = datetime(2026, 11, 25, 9, 9, 37, tzinfo=timezone.utc)
    batch_id = store.create_batch(source="scanner")
    lone = store.add_page(batch_id, make_page(7), first, sheet=0, side="front")
    delete_page(store, lone)
    again = store.add_page(batch_id, make_page(7), first + timedelta(seconds=3), sheet=0, side="front")
    store.add_page(batch_id, make_page(8), first + timedelta(seconds=3.1), sheet=0, side="back")
    store.finish_capture(batch_id)
    [doc_id] = store.set_documents(batch_id, [DocumentPlan([again])])
    [doc] = store.load_batch(batch_id).documents
    assert datetime.fromisoformat(doc.received_at) == first
    assert verify_local(*store_paths(settings)).intact

"""The local store keeps every page durably, once, with an audit chain nobody can rewrite."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import threading

import pytest

from station.errors import StoreError
from station.model import Classification, Fields
from station.store import DocumentPlan, Store
from station.store.audit import GENESIS, event_hash

from .conftest import page_image


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_page_is_a_private_file_named_by_its_hash(store):
    batch = store.create_batch(profile="Briefe s/w duplex")
    page_id = store.add_page(batch, page_image(1))
    path = store.page_path(page_id)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem == store.page(page_id).blob_hash
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(store.root) == 0o700
    assert mode(store.root / "station.db") == 0o600
    assert list(store.pending_dir.iterdir()) == []  # the intent is gone once the row committed


def test_identical_pages_share_one_file_but_keep_two_rows(store):
    batch = store.create_batch()
    a = store.add_page(batch, page_image(7))
    b = store.add_page(batch, page_image(7))
    assert a != b
    assert store.page_path(a) == store.page_path(b)
    assert [p.ord for p in store.load_batch(batch).pages] == [0, 1]


def test_migrations_are_recorded_and_run_once(settings):
    with Store.open(settings) as first:
        names = [r["name"] for r in first.query("SELECT name FROM migrations")]
    assert names and names[0].startswith("m001")
    with Store.open(settings) as again:
        assert [r["name"] for r in again.query("SELECT name FROM migrations")] == names


def test_several_parts_opening_a_new_store_at_once_all_get_it(tmp_path):
    """The window, its sync worker and a fax watcher may all start on an empty data directory;
    none of them may be told the store "cannot be opened" because another was creating it."""
    for round_ in range(20):
        root = tmp_path / f"store-{round_}"
        start, failures = threading.Barrier(6), []

        def open_it() -> None:
            start.wait()
            try:
                Store.open(root).close()
            except StoreError as exc:
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures[0]
        with Store.open(root) as store:
            assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_the_audit_chain_links_every_event_and_cannot_be_rewritten(store):
    batch = store.create_batch()
    for i in range(3):
        store.add_page(batch, page_image(i))
    events = store.events_after(0)
    assert [e["kind"] for e in events] == ["received"] * 3
    assert events[0]["prev_hash"] == GENESIS
    for before, event in zip([None, *events], events):
        assert event["hash"] == event_hash(event)
        if before:
            assert event["prev_hash"] == before["hash"]
    assert events[0]["data"]["received_at"] == store.page(events[0]["data"]["page_id"]).received_at
    assert events[0]["at"].endswith("+00:00") and "." in events[0]["at"]
    with pytest.raises(Exception, match="append-only"):
        store.conn.execute("UPDATE audit_events SET operator = 'mallory'")
    with pytest.raises(Exception, match="append-only"):
        store.conn.execute("DELETE FROM audit_events")


def test_event_hash_follows_the_published_formula(store):
    batch = store.create_batch()
    store.add_page(batch, page_image(3))
    event = store.events_after(0)[0]
    body = {k: event[k] for k in ("id", "station_id", "at", "kind", "operator", "batch_id", "document_id",
                                  "page_hashes", "data")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert event["hash"] == hashlib.sha256(f"{GENESIS}\n{canonical}".encode()).hexdigest()


def make_document(store, pages=2):
    batch = store.create_batch()
    ids = [store.add_page(batch, page_image(100 + i)) for i in range(pages)]
    [doc] = store.set_documents(batch, [DocumentPlan(ids, fields={"barcode": "K-1"})])
    return batch, doc


def test_date_received_is_fixed_once_recorded(store):
    batch, doc = make_document(store)
    loaded = store.load_batch(batch).document(doc)
    assert loaded.received_at == loaded.pages[0].received_at
    with pytest.raises(StoreError) as err:
        with store.tx() as conn:
            conn.execute("UPDATE documents SET received_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (doc,))
    assert "nicht geändert" in err.value.operator_message()
    with pytest.raises(StoreError):
        with store.tx() as conn:
            conn.execute("UPDATE pages SET received_at = '2020-01-01T00:00:00+00:00' WHERE batch_id = ?", (batch,))


def test_postmark_date_is_an_additional_audited_field(store):
    batch, doc = make_document(store)
    store.set_postmark_date(doc, "2026-11-20")
    loaded = store.load_batch(batch).document(doc)
    assert loaded.postmark_date == "2026-11-20" and loaded.received_at.startswith("20")
    event = store.events_after(0)[-1]
    assert event["kind"] == "postmark_recorded" and event["data"]["postmark_date"] == "2026-11-20"
    with pytest.raises(StoreError, match="kein gültiges Datum|not a valid date") as err:
        store.set_postmark_date(doc, "20.11.2026")
    assert "JJJJ" in err.value.operator_message()


def test_classification_and_correction_are_kept_for_retraining_and_audited(store):
    batch, doc = make_document(store)
    store.save_classification(
        doc, Classification("kuendigung", "Kundenservice", 0.61, True, "m-1", review_reason="low_confidence"),
        Fields(customer_number="1234567")
    )
    stored = store.load_batch(batch).document(doc)
    assert stored.fields["barcode"] == "K-1" and stored.fields["customer_number"] == "1234567"
    assert stored.needs_review and stored.model_version == "m-1"
    assert stored.review_reason == "low_confidence", "the desk can say why a person must look"
    assert store.events_after(0)[-1]["data"]["review_reason"] == "low_confidence"
    store.record_correction(doc, doc_type="rechnung", fields={"iban": "DE89370400440532013000"}, operator="bernd")
    [corr] = store.corrections()
    assert (corr["old_doc_type"], corr["new_doc_type"]) == ("kuendigung", "rechnung")
    assert corr["new_fields"]["iban"] == "DE89370400440532013000" and corr["operator"] == "bernd"
    kinds = [e["kind"] for e in store.events_after(0)]
    assert kinds[-2:] == ["classified", "corrected"]
    corrected = store.events_after(0)[-1]
    assert corrected["data"]["doc_type"] == "rechnung"
    assert corrected["data"]["fields"]["customer_number"] == "1234567"  # the full dict after the change
    assert corrected["document_id"] == doc and len(corrected["page_hashes"]) == 2


def test_closed_batches_wait_in_the_outbox_until_synced_once(store):
    batch, _ = make_document(store)
    assert store.outbox_pending() == []
    store.close_batch(batch)
    store.close_batch(batch)
    assert [item.batch_id for item in store.outbox_pending()] == [batch]
    store.mark_synced(batch)
    store.mark_synced(batch)
    assert store.outbox_pending() == []
    assert store.load_batch(batch).state == "synced"
    assert [e["kind"] for e in store.events_after(0)].count("synced") == 1


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_recovery_replays_a_page_that_reached_disk_without_its_row(settings):
    with Store.open(settings) as st:
        batch = st.create_batch()
        st.add_page(batch, page_image(1))
        # What a writer killed between steps 2 and 3 leaves: its intent and the image file.
        from station.store.encode import encode_page

        data = encode_page(page_image(2))
        digest, _ = st.blobs.put(data)
        intent = {"page_id": "p-lost", "batch_id": batch, "blob_hash": digest, "raw_size": 1, "side": "front",
                  "dpi": 300, "received_at": "2026-11-25T06:00:00.000000+00:00", "meta": {}}
        (st.pending_dir / f"p-lost.{dead_pid()}.json").write_text(json.dumps(intent))
        # And one killed before its image was renamed: only a temp file, never a page.
        gone = dict(intent, page_id="p-never", blob_hash="f" * 64)
        (st.pending_dir / f"p-never.{dead_pid()}.json").write_text(json.dumps(gone))
        (st.blobs.tmp / f"{'f' * 64}.tif.{dead_pid()}.1.tmp").write_bytes(b"half")
    with Store.open(settings) as st:
        assert st.recovery.recovered_pages == ["p-lost"]
        assert st.recovery.discarded_temp_files == 1
        pages = st.load_batch(batch).pages
        assert [p.id for p in pages][1:] == ["p-lost"]
        assert pages[1].received_at == "2026-11-25T06:00:00.000000+00:00"
        assert list(st.pending_dir.iterdir()) == [] and list(st.blobs.tmp.iterdir()) == []
        assert st.recovery.unprocessed_pages == 2 and batch in st.recovery.open_batches
    with Store.open(settings) as st:
        assert st.recovery.recovered_pages == []
        assert len(st.load_batch(batch).pages) == 2


def test_list_batches_counts_pages_and_documents(store):
    batch, _ = make_document(store, pages=3)
    other = store.create_batch()
    listed = {b.id: b for b in store.list_batches()}
    assert (listed[batch].page_count, listed[batch].document_count) == (3, 1)
    assert (listed[other].page_count, listed[other].document_count) == (0, 0)


def test_an_unknown_batch_is_a_clear_error(store):
    with pytest.raises(StoreError) as err:
        store.load_batch("nope")
    assert "gibt es in diesem Speicher nicht" in err.value.operator_message()

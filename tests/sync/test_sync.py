"""``station sync`` end to end: from the real local store's outbox to the central store, exactly once."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from station.errors import SyncError
from station.store import Store
from station.sync.central import Limits
from station.sync.worker import backoff_delays, sync_once, sync_status

from .conftest import assert_central_matches_local, closed_batch, station_settings


@pytest.fixture
def desk(central):
    settings = station_settings(central)
    store = Store.open(settings)
    yield settings, store
    store.close()


def test_queued_batches_arrive_in_order_and_are_marked_synced(central, desk):
    settings, store = desk
    batches = [closed_batch(store, docs=3, pages=2, seed=i) for i in range(3)]
    report = sync_once(settings, store, limits=Limits(max_pages=4))
    assert (report.batches_sent, report.documents, report.pages) == (3, 9, 18)
    assert store.outbox_pending() == []
    assert assert_central_matches_local(central, store) == 3
    with central.admin() as conn:
        arrived = [str(r[0]) for r in conn.execute("SELECT id FROM central.batches ORDER BY arrived_at")]
    assert arrived == batches
    again = sync_once(settings, store)
    assert (again.batches_sent, again.events) == (0, 0)


def test_the_audit_chain_arrives_and_each_link_is_checked(central, desk):
    settings, store = desk
    closed_batch(store)
    report = sync_once(settings, store)
    local = store.query("SELECT hash FROM audit_events ORDER BY seq")
    assert report.events == len(local)  # the "synced" event too: events go after the batches
    assert sync_once(settings, store).events == 0
    with central.admin() as conn:
        central_chain = [r[0] for r in conn.execute("SELECT hash FROM central.audit_events ORDER BY seq")]
    assert central_chain == [r["hash"] for r in local]


def test_a_broken_local_chain_is_refused_and_reported(central, desk):
    settings, store = desk
    closed_batch(store, seed=1)
    sync_once(settings, store)
    closed_batch(store, seed=2)
    # Someone rewrites history: the local chain no longer links to what the central has.
    store.conn.execute("DROP TRIGGER audit_events_no_update")
    store.conn.execute("UPDATE audit_events SET prev_hash = (CASE WHEN prev_hash LIKE '0%' THEN '1' ELSE '0' END) || substr(prev_hash, 2) "
                       "WHERE seq = (SELECT max(seq) FROM audit_events)")
    with pytest.raises(SyncError) as info:
        sync_once(settings, store)
    assert "Protokolleintrag passt nicht zu seiner Prüfsumme" in info.value.message_de
    with central.admin() as conn:  # nothing of the forged tail was taken
        assert conn.execute("SELECT max(seq) FROM central.audit_events").fetchone()[0] < store.query(
            "SELECT max(seq) AS m FROM audit_events")[0]["m"]


def test_a_chain_that_forks_from_the_central_one_is_refused(central, desk):
    settings, store = desk
    closed_batch(store, seed=1)
    sync_once(settings, store)
    closed_batch(store, seed=2)
    with central.admin() as conn:  # the central chain moved on without this station (e.g. a restored backup)
        conn.execute("UPDATE central.audit_heads SET hash = repeat('a', 64)")
    with pytest.raises(SyncError) as info:
        sync_once(settings, store)
    assert "passt nicht zur Prüfkette in der Zentrale" in info.value.message_de


def test_a_correction_after_sync_becomes_an_audited_amendment_never_an_overwrite(central, desk):
    settings, store = desk
    batch_id = closed_batch(store, docs=1)
    sync_once(settings, store)
    doc = store.load_batch(batch_id).documents[0]
    store.record_correction(doc.id, fields={"customer_number": "9999999"}, operator="bernd")
    sync_once(settings, store)
    with central.admin() as conn:
        original = conn.execute("SELECT fields->>'customer_number' FROM central.documents WHERE id = %s", (doc.id,)).fetchone()[0]
        amended = conn.execute("SELECT operator, fields->>'customer_number' FROM central.amendments WHERE document_id = %s",
                               (doc.id,)).fetchall()
        shown = conn.execute("SELECT fields->>'customer_number', amended FROM central.department_queue WHERE id = %s",
                             (doc.id,)).fetchone()
    assert original == doc.fields["customer_number"]
    assert amended == [("bernd", "9999999")]
    assert shown == ("9999999", True)


def test_a_type_corrected_after_sync_moves_the_document_to_the_new_types_department(central, desk):
    settings, store = desk
    batch_id = closed_batch(store, docs=1)
    sync_once(settings, store)
    doc = store.load_batch(batch_id).documents[0]
    store.record_correction(doc.id, doc_type="widerruf", operator="bernd")
    assert store.load_batch(batch_id).documents[0].department == "Vertragsmanagement"
    sync_once(settings, store)
    with central.admin() as conn:
        routed = conn.execute("SELECT department FROM central.routing WHERE document_id = %s", (doc.id,)).fetchone()[0]
        shown = conn.execute("SELECT doc_type, department FROM central.department_queue WHERE id = %s",
                             (doc.id,)).fetchone()
    assert routed == "Vertragsmanagement"
    assert shown == ("widerruf", "Vertragsmanagement")


def test_an_unreachable_central_leaves_the_queue_intact_and_says_so(central, desk):
    settings, store = desk
    closed_batch(store)
    offline = replace(settings, central=replace(settings.central, port=1))
    with pytest.raises(SyncError) as info:
        sync_once(offline, store)
    assert "nicht erreichbar" in info.value.message_de
    assert len(store.outbox_pending()) == 1


def test_status_counts_the_queue_and_warns_past_the_configured_age(central, desk):
    settings, store = desk
    closed_batch(store)
    status = sync_status(settings, store)
    assert (status.pending, status.warn) == (1, False)
    assert status.message.startswith("1 Stapel warten auf Übertragung")
    settings.central.warn_unsynced_age_min = -1
    status = sync_status(settings, store)
    assert status.warn and "länger als erlaubt" in status.message


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap():
    delays = backoff_delays(base_s=1, cap_s=60, rng=random.Random(4))
    first = [next(delays) for _ in range(12)]
    assert all(0.5 <= d <= 60 for d in first)
    assert max(first[:3]) <= 4 and max(first[8:]) > 8  # grows...
    assert len(set(first)) == len(first)  # ...and no two waits are the same (jitter)


def test_a_station_clock_off_by_more_than_allowed_is_warned_about(central, desk):
    settings, store = desk
    settings.central.max_clock_drift_s = -1.0  # any measured offset is "too much": the warning must appear
    report = sync_once(settings, store)
    assert report.clock_drift_s is not None and abs(report.clock_drift_s) < 5
    assert report.warnings and "Die Uhr dieser Station geht um" in report.warnings[0]

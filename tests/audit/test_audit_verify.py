"""`station audit verify` finds every kind of hand-made change, and says where it is.

The mailroom fixture holds 10 events: received ×3 (seq 1-3), scanned (4), processed ×3 (5-7),
classified (8: the cancellation, 9: the invoice), synced (10).
"""

from __future__ import annotations

import json

import pytest

from station.audit.verify import verify_local
from station.errors import StoreError


def verify(m):
    return verify_local(m.db, m.blobs)


def test_an_untouched_store_is_intact_with_counts(mailroom):
    report = verify(mailroom)
    assert report.intact, report.summary()
    assert (report.events, report.stations, report.pages_checked, report.documents_checked) == (10, 1, 3, 2)
    assert report.summary() == ("Unversehrt: 10 Ereignisse von 1 Station(en), 3 Seitendateien, "
                                "2 Dokumente geprüft.")


def test_verify_accepts_an_open_store_too(mailroom):
    assert verify_local(mailroom.store, mailroom.blobs).intact


def test_an_edited_event_timestamp_is_reported_with_its_event(mailroom):
    mailroom.forge("UPDATE audit_events SET at = '2026-01-02T08:00:00.000000+00:00' WHERE seq = 2")
    report = verify(mailroom)
    assert (report.first.what, report.first.seq, report.first.kind) == ("hash_mismatch", 2, "received")
    assert "Ereignis Nr. 2 (received) wurde nachträglich verändert" in report.summary()


def test_an_edited_received_date_in_the_documents_table_is_caught(mailroom):
    mailroom.forge("UPDATE documents SET received_at = '2026-01-02T09:00:00.000000+00:00' WHERE id = ?",
                   (mailroom.cancellation,))
    report = verify(mailroom)
    assert [p.what for p in report.problems] == ["received_at_differs"]
    assert (report.first.seq, report.first.kind, report.first.document_id) == (1, "received", mailroom.cancellation)
    assert "Eingangsdatum" in report.first.message_de and "2026-01-02T09:00:00" in report.first.message_de


def test_an_edited_page_received_date_does_not_change_the_proof(mailroom):
    """pages.received_at is a copy too; the documents table and the chain still agree."""
    mailroom.forge("UPDATE pages SET received_at = '2026-01-02T09:00:00.000000+00:00' WHERE id = ?",
                   (mailroom.pages[0],))
    mailroom.forge("UPDATE documents SET received_at = '2026-01-02T09:00:00.000000+00:00' WHERE id = ?",
                   (mailroom.cancellation,))
    assert verify(mailroom).first.what == "received_at_differs"


def test_an_edited_field_is_caught_and_its_value_is_not_printed(mailroom):
    mailroom.forge("UPDATE documents SET fields = ? WHERE id = ?",
                   (json.dumps({"customer_number": "9999999999"}), mailroom.cancellation))
    report = verify(mailroom)
    assert report.first.what == "field_differs"
    assert (report.first.seq, report.first.kind) == (8, "classified")
    assert "customer_number" in report.summary()
    assert "4711081500" not in report.summary() and "9999999999" not in report.summary()


def test_an_edited_document_type_is_caught(mailroom):
    mailroom.forge("UPDATE documents SET doc_type = 'werbung' WHERE id = ?", (mailroom.cancellation,))
    assert (verify(mailroom).first.what, verify(mailroom).first.seq) == ("doc_type_differs", 8)


def test_a_correction_through_the_store_stays_intact(mailroom):
    mailroom.store.record_correction(mailroom.invoice, operator="ben", doc_type="mahnung",
                                     fields={"customer_number": "1234567897"})
    report = verify(mailroom)
    assert report.intact, report.summary()
    assert report.events == 11


def test_an_altered_page_file_is_caught(mailroom):
    page = mailroom.page_file(1)
    page.write_bytes(page.read_bytes() + b"retouched")
    first = verify(mailroom).first
    assert (first.what, first.seq, first.kind) == ("page_altered", 2, "received")
    assert first.expected == page.name.split(".")[0]


def test_a_deleted_page_file_is_caught(mailroom):
    mailroom.page_file(2).unlink()
    first = verify(mailroom).first
    assert (first.what, first.seq) == ("page_missing", 3)


def test_a_deleted_event_is_caught_as_a_gap_and_a_broken_link(mailroom):
    mailroom.forge("DELETE FROM audit_events WHERE seq = 5")
    report = verify(mailroom)
    assert (report.first.what, report.first.seq) == ("missing_event", 6)
    assert "fehlen" in report.first.message_de
    assert "broken_link" in [p.what for p in report.problems]


def test_deleting_an_event_and_renumbering_still_breaks_the_link(mailroom):
    mailroom.forge("DELETE FROM audit_events WHERE seq = 5")
    mailroom.forge("UPDATE audit_events SET seq = seq - 1 WHERE seq > 5")
    first = verify(mailroom).first
    assert (first.what, first.seq, first.kind) == ("broken_link", 5, "processed")


def test_reordered_events_are_caught(mailroom):
    mailroom.forge("UPDATE audit_events SET seq = -8 WHERE seq = 8")
    mailroom.forge("UPDATE audit_events SET seq = 8 WHERE seq = 9")
    mailroom.forge("UPDATE audit_events SET seq = 9 WHERE seq = -8")
    first = verify(mailroom).first
    assert (first.what, first.seq) == ("broken_link", 8)


def test_a_rewritten_chain_with_a_backdated_event_is_caught_by_time_order(mailroom, rechain):
    """Even someone who recomputes every hash cannot make time run backwards unnoticed."""
    mailroom.forge("UPDATE audit_events SET at = '2026-01-01T00:00:00.000000+00:00' WHERE seq = 4")
    rechain(mailroom.db)
    report = verify(mailroom)
    assert [(p.what, p.seq) for p in report.problems] == [("time_backwards", 4)]


def test_verify_checks_the_chain_against_the_spec_not_the_stores_own_code(mailroom, monkeypatch):
    import station.store.audit as store_audit

    monkeypatch.setattr(store_audit, "event_hash", lambda row: row["hash"])  # a writer that lies
    mailroom.forge("UPDATE audit_events SET operator = 'mallory' WHERE seq = 8")
    assert verify(mailroom).first.what == "hash_mismatch"


def test_a_missing_database_is_a_clear_german_error(tmp_path):
    with pytest.raises(StoreError) as err:
        verify_local(tmp_path / "nope.db", tmp_path)
    assert "existiert nicht" in err.value.message_de


def test_verify_does_not_write_to_the_store(mailroom):
    mailroom.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = mailroom.db.read_bytes()
    verify(mailroom)
    assert mailroom.db.read_bytes() == before


def test_verify_reports_progress_and_can_be_cancelled(mailroom):
    from station.progress import CancelToken, Cancelled

    seen = []
    verify_local(mailroom.db, mailroom.blobs, progress=seen.append)
    assert ("audit-chain", 10, 10) in [(e.stage, e.done, e.total) for e in seen]
    assert any(e.stage == "audit-pages" for e in seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        verify_local(mailroom.db, mailroom.blobs, cancel=token)

"""`station audit verify` finds every kind of hand-made change, and says where it is."""

from __future__ import annotations

import json

import pytest

from station.audit.verify import verify_local


@pytest.fixture
def store(spec_store):
    s = spec_store
    s.add_document([b"page-1 of a cancellation", b"page-2"], "kuendigung",
                   {"customer_number": "1234567890", "iban": None})
    s.add_document([b"an invoice query"], "rechnung", {"phone_number": "+4930123456"})
    s.append("exported", document_id=None, data={"count": 2})
    return s


def verify(s):
    return verify_local(s.path, s.blobs)


def test_an_untouched_store_is_intact_with_counts(store):
    report = verify(store)
    assert report.intact, report.summary()
    assert (report.events, report.stations, report.pages_checked, report.documents_checked) == (7, 1, 3, 2)
    assert report.summary().startswith("Unversehrt: 7 Ereignisse")


def test_an_edited_event_timestamp_is_reported_with_its_event(store):
    store.conn.execute("UPDATE audit_events SET at = '2026-11-20T08:00:00.000000+00:00' WHERE seq = 4")
    store.conn.commit()
    first = verify(store).first
    assert (first.what, first.seq, first.kind) == ("hash_mismatch", 4, "received")


def test_an_edited_received_date_in_the_documents_table_is_caught(store):
    doc_id = store.conn.execute("SELECT id FROM documents WHERE doc_type='kuendigung'").fetchone()[0]
    store.conn.execute("UPDATE documents SET received_at='2026-11-23T09:00:00+00:00' WHERE id=?", [doc_id])
    store.conn.commit()
    report = verify(store)
    assert [p.what for p in report.problems] == ["received_at_differs"]
    assert (report.first.seq, report.first.kind, report.first.document_id) == (1, "received", doc_id)
    assert "Eingangsdatum" in report.first.message_de


def test_an_edited_field_is_caught_and_its_value_is_not_printed(store):
    doc_id = store.conn.execute("SELECT id FROM documents WHERE doc_type='kuendigung'").fetchone()[0]
    store.conn.execute("UPDATE documents SET fields=? WHERE id=?", [json.dumps({"customer_number": "999"}), doc_id])
    store.conn.commit()
    report = verify(store)
    assert report.first.what == "field_differs"
    assert (report.first.seq, report.first.kind) == (3, "classified")
    assert "customer_number" in report.summary()
    assert "1234567890" not in report.summary() and "999" not in report.summary()


def test_an_edited_document_type_is_caught(store):
    store.conn.execute("UPDATE documents SET doc_type='werbung' WHERE doc_type='kuendigung'")
    store.conn.commit()
    assert verify(store).first.what == "doc_type_differs"


def test_an_altered_page_file_is_caught(store):
    page = next(store.blobs.rglob("*.png"))
    page.write_bytes(page.read_bytes() + b" retouched")
    first = verify(store).first
    assert first.what == "page_altered" and first.kind == "received"
    assert first.expected == page.stem


def test_a_deleted_page_file_is_caught(store):
    next(store.blobs.rglob("*.png")).unlink()
    assert verify(store).first.what == "page_missing"


def test_a_deleted_event_is_caught_as_a_gap_and_a_broken_link(store):
    store.conn.execute("DELETE FROM audit_events WHERE seq = 3")
    store.conn.commit()
    report = verify(store)
    assert (report.first.what, report.first.seq) == ("missing_event", 4)
    assert "broken_link" in [p.what for p in report.problems]


def test_deleting_an_event_and_renumbering_still_breaks_the_link(store):
    store.conn.execute("DELETE FROM audit_events WHERE seq = 3")
    store.conn.execute("UPDATE audit_events SET seq = seq - 1 WHERE seq > 3")
    store.conn.commit()
    first = verify(store).first
    assert (first.what, first.seq) == ("broken_link", 3)


def test_reordered_events_are_caught(store):
    store.conn.execute("UPDATE audit_events SET seq = -5 WHERE seq = 5")
    store.conn.execute("UPDATE audit_events SET seq = 5 WHERE seq = 6")
    store.conn.execute("UPDATE audit_events SET seq = 6 WHERE seq = -5")
    store.conn.commit()
    first = verify(store).first
    assert (first.what, first.seq) == ("broken_link", 5)


def test_a_rewritten_chain_with_a_backdated_event_is_caught_by_time_order(store, rechain):
    """Even someone who recomputes every hash cannot make time run backwards unnoticed."""
    store.conn.execute("UPDATE audit_events SET at='2026-11-01T00:00:00.000000+00:00' WHERE seq=4")
    rechain(store.conn)
    report = verify(store)
    assert [(p.what, p.seq) for p in report.problems] == [("time_backwards", 4)]


def test_a_missing_database_is_a_clear_german_error(tmp_path):
    from station.errors import StoreError

    with pytest.raises(StoreError) as err:
        verify_local(tmp_path / "nope.db", tmp_path)
    assert "existiert nicht" in err.value.message_de


def test_verify_does_not_write_to_the_store(store):
    before = store.path.read_bytes()
    verify(store)
    assert store.path.read_bytes() == before

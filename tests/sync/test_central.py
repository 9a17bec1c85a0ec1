"""Sending batches to the central store: complete, exactly once, verified, routed and announced."""

from __future__ import annotations

from datetime import datetime, timezone

import psycopg
import pytest

from station.errors import SyncError
from station.sync import schema
from station.sync.central import Limits, send_batch

from .conftest import make_batch


def counts(conn, batch_id):
    docs = conn.execute("SELECT count(*) FROM central.documents WHERE batch_id = %s", (batch_id,)).fetchone()[0]
    pages = conn.execute("SELECT count(*) FROM central.pages WHERE batch_id = %s", (batch_id,)).fetchone()[0]
    return docs, pages


def test_migrations_are_recorded_and_applied_once(central):
    with central.admin() as conn:
        versions = schema.applied_versions(conn)
        assert versions == [m.version for m in schema.migrations()]
        assert schema.migrate(conn) == []  # up to date: nothing runs twice


def test_a_changed_migration_is_refused(central, tmp_path):
    changed = tmp_path / "sql"
    changed.mkdir()
    for m in schema.migrations():
        (changed / m.path.name).write_text(m.text + ("\n-- edited\n" if m.version == 1 else ""))
    with central.admin() as conn, pytest.raises(SyncError) as info:
        schema.migrate(conn, changed)
    assert "wurde nach dem Einspielen verändert" in info.value.message_de


def test_a_batch_arrives_complete_and_a_replay_changes_nothing(central, tmp_path):
    settings = central.add_station("desk-a")
    batch = make_batch(tmp_path, "desk-a", docs=5, pages=3)
    with central.connect_as(settings) as conn:
        first = send_batch(conn, batch, Limits(max_pages=4))
        again = send_batch(conn, batch)
    assert (first.documents, first.pages) == (5, 15)
    assert first.transactions == 6  # 5 bounded transactions of one document (3 pages, limit 4) + the batch row
    assert again.already_central and again.pages == 0
    with central.admin() as conn:
        assert counts(conn, batch.id) == (5, 15)
        stored = conn.execute("SELECT sha256, size, content FROM central.pages WHERE id = %s",
                              (batch.documents[0].pages[0].id,)).fetchone()
        page = batch.documents[0].pages[0]
        assert (stored[0], stored[1], bytes(stored[2])) == (page.sha256, page.size, open(page.path, "rb").read())
        fields = conn.execute("SELECT name, value FROM central.fields WHERE document_id = %s",
                              (batch.documents[1].id,)).fetchall()
        assert fields == [("customer_number", "1234501")]  # empty fields are not indexed


def test_documents_land_in_month_partitions_made_on_demand(central, tmp_path):
    settings = central.add_station("desk-a")
    nov = make_batch(tmp_path, "desk-a", docs=1, received_at=datetime(2026, 11, 30, 23, 59, tzinfo=timezone.utc))
    dec = make_batch(tmp_path, "desk-a", docs=1, received_at=datetime(2026, 12, 1, 0, 1, tzinfo=timezone.utc))
    with central.connect_as(settings) as conn:
        send_batch(conn, nov)
        send_batch(conn, dec)
    with central.admin() as conn:
        parts = dict(conn.execute(
            "SELECT tableoid::regclass::text, id::text FROM central.documents").fetchall())
    assert parts == {"central.documents_2026_11": nov.documents[0].id, "central.documents_2026_12": dec.documents[0].id}


def test_a_resend_after_a_partial_send_skips_what_is_there(central, tmp_path):
    settings = central.add_station("desk-a")
    batch = make_batch(tmp_path, "desk-a", docs=4, pages=2)
    with central.connect_as(settings) as conn:
        first_half = batch.documents[:2]  # as if the station died after two bounded transactions
        from station.sync.central import _ensure_partitions, _insert_documents

        _ensure_partitions(conn, first_half)
        with conn.transaction():
            _insert_documents(conn, batch, first_half)
        result = send_batch(conn, batch)
    assert (result.documents, result.pages) == (2, 4)  # only the missing half was sent
    with central.admin() as conn:
        assert counts(conn, batch.id) == (4, 8)


def test_the_central_refuses_a_batch_row_whose_documents_are_missing(central, tmp_path):
    settings = central.add_station("desk-a")
    batch = make_batch(tmp_path, "desk-a", docs=2, pages=1)
    with central.connect_as(settings) as conn, pytest.raises(psycopg.Error) as info:
        conn.execute(
            "INSERT INTO central.batches (id, station_id, document_count, page_count) VALUES (%s, %s, 2, 2)",
            (batch.id, "desk-a"),
        )
    assert info.value.sqlstate == "SC004"


def test_a_page_damaged_on_the_way_is_refused_by_the_central(central, tmp_path):
    settings = central.add_station("desk-a")
    batch = make_batch(tmp_path, "desk-a", docs=1, pages=1)
    page = batch.documents[0].pages[0]
    with central.connect_as(settings) as conn, pytest.raises(psycopg.Error) as info:
        conn.execute(
            "INSERT INTO central.pages (id, document_id, batch_id, station_id, position, sha256, size, content)"
            " VALUES (%s, %s, %s, 'desk-a', 0, %s, %s, %s)",
            (page.id, batch.documents[0].id, batch.id, page.sha256, page.size, b"\0" * page.size),
        )
    assert info.value.sqlstate == "SC001"


def test_a_page_file_damaged_on_the_station_is_not_sent(central, tmp_path):
    settings = central.add_station("desk-a")
    batch = make_batch(tmp_path, "desk-a", docs=1, pages=2)
    with open(batch.documents[0].pages[1].path, "r+b") as f:
        f.write(b"X")
    with central.connect_as(settings) as conn, pytest.raises(SyncError) as info:
        send_batch(conn, batch)
    assert "passt nicht mehr zu ihrer Prüfsumme" in info.value.message_de
    with central.admin() as conn:
        assert counts(conn, batch.id) == (0, 0)  # the whole transaction was rolled back


def test_a_complete_batch_is_routed_oldest_first_and_announced(central, tmp_path):
    station = central.add_station("desk-a")
    dept = central.add_department("kundenservice")
    later = make_batch(tmp_path, "desk-a", docs=2, received_at=datetime(2026, 11, 21, 8, tzinfo=timezone.utc))
    earlier = make_batch(tmp_path, "desk-a", docs=2, received_at=datetime(2026, 11, 19, 8, tzinfo=timezone.utc))
    with central.connect_as(dept) as listener:
        listener.execute("LISTEN documents_ready")
        with central.connect_as(station) as conn:
            send_batch(conn, later)
            send_batch(conn, earlier)
        notes = list(listener.notifies(timeout=2, stop_after=2))
        queue = [str(r[0]) for r in listener.execute("SELECT id FROM central.department_queue")]
        assert queue == [d.id for d in earlier.documents] + [d.id for d in later.documents]
        assert listener.execute("SELECT central.take_document(%s)", (queue[0],)).fetchone()[0] is True
        assert listener.execute("SELECT central.take_document(%s)", (queue[0],)).fetchone()[0] is False
        assert [str(r[0]) for r in listener.execute("SELECT id FROM central.department_queue")] == queue[1:]
    assert {n.channel for n in notes} == {"documents_ready"}
    assert sorted(n.payload for n in notes) == sorted([later.id, earlier.id])  # ids only: anyone may LISTEN


def test_departments_named_as_the_taxonomy_names_them_get_their_own_queue(central, tmp_path):
    station = central.add_station("desk-a")
    notices = central.add_department("Kündigungen")
    complaints = central.add_department("Beschwerdemanagement")
    assert notices.user == "dept_kuendigungen"
    with central.connect_as(station) as conn:
        send_batch(conn, make_batch(tmp_path, "desk-a", docs=2, department="Kündigungen"))
    with central.connect_as(notices) as conn:
        assert len(conn.execute("SELECT id FROM central.department_queue").fetchall()) == 2
    with central.connect_as(complaints) as conn:
        assert conn.execute("SELECT id FROM central.department_queue").fetchall() == []


def test_desks_starting_a_new_month_at_the_same_moment_share_its_partition(central):
    """The second desk waits for the first one's partition and then uses it, instead of failing."""
    import threading

    with central.admin() as first, central.admin() as second:
        first.autocommit = False
        first.execute("SELECT central.ensure_document_partition('2031-05-02T08:00:00Z')")
        outcome: list[object] = []

        def other_desk() -> None:
            try:
                outcome.append(second.execute(
                    "SELECT central.ensure_document_partition('2031-05-03T09:00:00Z')").fetchone()[0])
            except Exception as exc:  # noqa: BLE001 - the failure is what the test looks for
                outcome.append(exc)

        waiting = threading.Thread(target=other_desk)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive()  # held by the first desk's lock
        first.commit()
        waiting.join(10)
    assert outcome == ["documents_2031_05"]

"""Least privilege, enforced by the database: what a station's or a department's own role may do."""

from __future__ import annotations

import os
from dataclasses import replace

import psycopg
import pytest

from station.errors import ConfigError, SyncError
from station.sync.central import send_batch
from station.sync.connect import connect, conninfo

from .conftest import make_batch

TABLES = ["batches", "documents", "pages", "fields", "audit_events"]


@pytest.fixture
def two_stations(central, tmp_path):
    a, b = central.add_station("desk-a"), central.add_station("desk-b")
    batch_a = make_batch(tmp_path, "desk-a", docs=2, department="kundenservice")
    batch_b = make_batch(tmp_path, "desk-b", docs=3, department="inkasso")
    with central.connect_as(a) as conn:
        send_batch(conn, batch_a)
    with central.connect_as(b) as conn:
        send_batch(conn, batch_b)
    return a, b, batch_a, batch_b


def test_a_station_reads_back_only_its_own_rows(central, two_stations):
    a, _, batch_a, batch_b = two_stations
    with central.connect_as(a) as conn:
        ids = {str(r[0]) for r in conn.execute("SELECT id FROM central.documents")}
        assert ids == {d.id for d in batch_a.documents}
        assert conn.execute("SELECT count(*) FROM central.pages WHERE batch_id = %s", (batch_b.id,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM central.batches WHERE id = %s", (batch_b.id,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM central.stations").fetchone()[0] == 1


@pytest.mark.parametrize("table", ["batches", "documents", "pages"])
def test_a_station_cannot_update_or_delete_anything(central, two_stations, table):
    a, *_ = two_stations
    with central.connect_as(a) as conn:
        for stmt in (f"UPDATE central.{table} SET station_id = 'desk-a'", f"DELETE FROM central.{table}"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(stmt)


def test_a_station_cannot_write_rows_in_another_stations_name(central, two_stations, tmp_path):
    a, *_ = two_stations
    forged = make_batch(tmp_path, "desk-b", docs=1)
    with central.connect_as(a) as conn, pytest.raises(SyncError) as info:
        send_batch(conn, forged)
    assert "verweigert dieser Station den Zugriff" in info.value.message_de
    with central.admin() as conn:
        assert conn.execute("SELECT count(*) FROM central.documents WHERE batch_id = %s", (forged.id,)).fetchone()[0] == 0


def test_a_station_cannot_read_routing_or_partitions_directly(central, two_stations):
    a, *_ = two_stations
    with central.connect_as(a) as conn:
        for stmt in ("SELECT * FROM central.routing", "SELECT * FROM central.documents_2026_11",
                     "SELECT * FROM central.department_queue"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(stmt)


def test_a_department_sees_only_its_own_documents(central, two_stations):
    _, _, batch_a, batch_b = two_stations
    inkasso = central.add_department("inkasso")
    with central.connect_as(inkasso) as conn:
        queue = {str(r[0]) for r in conn.execute("SELECT id FROM central.department_queue")}
        assert queue == {d.id for d in batch_b.documents}
        assert conn.execute("SELECT count(*) FROM central.documents").fetchone()[0] == 3
        other_page = batch_a.documents[0].pages[0].id
        assert conn.execute("SELECT count(*) FROM central.pages WHERE id = %s", (other_page,)).fetchone()[0] == 0
        assert conn.execute("SELECT central.take_document(%s)", (batch_a.documents[0].id,)).fetchone()[0] is False
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO central.documents (id) VALUES (gen_random_uuid())")


def test_a_wrong_password_is_refused_with_a_clear_german_message(central):
    a = central.add_station("desk-a")
    wrong = central.tmp / "wrong.password"
    wrong.write_text("not-the-password\n")
    os.chmod(wrong, 0o600)
    with pytest.raises(SyncError) as info:
        connect(replace(a, password_file=str(wrong)))
    assert info.value.message_de.startswith("Die Zentrale (127.0.0.1) hat die Anmeldung abgelehnt")


def test_a_password_file_others_can_read_is_refused(central):
    a = central.add_station("desk-a")
    os.chmod(a.password_file, 0o644)
    with pytest.raises(ConfigError) as info:
        conninfo(a)
    assert "für andere lesbar (Rechte 0644)" in info.value.message_de


def test_a_remote_host_needs_verified_tls():
    from station.config import CentralSettings

    with pytest.raises(ConfigError) as info:
        conninfo(CentralSettings(host="central.example.org", user="station_x", sslmode="require"))
    assert "muss verschlüsselt und geprüft sein" in info.value.message_de
    with pytest.raises(ConfigError) as info:
        conninfo(CentralSettings(host="central.example.org", user="station_x"))
    assert "CA-Zertifikat" in info.value.message_de


def test_tls_with_a_client_certificate_works_and_without_one_is_refused(pg_tls_server, tmp_path):
    from station.config import CentralSettings
    from station.sync import schema

    with psycopg.connect(pg_tls_server.dsn(), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS central_tls")
        conn.execute("CREATE DATABASE central_tls")
    with psycopg.connect(pg_tls_server.dsn(dbname="central_tls"), autocommit=True) as conn:
        schema.migrate(conn)
        role, password = schema.add_station(conn, "desk-tls")
    pw = tmp_path / "pw"
    pw.write_text(password + "\n")
    os.chmod(pw, 0o600)
    crt, key = pg_tls_server.client_cert(role)
    settings = CentralSettings(host="localhost", port=pg_tls_server.port, dbname="central_tls", user=role,
                               password_file=str(pw), sslmode="verify-full", sslrootcert=str(pg_tls_server.ca_cert),
                               sslcert=str(crt), sslkey=str(key))
    with connect(settings) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0] is True
    with pytest.raises(SyncError) as info:
        connect(replace(settings, sslcert=str(tmp_path / "none.crt"), sslkey=str(tmp_path / "none.key")))
    assert "verlangt ein gültiges Client-Zertifikat" in info.value.message_de
    with pytest.raises(SyncError) as info:
        connect(replace(settings, sslmode="disable"))
    assert info.value.message_de.startswith("Die Zentrale (localhost) lässt diese Station nicht zu")


# ---- Isolation beyond the row's own station column (issue #18) ----------------------------------

def _page_row(station: str, doc_id: str, batch_id: str) -> tuple:
    import hashlib
    import uuid

    data = b"foreign page"
    return (str(uuid.uuid4()), doc_id, batch_id, station, 99, hashlib.sha256(data).hexdigest(), len(data), data)


PAGE_INSERT = ("INSERT INTO central.pages (id, document_id, batch_id, station_id, position, sha256, size, content)"
               " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")


def test_a_station_cannot_add_pages_to_another_stations_document(central, two_stations):
    a, _, batch_a, batch_b = two_stations
    foreign = batch_b.documents[0]
    with central.connect_as(a) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(PAGE_INSERT, _page_row("desk-a", foreign.id, batch_b.id))
    with central.connect_as(a) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):  # own doc, foreign batch
        conn.execute(PAGE_INSERT, _page_row("desk-a", batch_a.documents[0].id, batch_b.id))
    with central.connect_as(a) as conn:  # its own document still takes pages
        conn.execute(PAGE_INSERT, _page_row("desk-a", batch_a.documents[0].id, batch_a.id))
    with central.admin() as conn:
        assert conn.execute("SELECT count(*) FROM central.pages WHERE document_id = %s AND station_id = 'desk-a'",
                            (foreign.id,)).fetchone()[0] == 0


def test_a_department_never_sees_a_foreign_page_under_its_document(central, two_stations):
    _, _, _, batch_b = two_stations
    foreign = batch_b.documents[0]
    with central.admin() as conn:  # a row that got in before the policy existed
        conn.execute(PAGE_INSERT, _page_row("desk-a", foreign.id, batch_b.id))
    inkasso = central.add_department("inkasso")
    with central.connect_as(inkasso) as conn:
        stations = {r[0] for r in conn.execute("SELECT station_id FROM central.pages WHERE document_id = %s",
                                               (foreign.id,))}
    assert stations == {"desk-b"}


def test_a_station_cannot_put_documents_into_another_stations_batch(central, two_stations, tmp_path):
    a, _, _, batch_b = two_stations
    sneaky = make_batch(tmp_path, "desk-a", docs=1)
    sneaky = replace(sneaky, id=batch_b.id)
    with central.connect_as(a) as conn, pytest.raises(SyncError):
        send_batch(conn, sneaky)
    with central.admin() as conn:
        assert conn.execute("SELECT count(*) FROM central.documents WHERE batch_id = %s AND station_id = 'desk-a'",
                            (batch_b.id,)).fetchone()[0] == 0


def test_notifications_carry_only_the_batch_id(central, tmp_path):
    import re

    station = central.add_station("desk-a")
    inkasso = central.add_department("inkasso")
    batch = make_batch(tmp_path, "desk-a", docs=2, department="kundenservice")
    with central.connect_as(inkasso) as listener:
        listener.execute("LISTEN documents_ready")  # PostgreSQL lets every role listen on every channel
        with central.connect_as(station) as conn:
            send_batch(conn, batch)
        [note] = list(listener.notifies(timeout=2, stop_after=1))
        assert note.payload == batch.id and re.fullmatch(r"[0-9a-f-]{36}", note.payload)
        assert "kundenservice" not in note.payload and "desk-a" not in note.payload
        # the look-up behind the id is row-level secured: another department gets nothing
        assert listener.execute("SELECT count(*) FROM central.documents WHERE batch_id = %s",
                                (note.payload,)).fetchone()[0] == 0
        assert listener.execute("SELECT count(*) FROM central.department_queue").fetchone()[0] == 0


def test_partitions_only_through_the_checked_function_within_two_years(central):
    a = central.add_station("desk-a")
    with central.connect_as(a) as conn:
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT central.ensure_document_partition('9999-06-01')")
        assert info.value.sqlstate == "SC005"
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT central.ensure_document_partition('1990-01-01')")
        assert info.value.sqlstate == "SC005"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE central.documents_2099_01 PARTITION OF central.documents"
                         " FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')")
        assert conn.execute("SELECT central.ensure_document_partition(now())").fetchone()[0].startswith("documents_")
    with central.admin() as conn:
        assert conn.execute("SELECT to_regclass('central.documents_9999_06')").fetchone()[0] is None


def test_taken_by_is_set_by_the_server_from_the_role(central, two_stations):
    _, _, _, batch_b = two_stations
    inkasso = central.add_department("inkasso")
    first, second = (d.id for d in batch_b.documents[:2])
    with central.connect_as(inkasso) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE central.routing SET taken_by = 'jemand anderes' WHERE document_id = %s", (first,))
        conn.execute("UPDATE central.routing SET taken_at = '2000-01-01' WHERE document_id = %s", (first,))
        assert conn.execute("SELECT central.take_document(%s)", (second,)).fetchone()[0] is True
    with central.admin() as conn:
        rows = dict(conn.execute("SELECT document_id::text, taken_by FROM central.routing WHERE document_id IN (%s, %s)",
                                 (first, second)).fetchall())
        early = conn.execute("SELECT taken_at < now() - interval '1 day' FROM central.routing WHERE document_id = %s",
                             (first,)).fetchone()[0]
    assert rows == {first: inkasso.user, second: inkasso.user}
    assert early is False  # the server's clock, not the client's

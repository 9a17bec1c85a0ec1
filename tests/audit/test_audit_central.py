"""The central copy is verified like the local one, gives the same certificate, and dates the clock.

A real PostgreSQL (tests/pgserver.py, one per session) gets one migrated database for this module;
each test registers its own station there (so tests never see each other's rows), syncs its
mailroom through the real sync code, and then an administrator with full rights tampers with the
central tables.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta

import psycopg
import pypdfium2 as pdfium
import pytest

from station.audit.central import verify_central, verify_central_settings
from station.audit.central_receipt import make_central_receipt
from station.audit.drift import check_clock_drift
from station.audit.receipt_data import ReceiptError
from station.config import CentralSettings
from station.model import utcnow
from station.store import Store
from station.sync import schema
from station.sync.worker import sync_once

from conftest import fill

_numbers = itertools.count()


@pytest.fixture(scope="module")
def central_db(pg_server):
    """One migrated central database for the module: (name, admin DSN)."""
    name = f"audit_{os.getpid()}"
    dsn = pg_server.create_database(name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        schema.migrate(conn)
    return name, dsn


@pytest.fixture
def central(pg_server, central_db, settings, tmp_path):
    """This test's own station registered centrally; yields an admin connection."""
    name, dsn = central_db
    settings.station_id = f"desk-{os.getpid()}-{next(_numbers)}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        role, password = schema.add_station(admin, settings.station_id)
        pwfile = tmp_path / "central.password"
        pwfile.write_text(password + "\n")
        os.chmod(pwfile, 0o600)
        settings.central = CentralSettings(host="127.0.0.1", port=pg_server.port, dbname=name, user=role,
                                           password_file=str(pwfile), sslmode="disable")
        yield admin


@pytest.fixture
def synced(central, settings):
    """The mailroom, synced to the central store through the real sync code."""
    with Store.open(settings) as store:
        m = fill(store, synced=False)
        report = sync_once(settings, store)
        assert report.batches_sent == 1
        m.sid = settings.station_id
        yield m


def test_a_synced_chain_is_intact_centrally_with_counts(central, synced, settings):
    report = verify_central(central, synced.sid)
    assert report.intact, report.summary()
    assert (report.events, report.stations, report.pages_checked, report.documents_checked) == (10, 1, 3, 2)
    assert report.summary().startswith("Unversehrt: 10 Ereignisse")
    as_station = verify_central_settings(settings)  # the station's own role: row-level security shows
    assert as_station.intact and as_station.events == 10  # it only its own rows, whoever else is there
    assert verify_central(central).stations >= 1


def test_an_edited_event_time_column_is_caught(central, synced):
    central.execute("UPDATE central.audit_events SET at = at - interval '1 day' WHERE seq = 2 AND station_id = %s",
                    (synced.sid,))
    first = verify_central(central, synced.sid).first
    assert (first.what, first.seq, first.kind) == ("column_differs", 2, "received")
    assert "„at“" in first.message_de


def test_an_edited_sealed_text_is_caught(central, synced):
    central.execute("UPDATE central.audit_events SET canonical = replace(canonical, 'anna', 'mallory') "
                    "WHERE seq = 8 AND station_id = %s", (synced.sid,))
    first = verify_central(central, synced.sid).first
    assert (first.what, first.seq) == ("hash_mismatch", 8)


def test_a_deleted_central_event_is_caught(central, synced):
    central.execute("DELETE FROM central.audit_events WHERE seq = 5 AND station_id = %s", (synced.sid,))
    first = verify_central(central, synced.sid).first
    assert (first.what, first.seq) == ("missing_event", 6)


def test_an_edited_central_received_date_is_caught(central, synced):
    central.execute("UPDATE central.documents SET received_at = received_at - interval '1 minute' WHERE id = %s",
                    (synced.cancellation,))
    report = verify_central(central, synced.sid)
    assert [p.what for p in report.problems] == ["received_at_differs"]
    assert report.first.document_id == synced.cancellation


def test_an_edited_central_field_is_caught(central, synced):
    central.execute("UPDATE central.documents SET fields = jsonb_set(fields, '{customer_number}', '\"1\"') "
                    "WHERE id = %s", (synced.cancellation,))
    first = verify_central(central, synced.sid).first
    assert (first.what, first.seq) == ("field_differs", 8)


def test_altered_central_page_bytes_are_caught(central, synced):
    central.execute("UPDATE central.pages SET content = 'forged'::bytea WHERE sha256 = %s AND station_id = %s",
                    (synced.page_file(1).name.split(".")[0], synced.sid))
    assert verify_central(central, synced.sid).first.what == "page_altered"


def test_a_correction_after_sync_is_an_amendment_and_stays_intact(central, synced, settings):
    synced.store.record_correction(synced.invoice, operator="ben", doc_type="mahnung", fields={"iban": None})
    sync_once(settings, synced.store)
    assert central.execute("SELECT count(*) FROM central.amendments WHERE station_id = %s",
                           (synced.sid,)).fetchone()[0] == 1
    assert verify_central(central, synced.sid).intact
    central.execute("UPDATE central.amendments SET doc_type = 'werbung' WHERE station_id = %s", (synced.sid,))
    assert verify_central(central, synced.sid).first.what == "amendment_differs"


def test_the_central_certificate_matches_the_station_pages(central, synced, tmp_path):
    out = make_central_receipt(central, synced.cancellation, tmp_path / "central.pdf")
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    printed = re.findall(r"Seite +\d+: ([0-9a-f]{64})", text)
    assert printed == [hashlib.sha256(synced.page_file(i).read_bytes()).hexdigest() for i in (0, 1)]
    assert "zentraler Speicher" in text and "4711081500" in text


def test_no_central_certificate_after_central_tampering(central, synced, tmp_path):
    central.execute("UPDATE central.documents SET received_at = received_at - interval '1 minute' WHERE id = %s",
                    (synced.cancellation,))
    with pytest.raises(ReceiptError) as err:
        make_central_receipt(central, synced.cancellation, tmp_path / "central.pdf")
    assert "Eingangsdatum" in err.value.message_de


def write_config(settings) -> None:
    """The CLI reads the settings file: write this test's station and central settings into it."""
    c = settings.central
    with open(os.environ["STATION_CONFIG"], "w") as fh:
        fh.write(f'station_id = "{settings.station_id}"\n[central]\nhost = "{c.host}"\nport = {c.port}\n'
                 f'dbname = "{c.dbname}"\nuser = "{c.user}"\npassword_file = "{c.password_file}"\n'
                 'sslmode = "disable"\n')


def test_verify_central_command(synced, settings):
    env = dict(os.environ, STATION_LANG="de")
    write_config(settings)
    out = subprocess.run([sys.executable, "-m", "station", "audit", "verify", "--central"], capture_output=True,
                         text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Unversehrt: 10 Ereignisse von 1 Station(en)" in out.stdout
    receipt = subprocess.run([sys.executable, "-m", "station", "receipt", synced.cancellation, "--central",
                              "--out", os.path.join(os.environ["STATION_DATA_DIR"], "c.pdf")],
                             capture_output=True, text=True, env=env, timeout=60)
    assert receipt.returncode == 0, receipt.stderr
    assert "Eingangsbestätigung geschrieben" in receipt.stdout


def test_clock_drift_is_reported_when_the_station_clock_is_off(central):
    ahead = check_clock_drift(central, 5.0, clock=lambda: utcnow() + timedelta(seconds=30))
    assert not ahead.ok and 29 < ahead.offset_s < 31
    assert "geht um 30" in ahead.message() and "vor" in ahead.message()
    behind = check_clock_drift(central, 5.0, clock=lambda: utcnow() - timedelta(seconds=12))
    assert not behind.ok and "nach" in behind.message()
    right = check_clock_drift(central, 5.0)
    assert right.ok and abs(right.offset_s) < 1 and right.message() == ""


def test_clock_check_leaves_no_transaction_open(pg_server):
    with psycopg.connect(pg_server.dsn()) as conn:  # not autocommit, as a sync session may be
        check_clock_drift(conn, 5.0)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_department_lists_the_cancellations_received_on_a_day(central, synced, settings):
    from zoneinfo import ZoneInfo

    from station.audit.cancellations import cancellations_received_on

    received = synced.store.query("SELECT received_at FROM documents WHERE id = ?", (synced.cancellation,))[0]
    day = datetime.fromisoformat(received["received_at"]).astimezone(ZoneInfo("Europe/Berlin")).date()
    mine = [c for c in cancellations_received_on(central, day) if c.station_id == synced.sid]
    assert [c.document_id for c in mine] == [synced.cancellation]
    assert mine[0].received_at == datetime.fromisoformat(received["received_at"])
    assert mine[0].customer_number == "4711081500" and mine[0].page_count == 2
    assert not [c for c in cancellations_received_on(central, day - timedelta(days=1)) if c.station_id == synced.sid]
    # The invoice, re-classified as a cancellation after sync, joins the list through its amendment.
    synced.store.record_correction(synced.invoice, operator="ben", doc_type="kuendigung")
    sync_once(settings, synced.store)
    mine = [c for c in cancellations_received_on(central, day) if c.station_id == synced.sid]
    assert [c.document_id for c in mine] == [synced.cancellation, synced.invoice] and mine[1].amended


def test_the_cancellations_command_prints_the_day(synced, settings):
    from zoneinfo import ZoneInfo

    write_config(settings)
    received = synced.store.query("SELECT received_at FROM documents WHERE id = ?", (synced.cancellation,))[0]
    day = datetime.fromisoformat(received["received_at"]).astimezone(ZoneInfo("Europe/Berlin")).date()
    out = subprocess.run([sys.executable, "-m", "station", "audit", "cancellations", "--day", day.isoformat()],
                         capture_output=True, text=True, env=dict(os.environ, STATION_LANG="de"), timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Kündigungen mit Posteingang am" in out.stdout and synced.cancellation in out.stdout
    assert synced.invoice not in out.stdout

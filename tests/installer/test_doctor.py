"""`station doctor` tells an admin, line by line, whether a desk can work, and how to fix what cannot.

The checks run against the real machine (Tesseract, SANE's test backends, SQLite, sockets) and
against deliberately broken set-ups: no German data, no scanner, a damaged store, a closed port.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from station.config import load_settings
from station.doctor import DoctorOptions, Status, any_failed, run_checks
from station.doctor import central, local, scanner, store


def sane_dir(tmp_path: Path, backends: str) -> Path:
    d = tmp_path / "sane"
    d.mkdir(exist_ok=True)
    (d / "dll.conf").write_text(backends)
    return d


@pytest.fixture
def test_scanners(tmp_path, monkeypatch):
    """SANE sees only its `test` backend's virtual devices."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_dir(tmp_path, "test\n")))


@pytest.fixture
def no_scanners(tmp_path, monkeypatch):
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_dir(tmp_path, "")))


def run_one(check, settings=None, options=None):
    [result] = run_checks(settings or load_settings(), options, checks=[check])
    return result


def test_tesseract_with_german_data_is_green():
    result = run_one(local.check_tesseract)
    assert result.status in (Status.OK, Status.WARN)
    assert "Deutsch" in result.detail


def test_missing_german_data_is_red_and_names_the_package_and_the_variable(tmp_path, monkeypatch):
    empty = tmp_path / "tessdata"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    result = run_one(local.check_tesseract)
    assert result.status is Status.FAIL
    assert "keine deutschen Sprachdaten" in result.detail
    assert "tesseract-ocr-deu" in result.fix and "TESSDATA_PREFIX" in result.fix


def test_missing_tesseract_is_red(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run_one(local.check_tesseract)
    assert result.status is Status.FAIL
    assert "apt install tesseract-ocr" in result.fix


def test_scanner_seen_and_opened(test_scanners):
    seen, access = run_checks(load_settings(), checks=[scanner.check_sane_device, scanner.check_device_access])
    assert seen.status is Status.OK and "test:0" in seen.detail
    assert access.status is Status.OK and "test:0" in access.detail


def test_no_scanner_is_red_and_access_is_not_checked(no_scanners):
    seen, access = run_checks(load_settings(), checks=[scanner.check_sane_device, scanner.check_device_access])
    assert seen.status is Status.FAIL
    assert "keinen Scanner" in seen.detail and "scanimage -L" in seen.fix
    assert access.status is Status.SKIP


def test_configured_scanner_that_is_absent_is_red_and_names_what_is_there(test_scanners):
    settings = load_settings()
    settings.scanner = "fujitsu:fi-7160:12345"
    result = run_one(scanner.check_sane_device, settings)
    assert result.status is Status.FAIL
    assert "fujitsu:fi-7160:12345" in result.detail and "test:0" in result.detail


def test_a_sane_probe_that_hangs_is_red_not_a_hanging_doctor(monkeypatch, tmp_path):
    """A network backend stuck in discovery: the probe child is killed after the timeout."""
    slow = tmp_path / "slowpython"
    slow.write_text("#!/bin/sh\nexec sleep 5\n")
    slow.chmod(0o755)
    monkeypatch.setattr(scanner.sys, "executable", str(slow))
    seen, access = run_checks(
        load_settings(), DoctorOptions(timeout_s=0.5), checks=[scanner.check_sane_device, scanner.check_device_access]
    )
    assert seen.status is Status.FAIL and "länger als 0.5 s" in seen.detail
    assert access.status is Status.SKIP


def test_private_data_dir_is_green_and_an_open_one_red(tmp_path):
    settings = load_settings()
    data = settings.data_path
    data.mkdir(mode=0o700)
    assert run_one(local.check_data_dir, settings).status is Status.OK
    data.chmod(0o755)
    result = run_one(local.check_data_dir, settings)
    assert result.status is Status.FAIL and "chmod" in result.fix


def test_disk_space_is_red_when_the_days_do_not_fit():
    settings = load_settings()
    assert run_one(local.check_disk_space, settings, DoctorOptions(days=1, pages_per_day=10)).status is Status.OK
    huge = DoctorOptions(days=365, pages_per_day=10**7, mb_per_page=1.0)
    result = run_one(local.check_disk_space, settings, huge)
    assert result.status is Status.FAIL
    assert "365 Tage" in result.detail and "station purge" in result.fix


def make_db(path: Path, rows: int = 2000) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE INDEX pages_name ON pages(name)")
    conn.executemany("INSERT INTO pages (name) VALUES (?)", [(f"page-{i:06d}",) for i in range(rows)])
    conn.commit()
    conn.close()


def test_healthy_store_is_green_and_a_damaged_one_red():
    settings = load_settings()
    (settings.data_path / "store").mkdir(parents=True, mode=0o700)
    db = settings.data_path / "store" / "station.db"
    make_db(db)
    assert run_one(store.check_store_integrity, settings).status is Status.OK
    # Overwrite a few bytes in the middle of the index's pages: the file still opens, but lies.
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = b"\xff" * 64
    db.write_bytes(bytes(raw))
    results = run_checks(settings, checks=[store.check_store_integrity, store.check_unsynced])
    assert results[0].status is Status.FAIL
    assert "station.db" in results[0].detail and "Nichts löschen" in results[0].fix
    assert results[1].status is Status.SKIP


def test_a_file_that_is_no_database_is_red():
    settings = load_settings()
    (settings.data_path / "store").mkdir(parents=True, mode=0o700)
    (settings.data_path / "store" / "station.db").write_bytes(b"this is not sqlite" * 100)
    result = run_one(store.check_store_integrity, settings)
    assert result.status is Status.FAIL and "header" in result.detail


def test_real_store_is_healthy_and_old_unsynced_batches_are_red():
    """The store the desk really writes: a fresh closed batch is fine, one waiting for hours is red."""
    from station.store import Store

    settings = load_settings()
    with Store.open(settings) as st:
        batch = st.create_batch()
        st.close_batch(batch)
    checks = [store.check_store_integrity, store.check_unsynced]
    healthy, pending = run_checks(settings, checks=checks)
    assert healthy.status is Status.OK
    assert pending.status is Status.OK and "1 Stapel offen" in pending.detail
    conn = sqlite3.connect(settings.data_path / "store" / "station.db")
    conn.execute("UPDATE outbox SET queued_at = '2020-01-01T08:00:00+00:00', last_error = 'Zentrale nicht erreichbar'")
    conn.commit()
    conn.close()
    _, stale = run_checks(settings, checks=checks)
    assert stale.status is Status.FAIL and "station sync" in stale.fix
    assert "Letzter Fehler: Zentrale nicht erreichbar" in stale.detail


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


def test_unreachable_central_store_is_red_and_clock_is_skipped(tmp_path):
    settings = load_settings()
    settings.central.host = "127.0.0.1"
    settings.central.port = closed_port()
    settings.central.user = "desk_1"
    settings.central.sslmode = "disable"
    reach, clock = run_checks(settings, DoctorOptions(timeout_s=3), checks=[central.check_central, central.check_clock])
    assert reach.status is Status.FAIL
    assert "nicht erreichbar" in reach.detail and "Netzwerkkabel" in reach.fix
    assert clock.status is Status.SKIP


def test_unconfigured_central_store_is_a_warning_not_red():
    result = run_one(central.check_central)
    assert result.status is Status.WARN


def test_a_crashing_check_becomes_a_red_line():
    def check_boom(ctx):
        raise RuntimeError("kaputt")

    [result] = run_checks(load_settings(), checks=[check_boom])
    assert result.status is Status.FAIL and "kaputt" in result.detail and "--debug" in result.fix
    assert any_failed([result])


def doctor_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args, "doctor", "--timeout", "3"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_cli_exits_non_zero_with_red_lines_in_german(no_scanners):
    out = doctor_cli()
    assert out.returncode == 1
    assert "✗ Scanner (SANE): SANE sieht keinen Scanner." in out.stdout
    assert "→ Scanner einschalten" in out.stdout
    assert "Prüfung(en) rot" in out.stdout


def test_cli_in_english_and_as_json(test_scanners, tmp_path):
    data = Path(os.environ["STATION_DATA_DIR"])
    data.mkdir(mode=0o700)
    out = doctor_cli("--lang", "en")
    assert "✓ Scanner (SANE): Found: test:0" in out.stdout
    assert out.returncode == 0, out.stdout  # nothing red: a warning (no central store) does not fail
    as_json = subprocess.run(
        [sys.executable, "-m", "station", "doctor", "--json"], capture_output=True, text=True, timeout=60
    )
    checks = {r["check"]: r for r in json.loads(as_json.stdout)}
    assert checks["sane"]["status"] == "ok" and checks["central"]["status"] == "warn"
    assert set(checks) >= {"tesseract", "sane", "scanner_access", "disk", "store", "central", "clock", "unsynced"}

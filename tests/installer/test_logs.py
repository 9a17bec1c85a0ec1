"""Logs help support without leaking customers: structured, private files, personal data masked."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
from pathlib import Path

import pytest

from station.config import Settings
from station.logs import REDACTED, JournalHandler, redact, setup_logging

IBAN = "DE89 3704 0044 0532 0130 00"
PHONE = "+49 176 12345678"
CUSTOMER = "1234 567 890"


@pytest.fixture
def root_logger():
    """Leave the root logger as the test found it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)


def settings_in(tmp_path: Path, **overrides) -> Settings:
    s = Settings(data_dir=str(tmp_path / "data"), log_target="file")
    for k, v in overrides.items():
        setattr(s, k, v)
    return s


def log_lines(settings: Settings) -> list[dict]:
    path = settings.data_path / "logs" / "station.log"
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(
    "text",
    [
        f"IBAN {IBAN} gefunden",
        "IBAN DE89370400440532013000 gefunden",
        f"Rufnummer {PHONE}",
        "Rufnummer 0211/123 45-67",
        f"Kundennummer {CUSTOMER}",
        "customer=1234567890",
    ],
)
def test_personal_data_shapes_are_masked(text):
    masked = redact(text)
    assert REDACTED in masked
    assert not any(run in masked for run in ("370400", "12345678", "567 890", "1234567890", "45-67"))


@pytest.mark.parametrize(
    "text",
    [
        "batch 3f0c2a1e-9b7d-4c1a-8e2f-0123456789ab closed",
        "received 2026-11-25T09:14:03.123456+00:00",
        "49 pages in 12.345678 s, 3 documents",
        "tesseract 5.3.0",
    ],
)
def test_ids_dates_counts_and_timings_stay_readable(text):
    assert redact(text) == text


def test_file_log_is_private_json_and_masks_values_at_info(tmp_path, root_logger):
    settings = settings_in(tmp_path)
    setup_logging(settings=settings, stderr=False)
    logging.getLogger("station.test").info("document indexed, iban %s", IBAN, extra={"batch_id": "b-1", "pages": 3})
    log_dir = settings.data_path / "logs"
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((log_dir / "station.log").stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.data_path.stat().st_mode) == 0o700
    [entry] = log_lines(settings)
    assert entry["level"] == "INFO" and entry["logger"] == "station.test"
    assert entry["batch_id"] == "b-1" and entry["pages"] == 3
    assert "3704" not in entry["msg"] and REDACTED in entry["msg"]


def test_debug_is_off_by_default_and_still_masked_with_debug(tmp_path, root_logger):
    settings = settings_in(tmp_path)
    setup_logging(settings=settings, stderr=False)
    logging.getLogger("station.test").debug("ocr text: %s", PHONE)
    assert not (settings.data_path / "logs" / "station.log").read_text()
    setup_logging(debug=True, settings=settings, stderr=False)
    logging.getLogger("station.test").debug("ocr text: %s", PHONE)
    [entry] = log_lines(settings)
    assert "12345678" not in entry["msg"]


def test_personal_data_only_with_debug_and_the_setting(tmp_path, root_logger):
    settings = settings_in(tmp_path, log_personal_data=True)
    setup_logging(settings=settings, stderr=False)  # setting alone is not enough
    logging.getLogger("station.test").info("iban %s", IBAN)
    setup_logging(debug=True, settings=settings, stderr=False)
    logging.getLogger("station.test").debug("iban %s", IBAN)
    logging.getLogger("station.test").info("iban %s", IBAN)  # info stays clean even then
    first, second, third = log_lines(settings)
    assert IBAN not in first["msg"]
    assert IBAN in second["msg"]
    assert IBAN not in third["msg"]


def test_exceptions_are_logged_masked(tmp_path, root_logger):
    settings = settings_in(tmp_path)
    setup_logging(settings=settings, stderr=False)
    try:
        raise ValueError(f"bad iban {IBAN}")
    except ValueError:
        logging.getLogger("station.test").exception("validation failed")
    [entry] = log_lines(settings)
    assert "ValueError" in entry["exc"] and "3704" not in entry["exc"]


def test_set_up_twice_does_not_duplicate_lines(tmp_path, root_logger):
    settings = settings_in(tmp_path)
    setup_logging(settings=settings, stderr=False)
    setup_logging(settings=settings, stderr=False)
    logging.getLogger("station.test").warning("once")
    assert len(log_lines(settings)) == 1


def test_unwritable_data_dir_does_not_stop_the_station(tmp_path, root_logger):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    settings = Settings(data_dir=str(blocker / "data"), log_target="file")
    handlers = setup_logging(settings=settings)
    assert [type(h).__name__ for h in handlers] == ["StreamHandler"]


def test_journal_gets_native_fields(tmp_path, root_logger):
    """A real datagram socket stands in for journald's; we read back what it would have received."""
    address = str(tmp_path / "journal.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(address)
    try:
        handler = JournalHandler(address)
        logger = logging.getLogger("station.journal-test")
        logger.addHandler(handler)
        logger.propagate = False
        logger.warning("sync failed for batch\nsecond line", extra={"batch_id": "b-7"})
        logger.removeHandler(handler)
        handler.close()
        data = server.recv(65536)
    finally:
        server.close()
    assert b"PRIORITY=4\n" in data and b"SYSLOG_IDENTIFIER=scan-station\n" in data
    assert b"STATION_BATCH_ID=b-7\n" in data
    # multi-line values use the length-prefixed form
    message = "sync failed for batch\nsecond line".encode()
    assert b"MESSAGE\n" + len(message).to_bytes(8, "little") + message in data


def test_a_service_logs_to_the_journal_once(tmp_path, monkeypatch, root_logger):
    """Under systemd (JOURNAL_STREAM set) records go to the journal only, not also via stderr."""
    import station.logs as logs

    address = tmp_path / "journal.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    monkeypatch.setattr(logs, "JOURNAL_SOCKET", str(address))
    monkeypatch.setenv("INVOCATION_ID", "0123")
    monkeypatch.setenv("JOURNAL_STREAM", "8:1234")
    try:
        handlers = setup_logging(settings=settings_in(tmp_path, log_target="auto"))
        assert [type(h).__name__ for h in handlers] == ["JournalHandler"]
        logging.getLogger("station.test").info("batch closed, iban %s", IBAN)
        data = server.recv(65536)
    finally:
        server.close()
    assert b"PRIORITY=6\n" in data and b"3704" not in data


def test_cli_survives_a_broken_settings_file(tmp_path, monkeypatch, root_logger):
    bad = tmp_path / "bad.toml"
    bad.write_text("this is [not toml")
    monkeypatch.setenv("STATION_CONFIG", str(bad))
    handlers = setup_logging(stderr=False)
    assert handlers and Path(os.environ["STATION_DATA_DIR"], "logs", "station.log").exists()

"""Shared test set-up: every test gets its own private data directory and German messages."""

from __future__ import annotations

import logging
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(autouse=True)
def _isolated_station(tmp_path, monkeypatch):
    """No test reads the developer's own settings or writes into their data directory."""
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path / "station-data"))
    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("STATION_LANG", "de")
    # Nor the machine's /etc/scan-station/config.toml (an installed package may have left one).
    import station.config

    monkeypatch.setattr(station.config, "SYSTEM_CONFIG", tmp_path / "no-system-config.toml")
    from station.i18n import set_language

    set_language(None)
    loggers = [logging.getLogger(), logging.getLogger("station")]
    before = [(lg, list(lg.handlers), lg.level) for lg in loggers]
    yield
    set_language(None)
    # a command run in-process (``station.cli.main``) sets up logging on this test's captured
    # stderr, which pytest closes afterwards: later tests' log lines would hit a closed stream
    for lg, handlers, level in before:
        for h in lg.handlers[:]:
            if h not in handlers:
                lg.removeHandler(h)
                h.close()
        lg.setLevel(level)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the whole test session (tests/pgserver.py); started only when asked for."""
    from pgserver import PgServer

    server = PgServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_tls_server():
    """A PostgreSQL server that accepts only TLS with a client certificate signed by its test CA."""
    from pgserver import PgServer

    server = PgServer(tls=True)
    server.start()
    yield server
    server.stop()

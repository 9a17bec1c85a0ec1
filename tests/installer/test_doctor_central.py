"""The doctor's central-store checks against a real PostgreSQL with the real central schema:
the station's own role is green; an admin role, a foreign role, a wrong station id, a wrong password,
no TLS and a wrong clock are red, each with a fix."""

from __future__ import annotations

import itertools
import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from station.config import CentralSettings, load_settings
from station.doctor import DoctorOptions, Status, run_checks
from station.doctor import central
from station.model import utcnow
from station.sync import schema

_n = itertools.count()
CHECKS = [central.check_central, central.check_clock]


def password_file(tmp_path: Path, name: str, password: str) -> str:
    path = tmp_path / f"{name}.password"
    path.write_text(password + "\n")
    os.chmod(path, 0o600)
    return str(path)


@pytest.fixture
def central_db(pg_server):
    """A fresh, migrated central database; returns its name."""
    name = f"doctor_{os.getpid()}_{next(_n)}"
    dsn = pg_server.create_database(name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        schema.migrate(conn)
    return name


def desk(pg_server, dbname: str, tmp_path: Path, station_id: str = "poststelle-1"):
    """Settings of a desk registered as `station_id` on the central store (loopback, no TLS needed)."""
    with psycopg.connect(pg_server.dsn(dbname=dbname), autocommit=True) as conn:
        role, password = schema.add_station(conn, station_id)
    settings = load_settings()
    settings.station_id = station_id
    settings.central = CentralSettings(
        host="127.0.0.1", port=pg_server.port, dbname=dbname, user=role,
        password_file=password_file(tmp_path, role, password), sslmode="disable",
    )
    return settings


def test_the_desks_own_role_is_green_and_the_clock_agrees(pg_server, central_db, tmp_path):
    reach, clock = run_checks(desk(pg_server, central_db, tmp_path), DoctorOptions(timeout_s=5), checks=CHECKS)
    assert reach.status is Status.OK, reach
    assert "Station poststelle-1" in reach.detail and "TLS aus" in reach.detail
    assert clock.status is Status.OK and "Abweichung" in clock.detail


def test_a_desk_clock_half_a_minute_off_is_red(pg_server, central_db, tmp_path):
    settings = desk(pg_server, central_db, tmp_path)
    _, clock = run_checks(settings, checks=CHECKS, clock=lambda: utcnow() + timedelta(seconds=30))
    assert clock.status is Status.FAIL
    assert "+30." in clock.detail and "timedatectl set-ntp true" in clock.fix


def test_connecting_as_the_admin_is_red(pg_server, central_db, tmp_path):
    from pgserver import ADMIN_PASSWORD, ADMIN_USER

    settings = desk(pg_server, central_db, tmp_path)
    settings.central.user = ADMIN_USER
    settings.central.password_file = password_file(tmp_path, "admin", ADMIN_PASSWORD)
    reach, clock = run_checks(settings, checks=CHECKS)
    assert reach.status is Status.FAIL and "Admin-Rechte" in reach.detail
    assert "station central add-station poststelle-1" in reach.fix
    assert clock.status is Status.OK  # the clock can still be compared


def test_a_role_registered_for_another_station_is_red(pg_server, central_db, tmp_path):
    settings = desk(pg_server, central_db, tmp_path, station_id="poststelle-2")
    settings.station_id = "poststelle-7"
    [reach] = run_checks(settings, checks=[central.check_central])
    assert reach.status is Status.FAIL
    assert "„poststelle-2“" in reach.detail and "„poststelle-7“" in reach.detail


def test_a_wrong_password_is_red_with_the_sync_explanation(pg_server, central_db, tmp_path):
    settings = desk(pg_server, central_db, tmp_path)
    settings.central.password_file = password_file(tmp_path, "wrong", "not-the-password")
    reach, clock = run_checks(settings, checks=CHECKS)
    assert reach.status is Status.FAIL and "Benutzer oder Passwort falsch" in reach.detail
    assert clock.status is Status.SKIP


def test_a_password_file_others_can_read_is_red(pg_server, central_db, tmp_path):
    settings = desk(pg_server, central_db, tmp_path)
    os.chmod(settings.central.password_file, 0o644)
    [reach] = run_checks(settings, checks=[central.check_central])
    assert reach.status is Status.FAIL and "chmod 600" in reach.detail


def test_a_remote_host_without_verified_tls_is_refused_before_connecting(tmp_path):
    settings = load_settings()
    settings.central = CentralSettings(host="scan-db.intern.example", user="station_x", sslmode="require")
    [reach] = run_checks(settings, checks=[central.check_central])
    assert reach.status is Status.FAIL and "verify-full" in reach.detail


def test_tls_with_a_client_certificate_is_green(pg_tls_server, tmp_path):
    name = f"doctor_tls_{os.getpid()}_{next(_n)}"
    with psycopg.connect(pg_tls_server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(pg_tls_server.dsn(dbname=name), autocommit=True) as conn:
        schema.migrate(conn)
        role, password = schema.add_station(conn, "poststelle-tls")
    crt, key = pg_tls_server.client_cert(role)
    settings = load_settings()
    settings.station_id = "poststelle-tls"
    settings.central = CentralSettings(
        host="localhost", port=pg_tls_server.port, dbname=name, user=role,
        password_file=password_file(tmp_path, role, password), sslmode="verify-full",
        sslrootcert=str(pg_tls_server.ca_cert), sslcert=str(crt), sslkey=str(key),
    )
    reach, clock = run_checks(settings, checks=CHECKS)
    assert reach.status is Status.OK and "TLS an" in reach.detail, reach
    assert clock.status is Status.OK
    no_cert = replace(settings.central, sslcert=str(tmp_path / "none.crt"), sslkey=str(tmp_path / "none.key"))
    settings.central = no_cert
    [refused] = run_checks(settings, checks=[central.check_central])
    assert refused.status is Status.FAIL and "Client-Zertifikat" in refused.detail

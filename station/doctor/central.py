"""Checks of the central store: reachable, over TLS, as the station's own least-privileged role, and
with a clock that agrees with ours (received dates are legal evidence)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station.config import CentralSettings
from station.doctor import CheckResult, DoctorContext, Status
from station.i18n import say

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS or host.startswith("/")


def connect_kwargs(central: CentralSettings, timeout_s: float) -> dict[str, Any]:
    """psycopg connection arguments from the settings (the password is read from its file, never logged)."""
    kwargs: dict[str, Any] = {
        "host": central.host,
        "port": central.port,
        "dbname": central.dbname,
        "user": central.user,
        "sslmode": central.sslmode,
        "connect_timeout": max(1, int(timeout_s)),
        "application_name": "station-doctor",
    }
    for key in ("sslrootcert", "sslcert", "sslkey"):
        if getattr(central, key):
            kwargs[key] = getattr(central, key)
    if central.password_file:
        kwargs["password"] = Path(central.password_file).read_text(encoding="utf-8").strip()
    return kwargs


def _where(central: CentralSettings) -> str:
    return f"{central.user}@{central.host}:{central.port}/{central.dbname}"


def check_central(ctx: DoctorContext) -> CheckResult:
    """Connect the way sync does; then ask the server whether TLS is on and who we are."""
    import psycopg

    central = ctx.settings.central
    title = say("Zentrale Datenbank", "Central store")
    if not central.host:
        return CheckResult(
            "central",
            title,
            Status.WARN,
            say("Nicht eingerichtet: die Station arbeitet nur lokal.", "Not configured: the station works offline only."),
            say("[central] in /etc/scan-station/config.toml ausfüllen.", "Fill in [central] in /etc/scan-station/config.toml."),
        )
    try:
        conn = psycopg.connect(**connect_kwargs(central, ctx.options.timeout_s), autocommit=True)
    except (psycopg.Error, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return CheckResult(
            "central",
            title,
            Status.FAIL,
            say(f"{_where(central)} nicht erreichbar: {reason}", f"{_where(central)} unreachable: {reason}"),
            say(
                "Netzwerkkabel und VPN prüfen; Host und Port in /etc/scan-station/config.toml prüfen; Zertifikate "
                "(sslrootcert, sslcert, sslkey) und Passwortdatei müssen für diesen Benutzer lesbar sein. Gescannt "
                "werden kann weiter: Stapel warten im lokalen Speicher.",
                "Check the network cable and VPN, host and port in /etc/scan-station/config.toml; certificates "
                "(sslrootcert, sslcert, sslkey) and the password file must be readable by this user. Scanning can "
                "go on: batches wait in the local store.",
            ),
        )
    ctx.shared["central_conn"] = conn
    row = conn.execute(
        "SELECT current_user, coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),"
        " (SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user)"
    ).fetchone()
    user, ssl, powerful = row if row else ("", False, False)
    found = say(f"{_where(central)} erreichbar, TLS {'an' if ssl else 'aus'}, Rolle {user}.", f"{_where(central)} reachable, TLS {'on' if ssl else 'off'}, role {user}.")
    if not ssl and not is_local(central.host):
        return CheckResult(
            "central",
            title,
            Status.FAIL,
            found,
            say("sslmode = \"verify-full\" und sslrootcert in [central] setzen; der Server muss TLS anbieten.", "Set sslmode = \"verify-full\" and sslrootcert in [central]; the server must offer TLS."),
        )
    if user != central.user or powerful:
        return CheckResult(
            "central",
            title,
            Status.FAIL,
            found + say(" Die Rolle hat zu viele Rechte." if powerful else "", " The role has too many rights." if powerful else ""),
            say(
                "Jede Station meldet sich mit ihrer eigenen Rolle ohne Admin-Rechte an (station central --help zeigt, wie sie angelegt wird).",
                "Each station logs in with its own role without admin rights (station central --help shows how to create it).",
            ),
        )
    if not is_local(central.host) and central.sslmode not in ("verify-full", "verify-ca"):
        return CheckResult(
            "central",
            title,
            Status.WARN,
            found + say(f" Zertifikat wird nicht geprüft (sslmode={central.sslmode}).", f" Certificate not verified (sslmode={central.sslmode})."),
            say("sslmode = \"verify-full\" mit sslrootcert setzen.", "Set sslmode = \"verify-full\" with sslrootcert."),
        )
    return CheckResult("central", title, Status.OK, found)


def check_clock(ctx: DoctorContext) -> CheckResult:
    """The received date stamped on every page is evidence in disputes; the desk clock must be right."""
    from station.audit.drift import check_clock_drift

    title = say("Uhrzeit (gegen die Zentrale)", "Clock (against the central store)")
    conn = ctx.shared.get("central_conn")
    if conn is None:
        return CheckResult("clock", title, Status.SKIP, say("Nicht geprüft: Zentrale nicht verbunden.", "Not checked: central store not connected."))
    drift = check_clock_drift(conn, ctx.settings.central.max_clock_drift_s)
    found = say(
        f"Abweichung {drift.offset_s:+.1f} s (erlaubt ±{drift.max_s:g} s).",
        f"Offset {drift.offset_s:+.1f} s (allowed ±{drift.max_s:g} s).",
    )
    if not drift.ok:
        return CheckResult(
            "clock",
            title,
            Status.FAIL,
            found,
            say(
                "Zeitsynchronisation einschalten: timedatectl set-ntp true (oder chrony einrichten); Eingangsdaten sind Beweismittel.",
                "Turn on time sync: timedatectl set-ntp true (or set up chrony); received dates are evidence.",
            ),
        )
    return CheckResult("clock", title, Status.OK, found)

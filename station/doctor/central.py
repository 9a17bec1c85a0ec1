"""Checks of the central store: reachable, over TLS, as the station's own least-privileged role, and
with a clock that agrees with ours (received dates are legal evidence).

The connection is made by ``station.sync.connect.connect``, exactly as the sync does it, so the
doctor refuses what the sync would refuse (a readable password file, no TLS to a remote host) and
explains failures in the same words.
"""

from __future__ import annotations

from typing import Any

from station.doctor import CheckResult, DoctorContext, Status
from station.errors import StationError
from station.i18n import say

STATION_GROUP = "scan_station"  # the group role every station's login role belongs to (sync schema)

_ROLE_SQL = """
SELECT current_user,
       coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),
       (SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = current_user),
       coalesce((SELECT pg_has_role(current_user, oid, 'member') FROM pg_roles WHERE rolname = %s), false)
"""


def _where(ctx: DoctorContext) -> str:
    c = ctx.settings.central
    return f"{c.user}@{c.host}:{c.port}/{c.dbname}"


def _fail(ctx: DoctorContext, detail: str, fix: str) -> CheckResult:
    return CheckResult("central", say("Zentrale Datenbank", "Central store"), Status.FAIL, detail, fix)


def role_facts(conn: Any) -> dict[str, Any]:
    """Who the server says we are, whether TLS is on, and whether the role is a plain station role."""
    user, ssl, powerful, member = conn.execute(_ROLE_SQL, (STATION_GROUP,)).fetchone()
    registered_as = None
    if member:
        registered_as = conn.execute("SELECT central.my_station()").fetchone()[0]
    return {"user": user, "ssl": bool(ssl), "powerful": bool(powerful), "member": bool(member), "station_id": registered_as}


def check_central(ctx: DoctorContext) -> CheckResult:
    """Connect the way sync does; then ask the server whether TLS is on and who we are."""
    import psycopg

    from station.sync.connect import connect, is_local_host

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
        conn = connect(central, autocommit=True)
    except StationError as exc:
        return _fail(
            ctx,
            f"{_where(ctx)}: {exc.operator_message()}",
            say(
                "Netzwerkkabel/VPN, Host und Port in /etc/scan-station/config.toml prüfen; Zertifikate (sslrootcert, "
                "sslcert, sslkey) und die Passwortdatei (Rechte 0600) müssen für diesen Benutzer lesbar sein. Scannen "
                "geht weiter: Stapel warten im lokalen Speicher.",
                "Check network cable/VPN, host and port in /etc/scan-station/config.toml; certificates (sslrootcert, "
                "sslcert, sslkey) and the password file (mode 0600) must be readable by this user. Scanning goes on: "
                "batches wait in the local store.",
            ),
        )
    ctx.shared["central_conn"] = conn
    try:
        facts = role_facts(conn)
    except psycopg.Error as exc:
        return _fail(
            ctx,
            say(f"{_where(ctx)} erreichbar, aber die Datenbank ist nicht eingerichtet: {exc}", f"{_where(ctx)} reachable, but the database is not set up: {exc}"),
            say("Auf dem Zentralserver: station central migrate (als Administrator).", "On the central server: station central migrate (as administrator)."),
        )
    found = say(
        f"{_where(ctx)} erreichbar, TLS {'an' if facts['ssl'] else 'aus'}, Rolle {facts['user']}.",
        f"{_where(ctx)} reachable, TLS {'on' if facts['ssl'] else 'off'}, role {facts['user']}.",
    )
    if not facts["ssl"] and not is_local_host(central.host):
        return _fail(ctx, found, say("sslmode = \"verify-full\" und sslrootcert in [central] setzen.", "Set sslmode = \"verify-full\" and sslrootcert in [central]."))
    register = say(
        f"Auf dem Zentralserver die Station anlegen: station central add-station {ctx.settings.station_id} "
        "(jede Station hat ihre eigene Rolle ohne Admin-Rechte) und user in [central] darauf setzen.",
        f"On the central server, register the station: station central add-station {ctx.settings.station_id} "
        "(each station has its own role without admin rights) and set user in [central] to it.",
    )
    if facts["powerful"]:
        return _fail(ctx, found + say(" Die Rolle hat Admin-Rechte; eine Station darf das nicht.", " The role has admin rights; a station must not."), register)
    if not facts["member"]:
        return _fail(ctx, found + say(f" Die Rolle ist keine Stationsrolle ({STATION_GROUP}).", f" The role is not a station role ({STATION_GROUP})."), register)
    if facts["station_id"] != ctx.settings.station_id:
        return _fail(
            ctx,
            found
            + say(
                f" Die Rolle gehört zur Station „{facts['station_id']}“, eingestellt ist „{ctx.settings.station_id}“.",
                f" The role belongs to station '{facts['station_id']}', configured is '{ctx.settings.station_id}'.",
            ),
            say(
                "station_id in /etc/scan-station/config.toml und die Rolle in [central] müssen zur selben Station gehören.",
                "station_id in /etc/scan-station/config.toml and the role in [central] must belong to the same station.",
            ),
        )
    return CheckResult("central", title, Status.OK, found + say(f" Station {facts['station_id']}.", f" Station {facts['station_id']}."))


def check_clock(ctx: DoctorContext) -> CheckResult:
    """The received date stamped on every page is evidence in disputes; the desk clock must be right."""
    from station.audit.drift import check_clock_drift

    title = say("Uhrzeit (gegen die Zentrale)", "Clock (against the central store)")
    conn = ctx.shared.get("central_conn")
    if conn is None:
        return CheckResult("clock", title, Status.SKIP, say("Nicht geprüft: Zentrale nicht verbunden.", "Not checked: central store not connected."))
    drift = check_clock_drift(conn, ctx.settings.central.max_clock_drift_s, clock=ctx.clock)
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

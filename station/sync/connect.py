"""Opening a connection to the central store, safely, and saying clearly why it failed.

Rules (issue #6, docs/ARCHITECTURE.md "Least privilege"):
- the password comes from a file readable only by the station user (a group/world-readable file is refused);
- any host that is not this machine needs TLS with full verification (``sslmode=verify-full``);
- every failure becomes a ``SyncError`` with a German message the operator can act on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import psycopg

from station.config import CentralSettings
from station.errors import ConfigError, SyncError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
CONNECT_TIMEOUT_S = 10
# A sync never waits long on the central: a lock held by a dead station's half-open session, or a stuck
# statement, ends in a clear error and a later retry instead of a hang.
SESSION_OPTIONS = "-c lock_timeout=20s -c statement_timeout=120s -c idle_in_transaction_session_timeout=300s"


def is_local_host(host: str) -> bool:
    """Loopback or a Unix socket directory: the only places where TLS may be left off."""
    return host in LOCAL_HOSTS or host.startswith("/")


def read_password_file(path: str) -> str:
    """The password, after checking nobody but the station user can read the file."""
    p = Path(path).expanduser()
    try:
        st = p.stat()
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"Die Passwortdatei für die Zentrale ({p}) kann nicht gelesen werden: {exc.strerror}.",
            f"The central store's password file ({p}) cannot be read: {exc.strerror}.",
            detail=str(exc),
        ) from exc
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"Die Passwortdatei {p} ist für andere lesbar (Rechte {stat.S_IMODE(st.st_mode):04o}). "
            f"Erlaubt ist nur der Stationsbenutzer: chmod 600 {p}",
            f"The password file {p} is readable by others (mode {stat.S_IMODE(st.st_mode):04o}). "
            f"Only the station user may read it: chmod 600 {p}",
        )
    if st.st_uid != os.geteuid():
        raise ConfigError(
            f"Die Passwortdatei {p} gehört nicht dem Stationsbenutzer.",
            f"The password file {p} is not owned by the station user.",
        )
    password = text.strip("\r\n")
    if not password:
        raise ConfigError(f"Die Passwortdatei {p} ist leer.", f"The password file {p} is empty.")
    return password


def process_tag() -> str:
    """Names the process in pg_stat_activity, so an admin can find (and end) a dead desk's session."""
    return f"scan-station pid {os.getpid()}"


def conninfo(central: CentralSettings, *, app_name: str | None = None) -> dict[str, str]:
    """Connection parameters from the settings; refuses insecure set-ups before any byte is sent."""
    if not central.host:
        raise ConfigError(
            "Keine Zentrale eingerichtet (Einstellung central.host ist leer).",
            "No central store configured (setting central.host is empty).",
        )
    if not central.user:
        raise ConfigError(
            "Kein Datenbankbenutzer für die Zentrale eingerichtet (central.user).",
            "No database user configured for the central store (central.user).",
        )
    params = {
        "host": central.host,
        "port": str(central.port),
        "dbname": central.dbname,
        "user": central.user,
        "connect_timeout": str(CONNECT_TIMEOUT_S),
        "application_name": app_name or process_tag(),
        "options": SESSION_OPTIONS,
        "sslmode": central.sslmode or "verify-full",
    }
    if not is_local_host(central.host) and params["sslmode"] != "verify-full":
        raise ConfigError(
            f"Die Zentrale {central.host} ist nicht lokal: die Verbindung muss verschlüsselt und geprüft sein "
            f"(central.sslmode = \"verify-full\", eingestellt ist \"{params['sslmode']}\").",
            f"The central store {central.host} is not local: TLS with verification is required "
            f"(central.sslmode = \"verify-full\", configured: \"{params['sslmode']}\").",
        )
    if params["sslmode"] == "verify-full" and not central.sslrootcert:
        raise ConfigError(
            "Für die geprüfte Verbindung fehlt das CA-Zertifikat der Zentrale (central.sslrootcert).",
            "Verified TLS needs the central store's CA certificate (central.sslrootcert).",
        )
    for key in ("sslrootcert", "sslcert", "sslkey"):
        value = getattr(central, key)
        if value:
            params[key] = str(Path(value).expanduser())
    if central.password_file:
        params["password"] = read_password_file(central.password_file)
    return params


def explain(exc: psycopg.Error, host: str = "") -> SyncError:
    """A psycopg connection failure as an operator message (German first)."""
    text = str(exc)
    low = text.lower()
    where = f" ({host})" if host else ""
    if "password authentication failed" in low or "no password supplied" in low:
        return SyncError(
            f"Die Zentrale{where} hat die Anmeldung abgelehnt: Benutzer oder Passwort falsch.",
            f"The central store{where} refused the login: wrong user or password.",
            detail=text,
        )
    if "certificate" in low and ("requires a valid client" in low or "no certificate" in low):
        return SyncError(
            f"Die Zentrale{where} verlangt ein gültiges Client-Zertifikat der Station; keines wurde vorgelegt "
            "(central.sslcert / central.sslkey prüfen).",
            f"The central store{where} requires a valid client certificate; none was presented "
            "(check central.sslcert / central.sslkey).",
            detail=text,
        )
    if "no encryption" in low:
        return SyncError(
            f"Die Zentrale{where} lässt diese Station nicht zu: sie verlangt eine verschlüsselte Verbindung "
            "(central.sslmode = \"verify-full\").",
            f"The central store{where} does not admit this station: it requires an encrypted connection "
            "(central.sslmode = \"verify-full\").",
            detail=text,
        )
    if "certificate" in low or "ssl" in low:
        return SyncError(
            f"Die verschlüsselte Verbindung zur Zentrale{where} ist gescheitert (Zertifikat nicht vertrauenswürdig "
            "oder TLS nicht möglich).",
            f"The TLS connection to the central store{where} failed (certificate not trusted or TLS unavailable).",
            detail=text,
        )
    if "no pg_hba.conf entry" in low or "rejects connection" in low or "permission denied" in low or "does not exist" in low:
        return SyncError(
            f"Die Zentrale{where} lässt diese Station nicht zu (Rolle oder Datenbank unbekannt oder gesperrt).",
            f"The central store{where} does not admit this station (role or database unknown or blocked).",
            detail=text,
        )
    return SyncError(
        f"Die Zentrale{where} ist nicht erreichbar. Die Station arbeitet weiter; die Übertragung wird später "
        "wiederholt.",
        f"The central store{where} is unreachable. The station keeps working; sending will be retried later.",
        detail=text,
    )


def connect(central: CentralSettings, **kwargs: object) -> psycopg.Connection:
    """An open connection as the station's own role, or a ``SyncError`` saying why not."""
    params = conninfo(central)
    try:
        return psycopg.connect(**params, **kwargs)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        raise explain(exc, central.host) from exc

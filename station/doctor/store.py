"""Checks of the local store: SQLite integrity, and batches still waiting to be synced."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from station.config import Settings
from station.doctor import CheckResult, DoctorContext, Status
from station.i18n import say

SQLITE_MAGIC = b"SQLite format 3\x00"
STORE_DIR = "store"  # station.store.Store keeps station.db here, page files beside it
_SUFFIXES = {".db", ".sqlite", ".sqlite3"}


def store_databases(settings: Settings) -> list[Path]:
    """The SQLite files of the local store (``<data dir>/store/station.db`` and any sibling database)."""
    root = settings.data_path / STORE_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix in _SUFFIXES)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` on a read-only connection; an empty list means healthy."""
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            return ["not an SQLite database (header damaged)"]
    try:
        conn = _read_only(path)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
    return problems


def check_store_integrity(ctx: DoctorContext) -> CheckResult:
    """A damaged database must be found by the admin, not by an operator in the middle of a batch."""
    title = say("Lokaler Speicher (Integrität)", "Local store (integrity)")
    dbs = store_databases(ctx.settings)
    if not dbs:
        return CheckResult(
            "store",
            title,
            Status.OK,
            say("Noch kein lokaler Speicher; er wird beim ersten Scan angelegt.", "No local store yet; it is created on the first scan."),
        )
    broken: list[str] = []
    for db in dbs:
        problems = integrity_problems(db)
        if problems:
            broken.append(f"{db.name}: {'; '.join(problems[:3])}")
    ctx.shared["store_ok"] = not broken
    if broken:
        return CheckResult(
            "store",
            title,
            Status.FAIL,
            say(f"Beschädigt: {' | '.join(broken)}", f"Damaged: {' | '.join(broken)}"),
            say(
                f"Station beenden, Datenverzeichnis {ctx.settings.data_path} vollständig sichern und den Support rufen. "
                "Nichts löschen: die Seitenbilder liegen als Dateien daneben und lassen sich wieder einlesen.",
                f"Stop the station, back up the data directory {ctx.settings.data_path} completely and call support. "
                "Delete nothing: the page images are files next to it and can be read in again.",
            ),
        )
    return CheckResult("store", title, Status.OK, say(f"{len(dbs)} Datenbank(en) in Ordnung.", f"{len(dbs)} database(s) healthy."))


def pending_outbox(settings: Settings) -> list[tuple[str, datetime, str | None]] | None:
    """(batch id, queued at, last sync error) of every batch not yet acknowledged by the central store, oldest first.

    Read straight from the store's ``outbox`` table over a read-only connection rather than through
    ``Store.open``: opening the store migrates and recovers, and the doctor must change nothing
    while the desk application may be running. None when this store has no outbox (yet).
    """
    db = settings.data_path / STORE_DIR / "station.db"
    if not db.is_file():
        return []
    conn = _read_only(db)
    try:
        rows = conn.execute(
            "SELECT batch_id, queued_at, last_error FROM outbox WHERE synced_at IS NULL ORDER BY queued_at"
        ).fetchall()
    except sqlite3.OperationalError:  # no outbox table: a store from before the outbox existed
        return None
    finally:
        conn.close()
    out = []
    for batch_id, queued_at, last_error in rows:
        when = datetime.fromisoformat(queued_at)
        out.append((str(batch_id), when if when.tzinfo else when.replace(tzinfo=timezone.utc), last_error))
    return out


def check_unsynced(ctx: DoctorContext) -> CheckResult:
    """Closed batches waiting too long mean the central archive misses mail the desk already took in."""
    title = say("Nicht synchronisierte Stapel", "Unsynced batches")
    if ctx.shared.get("store_ok") is False:
        return CheckResult("unsynced", title, Status.SKIP, say("Nicht geprüft: Speicher beschädigt.", "Not checked: store damaged."))
    if not store_databases(ctx.settings):
        return CheckResult("unsynced", title, Status.OK, say("Keine.", "None."))
    pending = pending_outbox(ctx.settings)
    if pending is None:
        return CheckResult("unsynced", title, Status.SKIP, say("Speicher hat noch keinen Postausgang.", "Store has no outbox yet."))
    if not pending:
        return CheckResult("unsynced", title, Status.OK, say("Keine; alles ist gesendet.", "None; everything is sent."))
    now = datetime.now(timezone.utc)
    age_min = max((now - queued).total_seconds() / 60 for _batch, queued, _error in pending)
    from station.sync.outbox import in_language  # a held batch keeps its reason in both languages

    errors = [in_language(error) for _batch, _queued, error in pending if error]
    found = say(
        f"{len(pending)} Stapel offen, der älteste seit {age_min:.0f} min.",
        f"{len(pending)} batch(es) pending, the oldest for {age_min:.0f} min.",
    ) + (say(f" Letzter Fehler: {errors[-1]}", f" Last error: {errors[-1]}") if errors else "")
    if age_min > ctx.settings.central.warn_unsynced_age_min:
        return CheckResult(
            "unsynced",
            title,
            Status.FAIL,
            found,
            say(
                "Netzwerk und Zentrale prüfen (siehe oben), dann `station sync` ausführen; läuft der Dienst? "
                "systemctl --user status scan-station-sync",
                "Check the network and the central store (see above), then run `station sync`; is the service "
                "running? systemctl --user status scan-station-sync",
            ),
        )
    return CheckResult("unsynced", title, Status.OK, found)

"""``make run-central``: the central side in one command, for a first look at the department inbox.

Starts a throw-away PostgreSQL (tests/pgserver.py), migrates it, registers a demo desk, one role and
one clerk per department (passwords printed once), serves the inbox on 127.0.0.1:8088 and then sends
the bundled sample mail the real way: ``import_files`` (OCR, classification, fields) into the desk's
local store in .central-demo/, closed, ``sync_once`` to the central store, one letter at a time, so
the cancellation department's inbox fills while you watch. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pgserver import PgServer  # noqa: E402

DEMO_DIR = ROOT / ".central-demo"


def _private_file(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def set_up(pg: PgServer) -> tuple[str, object, list[tuple[str, str, str]]]:
    """Schema, desk, departments, clerks; returns (inbox DSN, desk settings, [(clerk, department, password)])."""
    import psycopg

    from station.classify.taxonomy import load_taxonomy
    from station.config import load_settings
    from station.inbox.admin import add_clerk, add_inbox_login
    from station.sync import schema

    dbname = "scanstation"
    admin_dsn = pg.create_database(dbname)
    clerks = []
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        schema.migrate(conn)
        station_role, station_password = schema.add_station(conn, "desk-demo")
        for department in dict.fromkeys(t.department for t in load_taxonomy()):
            role, _ = schema.add_department(conn, department)
            username = role.removeprefix("dept_")
            clerks.append((username, department, add_clerk(conn, username, department)))
        web_role, web_password = add_inbox_login(conn)
    pwfile = DEMO_DIR / "station.password"
    _private_file(pwfile, station_password + "\n")
    # The demo desk's settings as a file too, so `station train` can fetch the re-routes while this runs.
    _private_file(DEMO_DIR / "desk.toml", (
        f'station_id = "desk-demo"\noperator = "demo"\ndata_dir = "{DEMO_DIR / "station"}"\n\n[central]\n'
        f'host = "{pg.host}"\nport = {pg.port}\ndbname = "{dbname}"\nuser = "{station_role}"\n'
        f'password_file = "{pwfile}"\nsslmode = "disable"\n'))
    settings = load_settings(DEMO_DIR / "desk.toml")
    return pg.dsn(user=web_role, password=web_password, dbname=dbname), settings, clerks


def send_sample_mail(settings: object, pause_s: float) -> None:
    """Each sample letter through the real desk path: import (OCR, classify, fields), close, sync."""
    from station.config import RESOURCES
    from station.separate import SeparationRules
    from station.store import Store
    from station.flows.imports import import_files
    from station.sync.worker import sync_once

    folder = RESOURCES / "sample_mail"
    letters = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with Store.open(settings) as store:
        for letter in letters:
            files = [folder / name for name in letter["files"]]
            batch_id = import_files(store, settings, files, rules=SeparationRules(one_per_file=False))
            store.close_batch(batch_id)
            report = sync_once(settings, store)
            print(f"  {letter['name']}: {report.documents} Dokument(e) an die Zentrale gesendet", flush=True)
            time.sleep(pause_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between two letters")
    args = parser.parse_args(argv)
    DEMO_DIR.mkdir(mode=0o700, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a plain kill still stops the demo PostgreSQL
    os.environ.setdefault("STATION_DATA_DIR", str(DEMO_DIR / "station"))
    import uvicorn

    from station.inbox.app import create_app

    with PgServer() as pg:
        inbox_dsn, settings, clerks = set_up(pg)
        lines = [f"  {u:<20} {d:<22} {p}" for u, d, p in clerks]
        _private_file(DEMO_DIR / "clerks.txt", "\n".join(lines) + "\n")
        print(f"PostgreSQL (Demo): {pg.dsn()}\n\nSachbearbeiter (Benutzer, Abteilung, Passwort):")
        print("\n".join(lines))
        server = uvicorn.Server(uvicorn.Config(create_app(inbox_dsn), host="127.0.0.1", port=args.port,
                                               log_level="warning", timeout_graceful_shutdown=1))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.1)
        print(f"\nPosteingang: http://127.0.0.1:{args.port}/  (z. B. als „kuendigungen“ anmelden)\n"
              "Die Beispielpost wird jetzt eingelesen und gesendet …", flush=True)
        send_sample_mail(settings, args.pause)
        print("\nFertig. Nach einer Weiterleitung lernt der Demo-Platz daraus (in einem zweiten Terminal):\n"
              f"  STATION_CONFIG={DEMO_DIR / 'desk.toml'} .venv/bin/station train --per-label 100\n"
              "Strg-C beendet den Posteingang und die Demo-Datenbank.", flush=True)
        try:
            while thread.is_alive():
                thread.join(1)
        except KeyboardInterrupt:
            server.should_exit = True
            thread.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

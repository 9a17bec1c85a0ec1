"""``station central``: set up the central store (run by its administrator, not at the desks)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from station.i18n import say


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "central",
        help=say("zentrale Datenbank einrichten (Verwaltung)", "set up the central database (administration)"),
        description=say(
            "Verbindet sich als Administrator (--dsn oder PGHOST/PGUSER/... aus der Umgebung).",
            "Connects as the administrator (--dsn or PGHOST/PGUSER/... from the environment).",
        ),
    )
    p.add_argument("--dsn", default="", help=say("Verbindung als Administrator (libpq)", "admin connection (libpq)"))
    sub = p.add_subparsers(dest="central_command", required=True)
    m = sub.add_parser("migrate", help=say("Schema anlegen/aktualisieren", "create/update the schema"))
    m.set_defaults(func=migrate)
    for name, what_de, what_en in (("add-station", "Station", "station"), ("add-department", "Abteilung", "department")):
        a = sub.add_parser(name, help=say(f"Anmelderolle für eine {what_de} anlegen", f"create a login role for a {what_en}"))
        a.add_argument("name")
        a.add_argument(
            "--password-file",
            help=say("Passwort hierher schreiben (0600) bzw. von hier lesen", "write the password here (0600), or read it from here"),
        )
        a.add_argument("--cert-only", action="store_true", help=say("kein Passwort, nur Client-Zertifikat", "no password, client certificate only"))
        a.set_defaults(func=add_role, kind=name)
    from station.commands.inbox import add_subcommands

    add_subcommands(sub)


def _admin(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    import psycopg

    from station.sync.connect import explain

    try:
        return psycopg.connect(args.dsn, autocommit=True)
    except psycopg.Error as exc:
        raise explain(exc) from exc


def migrate(args: argparse.Namespace) -> int:
    from station.sync.schema import applied_versions, migrate as run_migrations

    with _admin(args) as conn:
        done = run_migrations(conn)
        print(say(
            f"Schema auf Stand {max(applied_versions(conn), default=0):03d}; jetzt eingespielt: {done or 'nichts'}.",
            f"Schema at version {max(applied_versions(conn), default=0):03d}; applied now: {done or 'nothing'}.",
        ))
    return 0


def add_role(args: argparse.Namespace) -> int:
    from station.sync.schema import add_department, add_station

    password: str | None = "" if args.cert_only else None
    path = Path(args.password_file) if args.password_file else None
    if path and path.is_file() and path.read_text().strip():
        password = path.read_text().strip()
    with _admin(args) as conn:
        fn = add_station if args.kind == "add-station" else add_department
        role, made = fn(conn, args.name, password)
    if path and made:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(made + "\n")
        os.chmod(path, 0o600)
    print(say(f"Rolle {role} ist eingerichtet.", f"Role {role} is set up."))
    if made and not path:
        print(say("Passwort (nur jetzt sichtbar): ", "Password (shown only now): ") + made)
    return 0

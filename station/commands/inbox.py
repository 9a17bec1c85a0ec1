"""``station central serve`` and the inbox set-up commands (``add-inbox-login``, ``add-clerk``).

Added under ``station central`` by ``station.commands.central``; this module has no ``register`` of its
own, so the command discovery does not add a second top-level command.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from station.i18n import say


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help=say("Posteingang der Abteilungen im Browser bereitstellen",
                                         "serve the departments' inbox in the browser"))
    s.add_argument("--inbox-dsn", default=os.environ.get("STATION_INBOX_DSN", ""),
                   help=say("Verbindung als Anmelderolle des Posteingangs (libpq; sonst STATION_INBOX_DSN)",
                            "connection as the inbox login role (libpq; else STATION_INBOX_DSN)"))
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8088)
    s.add_argument("--secret-file", help=say("Schlüssel für die Sitzungs-Cookies (0600; wird angelegt)",
                                             "key that signs the session cookies (0600; made if missing)"))
    s.add_argument("--insecure-cookies", action="store_true",
                   help=say("Cookies ohne Secure-Flag (nur zum Testen ohne TLS)", "cookies without Secure (testing without TLS only)"))
    s.set_defaults(func=serve)
    w = sub.add_parser("add-inbox-login", help=say("Anmelderolle für den Posteingang anlegen", "create the inbox login role"))
    w.add_argument("--role", default="inbox_web")
    w.add_argument("--password-file", help=say("Passwort hierher schreiben (0600)", "write the password here (0600)"))
    w.set_defaults(func=add_inbox_login)
    c = sub.add_parser("add-clerk", help=say("Sachbearbeiter einer Abteilung anlegen", "create a department clerk"))
    c.add_argument("username")
    c.add_argument("department")
    c.add_argument("--password-file", help=say("Passwort hierher schreiben (0600)", "write the password here (0600)"))
    c.set_defaults(func=add_clerk)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)


def _secret(path: str | None) -> bytes:
    if not path:
        return secrets.token_bytes(32)  # sessions end with the process
    p = Path(path)
    if not p.exists():
        _write_private(p, secrets.token_hex(32))
    return bytes.fromhex(p.read_text().strip())


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from station.errors import ConfigError
    from station.inbox.app import create_app

    if not args.inbox_dsn:
        raise ConfigError("Keine Verbindung für den Posteingang angegeben (--inbox-dsn oder STATION_INBOX_DSN).",
                          "No connection for the inbox given (--inbox-dsn or STATION_INBOX_DSN).")
    app = create_app(args.inbox_dsn, _secret(args.secret_file), secure_cookies=not args.insecure_cookies)
    print(say(f"Posteingang: http://{args.host}:{args.port}/", f"Inbox: http://{args.host}:{args.port}/"), flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=False)
    return 0


def add_inbox_login(args: argparse.Namespace) -> int:
    from station.commands.central import _admin
    from station.inbox.admin import add_inbox_login as make

    with _admin(args) as conn:
        role, password = make(conn, args.role)
    if args.password_file:
        _write_private(Path(args.password_file), password)
    else:
        print(say("Passwort (nur jetzt sichtbar): ", "Password (shown only now): ") + password)
    print(say(f"Rolle {role} ist eingerichtet.", f"Role {role} is set up."))
    return 0


def add_clerk(args: argparse.Namespace) -> int:
    from station.commands.central import _admin
    from station.inbox.admin import add_clerk as make

    with _admin(args) as conn:
        password = make(conn, args.username, args.department)
    if args.password_file:
        _write_private(Path(args.password_file), password)
    else:
        print(say("Passwort (nur jetzt sichtbar): ", "Password (shown only now): ") + password)
    print(say(f"Sachbearbeiter {args.username} ({args.department}) ist eingerichtet.",
              f"Clerk {args.username} ({args.department}) is set up."))
    return 0

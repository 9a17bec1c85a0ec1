"""``station audit verify [--central]``: prove that nothing in the audit trail was changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.i18n import say


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help=say("Prüfkette (Audit-Trail) prüfen", "check the audit trail"),
        description=say(
            "Prüft die Hash-Kette der Audit-Ereignisse, die Seitendateien und die Dokumentdaten.",
            "Checks the audit events' hash chain, the page files and the document records.",
        ),
    )
    sub = parser.add_subparsers(dest="audit_command", metavar=say("AKTION", "ACTION"), required=True)
    verify = sub.add_parser(
        "verify",
        help=say("Kette und Seitendateien prüfen", "verify the chain and the page files"),
        description=say(
            "Meldet die erste Unstimmigkeit (fehlendes oder verändertes Ereignis, geänderter Zeitstempel, "
            "veränderte Seitendatei, von Hand geänderte Felder) oder „Unversehrt“ mit Zahlen. "
            "Rückgabewert 0 = unversehrt, 1 = Unstimmigkeit gefunden.",
            "Reports the first inconsistency (missing or altered event, edited timestamp, altered page file, "
            "fields edited by hand) or 'intact' with counts. Exit status 0 = intact, 1 = inconsistency found.",
        ),
    )
    verify.add_argument("--central", action="store_true",
                        help=say("die Kopie im zentralen Speicher prüfen", "verify the central store's copy"))
    verify.add_argument("--station", help=say("nur diese Station (mit --central)", "only this station (with --central)"))
    verify.add_argument("--all", action="store_true",
                        help=say("alle Unstimmigkeiten auflisten", "list every inconsistency"))
    verify.set_defaults(func=run_verify)
    day = sub.add_parser(
        "cancellations",
        help=say("Nachweisliste der Kündigungen eines Posteingangstags (zentraler Speicher)",
                 "proof log of one delivery day's cancellations (central store)"),
        description=say(
            "Listet alle Kündigungen, deren Post an einem Tag eingegangen ist (Posteingangsdatum; spät "
            "gescannte stehen unter ihrem Posteingangstag), mit Sendungsnummer, Scanzeit, Station, "
            "Dokument-ID und Seiten-Hashes; auf Wunsch als CSV und als abgezeichnete PDF.",
            "Lists every cancellation whose post was delivered on one day (late-scanned ones under their "
            "delivery day), with tracking number, scan time, station, document id and page hashes; "
            "optionally as CSV and as a signed-off PDF.",
        ),
    )
    day.add_argument("--day", help=say("Posteingangstag als JJJJ-MM-TT (Standard: heute)",
                                       "delivery day as YYYY-MM-DD (default: today)"))
    day.add_argument("--csv", type=Path, help=say("Liste als CSV-Datei schreiben", "write the log as a CSV file"))
    day.add_argument("--pdf", type=Path, help=say("Liste als abgezeichnete PDF schreiben", "write the log as a signed-off PDF"))
    day.set_defaults(func=run_cancellations)


def _terminal_progress():  # -> ProgressCallback
    """Progress on stderr when a person watches (a 90-day store takes minutes); silent otherwise."""
    import sys

    from station.progress import ProgressEvent, no_progress

    if not sys.stderr.isatty():
        return no_progress
    names = {"audit-chain": say("Kette", "chain"), "audit-pages": say("Seitendateien", "page files")}

    def show(event: ProgressEvent) -> None:
        total = f"/{event.total}" if event.total else ""
        print(f"\r{names.get(event.stage, event.stage)}: {event.done}{total}   ", end="", file=sys.stderr, flush=True)

    return show


def run_verify(args: argparse.Namespace) -> int:
    from station.config import load_settings

    settings = load_settings()
    if args.central:
        from station.audit.central import verify_central_settings

        report = verify_central_settings(settings, station_id=args.station)
    else:
        from station.audit.paths import local_store_paths
        from station.audit.verify import verify_local

        db_path, blobs_dir = local_store_paths(settings)
        report = verify_local(db_path, blobs_dir, progress=_terminal_progress())
    import sys

    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary())
    if args.all:
        for problem in report.problems[1:]:
            print(f"- {problem.message()}")
    return 0 if report.intact else 1


def _parse_day(text: str | None):  # -> date
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from station.errors import ConfigError

    if not text:
        return datetime.now(ZoneInfo("Europe/Berlin")).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"„{text}“ ist kein Datum (JJJJ-MM-TT).", f"'{text}' is not a date (YYYY-MM-DD).") from exc


def _generating_user(settings, conn) -> str:  # noqa: ANN001
    """Who made the log: the station's operator (or the login user) and the central role used."""
    import getpass

    person = settings.operator or getpass.getuser()
    role = conn.execute("SELECT current_user").fetchone()[0]
    return f"{person} (Rolle {role})"


def run_cancellations(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from station.audit.cancellation_log import cancellation_log, write_log
    from station.audit.central import connect_central
    from station.config import load_settings

    settings = load_settings()
    day = _parse_day(args.day)
    with connect_central(settings) as conn:
        found = cancellation_log(conn, day)
        user = _generating_user(settings, conn)
    print(say(f"Kündigungen mit Posteingang am {day:%d.%m.%Y}: {len(found)}",
              f"Cancellations delivered on {day:%Y-%m-%d}: {len(found)}"))
    berlin = ZoneInfo("Europe/Berlin")
    for c in found:
        local = c.received_at.astimezone(berlin)
        print(f"{c.delivery_date:%d.%m.%Y}  {c.tracking_number or '-':<13}  {local:%d.%m.%Y %H:%M:%S} {local:%Z}  "
              f"{c.document_id}  {c.station_id}  {c.customer_number or '-'}  {c.page_count}")
    if args.csv or args.pdf:
        sign = write_log(found, day, args.csv, args.pdf, user)
        print(say(f"Abgezeichnet: {sign.rows} Zeilen, SHA-256 der CSV {sign.csv_sha256}",
                  f"Signed off: {sign.rows} rows, SHA-256 of the CSV {sign.csv_sha256}"))
    return 0

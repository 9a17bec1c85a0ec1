"""The ``station`` command: a thin layer over the library.

Each subcommand lives in its own module in ``station/commands/`` and exposes
``register(subparsers) -> None``, which adds its parser and sets ``func`` (args -> exit code).
Modules are discovered, so adding a command never touches this file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

import station.commands
from station import __version__
from station.errors import StationError
from station.i18n import say, set_language

log = logging.getLogger("station")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station",
        description=say(
            "Scanstation: Post erfassen, bereinigen, lesen, klassifizieren, indexieren, speichern, synchronisieren.",
            "Scan station: capture, clean, read, classify, index, keep and sync mail.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    parser.add_argument("--lang", choices=["de", "en"], help=say("Sprache der Meldungen", "language of messages"))
    parser.add_argument("--debug", action="store_true", help=say("ausführliches Protokoll", "verbose log"))
    sub = parser.add_subparsers(dest="command", metavar=say("BEFEHL", "COMMAND"))
    for info in sorted(pkgutil.iter_modules(station.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"station.commands.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are made.
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv) and argv[i + 1] in ("de", "en"):
            set_language(argv[i + 1])
    parser = build_parser()
    args = parser.parse_args(argv)
    from station.logs import setup_logging

    setup_logging(debug=args.debug)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except StationError as exc:
        log.error("%s: %s", type(exc).__name__, exc)
        print(exc.operator_message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(say("Abgebrochen.", "Interrupted."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

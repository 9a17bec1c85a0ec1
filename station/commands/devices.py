"""``station devices``: the scanners this desk can use (the virtual one always)."""

from __future__ import annotations

import argparse

from station.i18n import say


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("devices", help=say("Scanner auflisten", "list scanners"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.capture import list_devices

    for dev in list_devices():
        print(f"{dev.name}\t{dev.vendor} {dev.model}\t({dev.kind})")
    return 0

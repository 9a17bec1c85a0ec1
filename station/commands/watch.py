"""``station watch DIR``: take faxes from a hot folder until stopped (Ctrl+C)."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from station.i18n import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help=say("Fax-Eingangsordner überwachen", "watch a fax hot folder"))
    p.add_argument("folder", type=Path, nargs="?", help=say("Ordner (Standard: Einstellung hotfolder)",
                                                          "folder (default: the hotfolder setting)"))
    p.add_argument("--stable", type=float, default=None,
                   help=say("Sekunden, die eine Datei unverändert sein muss", "seconds a file must hold still"))
    p.add_argument("--once", action="store_true", help=say("einmal prüfen und beenden", "check once and exit"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import time

    from station.flows.faxes import HotFolder
    from station.flows.faxwatch import watch
    from station.config import load_settings
    from station.errors import ConfigError
    from station.progress import CancelToken
    from station.store import Store

    settings = load_settings()
    folder = args.folder or (Path(settings.hotfolder) if settings.hotfolder else None)
    if folder is None or not folder.is_dir():
        raise ConfigError(f"Der Fax-Eingangsordner „{folder}“ existiert nicht.",
                          f"The fax hot folder '{folder}' does not exist.")
    cancel = CancelToken()
    signal.signal(signal.SIGTERM, lambda *_: cancel.cancel())
    with Store.open(settings) as store:
        watcher = HotFolder(folder, store, settings, stable_seconds=args.stable)
        if args.once:
            outcomes = watcher.poll()  # links and pipes are refused at first sight
            time.sleep(watcher.stable_seconds)
            outcomes += watcher.poll()
            for o in outcomes:
                print(f"{o.name}: " + (say("Quarantäne – ", "quarantined – ") + o.reason_text() if o.quarantined
                                             else o.batch_id or o.reason_text()))
            return 0
        print(say(f"Überwache {folder} … (Strg+C beendet)", f"Watching {folder} … (Ctrl+C stops)"))
    try:
        for outcome in watch(settings, cancel, folder=folder, stable_s=args.stable):
            print(f"{outcome.file}: " + (say("Quarantäne – ", "quarantined – ") + outcome.reason if outcome.quarantined
                                         else outcome.batch_id or outcome.reason), flush=True)
    except KeyboardInterrupt:
        pass
    return 0

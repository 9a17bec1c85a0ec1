"""The fax watch as a stream of outcomes, for the desk and ``station watch`` alike.

Warm-up first (the OCR model loaded before the first fax), then the faxes a crash interrupted
after their file went to ``done/`` are finished (nothing else would pick them up), then complete
files are taken until ``cancel``. One bad poll never ends the watch; a missing folder does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from station.config import Settings
from station.errors import ConfigError
from station.flows.faxes import HotFolder, Outcome
from station.flows.process import ProcessOptions
from station.i18n import current_language
from station.progress import CancelToken
from station.store.local import Store

log = logging.getLogger(__name__)


@dataclass
class FaxOutcome:
    """One file the watch took: a new batch (or a resumed one), or refused and kept in quarantine."""

    file: str
    batch_id: str | None = None
    quarantined: bool = False
    reason: str = ""  # why it was refused or left, in the operator's language
    folder: str = ""  # where the file is now (the hot folder's quarantine/ for a refused fax)
    resumed: bool = False  # a fax a crash interrupted, finished now


def inbox_folder(settings: Settings, folder: Path | None = None) -> Path:
    """The hot folder to watch; a missing one is the operator's to fix (it says which)."""
    inbox = Path(folder or settings.hotfolder).expanduser()
    if not str(folder or settings.hotfolder).strip() or not inbox.is_dir():
        raise ConfigError(f"Der Fax-Eingangsordner „{inbox}“ fehlt. Bitte in den Einstellungen prüfen.",
                          f"The fax inbox folder '{inbox}' is missing. Please check the settings.")
    return inbox


def as_outcome(outcome: Outcome, quarantine: Path) -> FaxOutcome:
    name = outcome.name  # printable whatever the name's encoding
    reason = outcome.reason_text(current_language())
    if not outcome.quarantined:
        return FaxOutcome(name, outcome.batch_id, False, reason, str(Path(outcome.path).parent))
    return FaxOutcome(name, None, True, reason, str(quarantine))


def watch(settings: Settings, cancel: CancelToken, *, folder: Path | None = None, interval_s: float = 1.0,
          stable_s: float | None = None, options: ProcessOptions | None = None) -> Iterator[FaxOutcome]:
    """Warm up, resume interrupted faxes, then yield what became of each new file until ``cancel``."""
    inbox = inbox_folder(settings, folder)
    with Store.open(settings) as store:
        watcher = HotFolder(inbox, store, settings, stable_seconds=stable_s, options=options)
        watcher.warm_up()
        try:
            resumed = watcher.resume()
        except Exception:  # noqa: BLE001 - the watch still takes new faxes
            log.exception("hot folder: resuming interrupted faxes failed")
            resumed = []
        for batch_id in resumed:
            name = store.load_batch(batch_id).meta.get("fax", {}).get("file", "")
            yield FaxOutcome(name, batch_id, folder=str(watcher.done), resumed=True)
        while not cancel.cancelled:
            try:
                outcomes = watcher.poll(cancel)
            except Exception:  # noqa: BLE001 - the next poll tries again
                log.exception("hot folder poll failed; trying again")
                outcomes = []
            for outcome in outcomes:
                yield as_outcome(outcome, watcher.quarantine)
            for _ in range(max(1, int(interval_s / 0.1))):
                if cancel.cancelled:
                    break
                time.sleep(0.1)


__all__ = ["FaxOutcome", "watch", "inbox_folder", "as_outcome"]

"""The fax hot folder, watched while the desk application runs.

The store part's ``HotFolder`` turns each complete fax file into a batch (processed and
classified) or moves a file it cannot read into its error folder (``quarantine/``, with the
reason beside it). Here that runs in a worker with a thread pool of its own (it waits forever;
the global pool's threads serve short tasks), and each outcome reaches the window as a signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from station.config import Settings
from ui import scanning
from ui.qtcompat import emit
from ui.worker import LongWatch, Task

log = logging.getLogger(__name__)
RETRY_MS = 30_000  # a folder that is missing (a network share not mounted yet) is tried again
INTERVAL_S = 1.0  # how often the folder is looked at
STABLE_S = 2.0  # a file is complete once its size and time held still this long (and nobody writes it)


class FaxWatch(LongWatch):
    arrived = Signal(object)  # scanning.FaxOutcome
    problem = Signal(object)  # the folder cannot be watched (missing, unreadable)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(RETRY_MS, parent)
        self.settings = settings
        self.folder = ""
        self._reported = ""
        self._retry.timeout.connect(self.start)

    def start(self) -> None:
        """Watch the settings' hot folder (nothing when none is set); restart if it changed."""
        folder = self.settings.hotfolder.strip()
        if self.closed or (self.running and folder == self.folder):
            return
        self.stop()
        self.folder = folder
        if not folder:
            return
        if self.task is not None and self.task.running:  # the old watch is still letting go: start once it did
            self.task.done.connect(self.start)
            return
        task = Task(scanning.watch_hotfolder, self.settings, interval_s=INTERVAL_S, stable_s=STABLE_S)
        task.yielded.connect(lambda outcome: emit(self.arrived, outcome))
        task.failed.connect(self._failed)
        self.task = task.start(self.pool)

    def shutdown(self) -> None:
        """The window closes: stop watching for good."""
        self.closed = True
        self.stop()

    def stop(self) -> None:
        self._retry.stop()
        if self.task is not None and self.task.running:
            self.task.cancel()

    def _failed(self, exc: BaseException) -> None:
        log.warning("fax hot folder %s not watched: %s", self.folder, exc)
        if self._reported != self.folder:
            self._reported = self.folder
            emit(self.problem, exc)
        self._retry.start()

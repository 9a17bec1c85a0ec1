"""The scanner's own buttons: while the scanner is idle, a worker polls them; a press starts a scan.

The polling runs in a thread pool of its own (one thread), never on the UI thread and never in
the global pool: it waits for minutes, and the global pool's few threads serve the short tasks
(loading a batch, the status bar). The device is held open only while polling; before a scan or
a rescan the window stops the watch and waits for the device to be closed (a SANE device opens
once), and watches again when the scanner is idle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from station.config import Settings
from station.errors import ConfigError, StationError
from ui import scanning
from ui.qtcompat import emit
from ui.worker import LongWatch, Task

log = logging.getLogger(__name__)
RETRY_MS = 10_000  # a scanner that could not be opened (off, busy, unplugged) is tried again
# A device another process (or the scan just finished) released a moment ago can refuse the first
# open ("Operation not supported" from SANE's test backend, "busy" from USB scanners): the first
# failure is tried again soon and shown to nobody; only a failure that repeats is a problem.
QUICK_RETRY_MS = 1_000


class ButtonWatch(LongWatch):
    pressed = Signal(str, str)  # button, profile name
    problem = Signal(object)  # a StationError while opening or polling (shown once per device)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(RETRY_MS, parent)
        self.settings = settings
        self.device: str | None = None
        self.wanted = False  # the window wants the buttons watched (scanner idle)
        self._then: list[Callable[[], None]] = []
        self._reported: str | None = None  # the device whose problem was shown already
        self._failures = 0  # failures in a row since the window last asked for a watch (``watch``)
        self._retry.timeout.connect(self._start)

    def watch(self, device: str) -> None:
        """Poll ``device``'s buttons until a mapped one is pressed (again after each scan)."""
        self.wanted = True
        self._failures = 0
        if self.running and device == self.device:
            return
        if device != self.device:
            self._reported = None
        self.device = device
        if self.running:
            self.stop(then=lambda: self.watch(device))
            return
        self._start()

    def stop(self, then: Callable[[], None] | None = None) -> None:
        """Stop polling; ``then`` runs once the device is closed (at once if nothing polls)."""
        self.wanted = False
        self._retry.stop()
        if not self.running:
            if then is not None and not self.closed:
                then()
            return
        if then is not None and not self.closed:
            self._then.append(then)
        self.task.cancel()

    def shutdown(self) -> None:
        """The window closes: stop polling, forget what was to follow, never start again."""
        self._then.clear()
        self.closed = True
        self.stop()

    def _start(self) -> None:
        if self.closed or not self.wanted or self.running or not self.device or not self.settings.buttons:
            return
        task = Task(scanning.wait_for_button, self.settings, self.device)
        task.finished.connect(self._pressed)
        task.failed.connect(self._failed)
        task.done.connect(self._done)
        self.task = task.start(self.pool)

    def _pressed(self, result: tuple[str, str]) -> None:
        button, profile = result
        log.info("scanner button %s pressed: profile %s", button, profile)
        self.wanted = False  # the scan that follows restarts the watch when it is over
        emit(self.pressed, button, profile)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConfigError):
            log.info("scanner buttons not watched: %s", exc)
            self.wanted = False
            return
        self._failures += 1
        if self._failures == 1:
            log.info("scanner buttons of %s: %s; trying again", self.device, exc)
            self._retry.start(QUICK_RETRY_MS)
            return
        log.warning("scanner buttons of %s: %s", self.device, exc)
        if self._reported != self.device and isinstance(exc, StationError):
            self._reported = self.device
            emit(self.problem, exc)
        self._retry.start(RETRY_MS)

    def _done(self) -> None:
        waiting, self._then = self._then, []
        for then in waiting:
            then()

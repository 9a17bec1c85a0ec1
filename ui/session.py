"""One scanning session: pages stream from the scanner to the screen and on to the page pool.

The scan runs as a generator task (``ui.worker``): each page is stored durably by the core, then
yielded with a quick thumbnail, so the tree shows it at once. The UI thread hands every page to
the core's ``PagePool`` (separate processes: OCR never slows the feeder or the screen) and hears
back through a queued signal when the result is in; results are saved to the store in a
one-thread pool that serialises the session's store writes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from station.config import Settings
from station.errors import StationError
from station.model import new_id
from ui import scanning
from ui.qtcompat import emit
from ui.worker import Task, run_task

log = logging.getLogger(__name__)


class ScanSession(QObject):
    pagePreviewed = Signal(object)  # scanning.Previewed: handed over by the scanner, being stored
    pageArrived = Signal(object)  # scanning.Arrived: durable in the store
    pageProcessed = Signal(str, object)  # page id, PageResult
    pageFailed = Signal(str, object)  # page id, exception
    scanFinished = Signal(str, int)  # batch id, pages scanned in this run
    scanFailed = Signal(object, int)  # exception, pages kept so far
    idle = Signal(str)  # batch id: scanning done and every page processed
    scannerFree = Signal()  # the scan task is over (after scanFinished/scanFailed): the device is closed
    _resultReady = Signal(str, object, object)  # from pool threads: page id, result, exception
    _arrived = Signal(object)  # from the writer thread
    _previewed = Signal(object)  # from the scanning thread

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.batch_id: str | None = None
        self.scan_task: Task | None = None
        self.run: scanning.ScanRun | None = None  # the batch being scanned, kept across faults
        self.pending: set[str] = set()
        self.submitted = 0
        self._lock = threading.Lock()  # pending and the pool are touched by the scanning thread too
        self.store_pool = QThreadPool(self)
        self.store_pool.setMaxThreadCount(1)
        self._pool: Any = None
        self._pool_error: StationError | None = None
        self._out = Path(tempfile.mkdtemp(prefix="station-clean-"))
        self._resultReady.connect(self._on_result)
        self._arrived.connect(self._on_arrived)
        self._previewed.connect(self.pagePreviewed)

    @property
    def scanning(self) -> bool:
        return self.scan_task is not None and self.scan_task.running

    # -- scanning -----------------------------------------------------------------------------
    def start(self, device: str, profile: str, continue_batch: bool = False) -> None:
        """Scan a new batch, or go on with the current one after a fault (``continue_batch``)."""
        if self.scanning:
            return
        if not continue_batch or self.run is None:
            self.run = scanning.ScanRun(new_id(), device, profile)  # the worker creates it in the store
        self.batch_id = self.run.batch_id
        task = Task(scanning.scan_batch, self.settings, self.run, self._from_scanner,
                    on_preview=lambda p: emit(self._previewed, p))
        task.finished.connect(lambda _n: self._on_scan_end(None))
        task.cancelled.connect(lambda: self._on_scan_end(None))
        task.failed.connect(self._on_scan_end)
        task.done.connect(lambda: emit(self.scannerFree))
        self.scan_task = task.start()

    def stop(self) -> None:
        """Esc: the scanner stops after the sheet it is feeding."""
        if self.scan_task is not None:
            self.scan_task.cancel()

    def _from_scanner(self, arrived: scanning.Arrived) -> None:
        """Runs in the scanning thread: tell the screen, then hand the page to the page pool
        (starting page processes takes a while; the UI thread never waits for it)."""
        with self._lock:
            self.pending.add(arrived.page_id)
        emit(self._arrived, arrived)
        self.submit(arrived.page_id, arrived.path, arrived.dpi)

    def _on_arrived(self, arrived: scanning.Arrived) -> None:
        emit(self.pageArrived, arrived)

    def _on_scan_end(self, exc: BaseException | None) -> None:
        batch_id = self.batch_id or ""
        pages = self.run.pages if self.run else 0
        if exc is None:
            self.run = None
            run_task(scanning.finish_capture, self.settings, batch_id, pool=self.store_pool,
                     on_error=lambda e: emit(self.scanFailed, e, pages))
            emit(self.scanFinished, batch_id, pages)
        else:
            emit(self.scanFailed, exc, pages)
        self._check_idle()

    # -- processing -----------------------------------------------------------------------------
    def submit(self, page_id: str, path: str, dpi: int = 300) -> None:
        """Hand a stored page to the page pool (thread-safe); the result comes back as
        ``pageProcessed``. Without a pool the store's ``process_batch`` processes it at the end."""
        pool = self._page_pool()
        if pool is None:
            with self._lock:
                self.pending.discard(page_id)
            return
        with self._lock:
            self.pending.add(page_id)
        try:
            future: Future = pool.submit(path, scanning.page_context(self.settings, self._out, page_id, dpi))
        except Exception as exc:  # noqa: BLE001 - a broken pool must not lose the page
            emit(self._resultReady, page_id, None, exc)
            return
        future.add_done_callback(lambda f, pid=page_id: self._deliver(pid, f))
        self.submitted += 1
        if self.submitted % 10 == 1:
            scanning.lower_worker_priority()

    def _deliver(self, page_id: str, future: Future) -> None:
        """Runs in a pool thread: queue the result to the UI thread."""
        exc = future.exception()
        try:
            emit(self._resultReady, page_id, None if exc else future.result(), exc)
        except RuntimeError:  # the window closed meanwhile: process_batch picks the page up later
            log.debug("page %s processed after the session closed", page_id)

    def _on_result(self, page_id: str, result: Any, exc: BaseException | None) -> None:
        with self._lock:
            self.pending.discard(page_id)
        if exc is not None:
            log.warning("page %s could not be processed: %s", page_id, exc)
            emit(self.pageFailed, page_id, exc)
            self._check_idle()
            return
        task = Task(scanning.save_page_result, self.settings, page_id, result)
        task.finished.connect(lambda _r: emit(self.pageProcessed, page_id, result))
        task.failed.connect(lambda e: emit(self.pageFailed, page_id, e))
        task.done.connect(self._check_idle)
        task.start(self.store_pool)

    def _page_pool(self) -> Any:
        with self._lock:
            return self._make_pool()

    def _make_pool(self) -> Any:
        if self._pool is None and self._pool_error is None:
            try:
                self._pool = scanning.page_pool(self.settings)
            except StationError as exc:
                self._pool_error = exc
                log.warning("page pool unavailable: %s", exc)
        return self._pool

    def _check_idle(self) -> None:
        if not self.scanning and not self.pending and self.batch_id:
            emit(self.idle, self.batch_id)

    def close(self) -> None:
        """Stop scanning and shut the page processes down (window closing)."""
        self.stop()
        if self._pool is not None:
            try:
                self._pool.close(cancel=True)  # pages left are processed by process_batch later
            except Exception:  # noqa: BLE001 - closing anyway
                log.debug("page pool close failed", exc_info=True)
            self._pool = None
        self.store_pool.waitForDone(3000)
        shutil.rmtree(self._out, ignore_errors=True)

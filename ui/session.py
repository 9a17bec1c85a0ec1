"""One scanning session: the scan job of ``station.flows.scan`` run off the UI thread, its
reports turned into Qt signals.

The job stores each page durably, hands it to the session's page pool and keeps its result in the
store; the screen hears of each step. The batch rules are the core's (``station.flows.batch``):
the end of the stack (feeder empty, or Esc: stop after this sheet) finishes the batch (separated,
classified, ready to validate); a fault leaves it open, and "Weiter" scans on into the same batch.
On start the session finishes any batch a crash left half-done.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from station.config import Settings
from station.errors import StationError
from station.flows.scan import ScanJob
from station.model import PageResult
from ui import scanning
from ui.scanning import Arrived
from ui.qtcompat import emit
from ui.worker import Task, run_task

log = logging.getLogger(__name__)


class ScanSession(QObject):
    pagePreviewed = Signal(object)  # scanning.Previewed: handed over by the scanner, being stored
    pageArrived = Signal(object)  # scanning.Arrived: durable in the store
    pageProcessed = Signal(str, object)  # page id, PageResult (clean_path: the store's cleaned image)
    pageFailed = Signal(str, object)  # page id, exception
    scanFinished = Signal(str, int)  # batch id, pages scanned: the end of the stack, the batch is being finished
    scanFailed = Signal(object, int)  # exception, pages kept so far: the batch stays open ("Weiter")
    idle = Signal(str)  # batch id: finished (separated, classified, ready to validate)
    scannerFree = Signal()  # the scan task is over (after scanFinished/scanFailed): the device is closed
    recovered = Signal(object)  # ids of batches a crash had left half-done, finished on start
    _previewed = Signal(object)  # from the scanning thread

    def __init__(self, settings: Settings, parent: QObject | None = None, *, recover: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings
        self.batch_id: str | None = None
        self.scan_task: Task | None = None
        self.job: ScanJob | None = None  # the batch being scanned, kept across faults
        self._lock = threading.Lock()
        self.store_pool = QThreadPool(self)
        self.store_pool.setMaxThreadCount(1)  # finishing batches one after the other
        self._pool: Any = None
        self._pool_error: StationError | None = None
        self._previewed.connect(self.pagePreviewed)
        if recover:
            run_task(scanning.recover, settings, pool=self.store_pool,
                     on_done=lambda ids: emit(self.recovered, ids),
                     on_error=lambda e: log.warning("recovering batches failed: %s", e))

    @property
    def scanning(self) -> bool:
        return self.scan_task is not None and self.scan_task.running

    @property
    def run(self) -> ScanJob | None:
        """The open batch (kept after a fault, until it is continued or ended)."""
        return self.job

    # -- scanning -----------------------------------------------------------------------------
    def start(self, device: str, profile: str, continue_batch: bool = False, batch_id: str | None = None,
              delivery: tuple[Any, str | None] | None = None) -> None:
        """Scan a new batch, go on with the open one after a fault (``continue_batch``), or go on
        with a stored batch that is not closed (``batch_id``: stranded, or ready to validate)."""
        if self.scanning:
            return
        if batch_id is not None or not continue_batch or self.job is None:
            self.job = scanning.new_job(self.settings, device, profile, on_page=self._from_scanner,
                                        on_result=self._processed, on_preview=lambda p: emit(self._previewed, p),
                                        pool=self._page_pool(), batch_id=batch_id, delivery=delivery)
        self.batch_id = self.job.batch_id
        task = Task(scanning.scan_batch, self.job)
        task.finished.connect(lambda _n: self._on_scan_end(None))
        task.cancelled.connect(lambda: self._on_scan_end(None))
        task.failed.connect(self._on_scan_end)
        task.done.connect(lambda: emit(self.scannerFree))
        self.scan_task = task.start()

    def stop(self) -> None:
        """Esc: the scanner stops after the sheet it is feeding; the batch is then finished."""
        if self.scan_task is not None:
            self.scan_task.cancel()

    def end_batch(self) -> None:
        """After a fault, the operator ends the batch instead of continuing: it is finished with
        the pages it has (the end of the stack)."""
        if not self.scanning and self.job is not None:
            self._finish()

    def _from_scanner(self, arrived: Arrived) -> None:
        """Runs in the scanning thread: the page is durable; the job hands it to the pool."""
        emit(self.pageArrived, arrived)

    def _processed(self, page_id: str, result: PageResult) -> None:
        """Runs in the thread harvesting the pool: the result is in the store already."""
        try:
            emit(self.pageProcessed, page_id, result)
        except RuntimeError:  # the window closed meanwhile
            log.debug("page %s processed after the session closed", page_id)

    def _on_scan_end(self, exc: BaseException | None) -> None:
        pages = self.job.pages if self.job else 0
        if exc is not None:  # a fault: the batch stays open, nothing is separated meanwhile
            emit(self.scanFailed, exc, pages)
            return
        emit(self.scanFinished, self.batch_id or "", pages)
        self._finish()

    def _finish(self) -> None:
        job, self.job = self.job, None
        if job is None:
            return
        pages = job.pages
        task = Task(scanning.finish_batch, job)
        task.finished.connect(lambda batch_id: emit(self.idle, batch_id))
        task.failed.connect(lambda e: emit(self.scanFailed, e, pages))
        task.start(self.store_pool)

    # -- the page pool --------------------------------------------------------------------------
    def _page_pool(self) -> Any:
        with self._lock:
            if self._pool is None and self._pool_error is None:
                try:
                    self._pool = scanning.page_pool(self.settings)
                except StationError as exc:
                    self._pool_error = exc
                    log.warning("page pool unavailable: %s", exc)
            return self._pool

    def close(self) -> None:
        """Stop scanning and shut the page processes down (window closing). A batch not finished
        yet is finished on the next start."""
        self.stop()
        if self.scan_task is not None and self.scan_task.running:
            self.scan_task.token.cancel()
        self.store_pool.waitForDone(3000)
        if self.job is not None and not self.scanning:  # an open batch is a stranded one from now on
            self.job.close()
        if self._pool is not None:
            try:
                self._pool.close(cancel=True)
            except Exception:  # noqa: BLE001 - closing anyway
                log.debug("page pool close failed", exc_info=True)
            self._pool = None

"""One scanning session: pages stream from the scanner to the screen and on to the page pool.

The scan runs as a generator task (``ui.worker``): each page is stored durably by the core, then
yielded with a quick thumbnail, so the tree shows it at once. The UI thread hands every page to
the core's ``PagePool`` (separate processes: OCR never slows the feeder or the screen) and hears
back through a queued signal when the result is in; results are saved to the store in a
one-thread pool that serialises the session's store writes.
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from station.config import Settings
from station.errors import ScannerError, StationError
from ui import backend
from ui.worker import Task, run_task
from ui.qtcompat import emit

log = logging.getLogger(__name__)


class ScanSession(QObject):
    pageArrived = Signal(object)  # backend.Arrived
    pageProcessed = Signal(str, object)  # page id, PageResult
    pageFailed = Signal(str, object)  # page id, exception
    scanFinished = Signal(str, int)  # batch id, pages scanned in this run
    scanFailed = Signal(object, int)  # exception, pages kept so far
    idle = Signal(str)  # batch id: scanning done and every page processed
    _resultReady = Signal(str, object, object)  # from pool threads: page id, result, exception

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.batch_id: str | None = None
        self.scan_task: Task | None = None
        self.pages_this_run = 0
        self.sheets = 0
        self.pending: set[str] = set()
        self.store_pool = QThreadPool(self)
        self.store_pool.setMaxThreadCount(1)
        self._pool: Any = None
        self._pool_error: StationError | None = None
        self._out = Path(tempfile.mkdtemp(prefix="station-clean-"))
        self._resultReady.connect(self._on_result)

    @property
    def scanning(self) -> bool:
        return self.scan_task is not None and self.scan_task.running

    # -- scanning -----------------------------------------------------------------------------
    def start(self, device: str, profile: str, batch_id: str | None = None) -> None:
        """Scan into ``batch_id`` (continue after a jam) or into a new batch."""
        if self.scanning:
            return
        if batch_id is None:
            store = backend.open_store(self.settings)
            try:
                batch_id = backend.create_batch(store, profile)
            finally:
                store.close()
            self.sheets = 0
        self.batch_id = batch_id
        self.pages_this_run = 0
        task = Task(backend.scan_pages, self.settings, device, profile, batch_id, first_sheet=self.sheets)
        task.yielded.connect(self._on_arrived)
        task.finished.connect(lambda _r: self._on_scan_end(None))
        task.cancelled.connect(lambda: self._on_scan_end(None))
        task.failed.connect(self._on_scan_end)
        self.scan_task = task.start()

    def stop(self) -> None:
        """Esc: the scanner stops after the sheet it is feeding."""
        if self.scan_task is not None:
            self.scan_task.cancel()

    def _on_arrived(self, arrived: backend.Arrived) -> None:
        self.pages_this_run += 1
        self.sheets = max(self.sheets, arrived.sheet + 1)
        emit(self.pageArrived, arrived)
        self.submit(arrived.page_id, arrived.path)

    def _on_scan_end(self, exc: BaseException | None) -> None:
        batch_id = self.batch_id or ""
        if exc is None or (isinstance(exc, ScannerError) and exc.kind == "no_docs" and self.pages_this_run):
            run_task(backend.finish_capture, self.settings, batch_id, pool=self.store_pool,
                     on_error=lambda e: emit(self.scanFailed, e, self.pages_this_run))
            emit(self.scanFinished, batch_id, self.pages_this_run)
        else:
            emit(self.scanFailed, exc, self.pages_this_run)
        self._check_idle()

    # -- processing -----------------------------------------------------------------------------
    def submit(self, page_id: str, path: str) -> None:
        """Hand a stored page to the page pool; the result comes back as ``pageProcessed``."""
        pool = self._page_pool()
        if pool is None:
            return
        self.pending.add(page_id)
        try:
            future: Future = pool.submit(path, backend.page_context(self.settings, self._out))
        except Exception as exc:  # noqa: BLE001 - a broken pool must not lose the page
            emit(self._resultReady, page_id, None, exc)
            return
        future.add_done_callback(lambda f, pid=page_id: self._deliver(pid, f))

    def _deliver(self, page_id: str, future: Future) -> None:
        """Runs in a pool thread: queue the result to the UI thread."""
        exc = future.exception()
        emit(self._resultReady, page_id, None if exc else future.result(), exc)

    def _on_result(self, page_id: str, result: Any, exc: BaseException | None) -> None:
        self.pending.discard(page_id)
        if exc is not None:
            log.warning("page %s could not be processed: %s", page_id, exc)
            emit(self.pageFailed, page_id, exc)
            self._check_idle()
            return
        task = Task(backend.save_page_result, self.settings, page_id, result)
        task.finished.connect(lambda _r: emit(self.pageProcessed, page_id, result))
        task.failed.connect(lambda e: emit(self.pageFailed, page_id, e))
        task.done.connect(self._check_idle)
        task.start(self.store_pool)

    def _page_pool(self) -> Any:
        if self._pool is None and self._pool_error is None:
            try:
                self._pool = backend.page_pool(self.settings)
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
                self._pool.close()
            except Exception:  # noqa: BLE001 - closing anyway
                log.debug("page pool close failed", exc_info=True)
            self._pool = None
        self.store_pool.waitForDone(3000)

"""A scan job: source -> batch scan -> the store (durable first) -> the page pool.

The same job under the desk and ``station scan``. ``scan()`` runs until the feeder is empty or
the operator stops after a sheet; a fault raises ``ScannerError`` (saying how many pages are
safe) and leaves the batch in capture, so ``scan()`` again continues the same batch (the jam
rule of ``flows.batch``). ``finish()`` is the end of the stack: it waits for the page pool and
brings the batch to "to validate". Each call opens the store in the calling thread, so scanning
and finishing may run in different worker threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.capture import RawPage, ScanSource, open_source
from station.capture import buttons
from station.capture.session import BatchScan, SavedPage
from station.config import Settings
from station.flows.batch import continue_at, finish_batch, put_aside_lone_front
from station.flows.handoff import PipelineHandoff
from station.flows.process import save_result, work_dir
from station.flows.scanlock import ScanLock
from station.model import PageResult, Source, new_id
from station.pipeline_pool import PagePool
from station.progress import CancelToken, ProgressCallback, no_progress
from station.store.local import Store

log = logging.getLogger(__name__)

SavedHandler = Callable[[SavedPage, RawPage, dict[str, Any]], None]  # page, its pixels, transient meta
ResultHandler = Callable[[str, PageResult], None]  # page id, result (clean_path: the store's cleaned file)


class _Sink:
    """Store each page durably, then tell the job. Meta keys starting with ``_`` are the front
    end's own (timings, screen keys): they travel with the report, never into the store."""

    def __init__(self, store: Store, batch_id: str, on_saved: Callable[[SavedPage, RawPage, dict[str, Any]], None]):
        self.store, self.batch_id, self.on_saved = store, batch_id, on_saved

    def accept(self, raw: RawPage, seq: int) -> SavedPage:
        transient = {k: raw.meta.pop(k) for k in [k for k in raw.meta if k.startswith("_")]}
        page_id = self.store.add_page(self.batch_id, raw)
        saved = SavedPage(seq, raw.sheet, raw.side, raw.dpi, Path(self.store.page_path(page_id)), page_id)
        self.on_saved(saved, raw, transient)
        return saved


class ScanJob:
    """One batch from the feeder, across faults, with its pages processed behind the scanner."""

    def __init__(self, settings: Settings, *, device: str | None = None, profile: str | None = None,
                 batch_id: str | None = None, process: bool = True, pool: PagePool | None = None,
                 on_saved: SavedHandler | None = None, on_result: ResultHandler | None = None,
                 wrap_source: Callable[[ScanSource], Any] | None = None,
                 progress: ProgressCallback = no_progress,
                 delivery_date: Any = None, delivery_reason: str | None = None) -> None:
        self.settings = settings
        # the day the post reached the mailroom (default today): the legal date of receipt
        self.delivery_date, self.delivery_reason = delivery_date, delivery_reason
        self.device = device or settings.scanner
        self.profile = settings.profile_named(profile or settings.profile)
        self.batch_id = batch_id or new_id()
        self.created = batch_id is not None
        self.first_sheet = 0
        self.process = process
        self.on_saved, self.on_result, self.wrap_source = on_saved, on_result, wrap_source
        self.progress = progress
        self.batch_scan: BatchScan | None = None
        self.pool = pool
        self._own_pool = False
        self.handoff: PipelineHandoff | None = None
        self._store: Store | None = None
        self._lock: ScanLock | None = None

    @classmethod
    def continuing(cls, settings: Settings, batch_id: str, **kwargs: Any) -> ScanJob:
        """Go on with a stored batch (cut short by a crash, or finished and to be continued):
        the sheet after its last complete one (``flows.batch.continue_at``)."""
        job = cls(settings, batch_id=batch_id, **kwargs)
        with Store.open(settings) as store:
            job.first_sheet = continue_at(store, batch_id, job.profile.source == "ADF Duplex")
        return job

    @property
    def pages(self) -> int:
        return len(self.batch_scan.pages) if self.batch_scan is not None else 0

    @property
    def sheets(self) -> int:
        return len({p.sheet for p in self.batch_scan.pages}) if self.batch_scan is not None else 0

    def _handoff(self, store: Store) -> PipelineHandoff | None:
        if not self.process:
            return None
        if self.handoff is None:
            if self.pool is None:
                self.pool, self._own_pool = PagePool(self.settings.workers), True
            self.handoff = PipelineHandoff(self.pool, self.settings, work_dir(store, self.batch_id), self._result)
        return self.handoff

    def _saved(self, page: SavedPage, raw: RawPage, transient: dict[str, Any]) -> None:
        if self.on_saved is not None:
            self.on_saved(page, raw, transient)
        if self.handoff is not None:
            self.handoff(page)

    def _result(self, page: SavedPage, result: PageResult) -> None:
        """Runs in the thread that harvests (scan or finish), on that thread's store."""
        assert self._store is not None and page.page_id is not None
        save_result(self._store, page.page_id, result)
        if self.on_result is not None:
            result.clean_path = str(self._store.page_path(page.page_id, clean=True))
            self.on_result(page.page_id, result)

    def _refeed_lone_front(self, store: Store) -> None:
        """A fault between the sides of a duplex sheet: that sheet is fed again, its front put aside."""
        assert self.batch_scan is not None
        if self.batch_scan.pending:  # read but not written (a full disk): written first, nothing to redo
            return
        sheet = put_aside_lone_front(store, self.batch_id, self.profile.source == "ADF Duplex")
        if sheet is not None:
            self.batch_scan.pages = [p for p in self.batch_scan.pages if p.sheet != sheet]
            self.batch_scan.next_sheet = sheet

    def scan(self, cancel: CancelToken | None = None) -> int:
        """Scan until the feeder is empty or ``cancel`` (stop after this sheet); returns the pages
        of the batch so far. A fault raises and the batch stays in capture: call again to continue."""
        cancel = cancel or CancelToken()
        with Store.open(self.settings) as store:
            if self._lock is None:  # held until the batch is finished: no recovery finishes it meanwhile
                self._lock = ScanLock(store.root, self.batch_id)
            if not self.created:
                store.create_batch(source=Source.SCANNER, profile=self.profile.name, batch_id=self.batch_id,
                                   delivery_date=self.delivery_date, delivery_reason=self.delivery_reason)
                self.created = True
            source = open_source(self.settings, self.device)
            scanning = self.wrap_source(source) if self.wrap_source else source
            self._store = store
            handoff = self._handoff(store)
            sink = _Sink(store, self.batch_id, self._saved)
            try:
                if self.batch_scan is None:
                    self.batch_scan = BatchScan(scanning, self.profile, sink, progress=self.progress, cancel=cancel)
                    self.batch_scan.next_sheet = self.first_sheet
                else:  # "Weiter" after a fault: the same batch goes on
                    self.batch_scan.source, self.batch_scan.sink, self.batch_scan.cancel = scanning, sink, cancel
                    self._refeed_lone_front(store)
                self.batch_scan.run()
            finally:
                source.close()
                if handoff is not None:
                    handoff.harvest()
                self._store = None
        return self.pages

    def finish(self, progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> None:
        """The end of the stack: wait for the pages in the pool, then the batch is separated and
        classified (``flows.batch.finish_batch``); without processing, capture just ends."""
        with Store.open(self.settings) as store:
            self._store = store
            try:
                if self.handoff is not None:
                    self.handoff.finish(progress, cancel)
                if self.process:
                    finish_batch(store, self.settings, self.batch_id, pool=self.pool, cancel=cancel)
                else:
                    store.finish_capture(self.batch_id)
            finally:
                self._store = None
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        """Let go of the batch (a batch not finished is a stranded one now: the next recovery
        finishes it) and shut down a page pool the job started (a pool handed in stays the caller's)."""
        self._release()
        if self._own_pool and self.pool is not None:
            self.pool.close(cancel=True)
            self.pool, self._own_pool = None, False


def wait_for_button(settings: Settings, device: str, cancel: CancelToken | None = None) -> tuple[str, str]:
    """Hold ``device`` open and poll its buttons until one the settings map to a profile is
    pressed; returns (button, profile name). The device is closed again before this returns, so
    the scan that follows can open it."""
    source = open_source(settings, device)
    try:
        button, profile = buttons.wait_for_button(source, settings, cancel)
        return button, profile.name
    finally:
        source.close()


__all__ = ["ScanJob", "wait_for_button"]

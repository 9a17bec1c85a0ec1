"""Durable pages to the page pipeline in the background, so the scanner never waits for OCR.

The scanning thread only submits (``PagePool.submit`` returns at once) and, between pages, picks
up results that are already done; ``finish`` waits for the rest after the feeder is empty. All
result handling happens on the caller's thread, so a store connection needs no extra locking.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

import psutil

from station.capture.session import SavedPage
from station.flows.process import page_context
from station.pipeline import PageContext
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)

ResultHandler = Callable[[SavedPage, Any], None]  # (page, PageResult)
WORKER_NICE = 10  # page workers yield the CPU to the scanning thread: OCR trails, the feeder never waits


def lower_worker_priority(nice: int = WORKER_NICE) -> int:
    """Give this process's child processes (the page pool's workers) a lower CPU priority.

    On a 2-core desk, two OCR workers at equal priority would take two thirds of the CPU from the
    thread reading the scanner; at nice 10 they use what scanning leaves. Returns how many were
    changed (workers started later, e.g. after a pool restart, are caught on the next call).
    """
    changed = 0
    for child in psutil.Process().children(recursive=True):
        try:
            if child.nice() < nice:
                child.nice(nice)
                changed += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return changed


class PipelineHandoff:
    """Submit every saved page to a ``station.pipeline_pool.PagePool``; hand results over in page order."""

    def __init__(self, pool: Any, settings: Any, out_dir: Path | None, on_result: ResultHandler | None = None) -> None:
        self.pool = pool
        self.settings = settings
        self.out_dir = out_dir
        self.on_result = on_result
        self.pending: deque[tuple[SavedPage, Future]] = deque()
        self.done = 0
        self.failed = 0
        self.submitted = 0

    def context(self, page: SavedPage) -> PageContext:
        return page_context(self.settings, self.out_dir, page.path.stem, page.dpi)

    def __call__(self, page: SavedPage) -> None:
        """The sink's ``on_saved``: the page is on disk, now it may be processed."""
        self.pending.append((page, self.pool.submit(page.path, self.context(page))))
        if self.submitted % 25 == 0:
            lower_worker_priority()
        self.submitted += 1
        self.harvest()

    def _deliver(self, page: SavedPage, future: Future) -> None:
        try:
            result = future.result()
        except Exception as exc:  # the page stays on disk; the store's recovery processes it again
            self.failed += 1
            log.warning("page %s not processed: %s", page.path.name, exc)
            return
        self.done += 1
        if self.on_result:
            self.on_result(page, result)

    def harvest(self) -> int:
        """Deliver results already done (in page order), without waiting."""
        count = 0
        while self.pending and self.pending[0][1].done():
            self._deliver(*self.pending.popleft())
            count += 1
        return count

    def finish(self, progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> None:
        """Wait for every submitted page (after the feeder is empty)."""
        total = self.done + self.failed + len(self.pending)
        while self.pending and not (cancel and cancel.cancelled):
            self._deliver(*self.pending.popleft())
            progress(ProgressEvent("process", self.done + self.failed, total))

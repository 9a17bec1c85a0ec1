"""Pages in parallel: a process pool of page workers, and batch processing of whole files.

Built on ``station.pipeline`` (the work of one page); nothing there imports this module. Workers are started with ``spawn``: the
GUI process runs Qt threads, and forking a threaded process is unsafe. Each worker limits
Tesseract to one thread. A worker that dies (killed, out of memory) breaks the pool; the pool
is rebuilt and the pages it was working on are tried once more, so nothing is lost silently.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from station.errors import StationError
from station.imaging.load import probe_pages
from station.model import PageResult
from station.pipeline import PageContext, as_station_error, process_image_file
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _init_worker() -> None:
    """One thread per worker for Tesseract and OpenCV: the pool already fills every core."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import cv2

    cv2.setNumThreads(1)


def _work(path: str, ctx: object) -> PageResult:
    try:
        return process_image_file(path, ctx)  # type: ignore[arg-type]
    except Exception as exc:
        raise portable_error(path, exc) from None


def portable_error(path: str, exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else an ``InputFileError`` with its text: an exception the
    parent cannot unpickle would mark the whole pool broken and cost other files their pages."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any pickling failure
        from station.errors import InputFileError
        from station.pipeline import as_station_error

        err = exc if isinstance(exc, StationError) else as_station_error(path, exc)
        return InputFileError(path, err.message_de, err.message_en, detail=f"{type(exc).__name__}: {exc}")


class PagePool:
    """A pool of page processes: ``submit(path, ctx)`` returns a Future of the ``PageResult``.

    Capture and the GUI hand pages over as they arrive, so the scanner never waits for OCR.
    """

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or default_workers()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)

    def submit(self, path: str | Path, ctx: object) -> Future[PageResult]:
        """Process page ``ctx.index`` of the file at ``path`` in a worker."""
        try:
            return self._executor.submit(_work, str(path), ctx)
        except BrokenProcessPool:
            log.warning("page pool was broken; starting new workers")
            self._executor = self._new_executor()
            return self._executor.submit(_work, str(path), ctx)

    def restart(self) -> None:
        """Replace broken workers (after a worker died); pending futures of the old pool fail."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()

    def close(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)


@dataclass
class FileResult:
    """All pages of one input file; ``error`` is set if the file (or one of its pages) failed."""

    path: str
    pages: list[PageResult] = field(default_factory=list)
    error: StationError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Job:
    file: Any  # the file's index (process_files) or the caller's key (run_pages)
    path: str
    ctx: object
    attempts: int = 0
    future: Future[PageResult] | None = None


def _unique_names(paths: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for p in paths:
        stem = Path(p).stem or "page"
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def _inline(jobs: Iterable[_Job]) -> Iterator[tuple[_Job, PageResult | BaseException]]:
    for job in jobs:
        try:
            yield job, process_image_file(job.path, job.ctx)  # type: ignore[arg-type]
        except Exception as exc:  # a bad page never stops the batch
            yield job, exc


def _pooled(jobs: Iterable[_Job], pool: PagePool, window: int,
            cancel: CancelToken) -> Iterator[tuple[_Job, PageResult | BaseException]]:
    pending: deque[_Job] = deque()
    source = iter(jobs)
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < window:
            cancel.raise_if_cancelled()
            job = next(source, None)
            if job is None:
                exhausted = True
                break
            job.future = pool.submit(job.path, job.ctx)
            pending.append(job)
        if not pending:
            break
        job = pending.popleft()
        try:
            result: PageResult | BaseException = job.future.result()  # type: ignore[union-attr]
        except BrokenProcessPool as exc:
            if job.attempts >= 1:
                result = exc
            else:  # a worker died: rebuild the pool and retry everything that was in flight
                log.warning("a page worker died; restarting the pool and retrying %d pages", 1 + len(pending))
                pool.restart()
                retry = [job, *pending]
                pending.clear()
                for j in retry:
                    j.attempts += 1
                    j.future = pool.submit(j.path, j.ctx)
                    pending.append(j)
                continue
        except Exception as exc:
            result = exc
        yield job, result


def process_files(paths: Iterable[str | Path], ctx_template: object | None = None,
                  progress: ProgressCallback = no_progress, cancel: CancelToken | None = None,
                  workers: int = 0, pool: PagePool | None = None) -> Iterator[FileResult]:
    """Process every page of every file, yielding one ``FileResult`` per file in input order.

    A file that cannot be read yields a result with ``error`` set; the others go on. With
    ``workers == 1`` pages run in the calling process (no start-up cost; tests, small jobs).
    Raises ``Cancelled`` between pages once ``cancel`` is set. Pass a running ``pool`` to reuse
    its warm workers (the GUI keeps one for the session); it is left open.
    """
    template = ctx_template if ctx_template is not None else PageContext()
    cancel = cancel or CancelToken()
    files = [str(p) for p in paths]
    names = _unique_names(files)
    results = [FileResult(p) for p in files]
    counts: list[int] = []
    for i, p in enumerate(files):
        count, error = probe_pages(p)  # a damaged file still gives up the pages before the damage
        results[i].error = error
        counts.append(count)
    total = sum(counts)
    jobs = [_Job(i, p, replace(template, index=k, name=names[i]))  # type: ignore[type-var]
            for i, p in enumerate(files) for k in range(counts[i])]
    remaining = list(counts)
    emitted = 0
    done = 0

    def flush() -> Iterator[FileResult]:
        nonlocal emitted
        while emitted < len(files) and remaining[emitted] == 0:
            yield results[emitted]
            emitted += 1

    yield from flush()
    own_pool = pool is None
    workers = pool.workers if pool is not None else (workers or default_workers())
    if pool is None and workers > 1 and len(jobs) > 1:
        pool = PagePool(workers)
    try:
        stream = _inline(jobs) if pool is None else _pooled(jobs, pool, 2 * workers, cancel)
        for job, outcome in stream:
            cancel.raise_if_cancelled()
            fr = results[job.file]
            if isinstance(outcome, BaseException):
                err = as_station_error(job.path, outcome)
                log.warning("page %d of file #%d failed: %s", job.ctx.index, job.file, err)  # type: ignore[attr-defined]
                fr.error = fr.error or err
            else:
                fr.pages.append(outcome)
            remaining[job.file] -= 1
            done += 1
            progress(ProgressEvent("page", done, total, Path(job.path).name))
            yield from flush()
    finally:
        if pool is not None and own_pool:
            pool.close(cancel=True)
    yield from flush()


def run_pages(items: Iterable[tuple[Any, str | Path, Any]], pool: PagePool | None,
              cancel: CancelToken | None = None) -> Iterator[tuple[Any, PageResult | BaseException]]:
    """Process ``(key, path, ctx)`` items; yields ``(key, result or exception)`` in input order.

    On ``pool`` (a dead worker rebuilds it and the pages in flight are tried once more), or in
    the calling process when ``pool`` is None. A failed page is yielded as its exception, never
    raised: one bad page does not stop the others. ``Cancelled`` between pages once ``cancel`` is set.
    """
    cancel = cancel or CancelToken()
    jobs = [_Job(key, str(path), ctx) for key, path, ctx in items]
    stream = _inline(jobs) if pool is None else _pooled(jobs, pool, 2 * pool.workers, cancel)
    for job, outcome in stream:
        yield job.file, outcome
        cancel.raise_if_cancelled()

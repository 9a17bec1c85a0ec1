"""Run core functions off the UI thread and hear from them through Qt signals.

The core knows nothing of Qt: it takes a plain ``progress`` callback and a ``cancel`` token
(``station.progress``). This module is the one adapter (as Orange3's ``ConcurrentMixin`` and
napari's ``thread_worker``): a :class:`Task` runs a function in a ``QThreadPool`` thread, passes it
a callback that emits :attr:`Task.progress`, and a :class:`CancelToken` that :meth:`Task.cancel`
sets. A generator function streams: every value it yields is emitted as :attr:`Task.yielded` the
moment it is made (scanned pages reach the screen while the feeder still runs).

Signals are emitted from the worker thread; Qt queues them to the receivers living in the UI
thread, so slots never run concurrently with the UI.
"""

from __future__ import annotations

import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from station.progress import Cancelled, CancelToken, ProgressEvent
from ui.qtcompat import emit

log = logging.getLogger(__name__)

# Tasks in flight: a Task must outlive its runnable, or its signals die with it.
_alive: set[Task] = set()


class Task(QObject):
    """One piece of long work: start it, watch it, cancel it."""

    started = Signal()
    progress = Signal(object)  # station.progress.ProgressEvent
    yielded = Signal(object)  # each item a generator function yields
    finished = Signal(object)  # the return value (None for generators)
    failed = Signal(object)  # the exception (StationError or anything else)
    cancelled = Signal()
    done = Signal()  # always last: after finished, failed or cancelled

    # Emitted in the worker thread; chained to the public signals above so that those always
    # fire in the UI thread (the Task lives there), whatever kind of slot is connected to them.
    _started = Signal()
    _progress = Signal(object)
    _yielded = Signal(object)
    _finished = Signal(object)
    _failed = Signal(object)
    _cancelled = Signal()
    _done = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.token = CancelToken()
        self.running = False
        self._pass_progress, self._pass_cancel = _wants(fn)
        for private, public in (
            (self._started, self.started),
            (self._progress, self.progress),
            (self._yielded, self.yielded),
            (self._finished, self.finished),
            (self._failed, self.failed),
            (self._cancelled, self.cancelled),
        ):
            private.connect(public)
        self._done.connect(self._on_done)

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Queue the work on ``pool`` (the global pool by default) and return self."""
        _alive.add(self)
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runner(self))
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check; it ends with ``cancelled``."""
        self.token.cancel()

    # -- runs in the worker thread ----------------------------------------------------------
    def _run(self) -> None:
        emit(self._started)
        kwargs = dict(self.kwargs)
        if self._pass_progress:
            kwargs.setdefault("progress", self._report)
        if self._pass_cancel:
            kwargs.setdefault("cancel", self.token)
        try:
            result = self.fn(*self.args, **kwargs)
            if inspect.isgenerator(result):
                for item in result:
                    emit(self._yielded, item)
                    if self.token.cancelled:
                        result.close()
                        raise Cancelled()
                result = None
        except Cancelled:
            emit(self._cancelled)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the operator
            log.warning("task %s failed: %s", getattr(self.fn, "__name__", self.fn), exc)
            log.debug("%s", traceback.format_exc())
            emit(self._failed, exc)
        else:
            emit(self._finished, result)
        finally:
            emit(self._done)

    def _report(self, event: ProgressEvent) -> None:
        emit(self._progress, event)

    # -- runs in the UI thread ---------------------------------------------------------------
    def _on_done(self) -> None:
        self.running = False
        emit(self.done)
        _alive.discard(self)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


def _wants(fn: Callable[..., Any]) -> tuple[bool, bool]:
    """Whether ``fn`` takes ``progress`` / ``cancel`` keyword arguments."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False, False
    var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    return ("progress" in params or var_kw), ("cancel" in params or var_kw)


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_item: Callable[[Any], None] | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Task:
    """Start ``fn(*args, **kwargs)`` off the UI thread and connect the given slots."""
    task = Task(fn, *args, **kwargs)
    if on_done:
        task.finished.connect(on_done)
    if on_error:
        task.failed.connect(on_error)
    if on_item:
        task.yielded.connect(on_item)
    if on_progress:
        task.progress.connect(on_progress)
    return task.start(pool)


class LongWatch(QObject):
    """Base of the desk's long-running watches (scanner buttons, fax hot folder).

    Each has a one-thread pool of its own, because it waits for minutes and the global pool's few
    threads serve the short tasks (loading a batch, the status bar); the task it runs; and a
    single-shot timer that tries again after a problem (subclasses connect ``retry.timeout``)."""

    def __init__(self, retry_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.task: Task | None = None
        self.closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

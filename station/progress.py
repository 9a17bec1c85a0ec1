"""How long work reports progress and learns it should stop, without knowing who is listening.

The core takes a plain callback and a cancel token (as Orange3 and NAPS2 do); the GUI adapts both
to Qt signals in one worker helper, the CLI prints, tests collect.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProgressEvent:
    stage: str  # e.g. "scan", "clean", "ocr", "classify", "sync"
    done: int
    total: int | None = None  # None when the end is unknown (a feeder being emptied)
    item: str | None = None  # id or name of what just finished (never document text)


class ProgressCallback(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...


def no_progress(event: ProgressEvent) -> None:
    """The default listener: nobody."""


def every_tenth(stage: str, line: Callable[[int, int, str | None], str], min_total: int = 20) -> ProgressCallback:
    """A listener that prints ``line(done, total, item)`` on stderr every tenth unit of ``stage`` (and the
    last) when there are at least ``min_total``: a 300-page fax is not silent for minutes at a terminal."""

    def show(event: ProgressEvent) -> None:
        total = event.total
        if event.stage == stage and total and total >= min_total and (event.done % 10 == 0 or event.done == total):
            print(line(event.done, total, event.item), file=sys.stderr, flush=True)

    return show


class Cancelled(Exception):
    """Raised inside long work when its cancel token was set; callers treat it as a clean stop."""


class CancelToken:
    """Thread-safe flag: the GUI sets it (Esc), the worker checks it between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

"""One batch from the feeder: every page saved durably as it arrives, faults survivable.

``BatchScan.run()`` scans until the feeder is empty. A jam, an open cover, an unplugged cable or a
full disk stops it with a ``ScannerError``/``StoreError`` that says how many pages are safe; the
operator fixes the cause and calls ``run()`` again on the same object, which continues the same
batch (sheet numbers go on; a page read but not yet saved when the disk filled is saved first).
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from station.capture.durable import encode_png, write_durably
from station.capture.faults import with_saved_count
from station.capture.raw import RawPage, ScanSource
from station.config import ScanProfile, ensure_private_dir
from station.errors import ScannerError
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedPage:
    seq: int  # position in the batch, from 0
    sheet: int
    side: str
    dpi: int
    path: Path
    page_id: str | None = None  # the store's id, when the page went into the local store


class PageSink(Protocol):
    """Where pages go the moment they leave the scanner (a folder now; the local store later)."""

    def accept(self, raw: RawPage, seq: int) -> SavedPage: ...


class DirectorySink:
    """Pages as PNG files in a private folder; ``on_saved`` is told each durable page (the pipeline hand-off)."""

    def __init__(self, out_dir: Path, on_saved: Callable[[SavedPage], None] | None = None) -> None:
        self.out_dir = ensure_private_dir(Path(out_dir))
        self.on_saved = on_saved

    def accept(self, raw: RawPage, seq: int) -> SavedPage:
        name = f"page-{seq:05d}-sheet{raw.sheet:04d}-{raw.side}.png"
        path = write_durably(self.out_dir / name, encode_png(raw))
        saved = SavedPage(seq, raw.sheet, raw.side, raw.dpi, path)
        if self.on_saved:
            self.on_saved(saved)
        return saved


class StoreSink:
    """Pages into the local store (``store.add_page`` makes them durable and records them)."""

    def __init__(self, store: Any, batch_id: str, on_saved: Callable[[SavedPage], None] | None = None) -> None:
        self.store = store
        self.batch_id = batch_id
        self.on_saved = on_saved

    def accept(self, raw: RawPage, seq: int) -> SavedPage:
        page_id = self.store.add_page(self.batch_id, raw)
        saved = SavedPage(seq, raw.sheet, raw.side, raw.dpi, Path(self.store.page_path(page_id)), page_id)
        if self.on_saved:
            self.on_saved(saved)
        return saved


class _Writer(threading.Thread):
    """Writes pages behind the scanner, so reading the next sheet never waits for disk or database.

    The bounded queue is the scanner's buffer: when it is full the feeder stops, exactly as a real
    scanner stops when the host does not read. After a failed write nothing more is written;
    that page and everything queued behind it are kept in ``unsaved``, in order.
    """

    _STOP = object()

    def __init__(self, save: Callable[[RawPage], None], buffer_pages: int) -> None:
        super().__init__(name="page-writer", daemon=True)
        self.save = save
        self.queue: queue.Queue = queue.Queue(maxsize=max(1, buffer_pages))
        self.error: BaseException | None = None
        self.unsaved: list[RawPage] = []

    def put(self, raw: RawPage) -> bool:
        """Queue a page (blocks while the buffer is full); False once writing has failed."""
        self.queue.put(raw)
        return self.error is None

    def run(self) -> None:
        while (raw := self.queue.get()) is not self._STOP:
            if self.error is not None:
                self.unsaved.append(raw)
                continue
            try:
                self.save(raw)
            except BaseException as exc:  # handed to the scanning thread, raised there
                self.error = exc
                self.unsaved.append(raw)

    def finish(self) -> None:
        self.queue.put(self._STOP)
        self.join()


class BatchScan:
    """A batch being scanned: pages saved so far, where to go on after a fault.

    ``buffer_pages`` pages may wait in memory between scanner and disk (the writer thread); a
    fault is reported only after they are all written, so its page count is the truth.
    """

    def __init__(self, source: ScanSource, profile: ScanProfile, sink: PageSink,
                 progress: ProgressCallback = no_progress, cancel: CancelToken | None = None,
                 buffer_pages: int = 4) -> None:
        self.source = source
        self.profile = profile
        self.sink = sink
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self.buffer_pages = buffer_pages
        self.pages: list[SavedPage] = []
        self.next_sheet = 0
        self.pending: list[RawPage] = []  # read from the scanner, not yet on disk (a write failed)
        self.faults: list[str] = []

    def _save(self, raw: RawPage) -> None:
        saved = self.sink.accept(raw, len(self.pages))
        self.pages.append(saved)
        self.progress(ProgressEvent("scan", len(self.pages), None, saved.path.name))

    def run(self) -> list[SavedPage]:
        """Scan until the feeder is empty (or cancelled); returns all pages of the batch so far."""
        while self.pending:  # pages read before a failed write go first, in order
            self._save(self.pending[0])
            self.pending.pop(0)
        writer = _Writer(self._save, self.buffer_pages)
        writer.start()
        fault: ScannerError | None = None
        pages = self.source.scan(self.profile, self.cancel, first_sheet=self.next_sheet)
        duplex = self.profile.source == "ADF Duplex"
        try:
            for raw in pages:
                self.next_sheet = raw.sheet + 1
                if not writer.put(raw) and not (duplex and raw.side == "front"):
                    break  # the disk failed: stop the feeder after this sheet, keep what was read
        except ScannerError as exc:
            fault = exc
        finally:
            close = getattr(pages, "close", None)
            if close:
                close()  # a generator's close runs the source's clean-up (SANE cancel)
            writer.finish()
            self.pending = writer.unsaved
        if writer.error is not None:
            raise writer.error
        if fault is not None:
            self.faults.append(fault.kind)
            log.info("scan fault %s after %d pages: %s", fault.kind, len(self.pages), fault.detail)
            raise with_saved_count(fault, len(self.pages)) from fault
        return self.pages

"""One batch from the feeder: every page saved durably as it arrives, faults survivable.

``BatchScan.run()`` scans until the feeder is empty. A jam, an open cover, an unplugged cable or a
full disk stops it with a ``ScannerError``/``StoreError`` that says how many pages are safe; the
operator fixes the cause and calls ``run()`` again on the same object, which continues the same
batch (sheet numbers go on; a page read but not yet saved when the disk filled is saved first).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

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


class BatchScan:
    """A batch being scanned: pages saved so far, where to go on after a fault."""

    def __init__(self, source: ScanSource, profile: ScanProfile, sink: PageSink,
                 progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> None:
        self.source = source
        self.profile = profile
        self.sink = sink
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self.pages: list[SavedPage] = []
        self.next_sheet = 0
        self.pending: RawPage | None = None  # read from the scanner, not yet on disk
        self.faults: list[str] = []

    def _save(self, raw: RawPage) -> None:
        self.pending = raw
        saved = self.sink.accept(raw, len(self.pages))
        self.pending = None
        self.pages.append(saved)
        self.next_sheet = raw.sheet + 1
        self.progress(ProgressEvent("scan", len(self.pages), None, saved.path.name))

    def run(self) -> list[SavedPage]:
        """Scan until the feeder is empty (or cancelled); returns all pages of the batch so far."""
        if self.pending is not None:
            self._save(self.pending)
        pages = self.source.scan(self.profile, self.cancel, first_sheet=self.next_sheet)
        try:
            for raw in pages:
                self._save(raw)
        except ScannerError as exc:
            self.faults.append(exc.kind)
            log.info("scan fault %s after %d pages: %s", exc.kind, len(self.pages), exc.detail)
            raise with_saved_count(exc, len(self.pages)) from exc
        finally:
            close = getattr(pages, "close", None)
            if close:
                close()  # a generator's close runs the source's clean-up (SANE cancel)
        return self.pages

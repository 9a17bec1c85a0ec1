"""The core calls of scanning and processing, for the session's workers (no widgets here).

Scanning is capture's ``BatchScan`` with a page sink that stores each page durably
(``Store.add_page``) before the screen hears of it, with a quick thumbnail. Processing is the
pipeline's ``PagePool`` while the feeder runs, and the store's ``process_batch`` at the end (it
processes whatever is left, splits the batch into documents and classifies them).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from station.config import Settings
from station.errors import StationError
from station.i18n import current_language
from station.progress import CancelToken
from ui.backend import NotAvailable, load_batch, need, open_store, optional
from ui.thumbs import quick_thumb
from ui.viewdata import BatchItem

log = logging.getLogger(__name__)
_SCANNED_AT = "_gui_scanned_at"
_KEY = "_gui_key"  # the page's name on screen until the store has given it an id
PREVIEW_HEIGHT = 1400
_keys = itertools.count(1)


@dataclass
class Previewed:
    """A page the scanner just handed over, shrunk for the screen while the writer stores it.
    Shown at once, marked as being saved; it is not a page of the batch until ``Arrived``."""

    key: str
    thumb: Any  # QImage
    preview: Any  # QImage about a screen high for the large view (None in the first, quick report)
    sheet: int
    side: str
    arrived_at: float  # perf_counter when the scanner handed the page over


@dataclass
class Arrived:
    """A page that is on disk and recorded: reported saved."""

    page_id: str
    path: str
    thumb: Any  # QImage (None when its preview was shown already)
    sheet: int
    side: str
    dpi: int
    arrived_at: float  # perf_counter when the scanner handed the page over
    preview: Any = None  # QImage about a screen high, for the large view while following the scanner
    stored_at: float = 0.0  # perf_counter when the page was durable in the store
    key: str | None = None  # the ``Previewed.key`` it was shown under, if it was


def list_scanners(settings: Settings) -> list[tuple[str, str]]:
    """(device name, label) pairs; the virtual scanner is always there."""
    try:
        capture = need("station.capture", "Scanner")
        return [(d.name, d.label) for d in capture.list_devices(settings)]
    except Exception:  # noqa: BLE001 - no SANE: the virtual scanner still works
        return [("virtual", "Virtueller Scanner")]


class _StoreSink:
    """Capture's page sink for the desk: store the page (durable), then tell the screen.

    Runs wherever ``BatchScan`` saves pages; ``on_page`` must be thread-safe (a Qt signal is).
    """

    def __init__(self, settings: Settings, batch_id: str, on_page: Callable[[Arrived], None]) -> None:
        self.settings = settings
        self.batch_id = batch_id
        self.on_page = on_page
        self.store: Any = None

    def accept(self, raw: Any, seq: int) -> Any:
        scanned_at = raw.meta.pop(_SCANNED_AT, None) or time.perf_counter()
        key = raw.meta.pop(_KEY, None)
        if self.store is None:
            self.store = open_store(self.settings)
        page_id = self.store.add_page(self.batch_id, raw)
        path = self.store.page_path(page_id)
        stored_at = time.perf_counter()
        thumb = preview = None
        if key is None:  # not previewed: shrink it now
            thumb, preview = quick_thumb(raw.image), quick_thumb(raw.image, PREVIEW_HEIGHT)
        self.on_page(Arrived(page_id, str(path), thumb, raw.sheet, raw.side, raw.dpi, scanned_at, preview, stored_at,
                             key))
        saved_page = need("station.capture.session", "Scanner").SavedPage
        return saved_page(seq, raw.sheet, raw.side, raw.dpi, Path(path))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class _Stamped:
    """A scan source whose pages carry the moment they left the scanner (the latency figure) and
    are shown the moment they leave it: shrunk here, in the scanning thread, and handed to
    ``on_preview`` before the page goes to the writer thread that stores it."""

    def __init__(self, source: Any, on_preview: Callable[[Previewed], None] | None = None) -> None:
        self.source = source
        self.on_preview = on_preview

    def scan(self, profile: Any, cancel: Any = None, *, first_sheet: int = 0) -> Iterator[Any]:
        pages = self.source.scan(profile, cancel, first_sheet=first_sheet)
        try:
            for raw in pages:
                raw.meta[_SCANNED_AT] = now = time.perf_counter()
                if self.on_preview is not None:
                    # the thumbnail first (the tree), then the large preview (the view) as a second
                    # report under the same key: the tree never waits for the bigger image
                    raw.meta[_KEY] = key = f"scan:{next(_keys)}"
                    shown = Previewed(key, quick_thumb(raw.image), None, raw.sheet, raw.side, now)
                    self.on_preview(shown)
                    self.on_preview(replace(shown, preview=quick_thumb(raw.image, PREVIEW_HEIGHT)))
                yield raw
        finally:
            getattr(pages, "close", lambda: None)()

    def close(self) -> None:
        self.source.close()


@dataclass
class ScanRun:
    """One batch across scanner faults: ``scan_batch`` again after a jam continues it."""

    batch_id: str
    device: str
    profile: str
    batch_scan: Any = None
    created: bool = False

    @property
    def pages(self) -> int:
        return len(self.batch_scan.pages) if self.batch_scan is not None else 0


def scan_batch(settings: Settings, run: ScanRun, on_page: Callable[[Arrived], None], cancel: CancelToken,
               on_preview: Callable[[Previewed], None] | None = None) -> int:
    """Scan until the feeder is empty: each page is stored before ``on_page`` hears of it
    (``on_preview`` hears of it earlier, the moment the scanner hands it over, to show it).

    A fault raises ``ScannerError`` (saying how many pages are kept); calling again with the same
    ``run`` continues the batch. Returns the number of pages of the batch so far.
    """
    capture = need("station.capture", "Scanner")
    session = need("station.capture.session", "Scanner")
    if not run.created:
        store = open_store(settings)
        try:
            store.create_batch(profile=run.profile, batch_id=run.batch_id)
        finally:
            store.close()
        run.created = True
    source = _Stamped(capture.open_source(settings, run.device), on_preview)
    sink = _StoreSink(settings, run.batch_id, on_page)
    if run.batch_scan is None:
        run.batch_scan = session.BatchScan(source, settings.profile_named(run.profile), sink, cancel=cancel)
    else:
        run.batch_scan.source, run.batch_scan.sink, run.batch_scan.cancel = source, sink, cancel
    try:
        run.batch_scan.run()
    finally:
        sink.close()
        source.close()
    return run.pages


def wait_for_button(settings: Settings, device: str, cancel: CancelToken) -> tuple[str, str]:
    """Hold ``device`` open and poll its buttons (capture's ``wait_for_button``) until one the
    settings map to a profile is pressed; returns (button, profile name). The device is closed
    again before this returns, so the scan that follows can open it. ``Cancelled`` when the
    token is set; ``ConfigError`` when no button is mapped."""
    capture = need("station.capture", "Scanner")
    buttons = need("station.capture.buttons", "Scannertasten")
    source = capture.open_source(settings, device)
    try:
        button, profile = buttons.wait_for_button(source, settings, cancel)
        return button, profile.name
    finally:
        source.close()


@dataclass
class FaxOutcome:
    """One file the fax hot folder took: a new batch, or refused and kept in the error folder."""

    file: str
    batch_id: str | None = None
    quarantined: bool = False
    reason: str = ""  # why it was refused or left, in the operator's language
    folder: str = ""  # where the file is now (the hot folder's quarantine/ for a refused fax)


def watch_hotfolder(settings: Settings, cancel: CancelToken, interval_s: float = 1.0,
                    stable_s: float = 2.0) -> Iterator[FaxOutcome]:
    """Take complete faxes from the settings' hot folder into the store (the store part's
    ``HotFolder``: one batch per fax, processed and classified) and yield what became of each
    file, until ``cancel``. One bad poll never ends the watch; a missing folder does (it says so)."""
    hot = need("station.flows.faxes", "Fax-Eingang")
    inbox = Path(settings.hotfolder).expanduser()
    if not inbox.is_dir():
        raise StationError(f"Der Fax-Eingangsordner „{inbox}“ fehlt. Bitte in den Einstellungen prüfen.",
                           f"The fax inbox folder '{inbox}' is missing. Please check the settings.")
    store = open_store(settings)
    try:
        watcher = hot.HotFolder(inbox, store, settings, stable_seconds=stable_s)
        watcher.warm_up()
        while not cancel.cancelled:
            try:
                outcomes = watcher.poll(cancel)
            except Exception:  # noqa: BLE001 - as HotFolder.run: the next poll tries again
                log.exception("hot folder poll failed; trying again")
                outcomes = []
            for outcome in outcomes:
                yield _fax_outcome(outcome, watcher.quarantine)
            for _ in range(max(1, int(interval_s / 0.1))):
                if cancel.cancelled:
                    break
                time.sleep(0.1)
    finally:
        store.close()


def _fax_outcome(outcome: Any, quarantine: Path) -> FaxOutcome:
    name = Path(outcome.path).name
    reason = outcome.reason_text(current_language())
    if not outcome.quarantined:
        return FaxOutcome(name, outcome.batch_id, False, reason, str(Path(outcome.path).parent))
    return FaxOutcome(name, None, True, reason, str(quarantine))


def finish_capture(settings: Settings, batch_id: str) -> None:
    store = open_store(settings)
    try:
        store.finish_capture(batch_id)
    finally:
        store.close()


# -- processing --------------------------------------------------------------------------------------
def page_pool(settings: Settings) -> Any:
    return need("station.pipeline", "Seitenverarbeitung").PagePool(settings.workers)


def page_context(settings: Settings, out_dir: Path, page_id: str, dpi: int) -> Any:
    pipeline = need("station.pipeline", "Seitenverarbeitung")
    return pipeline.PageContext(index=0, dpi=dpi, blank_sensitivity=settings.blank_sensitivity,
                                out_dir=str(out_dir), name=page_id, barcodes=True)


def lower_worker_priority() -> None:
    """Page processes yield the CPU to scanning and the screen (capture's helper, if present)."""
    handoff = optional("station.flows.handoff")
    if handoff is not None and hasattr(handoff, "lower_worker_priority"):
        handoff.lower_worker_priority()


def save_page_result(settings: Settings, page_id: str, result: Any) -> None:
    """Keep a page's findings, with the barcodes the page worker read off its cleaned image
    (``page_context`` asks for them: separator sheets)."""
    store = open_store(settings)
    try:
        store.save_page_result(page_id, result)
    finally:
        store.close()


def finish_batch(settings: Settings, batch_id: str) -> BatchItem:
    """Bring the scanned batch to "to validate" (the store's ``process_batch``: pages not yet
    processed, separation into documents, classification), then show it."""
    ingest = need("station.flows.process", "Dokumenttrennung")
    store = open_store(settings)
    try:
        ingest.process_batch(store, settings, batch_id)
        return load_batch(store, batch_id)
    finally:
        store.close()


def rescan_page(settings: Settings, batch_id: str, page_id: str, device: str, profile: str) -> BatchItem:
    """Scan one sheet's front and store it in place of ``page_id`` (processed, then shown)."""
    capture = need("station.capture", "Scanner")
    batches = need("station.batches", "Seite neu scannen")
    ingest = need("station.flows.process", "Seite neu scannen")
    store = open_store(settings)
    source = capture.open_source(settings, device)
    try:
        pages = source.scan(settings.profile_named(profile), CancelToken())
        raw = next(iter(pages), None)
        getattr(pages, "close", lambda: None)()
        if raw is None:
            raise NotAvailable("Seite neu scannen", "scanner returned no page")
        batches.rescan_page(store, page_id, raw)
        ingest.process_batch(store, settings, batch_id)
        return load_batch(store, batch_id)
    finally:
        source.close()
        store.close()

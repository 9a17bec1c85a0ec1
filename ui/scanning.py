"""The desk's side of the scan job and the fax watch (``station.flows``): no widgets here.

The job itself (store each page durably, process it on the page pool, finish the batch at the end
of the stack) is ``station.flows.scan.ScanJob``, the same the ``station scan`` command runs. What
is the desk's own: the moment a page leaves the scanner it is shrunk for the screen (in the
scanning thread, before the writer stores it), and each report carries Qt images.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from station.capture import RawPage, list_devices, open_source
from station.capture.session import SavedPage
from station.config import Settings
from station.flows.batch import recover_stranded
from station.flows.faxwatch import FaxOutcome, watch
from station.flows.process import process_batch
from station.flows.scan import ScanJob, wait_for_button
from station.model import PageResult
from station.pipeline_pool import PagePool
from station.progress import CancelToken
from station.batches import rescan_page as store_rescan
from station.store.local import Store
from ui.backend import NotAvailable, load_batch, open_store
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
        return [(d.name, d.label) for d in list_devices(settings)]
    except Exception:  # noqa: BLE001 - no SANE: the virtual scanner still works
        return [("virtual", "Virtueller Scanner")]


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


def new_job(settings: Settings, device: str, profile: str, *, on_page: Callable[[Arrived], None],
            on_result: Callable[[str, PageResult], None] | None = None,
            on_preview: Callable[[Previewed], None] | None = None, pool: PagePool | None = None,
            batch_id: str | None = None, delivery: tuple[Any, str | None] | None = None) -> ScanJob:
    """The scan job for one batch (``batch_id``: go on with a stored batch), reporting each page
    to the screen once it is durable (``on_page`` must be thread-safe: a Qt signal is). ``delivery``
    is a new batch's (day the post arrived, reason); None: today."""

    def saved(page: SavedPage, raw: RawPage, transient: dict[str, Any]) -> None:
        key = transient.get(_KEY)
        thumb = preview = None
        if key is None:  # not previewed: shrink it now
            thumb, preview = quick_thumb(raw.image), quick_thumb(raw.image, PREVIEW_HEIGHT)
        on_page(Arrived(page.page_id or "", str(page.path), thumb, page.sheet, page.side, page.dpi,
                        transient.get(_SCANNED_AT) or time.perf_counter(), preview, time.perf_counter(), key))

    options: dict[str, Any] = dict(device=device, profile=profile, pool=pool, on_saved=saved, on_result=on_result,
                                   wrap_source=lambda source: _Stamped(source, on_preview))
    if batch_id is not None:
        return ScanJob.continuing(settings, batch_id, **options)
    day, reason = delivery or (None, None)
    return ScanJob(settings, delivery_date=day, delivery_reason=reason, **options)


def scan_batch(job: ScanJob, cancel: CancelToken) -> int:
    """Scan until the feeder is empty or stopped; a fault raises and the batch stays open
    (``job`` again continues it). Returns the number of pages of the batch so far."""
    return job.scan(cancel)


def finish_batch(job: ScanJob) -> str:
    """The end of the stack: every page processed, the batch separated and classified."""
    job.finish()
    return job.batch_id


def recover(settings: Settings) -> list[str]:
    """On start: finish every batch a crash left in capture or processing (faxes are the fax
    watch's)."""
    with Store.open(settings) as store:
        return recover_stranded(store, settings)


def watch_hotfolder(settings: Settings, cancel: CancelToken, interval_s: float = 1.0,
                    stable_s: float | None = None) -> Iterator[FaxOutcome]:
    """The fax watch of ``station.flows.faxwatch``: warm-up, interrupted faxes resumed, then each
    new file's outcome until ``cancel``."""
    return watch(settings, cancel, interval_s=interval_s, stable_s=stable_s)


def page_pool(settings: Settings) -> PagePool:
    return PagePool(settings.workers)


def rescan_page(settings: Settings, batch_id: str, page_id: str, device: str, profile: str) -> BatchItem:
    """Scan one sheet's front and store it in place of ``page_id`` (processed, then shown)."""
    store = open_store(settings)
    source = open_source(settings, device)
    try:
        pages = source.scan(settings.profile_named(profile), CancelToken())
        raw = next(iter(pages), None)
        getattr(pages, "close", lambda: None)()
        if raw is None:
            raise NotAvailable("Seite neu scannen", "scanner returned no page")
        store_rescan(store, page_id, raw)
        process_batch(store, settings, batch_id)
        return load_batch(store, batch_id)
    finally:
        source.close()
        store.close()


__all__ = ["Previewed", "Arrived", "FaxOutcome", "list_scanners", "new_job", "scan_batch", "finish_batch",
           "recover", "watch_hotfolder", "wait_for_button", "page_pool", "rescan_page"]

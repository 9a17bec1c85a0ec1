"""Stored pages through the page pool, into documents, classified: the path every batch takes.

``process_batch`` is also the resume path after a crash: it picks up exactly the pages without
results, separates once (one transaction; pages a continued scan added later are separated on
their own and appended) and classifies what is not yet classified. Scans, imports, faxes and
resumes all run on ``station.pipeline_pool`` with the same page context: a dead worker rebuilds
the pool and its pages are retried, and a printed separator sheet is known by its barcode before
the orientation search (the fast path).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from station.classify import classify_document
from station.config import Settings
from station.fields import tracking
from station.flows.scanlock import forget_scan_lock
from station.model import BatchState, PageResult
from station.pipeline import PageContext, error_result
from station.pipeline_pool import PagePool, default_workers, run_pages
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.separate import Barcode, PageInfo, SeparationRules, page_starts_letter, separate
from station.store.documents import DocumentPlan
from station.store.local import Store
from station.store.records import StoredPage

log = logging.getLogger(__name__)


@dataclass
class ProcessOptions:
    """How pages are processed (the defaults are the product's; tests and benches turn OCR off)."""

    ocr: bool = True
    orient_with_tesseract: bool = True
    workers: int = 0  # 0: settings.workers, else one per core; 1: in this process
    lang: str = "deu"


def page_context(settings: Settings, out_dir: Path | None, name: str, dpi: int,
                 options: ProcessOptions | None = None) -> PageContext:
    """The one page context of the product: stored page file in, cleaned page and words out,
    barcodes read in the worker (separator sheets skip the orientation search)."""
    options = options or ProcessOptions()
    return PageContext(index=0, dpi=dpi, blank_sensitivity=settings.blank_sensitivity,
                       out_dir=str(out_dir) if out_dir else None, ocr=options.ocr, lang=options.lang,
                       thumb=False, name=name, orient_with_tesseract=options.orient_with_tesseract,
                       barcodes=True, dpi_from_file=False)


def work_dir(store: Store, batch_id: str) -> Path:
    """Where a batch's pages are cleaned and read before the results go into the store."""
    return store.root / "work" / batch_id


def remove_work(store: Store, batch_id: str) -> None:
    """Every page has its result in the store: the working files (cleaned images, OCR text, also
    those a killed process left behind) are no longer needed and hold personal data."""
    shutil.rmtree(work_dir(store, batch_id), ignore_errors=True)


def save_result(store: Store, page_id: str, result: PageResult) -> None:
    """Keep a page's findings (with the barcodes its worker read); the working copy goes."""
    store.save_page_result(page_id, result)
    if result.clean_path:
        Path(result.clean_path).unlink(missing_ok=True)


def _workers(settings: Settings, options: ProcessOptions, jobs: int) -> int:
    return min(options.workers or settings.workers or default_workers(), max(1, jobs))


def process_pages(store: Store, settings: Settings, batch_id: str, options: ProcessOptions,
                  progress: ProgressCallback = no_progress, cancel: CancelToken | None = None,
                  pool: PagePool | None = None) -> int:
    """Process every page of the batch that has no result yet; each result commits on its own.
    Uses ``pool`` if given (left open), else a pool of its own when more than one worker fits."""
    work = work_dir(store, batch_id)
    pages: list[StoredPage] = store.pages_to_process(batch_id)
    items = [(p.id, store.page_path(p), page_context(settings, work, p.id, p.dpi, options)) for p in pages]
    own = None
    if pool is None and _workers(settings, options, len(items)) > 1:
        pool = own = PagePool(_workers(settings, options, len(items)))
    try:
        for done, (page_id, outcome) in enumerate(run_pages(items, pool, cancel), start=1):
            if isinstance(outcome, BaseException):  # a bad page is recorded, never stops the batch
                outcome = error_result(0, outcome)
            save_result(store, page_id, outcome)
            progress(ProgressEvent("process", done, len(items), item=page_id))
    finally:
        if own is not None:
            own.close(cancel=True)
    remove_work(store, batch_id)
    return len(items)


def _unseparated(store: Store, batch_id: str) -> tuple[list[StoredPage], bool]:
    """The live pages still to separate, and whether the batch has documents already (a scan
    continued after the batch was separated adds pages after the last separated one)."""
    batch = store.load_batch(batch_id)
    live = [p for p in batch.pages if not p.deleted]
    if not batch.documents:
        return live, False
    placed = [p.ord for p in batch.pages if p.document_id or p.separator]
    last = max(placed, default=-1)
    return [p for p in live if p.ord > last and not p.document_id], True


def separate_batch(store: Store, batch_id: str) -> list[str]:
    """Split the processed batch into documents by its rules (once; a continued scan's new pages
    become documents of their own after the existing ones). Returns the new document ids."""
    live, appending = _unseparated(store, batch_id)
    if not live:
        return []
    stored = store.load_batch(batch_id)
    rules = SeparationRules.from_dict(stored.separation)
    registered = bool(stored.meta.get("registered"))  # a registered-mail profile: envelopes open the letters
    infos = [PageInfo(i, blank=p.blank, sheet=p.sheet, side=p.side, source_file=p.source_file,
                      barcodes=[Barcode(**b) for b in p.barcodes],
                      starts_letter=page_starts_letter(p.ocr_text or ""),
                      envelope=registered and _carries_tracking_number(p))
             for i, p in enumerate(live)]
    result = separate(infos, rules)
    plans = []
    for doc in result.documents:
        first = live[doc.pages[0]].meta
        plans.append(DocumentPlan([live[i].id for i in doc.pages], fields=dict(doc.fields),
                                  source_file=doc.source_file, meta={"fax": first["fax"]} if "fax" in first else {}))
    seps = {live[i].id: (kind, live[i].barcodes) for i, kind in result.separators.items()}
    return store.set_documents(batch_id, plans, seps, append=appending)


def _carries_tracking_number(page: StoredPage) -> bool:
    """A page with an S10 tracking number (label barcode or printed) is a registered letter's envelope."""
    return bool(not page.blank and (tracking.find_in_barcodes(page.barcodes) or tracking.find_in_text(page.ocr_text)))


def classify_documents(store: Store, settings: Settings, doc_ids: list[str], *, by: str = "model") -> int:
    """Classify these documents and extract their fields afresh (``by`` names why in the audit
    trail: the model's first pass, or an operator's split or merge)."""
    docs = {d.id: d for d in store.load_batch(store.document_batch(doc_ids[0]), with_words=True).documents} \
        if doc_ids else {}
    for doc_id in doc_ids:
        doc = docs[doc_id]
        pages = store.classification_pages(doc)  # a registered letter's envelope is evidence, not text
        decision = classify_document(pages, settings)
        store.save_classification(doc_id, decision.classification, decision.fields, by=by,
                                  fresh=by != "model")
    return len(doc_ids)


def classify_batch(store: Store, settings: Settings, batch_id: str) -> int:
    """Classify the batch's documents that have no decision yet; returns how many were classified."""
    todo = [d.id for d in store.load_batch(batch_id).documents if not d.doc_type]
    return classify_documents(store, settings, todo)


def process_batch(
    store: Store,
    settings: Settings,
    batch_id: str,
    *,
    options: ProcessOptions | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    pool: PagePool | None = None,
) -> None:
    """Bring a captured batch to ``to_validate``; safe to call again after any crash."""
    options = options or ProcessOptions()
    process_pages(store, settings, batch_id, options, progress, cancel, pool)
    separate_batch(store, batch_id)
    if options.ocr:
        classify_batch(store, settings, batch_id)
    row = store.batch_row(batch_id)
    if row["state"] in (BatchState.SCANNING.value, BatchState.PROCESSING.value):
        store.set_batch_state(batch_id, BatchState.TO_VALIDATE)
    forget_scan_lock(store.root, batch_id)  # a killed scan's lock file (a live scan keeps its own)


def resume(store: Store, settings: Settings, options: ProcessOptions | None = None,
           pool: PagePool | None = None) -> list[str]:
    """After a crash: finish every batch whose capture ended but whose processing did not."""
    ids = [b.id for b in store.list_batches([BatchState.PROCESSING.value])]
    for batch_id in ids:
        process_batch(store, settings, batch_id, options=options, pool=pool)
    return ids


__all__ = ["ProcessOptions", "process_batch", "resume", "separate_batch", "classify_batch",
           "classify_documents", "page_context", "work_dir", "save_result"]

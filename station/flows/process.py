"""Files and scans into the store, then through the pipeline: the path every page takes.

``import_files`` makes every page durable first, then processes; ``process_batch`` is also the
resume path after a crash: it picks up exactly the pages without results, separates once (one
transaction) and classifies what is not yet classified. Page ids of imported files are derived
from the batch and the file's content, so importing the same file into the same batch again
(after a kill) stores nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import shutil
import uuid
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from station.config import Settings
from station.model import BatchState, PageResult, Source
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.separate import Barcode, PageInfo, SeparationRules, read_barcodes, separate
from station.store.documents import DocumentPlan
from station.store.local import Store

log = logging.getLogger(__name__)
NAMESPACE = uuid.UUID("6f1c1f9e-3c1e-4d52-9a55-2d5e3b8f4a10")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stable_id(*parts: str) -> str:
    """A UUID that the same inputs always give (replays after a crash hit the same rows)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


@dataclass
class ProcessOptions:
    """How pages are processed (the defaults are the product's; tests and benches turn OCR off)."""

    ocr: bool = True
    orient_with_tesseract: bool = True
    workers: int = 0  # 0: settings.workers, else one per core; 1: in this process
    lang: str = "deu"


def add_file_pages(
    store: Store,
    batch_id: str,
    path: Path,
    *,
    received_at: datetime | None = None,
    meta: dict[str, Any] | None = None,
    cancel: CancelToken | None = None,
) -> list[str]:
    """Load every page of ``path`` and make it durable in the batch (idempotent per file)."""
    from station.imaging.load import load_pages

    sha = file_sha256(path)
    ids = []
    for loaded in load_pages(path):
        if cancel:
            cancel.raise_if_cancelled()
        page_id = stable_id(batch_id, sha, str(loaded.index))
        if store.query("SELECT 1 FROM pages WHERE id = ?", (page_id,)):
            ids.append(page_id)
            continue
        page_meta = {**_jsonable(loaded.meta), **(meta or {}), "file_page": loaded.index, "file_sha256": sha}
        ids.append(store.add_page(batch_id, loaded.image, received_at, page_id=page_id, dpi=loaded.dpi,
                                  meta=page_meta, source_file=path.name))
    return ids


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        elif isinstance(value, (tuple, list)):
            out[key] = [v if isinstance(v, (str, int, float, bool)) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out


def import_files(
    store: Store,
    settings: Settings,
    paths: Iterable[Path],
    *,
    rules: SeparationRules | None = None,
    source: Source = Source.IMPORT,
    options: ProcessOptions | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> str:
    """Import files into one batch (resuming it if the same files were being imported when the
    station died) and run it through the pipeline. Returns the batch id."""
    paths = [Path(p) for p in paths]
    rules = rules or SeparationRules(one_per_file=True)
    files = [f"{p.name}:{file_sha256(p)}" for p in paths]
    key = stable_id("import", store.station_id, *files)
    if not store.query("SELECT 1 FROM batches WHERE id = ?", (key,)):
        store.create_batch(source=source, profile="import", separation=asdict(rules), batch_id=key,
                           meta={"files": files})
    if store.batch_row(key)["state"] == BatchState.SCANNING.value:
        for n, path in enumerate(paths):
            add_file_pages(store, key, path, cancel=cancel)
            progress(ProgressEvent("import", n + 1, len(paths), item=path.name))
        store.finish_capture(key)
    process_batch(store, settings, key, options=options, progress=progress, cancel=cancel)
    return key


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def process_stored_page(path: str, ctx: Any) -> tuple[PageResult, list[Barcode]]:
    """Worker: barcodes and pipeline findings of one stored page image."""
    from station.imaging.load import load_page
    from station.pipeline import process_page

    image = load_page(path, 0).image
    return process_page(image, ctx), read_barcodes(image)


def _contexts(store: Store, settings: Settings, batch_id: str, options: ProcessOptions) -> list[tuple[str, str, Any]]:
    from station.pipeline import PageContext

    work = work_dir(store, batch_id)
    jobs = []
    for page in store.pages_to_process(batch_id):
        ctx = PageContext(index=page.ord, dpi=page.dpi, blank_sensitivity=settings.blank_sensitivity,
                          out_dir=str(work), ocr=options.ocr, lang=options.lang, thumb=False, name="page",
                          orient_with_tesseract=options.orient_with_tesseract)
        jobs.append((page.id, str(store.page_path(page)), ctx))
    return jobs


def work_dir(store: Store, batch_id: str) -> Path:
    """Where a batch's pages are cleaned and read before the results go into the store."""
    return store.root / "work" / batch_id


def remove_work(store: Store, batch_id: str) -> None:
    """Every page has its result in the store: the working files (cleaned images, OCR text, also
    those a killed process left behind) are no longer needed and hold personal data."""
    shutil.rmtree(work_dir(store, batch_id), ignore_errors=True)


def process_pages(store: Store, settings: Settings, batch_id: str, options: ProcessOptions,
                  progress: ProgressCallback, cancel: CancelToken | None) -> None:
    """Process every page of the batch that has no result yet; each result commits on its own."""
    from station.pipeline import error_result

    jobs = _contexts(store, settings, batch_id, options)
    workers = options.workers or settings.workers or (os.cpu_count() or 1)
    workers = min(workers, max(1, len(jobs)))
    done = 0

    def save(page_id: str, outcome: tuple[PageResult, list[Barcode]]) -> None:
        nonlocal done
        result, codes = outcome
        store.save_page_result(page_id, result, barcodes=[asdict(c) for c in codes])
        if result.clean_path:
            Path(result.clean_path).unlink(missing_ok=True)
        done += 1
        progress(ProgressEvent("process", done, len(jobs), item=page_id))

    if workers <= 1:
        for page_id, path, ctx in jobs:
            if cancel:
                cancel.raise_if_cancelled()
            try:
                save(page_id, process_stored_page(path, ctx))
            except Exception as exc:  # noqa: BLE001 - a bad page is recorded, never stops the batch
                save(page_id, (error_result(ctx.index, exc), []))
        remove_work(store, batch_id)
        return
    ctx_mp = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx_mp, initializer=_init_worker) as pool:
        futures = [(page_id, ctx, pool.submit(process_stored_page, path, ctx)) for page_id, path, ctx in jobs]
        for page_id, ctx, future in futures:
            if cancel and cancel.cancelled:
                pool.shutdown(cancel_futures=True)
                cancel.raise_if_cancelled()
            try:
                save(page_id, future.result())
            except Exception as exc:  # noqa: BLE001
                save(page_id, (error_result(ctx.index, exc), []))
    remove_work(store, batch_id)


def separate_batch(store: Store, batch_id: str) -> list[str]:
    """Split the processed batch into documents by its rules (once; returns the document ids)."""
    batch = store.load_batch(batch_id)
    if batch.documents:
        return [d.id for d in batch.documents]
    rules = SeparationRules.from_dict(batch.separation)
    live = [p for p in batch.pages if not p.deleted]
    infos = [PageInfo(i, blank=p.blank, sheet=p.sheet, side=p.side, source_file=p.source_file,
                      barcodes=[Barcode(**b) for b in p.barcodes]) for i, p in enumerate(live)]
    result = separate(infos, rules)
    plans = []
    for doc in result.documents:
        first = live[doc.pages[0]].meta
        plans.append(DocumentPlan([live[i].id for i in doc.pages], fields=dict(doc.fields),
                                  source_file=doc.source_file, meta={"fax": first["fax"]} if "fax" in first else {}))
    seps = {live[i].id: (kind, live[i].barcodes) for i, kind in result.separators.items()}
    return store.set_documents(batch_id, plans, seps)


def classify_batch(store: Store, settings: Settings, batch_id: str) -> int:
    """Classify the batch's documents that have no decision yet; returns how many were classified."""
    try:
        from station.classify import classify_document  # type: ignore[attr-defined]
    except ImportError:
        log.warning("classifier not available: documents stay unclassified for the operator")
        return 0
    count = 0
    for doc in store.load_batch(batch_id, with_words=True).documents:
        if doc.doc_type:
            continue
        pages = [store.page_result(p) for p in doc.pages if not p.deleted]
        decision = classify_document(pages, settings)
        store.save_classification(doc.id, decision.classification, decision.fields)
        count += 1
    return count


def process_batch(
    store: Store,
    settings: Settings,
    batch_id: str,
    *,
    options: ProcessOptions | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Bring a captured batch to ``to_validate``; safe to call again after any crash."""
    options = options or ProcessOptions()
    process_pages(store, settings, batch_id, options, progress, cancel)
    separate_batch(store, batch_id)
    if options.ocr:
        classify_batch(store, settings, batch_id)
    row = store.batch_row(batch_id)
    if row["state"] in (BatchState.SCANNING.value, BatchState.PROCESSING.value):
        store.set_batch_state(batch_id, BatchState.TO_VALIDATE)


def resume(store: Store, settings: Settings, options: ProcessOptions | None = None) -> list[str]:
    """After a crash: finish every batch whose capture ended but whose processing did not."""
    ids = [r["id"] for r in store.query("SELECT id FROM batches WHERE state = ?", (BatchState.PROCESSING.value,))]
    for batch_id in ids:
        process_batch(store, settings, batch_id, options=options)
    return ids


__all__ = ["ProcessOptions", "import_files", "process_batch", "resume", "add_file_pages", "stable_id",
           "separate_batch", "classify_batch", "replace"]

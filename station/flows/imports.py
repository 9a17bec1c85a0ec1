"""Files into the store, then through processing: ``station import`` and the fax hot folder.

Every page is made durable first, then processed. Page ids of imported files are derived from the
batch and the file's content, so importing the same file into the same batch again (after a
kill) stores nothing twice.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from station.config import Settings
from station.flows.process import ProcessOptions, process_batch
from station.imaging.load import load_pages, probe_pages
from station.model import BatchState, Source
from station.pipeline_pool import PagePool
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.separate import SeparationRules
from station.store.local import Store

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


def add_file_pages(
    store: Store,
    batch_id: str,
    path: Path,
    *,
    received_at: datetime | None = None,
    meta: dict[str, Any] | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback = no_progress,
) -> list[str]:
    """Load every page of ``path`` and make it durable in the batch (idempotent per file); ``progress``
    gets one "file-page" event per page (a long fax or PDF shows how far it is)."""
    sha = file_sha256(path)
    ids = []

    def page_read(index: int, count: int) -> None:
        progress(ProgressEvent("file-page", index + 1, count, item=path.name))

    for loaded in load_pages(path, on_page=page_read):
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
    pool: PagePool | None = None,
    delivery_date: str | None = None,
    delivery_reason: str | None = None,
) -> str:
    """Import files into one batch (resuming it if the same files were being imported when the
    station died) and run it through processing. Returns the batch id. ``delivery_date`` (ISO day,
    default today) is the day the post reached the mailroom: the batch is dated when it is made."""
    paths = [Path(p) for p in paths]
    rules = rules or SeparationRules(one_per_file=True)
    files = [f"{p.name}:{file_sha256(p)}" for p in paths]
    key = stable_id("import", store.station_id, *files)
    if not store.query("SELECT 1 FROM batches WHERE id = ?", (key,)):
        read_through(paths, cancel)  # a damaged file is refused before the batch exists: no half-made batch
        store.create_batch(source=source, profile="import", separation=asdict(rules), batch_id=key,
                           meta={"files": files}, delivery_date=delivery_date, delivery_reason=delivery_reason)
    if store.batch_row(key)["state"] == BatchState.SCANNING.value:
        for n, path in enumerate(paths):
            add_file_pages(store, key, path, cancel=cancel, progress=progress)
            progress(ProgressEvent("import", n + 1, len(paths), item=path.name))
        store.finish_capture(key)
    process_batch(store, settings, key, options=options, progress=progress, cancel=cancel, pool=pool)
    return key


def read_through(paths: list[Path], cancel: CancelToken | None = None,
                 on_page: Callable[[int, int], None] | None = None) -> list[int]:
    """Decode every page of every file once, keeping nothing, before anything is stored (so a damaged
    file leaves no half-made batch); returns the page counts. ``InputFileError`` names the bad file."""
    for path in paths:  # headers first: a bad file late in the list fails fast
        _, error = probe_pages(path)
        if error is not None:
            raise error
    counts = []
    for path in paths:
        count = 0
        for _ in load_pages(path, on_page=on_page):
            count += 1
            if cancel:
                cancel.raise_if_cancelled()
        counts.append(count)
    return counts


__all__ = ["read_through", "import_files", "add_file_pages", "file_sha256", "stable_id"]

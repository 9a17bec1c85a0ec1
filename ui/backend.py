"""The one place where the desk application calls the core: capture, store, pipeline, classify,
fields and sync. Every function here is plain Python (no widgets) and runs in a worker thread
(``ui.worker``); it turns the core's records into the view data of ``ui.viewdata``.

Keeping the calls in one module means the views never learn the core's shapes, and a seam that
changes is fixed here only. A core part that is not installed yet raises a clear StationError
("not available in this version") instead of being faked.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from station.config import Settings
from station.errors import StationError
from station.i18n import current_language
from station.model import DocState
from station.progress import CancelToken
from ui.statusbar import SyncState
from ui.thumbs import quick_thumb
from ui.viewdata import BatchItem, BatchSummary, DocItem, DocTypeChoice, FieldMark, PageItem


class NotAvailable(StationError):
    """A core part this action needs is not part of this installation."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(
            f"Diese Funktion ({what}) ist in dieser Version nicht verfügbar.",
            f"This function ({what}) is not available in this version.",
            detail=detail,
        )


def _need(module: str, what: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise NotAvailable(what, str(exc)) from exc


def _method(obj: Any, name: str, what: str) -> Any:
    fn = getattr(obj, name, None)
    if fn is None:
        raise NotAvailable(what, f"{type(obj).__name__}.{name}")
    return fn


# -- store -------------------------------------------------------------------------------------
def open_store(settings: Settings) -> Any:
    """A store connection for the calling thread (SQLite in WAL mode serves several)."""
    return _need("station.store", "lokaler Speicher").Store.open(settings)


def recent_batches(settings: Settings, limit: int = 20) -> list[BatchSummary]:
    store = open_store(settings)
    try:
        return [
            BatchSummary(b.id, _when(b.started_at), b.state, b.page_count, b.document_count, b.profile)
            for b in store.list_batches()[:limit]
        ]
    finally:
        store.close()


def create_batch(store: Any, profile: str) -> str:
    return store.create_batch(profile=profile)


def load_batch(store: Any, batch_id: str) -> BatchItem:
    """The stored batch as the screen shows it (documents, then pages not yet in a document)."""
    stored = store.load_batch(batch_id, with_words=False)
    labels = {t.id: t for t in doc_types()}
    batch = BatchItem(stored.id, state=stored.state, started_at=_when(stored.started_at), profile=stored.profile)
    for sdoc in stored.documents:
        doc = DocItem(
            id=sdoc.id,
            doc_type=sdoc.doc_type,
            type_label=labels[sdoc.doc_type].label if sdoc.doc_type in labels else "",
            department=sdoc.department or "",
            confidence=sdoc.confidence,
            needs_review=sdoc.needs_review,
            fields={k: v for k, v in (sdoc.fields or {}).items() if isinstance(v, str) or v is None},
            state=DocState(sdoc.state) if sdoc.state in DocState._value2member_map_ else DocState.TO_CHECK,
            received_at=_when(sdoc.received_at),
        )
        doc.pages = [_page_item(store, p) for p in sdoc.pages]
        batch.documents.append(doc)
    loose = [p for p in stored.pages if p.document_id is None and not p.deleted]
    if loose:
        batch.documents.append(DocItem(id=f"loose:{batch_id}", pages=[_page_item(store, p) for p in loose]))
    return batch


def _page_item(store: Any, page: Any) -> PageItem:
    try:
        path = str(store.page_path(page, clean=True))
    except StationError:
        path = None
    return PageItem(
        id=page.id, image_path=path, thumb_path=path, blank=page.blank, separator=page.separator,
        processed=page.processed, deleted=page.deleted, error=page.error,
    )


def _when(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


# -- capture -------------------------------------------------------------------------------------
@dataclass
class Arrived:
    """A page that is on disk and recorded: safe to show."""

    page_id: str
    path: str
    thumb: Any  # QImage
    sheet: int
    side: str
    arrived_at: float  # perf_counter when the scanner handed it over


def list_scanners(settings: Settings) -> list[tuple[str, str]]:
    """(device name, label) pairs; the virtual scanner is always there."""
    try:
        capture = _need("station.capture", "Scanner")
        return [(d.name, getattr(d, "label", d.name)) for d in capture.list_devices(settings)]
    except Exception:  # noqa: BLE001 - no SANE: the virtual scanner still works
        return [("virtual", "Virtueller Scanner")]


def scan_pages(
    settings: Settings, device: str, profile: str, batch_id: str, cancel: CancelToken, first_sheet: int = 0
) -> Iterator[Arrived]:
    """Drive the scanner: every page is made durable in the store before it is yielded."""
    capture = _need("station.capture", "Scanner")
    store = open_store(settings)
    source = capture.open_source(settings, device)
    try:
        for raw in source.scan(settings.profile_named(profile), cancel, first_sheet=first_sheet):
            arrived = time.perf_counter()
            page_id = store.add_page(batch_id, raw)
            path = str(store.page_path(page_id))
            yield Arrived(page_id, path, quick_thumb(raw.image), raw.sheet, raw.side, arrived)
    finally:
        source.close()
        store.close()


def finish_capture(settings: Settings, batch_id: str) -> None:
    store = open_store(settings)
    try:
        store.finish_capture(batch_id)
    finally:
        store.close()


# -- pipeline --------------------------------------------------------------------------------------
def page_pool(settings: Settings) -> Any:
    pipeline = _need("station.pipeline", "Seitenverarbeitung")
    return pipeline.PagePool(settings.workers or None)


def page_context(settings: Settings, out_dir: Path) -> Any:
    pipeline = _need("station.pipeline", "Seitenverarbeitung")
    return pipeline.PageContext(index=0, dpi=300, blank_sensitivity=settings.blank_sensitivity, out_dir=str(out_dir))


def save_page_result(settings: Settings, page_id: str, result: Any) -> None:
    store = open_store(settings)
    try:
        store.save_page_result(page_id, result)
    finally:
        store.close()


# -- deciding ---------------------------------------------------------------------------------------
def doc_types() -> list[DocTypeChoice]:
    try:
        taxonomy = _need("station.classify.taxonomy", "Dokumentarten")
        lang = current_language()
        return [DocTypeChoice(t.id, t.label(lang), t.department) for t in taxonomy.load_taxonomy()]
    except StationError:
        return []


def validator() -> Any:
    """``station.fields.validate`` when the fields part is installed (else no live checks)."""
    try:
        return _need("station.fields", "Feldprüfung").validate
    except NotAvailable:
        return None


# -- status ----------------------------------------------------------------------------------------
def disk_free(settings: Settings) -> int:
    path = settings.data_path
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def sync_state(settings: Settings) -> SyncState:
    """Queue length and age of the oldest unsynced batch from the local outbox."""
    state = SyncState(configured=bool(settings.central.host), warn_age_min=settings.central.warn_unsynced_age_min)
    try:
        store = open_store(settings)
    except StationError:
        return state
    try:
        pending = store.outbox_pending() if hasattr(store, "outbox_pending") else []
        state.queued = len({_get(p, "batch_id") for p in pending}) if pending else 0
        ages = [_get(p, "queued_at") or _get(p, "created_at") for p in pending]
        ages = [a for a in ages if a]
        if ages:
            oldest = min(datetime.fromisoformat(a) for a in ages)
            state.oldest_age_min = (datetime.now(oldest.tzinfo) - oldest).total_seconds() / 60
    finally:
        store.close()
    return state


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


# -- the batch after scanning, and the operator's corrections ----------------------------------------
def _with_store(settings: Settings, batch_id: str, method: str, what: str, *args: Any, **kwargs: Any) -> BatchItem:
    """Call one store method and return the batch as stored afterwards."""
    store = open_store(settings)
    try:
        _method(store, method, what)(*args, **kwargs)
        return load_batch(store, batch_id)
    finally:
        store.close()


def load_batch_by_id(settings: Settings, batch_id: str) -> BatchItem:
    store = open_store(settings)
    try:
        return load_batch(store, batch_id)
    finally:
        store.close()


def finish_batch(settings: Settings, batch_id: str) -> BatchItem:
    """Split the processed batch into documents and classify each one, then reload it.

    Uses the core's ``station.batches.finish_batch`` when that exists; until then it chains
    the core's own steps (``station.separate.separate`` -> ``Store.set_documents`` ->
    ``station.classify.classify_document`` -> ``Store.save_classification``) without adding any
    decision of its own.
    """
    store = open_store(settings)
    try:
        batches = _optional("station.batches")
        if batches is not None and hasattr(batches, "finish_batch"):
            batches.finish_batch(store, batch_id, settings=settings)
        else:
            _separate(store, batch_id)
            _classify(store, settings, batch_id)
        return load_batch(store, batch_id)
    finally:
        store.close()


def _optional(module: str) -> Any:
    try:
        return _need(module, module)
    except NotAvailable:
        return None


def _separate(store: Any, batch_id: str) -> None:
    sep = _need("station.separate", "Dokumenttrennung")
    plan_cls = _need("station.store.documents", "Dokumenttrennung").DocumentPlan
    stored = store.load_batch(batch_id)
    if stored.documents:
        return
    pages = [p for p in stored.pages if not p.deleted]
    infos = []
    for p in pages:
        barcodes: list[Any] = []
        if hasattr(sep, "read_barcodes"):
            image = _read_image(store, p)
            barcodes = sep.read_barcodes(image) if image is not None else []
        infos.append(sep.PageInfo(index=p.ord, blank=p.blank, sheet=p.sheet, side=p.side, barcodes=barcodes,
                                  source_file=p.source_file))
    result = sep.separate(infos, sep.SeparationRules.from_dict(stored.separation))
    by_ord = {p.ord: p.id for p in pages}
    plans = [plan_cls(page_ids=[by_ord[i] for i in d.pages], fields=dict(d.fields), source_file=d.source_file)
             for d in result.documents]
    codes = {i.index: [{"format": b.format, "text": b.text} for b in i.barcodes] for i in infos}
    separators = {by_ord[i]: (kind, codes.get(i, [])) for i, kind in result.separators.items()}
    store.set_documents(batch_id, plans, separators)


def _read_image(store: Any, page: Any) -> Any:
    import cv2

    try:
        return cv2.imread(str(store.page_path(page, clean=True)), cv2.IMREAD_GRAYSCALE)
    except StationError:
        return None


def _classify(store: Any, settings: Settings, batch_id: str) -> None:
    classify = _optional("station.classify")
    if classify is None or not hasattr(classify, "classify_document"):
        raise NotAvailable("Klassifikation", "station.classify.classify_document")
    stored = store.load_batch(batch_id, with_words=True)
    for doc in stored.documents:
        if doc.doc_type:
            continue
        results = [store.page_result(p) for p in doc.pages if not p.deleted]
        decision = classify.classify_document(results, settings)
        store.save_classification(doc.id, decision.classification, decision.fields)


def field_marks(settings: Settings, doc_id: str, fields: dict[str, str | None]) -> list[FieldMark]:
    """Where the document's current field values stand on its pages (for the outlines).

    The core's field finder reports the boxes; only hits whose value is the document's value now
    (after any correction) are outlined, so an outline never points at a rejected reading.
    """
    fields_mod = _optional("station.fields")
    if fields_mod is None:
        return []
    store = open_store(settings)
    try:
        rows = store.query("SELECT id FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (doc_id,))
        pages = [store.page(r["id"]) for r in rows]
        results = [store.page_result(p) for p in pages if p.processed]
    finally:
        store.close()
    by_index = {p.ord: p.id for p in pages}
    _fields, hits = fields_mod.extract_fields(results)
    return [
        FieldMark(h.name, h.value, by_index.get(h.page_index, ""), h.box.x, h.box.y, h.box.width, h.box.height)
        for h in hits
        if h.box is not None and fields.get(h.name) and fields.get(h.name) == h.value
    ]


def accept_document(settings: Settings, batch_id: str, doc_id: str, changes: dict[str, Any] | None = None) -> None:
    """Accept a document; corrections of type or fields are stored once, with it (audited and
    kept for retraining), not keystroke by keystroke."""
    store = open_store(settings)
    try:
        if changes:
            _method(store, "record_correction", "Korrektur speichern")(
                doc_id, doc_type=changes.get("doc_type"), fields=changes.get("fields"), accept=True
            )
        else:
            _method(store, "accept_document", "Freigeben")(doc_id)
    finally:
        store.close()


def rotate_page(settings: Settings, batch_id: str, page_id: str, degrees: int) -> BatchItem:
    return _with_store(settings, batch_id, "rotate_page", "Seite drehen", page_id, degrees)


def delete_page(settings: Settings, batch_id: str, page_id: str) -> BatchItem:
    return _with_store(settings, batch_id, "delete_page", "Seite löschen", page_id)


def split_document(settings: Settings, batch_id: str, page_id: str) -> BatchItem:
    return _with_store(settings, batch_id, "split_document", "Dokument teilen", page_id)


def merge_document(settings: Settings, batch_id: str, doc_id: str) -> BatchItem:
    return _with_store(settings, batch_id, "merge_with_previous", "Dokumente zusammenführen", doc_id)


def move_page(settings: Settings, batch_id: str, page_id: str, doc_id: str, position: int) -> BatchItem:
    return _with_store(settings, batch_id, "move_page", "Seite verschieben", page_id, doc_id, position)


def rescan_page(settings: Settings, batch_id: str, page_id: str, device: str, profile: str) -> BatchItem:
    """Scan one sheet and store it in place of ``page_id``."""
    capture = _need("station.capture", "Scanner")
    store = open_store(settings)
    source = capture.open_source(settings, device)
    try:
        raw = next(iter(source.scan(settings.profile_named(profile), CancelToken())), None)
        if raw is None:
            raise NotAvailable("Seite neu scannen", "scanner returned no page")
        _method(store, "replace_page", "Seite neu scannen")(page_id, raw)
        return load_batch(store, batch_id)
    finally:
        source.close()
        store.close()


def close_batch(settings: Settings, batch_id: str) -> None:
    """Queue the validated batch in the outbox for the central store."""
    store = open_store(settings)
    try:
        store.close_batch(batch_id)
    finally:
        store.close()


def test_central(settings: Settings) -> str:
    """"Verbindung testen": connect to the central store once; a SyncError says what failed."""
    if not settings.central.host:
        raise StationError(
            "Kein Server eingetragen: bitte den Namen des zentralen Servers eintragen.",
            "No server entered: please enter the central server's name.",
        )
    central = _need("station.sync.central", "Verbindung zur Zentrale")
    check = _method(central, "check_connection", "Verbindung testen")
    result = check(settings)
    return str(result) if result else ("Verbindung in Ordnung." if current_language() == "de" else "Connection OK.")

"""The one place where the desk application calls the core: capture, store, pipeline, classify,
fields and sync. Every function here is plain Python (no widgets) and runs in a worker thread
(``ui.worker``); it turns the core's records into the view data of ``ui.viewdata``.

Keeping the calls in one module means the views never learn the core's shapes, and a seam that
changes is fixed here only. The rules (accept, split, merge, close, finish, delete) are the core's
own (``station.flows.batch``), the same the ``station`` commands apply.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import Any

from station.batches import delete_page as store_delete_page
from station.batches import move_page as store_move_page
from station.batches import restore_page as store_restore_page
from station.batches import rotate_page as store_rotate_page
from station.config import Settings
from station.errors import StationError
from station.fields import extract_fields, validate
from station.flows import batch as rules
from station.i18n import current_language
from station.model import DocState
from station.store.local import Store
from station.sync.connect import connect
from station.sync.worker import sync_status
from station.taxonomy import load_taxonomy
from ui.statusbar import SyncState
from ui.thumbs import thumb_from_file
from ui.viewdata import BatchItem, BatchSummary, DocItem, DocTypeChoice, FieldMark, PageItem


class NotAvailable(StationError):
    """A core part this action needs is not part of this installation."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(
            f"Diese Funktion ({what}) ist in dieser Version nicht verfügbar.",
            f"This function ({what}) is not available in this version.",
            detail=detail,
        )


# -- store -------------------------------------------------------------------------------------
def open_store(settings: Settings) -> Store:
    """A store connection for the calling thread (SQLite in WAL mode serves several)."""
    return Store.open(settings)


def recent_batches(settings: Settings, limit: int = 20) -> list[BatchSummary]:
    store = open_store(settings)
    try:
        return [
            BatchSummary(b.id, _when(b.started_at), b.state, b.page_count, b.document_count, b.profile)
            for b in store.list_batches() if b.purged_at is None
        ][:limit]
    finally:
        store.close()


def create_batch(store: Any, profile: str) -> str:
    return store.create_batch(profile=profile)


def load_batch(store: Any, batch_id: str) -> BatchItem:
    """The stored batch as the screen shows it.

    Pages the separation left out of every document keep their place on screen: a separator
    sheet is drawn as a divider before the document it opens, a dropped blank back stays (greyed)
    with the document whose sheet it is. Before separation, all pages form one provisional
    document.
    """
    stored = store.load_batch(batch_id, with_words=False)
    labels = {t.id: t for t in doc_types()}
    batch = BatchItem(stored.id, state=stored.state, started_at=_when(stored.started_at), profile=stored.profile,
                      delivery_date=_day(getattr(stored, "delivery_date", None)),
                      delivery_reason=getattr(stored, "delivery_reason", None))
    for sdoc in stored.documents:
        doc = DocItem(
            id=sdoc.id,
            doc_type=sdoc.doc_type,
            type_label=labels[sdoc.doc_type].label if sdoc.doc_type in labels else "",
            department=sdoc.department or "",
            confidence=sdoc.confidence,
            needs_review=sdoc.needs_review,
            review_reason=sdoc.review_reason,
            fields={k: v for k, v in (sdoc.fields or {}).items() if isinstance(v, str) or v is None},
            state=DocState(sdoc.state) if sdoc.state in DocState._value2member_map_ else DocState.TO_CHECK,
            received_at=_when(sdoc.received_at),
            delivery_date=_day(getattr(sdoc, "delivery_date", None)),
            registered=bool(getattr(sdoc, "registered", False)),
            tracking_number=getattr(sdoc, "tracking_number", None),
        )
        doc.pages = [_page_item(store, p) for p in sdoc.pages]
        batch.documents.append(doc)
    loose = [p for p in stored.pages if p.document_id is None and not p.deleted]
    if not batch.documents:
        # before separation every page is shown, deleted ones struck out (restorable); a page a
        # rescan replaced is not: its successor stands in its place
        replaced = {p.meta.get("replaces") for p in stored.pages}
        shown = [p for p in stored.pages if p.document_id is None and p.id not in replaced]
        if shown:
            batch.documents.append(DocItem(id=f"new:{batch_id}", pages=[_page_item(store, p) for p in shown]))
        return batch
    _place_loose(store, batch, stored, loose)
    return batch


def _day(value: str | None) -> Any:
    """A stored YYYY-MM-DD as a date (None stays None)."""
    from datetime import date

    return date.fromisoformat(value) if value else None


def _place_loose(store: Any, batch: BatchItem, stored: Any, loose: list[Any]) -> None:
    """Put each page that is in no document next to the document it belongs with (by scan order)."""
    first_ord = {d.id: min((p.ord for p in d.pages), default=0) for d in stored.documents}
    docs = sorted(batch.documents, key=lambda d: first_ord[d.id])
    for page in loose:
        item = _page_item(store, page)
        item.loose = True
        following = [d for d in docs if first_ord[d.id] > page.ord]
        preceding = [d for d in docs if first_ord[d.id] < page.ord]
        if page.separator and following:
            following[0].pages.insert(0, item)
        elif preceding:
            preceding[-1].pages.append(item)
        else:
            docs[0].pages.insert(0, item)


def _page_item(store: Any, page: Any) -> PageItem:
    try:
        path = str(store.page_path(page, clean=True))
    except StationError:
        path = None
    return PageItem(
        id=page.id, image_path=path, thumb=thumb_from_file(path) if path else None, blank=page.blank,
        separator=page.separator, processed=page.processed, deleted=page.deleted, error=page.error,
        envelope=bool(getattr(page, "envelope", False)),
    )


def _when(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


# -- deciding ---------------------------------------------------------------------------------------
def doc_types() -> list[DocTypeChoice]:
    try:
        lang = current_language()
        return [DocTypeChoice(t.id, t.label(lang), t.department, t.department_label(lang))
                for t in load_taxonomy()]
    except StationError:
        return []


def validator() -> Any:
    """``station.fields.validate``: the panel's live checks."""
    return validate


# -- status ----------------------------------------------------------------------------------------
def disk_free(settings: Settings) -> int:
    path = settings.data_path
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def sync_state(settings: Settings) -> SyncState:
    """Queue length and age of the oldest unsynced batch (the sync part's ``sync_status``, read
    from the local store only: fast and offline-safe); online is unknown until a send tried."""
    state = SyncState(configured=bool(settings.central.host), warn_age_min=settings.central.warn_unsynced_age_min)
    status = sync_status(settings)
    state.queued = status.pending
    state.oldest_age_min = status.oldest_age_s / 60 if status.oldest_age_s is not None else None
    state.online = False if status.last_error else None
    return state


# -- the batch after scanning, and the operator's corrections ----------------------------------------
def _edit(settings: Settings, batch_id: str, operation: Any, *args: Any) -> BatchItem:
    """One of the operator's edits (a core function taking the store first), then the batch as stored."""
    store = open_store(settings)
    try:
        operation(store, *args)
        return load_batch(store, batch_id)
    finally:
        store.close()


def load_batch_by_id(settings: Settings, batch_id: str) -> BatchItem:
    store = open_store(settings)
    try:
        return load_batch(store, batch_id)
    finally:
        store.close()


def field_marks(settings: Settings, doc_id: str, fields: dict[str, str | None]) -> list[FieldMark]:
    """Where the document's current field values stand on its pages (for the outlines).

    The core's field finder reports the boxes; only hits whose value is the document's value now
    (after any correction) are outlined, so an outline never points at a rejected reading.
    """
    store = open_store(settings)
    try:
        rows = store.query("SELECT id FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (doc_id,))
        pages = [store.page(r["id"]) for r in rows]
        results = [store.page_result(p) for p in pages if p.processed]
    finally:
        store.close()
    by_index = {p.ord: p.id for p in pages}
    _fields, hits = extract_fields(results)
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
        rules.accept_document(store, doc_id, changes)
    finally:
        store.close()


def rotate_page(settings: Settings, batch_id: str, page_id: str, degrees: int) -> BatchItem:
    return _edit(settings, batch_id, store_rotate_page, page_id, degrees)


def delete_page(settings: Settings, batch_id: str, page_id: str) -> BatchItem:
    """Soft delete: the page leaves the document, never the store (restorable until export)."""
    return _edit(settings, batch_id, store_delete_page, page_id)


def restore_page(settings: Settings, batch_id: str, page_id: str) -> BatchItem:
    """Undo a soft delete: the page is back in its document, at its place (audited by the core)."""
    return _edit(settings, batch_id, store_restore_page, page_id)


def split_document(settings: Settings, batch_id: str, doc_id: str, page_id: str) -> BatchItem:
    """S: the split of ``flows.batch`` (both parts classified and their fields read afresh)."""
    return _edit(settings, batch_id, lambda store: rules.split(store, settings, doc_id, page_id))


def merge_document(settings: Settings, batch_id: str, previous_id: str, doc_id: str) -> BatchItem:
    """M: the merge of ``flows.batch`` (the joined document classified afresh)."""
    return _edit(settings, batch_id, lambda store: rules.merge(store, settings, previous_id, doc_id))


def mark_registered(settings: Settings, batch_id: str, doc_id: str, envelope_page_id: str | None) -> BatchItem:
    """Ctrl+E: registered mail (``flows.batch.mark_registered``: the envelope page kept as evidence,
    the tracking number read from its label, the document classified again without it)."""
    return _edit(settings, batch_id, lambda store: rules.mark_registered(store, settings, doc_id, envelope_page_id))


def move_page(settings: Settings, batch_id: str, page_id: str, doc_id: str, position: int) -> BatchItem:
    return _edit(settings, batch_id, store_move_page, page_id, doc_id, position)


def close_batch(settings: Settings, batch_id: str, force: bool = False) -> None:
    """Queue the validated batch for the central store (``flows.batch.close_batch``: documents
    still to check refuse it unless ``force``, the operator's confirmation)."""
    store = open_store(settings)
    try:
        rules.close_batch(store, batch_id, force=force)
    finally:
        store.close()


def finish_stranded(settings: Settings, batch_id: str) -> BatchItem:
    """A batch left in capture or processing: finish it (separated, classified), then show it."""
    store = open_store(settings)
    try:
        rules.finish_batch(store, settings, batch_id)
        return load_batch(store, batch_id)
    finally:
        store.close()


def delete_batch(settings: Settings, batch_id: str) -> None:
    """The operator confirmed: take a batch that was never closed off the station."""
    store = open_store(settings)
    try:
        rules.delete_batch(store, batch_id, confirm=True)
    finally:
        store.close()


def check_central(settings: Settings) -> str:
    """"Verbindung testen": connect to the central store once; a SyncError says what failed."""
    if not settings.central.host:
        raise StationError(
            "Kein Server eingetragen: bitte den Namen des zentralen Servers eintragen.",
            "No server entered: please enter the central server's name.",
        )
    connect(settings.central).close()  # a SyncError says what failed
    return "Verbindung in Ordnung." if current_language() == "de" else "Connection OK."

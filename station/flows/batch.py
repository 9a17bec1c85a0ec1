"""The batch rules: what stop, a jam, a missing duplex back, split, merge, close and re-close mean.

One set of rules for the desk and the ``station`` commands:

- **End of the stack** (the feeder ran empty, or the operator stopped after a sheet): the batch is
  finished at once: capture ends, every page is processed, separated and classified, and the
  batch is ready to validate (``finish_batch``). A stop never leaves it "being processed".
- **A fault** (jam, cover open, cable): the batch stays in capture; nothing is separated while the
  operator fixes the scanner. "Weiter" scans on into the same batch; ending the batch instead is
  the end of the stack.
- **A crash**: on start, every batch left in capture or processing is finished
  (``recover_stranded``); it can then be validated, continued (``reopen_batch``) or deleted.
- **A duplex sheet whose back never reached the disk** (a jam between its sides, a crash): its front
  is put aside and the sheet is fed again (``put_aside_lone_front``, ``continue_at``).
- **Split and merge** change which pages form a document, so those documents are classified and
  their fields extracted afresh, audited as ``by: split`` / ``by: merge``.
- **Close** needs every document checked; ``force`` closes anyway (the operator confirmed).
  Closing a closed or synced batch again changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from station.batches import delete_page, merge_documents, split_document
from station.config import Settings
from station.errors import StoreError
from station.flows.process import ProcessOptions, classify_documents, process_batch
from station.flows.scanlock import being_scanned, forget_scan_lock, sweep_scan_locks
from station.model import BatchState, DocState, Source
from station.pipeline_pool import PagePool
from station.progress import CancelToken, ProgressCallback, no_progress
from station.store.local import Store
from station.store.retention import purge_batch

log = logging.getLogger(__name__)
OPEN = (BatchState.SCANNING.value, BatchState.PROCESSING.value)
DONE = (BatchState.CLOSED.value, BatchState.SYNCED.value)


class ChecksLeft(StoreError):
    """A batch with documents still to check was to be closed without ``force``."""

    def __init__(self, batch_id: str, left: int) -> None:
        super().__init__(
            f"Noch {left} {'Dokument' if left == 1 else 'Dokumente'} zu prüfen: erst freigeben, dann abschließen.",
            f"{left} document{'' if left == 1 else 's'} still to check: accept first, then close.",
            detail=batch_id)
        self.left = left


def finish_batch(store: Store, settings: Settings, batch_id: str, *, options: ProcessOptions | None = None,
                 pool: PagePool | None = None, progress: ProgressCallback = no_progress,
                 cancel: CancelToken | None = None) -> None:
    """The end of the stack (feeder empty or stopped): capture ends and the batch is brought to
    "to validate" in one call: pages processed, separated, classified."""
    store.finish_capture(batch_id)
    process_batch(store, settings, batch_id, options=options, pool=pool, progress=progress, cancel=cancel)


def stranded_batches(store: Store, *, include_faxes: bool = False) -> list[str]:
    """Batches a crash (or an older version's stop) left in capture or processing, oldest first;
    not those a live scan job holds (``flows.scanlock``: a jam dialog may be open)."""
    rows = store.list_batches(list(OPEN))
    return [b.id for b in reversed(rows)
            if b.purged_at is None and (include_faxes or b.source != Source.FAX.value)
            and not being_scanned(store.root, b.id)]


def recover_stranded(store: Store, settings: Settings, *, include_faxes: bool = False,
                     options: ProcessOptions | None = None, pool: PagePool | None = None) -> list[str]:
    """On start: finish every stranded batch (faxes are the fax watch's own, unless asked)."""
    done = []
    for batch_id in stranded_batches(store, include_faxes=include_faxes):
        try:
            finish_batch(store, settings, batch_id, options=options, pool=pool)
            forget_scan_lock(store.root, batch_id)  # a dead scan's lock file
            done.append(batch_id)
        except Exception:  # noqa: BLE001 - one bad batch must not keep the others stranded
            log.exception("batch %s could not be finished after a restart", batch_id)
    sweep_scan_locks(store.root)  # locks of scans killed after their batch was finished
    return done


def reopen_batch(store: Store, batch_id: str) -> None:
    """Continue a finished but unclosed batch: it goes back into capture. Pages scanned now are
    separated on their own when it finishes again and follow its documents."""
    state = store.batch_row(batch_id)["state"]
    if state == BatchState.SCANNING.value:
        return
    if state != BatchState.TO_VALIDATE.value:
        raise StoreError(f"Stapel {batch_id} kann nicht fortgesetzt werden (Zustand: {state}).",
                         f"Batch {batch_id} cannot be continued (state: {state}).")
    store.set_batch_state(batch_id, BatchState.SCANNING)


def put_aside_lone_front(store: Store, batch_id: str, duplex: bool) -> int | None:
    """A duplex sheet whose back never reached the disk (a jam between the sides, a crash): its
    front is put aside (deleted, audited) and the sheet has to go through the feeder again, so no
    side is stored twice. Returns that sheet's number, or None when the last sheet is complete."""
    pages = [p for p in store.load_batch(batch_id).pages if not p.deleted]
    if not duplex or not pages:
        return None
    last = max(p.sheet or 0 for p in pages)
    sides = [p for p in pages if (p.sheet or 0) == last]
    if len(sides) >= 2:
        return None
    for page in sides:
        delete_page(store, page.id)
    return last


def continue_at(store: Store, batch_id: str, duplex: bool) -> int:
    """Where a batch goes on: the sheet after the last one completely on disk. A duplex sheet whose
    back never reached the disk is put aside (deleted, audited) and has to go through the feeder
    again (``put_aside_lone_front``). A batch ready to validate is reopened first."""
    row = store.batch_row(batch_id)
    if row["state"] == BatchState.TO_VALIDATE.value:
        reopen_batch(store, batch_id)
    elif row["state"] != BatchState.SCANNING.value:
        raise StoreError(f"Stapel {batch_id} ist schon fertig gescannt.",
                         f"Batch {batch_id} has already been scanned to the end.")
    redo = put_aside_lone_front(store, batch_id, duplex)
    if redo is not None:
        return redo
    pages = [p for p in store.load_batch(batch_id).pages if not p.deleted]
    return max((p.sheet or 0 for p in pages), default=-1) + 1


def documents_to_check(store: Store, batch_id: str) -> int:
    return sum(1 for d in store.load_batch(batch_id).documents if d.state != DocState.ACCEPTED.value)


def close_batch(store: Store, batch_id: str, *, force: bool = False) -> bool:
    """Close a validated batch and queue it for the central store. Refuses a batch still in
    capture or processing; refuses one with documents to check unless ``force`` (raises
    ``ChecksLeft``). Returns False when it was closed already (re-closing changes nothing)."""
    state = store.batch_row(batch_id)["state"]
    if state in OPEN:
        raise StoreError(f"Stapel {batch_id} ist noch nicht fertig verarbeitet und kann nicht abgeschlossen werden.",
                         f"Batch {batch_id} is not fully processed yet and cannot be closed.")
    if state in DONE:
        return False
    left = documents_to_check(store, batch_id)
    if left and not force:
        raise ChecksLeft(batch_id, left)
    store.close_batch(batch_id)
    return True


def delete_batch(store: Store, batch_id: str, *, confirm: bool = False) -> int:
    """Take a batch that was never closed off the station (pages, documents; the audit chain
    records which files went). Needs ``confirm``; returns how many pages went."""
    row = store.batch_row(batch_id)
    if row["state"] in DONE:
        raise StoreError(f"Stapel {batch_id} ist abgeschlossen; er wird nach der Aufbewahrungsfrist gelöscht.",
                         f"Batch {batch_id} is closed; it is removed after the retention period.")
    if not confirm:
        raise StoreError("Löschen bitte bestätigen.", "Please confirm the deletion.", detail=batch_id)
    pages, _files = purge_batch(store, batch_id)
    return pages


def accept_document(store: Store, document_id: str, changes: dict[str, Any] | None = None) -> None:
    """The operator accepts a document; corrections of type or fields go with it, once (audited
    and kept for retraining; a new type is routed to its department). A registered letter's
    tracking number typed at the desk is stored first: a number the store refuses stops the accept."""
    if changes and changes.get("tracking_number"):  # typed at the desk: validated and audited by the store
        store.set_tracking_number(document_id, str(changes["tracking_number"]))
    if changes and (changes.get("doc_type") or changes.get("fields")):
        store.record_correction(document_id, doc_type=changes.get("doc_type"), fields=changes.get("fields"),
                                accept=True)
    else:
        store.accept_document(document_id)


def mark_registered(store: Store, settings: Settings, document_id: str, envelope_page_id: str | None = None) -> None:
    """The desk's "Einschreiben" key: the document is registered mail, the given page (default its
    first) is the envelope kept as evidence, and the document is classified again without it (an
    envelope's addresses and label are not the letter's words), audited as ``by: registered``."""
    store.mark_registered(document_id, envelope_page_id=envelope_page_id)
    classify_documents(store, settings, [document_id], by="registered")


def split(store: Store, settings: Settings, document_id: str, first_page_id: str) -> str:
    """Cut a document before a page; both parts are classified and their fields read afresh."""
    new_doc = split_document(store, document_id, first_page_id)
    classify_documents(store, settings, [document_id, new_doc], by="split")
    return new_doc


def merge(store: Store, settings: Settings, first_id: str, second_id: str) -> None:
    """Join a document to the one before it; the joined document is classified afresh."""
    merge_documents(store, first_id, second_id)
    classify_documents(store, settings, [first_id], by="merge")


__all__ = ["finish_batch", "stranded_batches", "recover_stranded", "reopen_batch", "continue_at", "close_batch",
           "delete_batch", "accept_document", "mark_registered", "put_aside_lone_front", "split", "merge", "ChecksLeft", "documents_to_check"]

"""Read the shift's counters from the local store (and whether the central store answers), in a
worker thread: the status bar shows them all day, the desk refreshes them now and then."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

from station.config import Settings
from station.desk.state import ShiftCounts
from station.model import BatchState, DocState, Source
from station.store import Store
from station.sync.outbox import queue_state

PROBE_TIMEOUT_S = 1.5
WAITING = (BatchState.SCANNING.value, BatchState.PROCESSING.value, BatchState.TO_VALIDATE.value)


def central_reachable(settings: Settings) -> bool | None:
    """Whether the central store's port answers (None: no central store configured). A TCP probe,
    not a login: the status bar says "nicht erreichbar" at once instead of "unknown"."""
    host = settings.central.host
    if not host:
        return None
    if host.startswith("/"):  # a local socket directory
        return True
    try:
        with socket.create_connection((host, settings.central.port), timeout=PROBE_TIMEOUT_S):
            return True
    except OSError:
        return False


def read_shift(settings: Settings, probe: bool = True) -> ShiftCounts:
    """Pages scanned today, batches and documents waiting for a check, faxes waiting, the sync queue."""
    store = Store.open(settings)
    try:
        today = datetime.now().astimezone().date()
        pages_today = batches_waiting = documents_waiting = faxes_waiting = 0
        for b in store.list_batches():
            started = datetime.fromisoformat(b.started_at) if b.started_at else None
            if started is not None:
                if started.tzinfo is None:
                    started = started.replace(tzinfo=timezone.utc)
                if started.astimezone().date() == today:
                    pages_today += b.page_count
            if b.state not in WAITING:
                continue
            if b.source == Source.FAX.value:
                faxes_waiting += 1
            if b.state == BatchState.TO_VALIDATE.value:
                docs = store.load_batch(b.id).documents
                left = sum(1 for d in docs if d.state != DocState.ACCEPTED.value)
                if left:
                    batches_waiting += 1
                    documents_waiting += left
        queue = queue_state(store)
    finally:
        store.close()
    return ShiftCounts(
        pages_today=pages_today, batches_waiting=batches_waiting, documents_waiting=documents_waiting,
        faxes_waiting=faxes_waiting, unsynced_batches=queue.pending,
        oldest_unsynced_min=queue.oldest_age_s / 60 if queue.oldest_age_s is not None else None,
        central_configured=bool(settings.central.host),
        central_reachable=central_reachable(settings) if probe else None,
    )

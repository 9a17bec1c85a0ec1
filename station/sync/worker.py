"""Running sync: once, or in the background with exponential backoff and jitter while the central is away.

``sync_once`` sends every queued batch in order (stopping at the first central refusal, so order is kept;
a batch whose own page files cannot be read is held back with its reason and does not block the rest), marks
each synced locally only after its central commit, then appends the station's audit chain. ``watch`` repeats
it until cancelled, on one store and one central connection that it replaces only after a failure. ``sync_status`` answers from the local store alone (no network): what the GUI's status
bar and ``station doctor`` show.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

import psycopg

from station.audit.drift import check_clock_drift
from station.config import Settings
from station.errors import StationError, StoreError, SyncError
from station.i18n import say
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.store import Store
from station.sync import central, outbox
from station.sync.connect import connect, explain
from station.sync.payload import DamagedPageError

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    batches_sent: int = 0
    batches_already_central: int = 0
    batches_held: int = 0  # could not be read locally (a page file missing): retried, never blocking the rest
    documents: int = 0
    pages: int = 0
    events: int = 0
    clock_drift_s: float | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    pending: int
    oldest_age_s: float | None
    warn: bool
    message: str  # one line for the operator, in their language
    last_error: str | None = None
    errors: tuple[str, ...] = ()  # each waiting batch's last error (a held batch: why), operator's language


def backoff_delays(base_s: float = 2.0, cap_s: float = 300.0, rng: random.Random | None = None) -> Iterator[float]:
    """Waits between failed attempts: exponential, capped, with full jitter so 20 stations that lost the
    central together do not all come back in the same second."""
    rng = rng or random.Random()
    attempt = 0
    while True:
        yield rng.uniform(base_s / 2, min(cap_s, base_s * 2**attempt))
        attempt += 1


def _send_events(conn, store: Store, station_id: str, limits: central.Limits) -> int:  # type: ignore[no-untyped-def]
    """Append local audit events after the central head; refuse if the two chains are not the same chain."""
    head = central.central_head(conn, station_id)
    after = 0
    if head is not None:
        head_hash, head_seq = head
        local = outbox.event_at(store, head_seq)
        if local is None or local.hash != head_hash:
            raise SyncError(
                "Das Protokoll dieser Station passt nicht zur Prüfkette in der Zentrale "
                f"(Eintrag {head_seq}). Bitte die Leitstelle verständigen; es wird nichts überschrieben.",
                f"This station's audit log does not match the central chain (event {head_seq}). "
                "Tell the administrator; nothing is overwritten.",
            )
        after = head_seq
    sent = 0
    while True:
        events = outbox.events_after(store, after, limits.max_events)
        if not events:
            return sent
        sent += central.send_audit_events(conn, events, limits)
        after = events[-1].seq


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _hold(store: Store, report: SyncReport, batch_id: str, exc: StationError, page_hashes: list[str]) -> None:
    """Keep one batch back with its reason (for the operator, in the outbox and, once, in the audit
    chain) and go on with the next: one unreadable batch must not stop the desk's whole queue."""
    de = f"Stapel {batch_id} wird zurückgehalten (die übrigen werden übertragen): {exc.message_de}"
    en = f"Batch {batch_id} is held back (the others are sent): {exc.message_en}"
    if store.hold_for_sync(batch_id, de, en, page_hashes):
        log.error("batch %s held back: %s", batch_id, exc.message_en)
    report.batches_held += 1
    report.warnings.append(say(de, en))


def sync_once(
    settings: Settings,
    store: Store | None = None,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    limits: central.Limits = central.Limits(),
    conn: psycopg.Connection | None = None,
) -> SyncReport:
    """Send what is queued. Raises ``SyncError`` (German message) if the central cannot be reached or refuses.
    ``conn``: an open autocommit connection to use (and leave open), as ``watch`` keeps one."""
    own_store = store is None
    store = store or Store.open(settings)
    report = SyncReport()
    try:
        pending = store.outbox_pending()
        with nullcontext(conn) if conn is not None else connect(settings.central, autocommit=True) as conn:
            drift = check_clock_drift(conn, settings.central.max_clock_drift_s)  # the audit part's check
            report.clock_drift_s = drift.offset_s
            if not drift.ok:
                report.warnings.append(drift.message())
            for done, item in enumerate(pending):
                if cancel:
                    cancel.raise_if_cancelled()
                try:
                    payload = outbox.batch_payload(store, item.batch_id)
                    outbox.check_pages(payload)
                except StoreError as exc:  # this batch's own page files are gone: hold it, send the others
                    _hold(store, report, item.batch_id, exc, [exc.detail] if _is_digest(exc.detail) else [])
                    continue
                except DamagedPageError as exc:  # or damaged: the same, nothing of it is sent
                    _hold(store, report, item.batch_id, exc, [exc.page.sha256])
                    continue
                try:
                    result = central.send_batch(conn, payload, limits)
                except DamagedPageError as exc:  # damaged after the check: what was sent waits, unmarked
                    _hold(store, report, item.batch_id, exc, [exc.page.sha256])
                    continue
                except SyncError as exc:
                    store.mark_sync_failed(item.batch_id, exc.message_en)
                    raise
                store.mark_synced(item.batch_id)
                if result.already_central:
                    report.batches_already_central += 1
                else:
                    report.batches_sent += 1
                report.documents += result.documents
                report.pages += result.pages
                progress(ProgressEvent("sync", done + 1, len(pending), item.batch_id))
            report.events = _send_events(conn, store, settings.station_id, limits)
    finally:
        if own_store:
            store.close()
    return report


def watch(
    settings: Settings,
    cancel: CancelToken,
    *,
    interval_s: float = 30.0,
    on_report: Callable[[SyncReport | SyncError], None] = lambda r: None,
    rng: random.Random | None = None,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Sync until cancelled: every ``interval_s`` while things work, backing off while they do not."""

    def pause(seconds: float) -> None:
        if sleep is not None:  # tests pass their own clock
            sleep(seconds)
            return
        end = time.monotonic() + seconds
        while not cancel.cancelled and time.monotonic() < end:  # wake often: cancel is honoured quickly
            time.sleep(min(0.5, max(0.0, end - time.monotonic())))

    delays = backoff_delays(rng=rng)
    conn: psycopg.Connection | None = None  # kept between rounds: one login per outage, not one per round
    store = Store.open(settings)

    def drop() -> None:
        nonlocal conn
        if conn is not None:
            conn.close()
        conn = None

    try:
        while not cancel.cancelled:
            try:
                if conn is None or conn.closed or conn.broken:
                    drop()
                    conn = connect(settings.central, autocommit=True)
                report = sync_once(settings, store, cancel=cancel, conn=conn)
            except (SyncError, psycopg.Error) as exc:
                drop()  # whatever state it is in, the next round starts from a fresh connection
                error = exc if isinstance(exc, SyncError) else explain(exc, settings.central.host)
                log.warning("sync failed: %s", error)
                on_report(error)
                pause(next(delays))
                continue
            except Exception as exc:  # noqa: BLE001 - a background loop must survive and say why
                drop()
                if type(exc).__name__ == "Cancelled":
                    return
                log.exception("sync failed unexpectedly")
                on_report(SyncError("Unerwarteter Fehler bei der Übertragung.", "Unexpected sync failure.",
                                    detail=repr(exc)))
                pause(next(delays))
                continue
            delays = backoff_delays(rng=rng)
            on_report(report)
            pause(interval_s)
    finally:
        drop()
        store.close()


def sync_status(settings: Settings, store: Store | None = None) -> SyncStatus:
    """Queue length and age of the oldest unsynced batch, from the local store only (fast, offline-safe)."""
    own_store = store is None
    store = store or Store.open(settings)
    try:
        state = outbox.queue_state(store)
    finally:
        if own_store:
            store.close()
    configured = bool(settings.central.host)
    limit_s = settings.central.warn_unsynced_age_min * 60
    warn = state.oldest_age_s is not None and state.oldest_age_s > limit_s
    if state.pending == 0:
        message = say("Alles übertragen.", "Everything sent.")
    else:
        minutes = (state.oldest_age_s or 0) / 60
        message = say(
            f"{state.pending} Stapel warten auf Übertragung, der älteste seit {minutes:.0f} min.",
            f"{state.pending} batches waiting to be sent, the oldest for {minutes:.0f} min.",
        )
        if warn:
            message += " " + say(
                f"Das ist länger als erlaubt ({settings.central.warn_unsynced_age_min:.0f} min): Verbindung zur Zentrale prüfen.",
                f"That is longer than allowed ({settings.central.warn_unsynced_age_min:.0f} min): check the connection to the central store.",
            )
    if not configured:
        message += " " + say("Keine Zentrale eingerichtet.", "No central store configured.")
    errors = tuple(outbox.in_language(e) for e in state.errors)
    return SyncStatus(configured, state.pending, state.oldest_age_s, warn, message,
                      outbox.in_language(state.last_error) if state.last_error else None, errors)

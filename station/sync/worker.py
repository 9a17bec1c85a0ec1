"""Running sync: once, or in the background with exponential backoff and jitter while the central is away.

``sync_once`` sends every queued batch in order (stopping at the first refusal, so order is kept), marks
each synced locally only after its central commit, then appends the station's audit chain. ``watch`` repeats
it until cancelled. ``sync_status`` answers from the local store alone (no network): what the GUI's status
bar and ``station doctor`` show.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from station.audit.drift import check_clock_drift
from station.config import Settings
from station.errors import SyncError
from station.i18n import say
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.store import Store
from station.sync import central, outbox
from station.sync.connect import connect

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    batches_sent: int = 0
    batches_already_central: int = 0
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


def sync_once(
    settings: Settings,
    store: Store | None = None,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    limits: central.Limits = central.Limits(),
) -> SyncReport:
    """Send what is queued. Raises ``SyncError`` (German message) if the central cannot be reached or refuses."""
    own_store = store is None
    store = store or Store.open(settings)
    report = SyncReport()
    try:
        pending = store.outbox_pending()
        with connect(settings.central, autocommit=True) as conn:
            drift = check_clock_drift(conn, settings.central.max_clock_drift_s)  # the audit part's check
            report.clock_drift_s = drift.offset_s
            if not drift.ok:
                report.warnings.append(drift.message())
            for done, item in enumerate(pending):
                if cancel:
                    cancel.raise_if_cancelled()
                payload = outbox.batch_payload(store, item.batch_id)
                try:
                    result = central.send_batch(conn, payload, limits)
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
    while not cancel.cancelled:
        try:
            report = sync_once(settings, cancel=cancel)
        except SyncError as exc:
            log.warning("sync failed: %s", exc)
            on_report(exc)
            pause(next(delays))
            continue
        except Exception as exc:  # noqa: BLE001 - a background loop must survive and say why
            if type(exc).__name__ == "Cancelled":
                return
            log.exception("sync failed unexpectedly")
            on_report(SyncError("Unerwarteter Fehler bei der Übertragung.", "Unexpected sync failure.", detail=repr(exc)))
            pause(next(delays))
            continue
        delays = backoff_delays(rng=rng)
        on_report(report)
        pause(interval_s)


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
    return SyncStatus(configured, state.pending, state.oldest_age_s, warn, message, state.last_error)

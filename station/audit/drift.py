"""Is the station's clock right? Compared with the central server's clock at sync time.

Received dates are taken from the station clock, so a station whose clock is off dates letters
wrongly. The sync part calls ``check_clock_drift`` on its open connection and the GUI shows the
warning. The central time is read with ``clock_timestamp()`` (``now()`` is frozen at the start of
the transaction) and compared with the midpoint of the round trip on the station side.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from station.i18n import say
from station.model import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DriftResult:
    offset_s: float  # station clock minus central clock: positive = station runs ahead
    max_s: float
    round_trip_s: float
    station_time: datetime
    central_time: datetime

    @property
    def ok(self) -> bool:
        return abs(self.offset_s) <= self.max_s

    def message(self) -> str:
        """The operator's warning (empty when the clock is within the limit)."""
        if self.ok:
            return ""
        ahead = self.offset_s > 0
        secs = f"{abs(self.offset_s):.1f}"
        return say(
            f"Die Uhr dieser Station geht um {secs} s {'vor' if ahead else 'nach'} (erlaubt: {self.max_s:g} s). "
            "Eingangszeiten könnten falsch sein: bitte die IT verständigen (Zeitsynchronisation/NTP prüfen).",
            f"This station's clock is {secs} s {'ahead' if ahead else 'behind'} (allowed: {self.max_s:g} s). "
            "Received times may be wrong: please call IT (check time synchronisation/NTP).",
        )


def _central_now(conn: Any) -> datetime:
    """Read the server's current time without disturbing the caller's transaction state."""
    status = getattr(getattr(conn, "info", None), "transaction_status", None)
    idle_before = status is not None and int(status) == 0  # psycopg TransactionStatus.IDLE
    cur = conn.cursor()
    try:
        cur.execute("SELECT clock_timestamp()")
        (value,) = cur.fetchone()
    finally:
        cur.close()
    if idle_before and not getattr(conn, "autocommit", True):
        conn.rollback()  # we opened this read-only transaction; do not leave it idle in transaction
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def check_clock_drift(conn: Any, max_s: float, *, clock: Callable[[], datetime] = utcnow) -> DriftResult:
    """Compare the station clock (``clock``; tests inject a shifted one) with the central server's."""
    before = clock()
    central = _central_now(conn)
    after = clock()
    midpoint = before + (after - before) / 2
    result = DriftResult(
        offset_s=(midpoint - central).total_seconds(),
        max_s=float(max_s),
        round_trip_s=(after - before).total_seconds(),
        station_time=midpoint,
        central_time=central,
    )
    if not result.ok:
        log.warning("station clock off by %.1f s against the central server (limit %.1f s)", result.offset_s, max_s)
    return result

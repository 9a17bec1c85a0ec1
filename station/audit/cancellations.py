"""All cancellations received on one day, from the central store (view ``central.cancellations``).

Departments answer "did the cancellation arrive in time?" from this list; the certificate of one
document (``station receipt DOC --central``) is the proof that goes to court.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Cancellation:
    document_id: str
    received_at: datetime  # aware
    station_id: str
    customer_number: str | None
    page_count: int
    department: str
    amended: bool


def cancellations_received_on(conn: Any, day: date) -> list[Cancellation]:
    """Cancellations whose received time falls on ``day`` in Berlin, oldest first (rights: the caller's)."""
    cur = conn.execute(
        "SELECT document_id::text, received_at, station_id, customer_number, page_count, department, amended "
        "FROM central.cancellations_received_on(%s)", (day,))
    return [Cancellation(*row) for row in cur.fetchall()]

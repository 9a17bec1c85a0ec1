"""The delivery date of a batch (Posteingangsdatum): the legal date of receipt of every letter in it.

What counts in law is when a letter reached the company (Zugang), not when a desk scanned it. A
stack delivered on Friday and scanned on Monday is dated Friday: the operator picks the day when
the batch starts (default today; earlier days up to ``max_delivery_backdate_days`` back and only
with a reason). A fax is dated by its arrival in the hot folder. Every choice and change is a
``delivery_dated`` event in the hash chain; once the batch is closed the date cannot change (a
trigger refuses it).

Sealing: every page's ``received`` event carries the batch's delivery date in its data; a date the
operator chose (earlier than today, with its reason) or changed is also a ``delivery_dated`` event.
The legal date of a page is the one in the latest of these events (by chain order).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from station.errors import StoreError

if TYPE_CHECKING:
    from station.store.local import Store

BERLIN = ZoneInfo("Europe/Berlin")


def mailroom_today(now: datetime | None = None) -> date:
    """Today in the mailroom (Berlin), whatever the machine's zone."""
    return (now or datetime.now(timezone.utc)).astimezone(BERLIN).date()


@dataclass(frozen=True)
class Delivery:
    """A checked delivery date: the day, why it is not today, and how it was decided."""

    day: date
    reason: str | None = None
    basis: str = "default"  # default (today) | operator (chosen) | fax_arrival
    delivered_at: str | None = None  # exact arrival time when known (faxes), ISO 8601 UTC

    def event_data(self, today: date, previous: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"delivery_date": self.day.isoformat(), "basis": self.basis,
                                "days_back": (today - self.day).days}
        if self.reason:
            data["reason"] = self.reason
        if self.delivered_at:
            data["delivered_at"] = self.delivered_at
        if previous:
            data["previous"] = previous
        return data


def parse_day(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise StoreError(
            f"„{value}“ ist kein gültiges Posteingangsdatum (JJJJ-MM-TT).",
            f"'{value}' is not a valid delivery date (YYYY-MM-DD).",
        ) from exc


def check_delivery(value: date | str | None, reason: str | None, *, max_days: int,
                   today: date | None = None) -> Delivery:
    """Validate what the operator chose: not in the future, not more than ``max_days`` back, and a
    reason whenever it is not today (the reason is audited and stated on request)."""
    today = today or mailroom_today()
    if value in (None, ""):
        return Delivery(today)
    day = parse_day(value)  # type: ignore[arg-type]
    reason = (reason or "").strip() or None
    if day > today:
        raise StoreError(
            f"Das Posteingangsdatum {day:%d.%m.%Y} liegt in der Zukunft.",
            f"The delivery date {day:%Y-%m-%d} lies in the future.",
        )
    if (today - day).days > max_days:
        raise StoreError(
            f"Das Posteingangsdatum darf höchstens {max_days} Tage zurückliegen ({day:%d.%m.%Y} ist "
            f"{(today - day).days} Tage her). Bitte die Leitung verständigen.",
            f"The delivery date may be at most {max_days} days back ({day:%Y-%m-%d} is "
            f"{(today - day).days} days ago). Please inform the supervisor.",
        )
    if day < today and not reason:
        raise StoreError(
            "Für ein früheres Posteingangsdatum ist eine Begründung nötig (z. B. „Post vom Freitag“).",
            "An earlier delivery date needs a reason (e.g. 'post from Friday').",
        )
    return Delivery(day, reason if day < today else None, "operator" if day < today else "default")


def fax_delivery(meta: Any) -> Delivery | None:
    """A fax is delivered when its file arrived in the hot folder (its modification time)."""
    fax = meta.get("fax") if isinstance(meta, dict) else None
    arrival = fax.get("arrival") if isinstance(fax, dict) else None
    if not arrival:
        return None
    try:
        moment = datetime.fromisoformat(str(arrival))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    utc = moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
    return Delivery(moment.astimezone(BERLIN).date(), None, "fax_arrival", utc)


class DeliveryMixin:
    """Delivery-date operations of :class:`station.store.local.Store`."""

    def _delivery_for_new_batch(self: Store, source: str, meta: dict[str, Any] | None,
                                delivery_date: date | str | None, delivery_reason: str | None) -> Delivery:
        if delivery_date in (None, "") and source == "fax":
            found = fax_delivery(meta)
            if found is not None:
                return found
        return check_delivery(delivery_date, delivery_reason, max_days=self.settings.max_delivery_backdate_days)

    def _seal_delivery(self: Store, conn: sqlite3.Connection, batch_id: str, delivery: Delivery,
                       previous: str | None = None, operator: str | None = None) -> None:
        conn.execute("UPDATE batches SET delivery_date = ?, delivery_reason = ?, delivered_at = ? WHERE id = ?",
                     (delivery.day.isoformat(), delivery.reason, delivery.delivered_at, batch_id))
        if delivery.basis != "operator" and previous is None:
            return  # today or a fax's arrival: each page's ``received`` event seals it
        kwargs = {} if operator is None else {"operator": operator}
        self.event(conn, "delivery_dated", batch_id=batch_id,
                   data=delivery.event_data(mailroom_today(), previous), **kwargs)

    def set_delivery_date(self: Store, batch_id: str, delivery_date: date | str, reason: str | None = None,
                          *, operator: str | None = None) -> None:
        """Change an open batch's delivery date (the operator noticed the stack is Friday's post).
        Refused once the batch is closed; audited with the previous date."""
        delivery = check_delivery(delivery_date, reason, max_days=self.settings.max_delivery_backdate_days)
        with self.tx() as conn:
            row = conn.execute("SELECT closed_at, delivery_date FROM batches WHERE id = ?", (batch_id,)).fetchone()
            if row is None:
                raise StoreError(f"Stapel {batch_id} gibt es in diesem Speicher nicht.",
                                 f"Batch {batch_id} does not exist in this store.")
            if row[0] is not None:
                raise StoreError(
                    "Der Stapel ist abgeschlossen: sein Posteingangsdatum ist festgeschrieben.",
                    "The batch is closed: its delivery date is final.",
                )
            if row[1] == delivery.day.isoformat() and delivery.basis == "default":
                return
            self._seal_delivery(conn, batch_id, delivery, previous=row[1], operator=operator)

    def delivery_date(self: Store, batch_id: str) -> date | None:
        """The batch's delivery date (None only for batches made before delivery dates existed)."""
        rows = self.query("SELECT delivery_date FROM batches WHERE id = ?", (batch_id,))
        return date.fromisoformat(rows[0]["delivery_date"]) if rows and rows[0]["delivery_date"] else None

"""The daily cancellation proof log: one day of delivery, every cancellation, as CSV and signed-off PDF.

A cancellation department (and a court) asks "which cancellations reached us on day D?". The answer
comes from the central store (``central.cancellation_log``), grouped by the day the post was
delivered, not the day it was scanned. The CSV is the data; the PDF prints the same rows and signs
them off: the row count, the SHA-256 of the CSV file, when and by whom it was made, so a printed log
and its CSV can be matched years later.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
HEADER = ("Posteingangsdatum", "Sendungsnummer", "Einschreiben", "Gescannt (UTC)", "Station", "Stapel",
          "Dokument-ID", "Kundennummer", "Seiten", "Abteilung", "Nachträglich geändert", "SHA-256 der Seiten")


@dataclass(frozen=True)
class LogEntry:
    delivery_date: date
    document_id: str
    registered: bool
    tracking_number: str | None
    received_at: datetime  # scan time, aware
    station_id: str
    batch_id: str
    customer_number: str | None
    page_count: int
    department: str
    amended: bool
    page_hashes: tuple[str, ...]

    def csv_row(self) -> list[str]:
        from station.fields.tracking import formatted

        return [self.delivery_date.isoformat(), formatted(self.tracking_number) if self.tracking_number else "",
                "ja" if self.registered else "nein",
                self.received_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                self.station_id, self.batch_id, self.document_id, self.customer_number or "", str(self.page_count),
                self.department, "ja" if self.amended else "nein", " ".join(self.page_hashes)]


def cancellation_log(conn: Any, day: date) -> list[LogEntry]:
    """Cancellations delivered on ``day`` (Berlin), oldest scan first; row-level security is the caller's."""
    cur = conn.execute(
        "SELECT delivery_date, document_id::text, registered, tracking_number, received_at, station_id, "
        "batch_id::text, customer_number, page_count, department, amended, page_hashes "
        "FROM central.cancellation_log(%s)", (day,))
    return [LogEntry(*row[:11], tuple(row[11] or ())) for row in cur.fetchall()]


def csv_bytes(entries: Sequence[LogEntry]) -> bytes:
    """The log as CSV (UTF-8, ";" as German spreadsheets expect, one header line)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in entries:
        writer.writerow(entry.csv_row())
    return buf.getvalue().encode("utf-8")


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".log-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@dataclass(frozen=True)
class SignOff:
    """What the PDF's footer states about the CSV it goes with."""

    rows: int
    csv_sha256: str
    generated_at: datetime
    generated_by: str


def write_log(entries: Sequence[LogEntry], day: date, csv_path: Path | None, pdf_path: Path | None,
              generated_by: str, now: datetime | None = None) -> SignOff:
    """Write the CSV and/or the signed-off PDF (files 0600); returns the sign-off (hash over the CSV)."""
    data = csv_bytes(entries)
    sign = SignOff(len(entries), hashlib.sha256(data).hexdigest(), now or datetime.now(timezone.utc), generated_by)
    if csv_path is not None:
        _write_private(Path(csv_path), data)
    if pdf_path is not None:
        from station.audit.cancellation_pdf import render_log

        _write_private(Path(pdf_path), render_log(entries, day, sign))
    return sign

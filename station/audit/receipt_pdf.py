"""Render a receipt certificate: one A4 page, German or English, hashes in a monospaced font.

Pure layout: it takes a finished ``ReceiptData`` and never looks at a store, so the local and the
central variant print exactly the same certificate. Helvetica/Courier (reportlab's built-in
fonts) cover German umlauts and keep the text extractable for machine checks.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from station.audit.receipt_data import ReceiptData

BERLIN = ZoneInfo("Europe/Berlin")
MARGIN = 20 * mm
_TEXT = {
    "title": ("Eingangsbestätigung", "Certificate of receipt"),
    "subtitle": ("Nachweis über den Eingang eines Schriftstücks an der Scanstation",
                 "Proof that a document was received at the scanning station"),
    "legal": ("Rechtlich maßgebliches Eingangsdatum (Zugang)", "Legal date of receipt"),
    "legal_is_delivery": ("Posteingangsdatum des Stapels", "delivery date of the batch"),
    "legal_is_scan": ("Tag des Scannens (Stapel ohne Posteingangsdatum)", "day of scanning (batch without delivery date)"),
    "delivery": ("Posteingangsdatum", "Delivery date (mailroom)"),
    "delivery_reason": ("Begründung des Posteingangsdatums", "Reason for the delivery date"),
    "delivery_fax": ("Faxeingang (Datei im Eingangsordner)", "Fax arrival (file in the hot folder)"),
    "received_local": ("Gescannt am (Ortszeit Berlin)", "Scanned (Berlin local time)"),
    "received_utc": ("Gescannt am (UTC)", "Scanned (UTC)"),
    "operator": ("Bediener/in", "Operator"),
    "tracking": ("Einschreiben, Sendungsnummer", "Registered mail, tracking number"),
    "tracking_unknown": ("nicht gelesen", "not read"),
    "which": ("Maßgeblich für den Zugang ist das Posteingangsdatum; die Scanzeit belegt nur die Digitalisierung.",
              "The delivery date is the legal date of receipt; the scan time only records the digitisation."),
    "delivery_event": ("Posteingangsdatum in der Prüfkette", "Delivery date in the audit chain"),
    "station": ("Station", "Station"),
    "doc_type": ("Dokumentart", "Document type"),
    "customer": ("Kundennummer", "Customer number"),
    "customer_unknown": ("nicht erkannt", "not recognised"),
    "pages": ("Seitenzahl", "Number of pages"),
    "document": ("Dokument-ID", "Document id"),
    "source": ("Ausgestellt aus", "Issued from"),
    "issued": ("Ausgestellt am (UTC)", "Issued (UTC)"),
    "page_hashes": ("SHA-256 der Seitenbilder", "SHA-256 of the page images"),
    "page": ("Seite", "Page"),
    "event": ("Eingangsereignis in der Prüfkette", "Receipt event in the audit chain"),
    "latest": ("Letztes Ereignis zum Dokument", "Latest event for the document"),
    "verify": ("So wird diese Bestätigung geprüft", "How to verify this certificate"),
}


def _t(key: str, lang: str) -> str:
    de, en = _TEXT[key]
    return en if lang == "en" else de


def _hint(data: ReceiptData, lang: str) -> list[str]:
    if lang == "en":
        return [
            f"1. On station {data.station_id}: 'station audit verify' (central copy: 'station audit verify --central')",
            "   recomputes the whole hash chain and every page file and must report 'intact'.",
            "2. Each page image file must give the value above with 'sha256sum FILE'; page files are",
            "   kept in the station's blob directory under their SHA-256 name.",
            f"3. The receipt event #{data.event_seq} seals the received time, station and page hashes",
            "   together with every earlier event of the station: changing any of them breaks the chain.",
        ]
    return [
        f"1. Auf der Station {data.station_id}: „station audit verify“ (zentrale Kopie: „station audit verify --central“)",
        "   berechnet die gesamte Hash-Kette und alle Seitendateien neu und muss „Unversehrt“ melden.",
        "2. Jede Seitenbilddatei muss mit „sha256sum DATEI“ den obigen Wert ergeben; die Seitendateien",
        "   liegen im Blob-Verzeichnis der Station unter ihrem SHA-256-Namen.",
        f"3. Das Eingangsereignis Nr. {data.event_seq} versiegelt Eingangszeit, Station und Seiten-Hashes",
        "   zusammen mit allen früheren Ereignissen der Station: jede Änderung bricht die Kette.",
    ]


def _offset(moment: datetime) -> str:
    """ "UTC+01:00" (winter) or "UTC+02:00" (summer): unambiguous in court, unlike "MEZ"."""
    z = moment.strftime("%z")
    return f"UTC{z[:3]}:{z[3:]}"


def _day(iso: str, lang: str) -> str:
    from datetime import date

    day = date.fromisoformat(iso)
    return f"{day:%Y-%m-%d}" if lang == "en" else f"{day:%d.%m.%Y}"


def _delivery_rows(data: ReceiptData, lang: str) -> list[tuple[str, str]]:
    legal = _day(data.legal_date, lang)
    basis = _t("legal_is_delivery" if data.delivery is not None else "legal_is_scan", lang)
    rows = [(_t("legal", lang), f"{legal} ({basis})")]
    if data.delivery is not None:
        rows.append((_t("delivery", lang), _day(data.delivery.delivery_date, lang)))
        if data.delivery.reason:
            rows.append((_t("delivery_reason", lang), data.delivery.reason))
        if data.delivery.basis == "fax_arrival" and data.delivery.delivered_at:
            arrived = datetime.fromisoformat(data.delivery.delivered_at).astimezone(BERLIN)
            rows.append((_t("delivery_fax", lang), f"{arrived:%d.%m.%Y %H:%M:%S} ({_offset(arrived)})"))
    return rows


def _rows(data: ReceiptData, lang: str) -> list[tuple[str, str]]:
    local = data.received_at.astimezone(BERLIN)
    rows = _delivery_rows(data, lang)
    rows += [
        (_t("received_local", lang), f"{local:%d.%m.%Y %H:%M:%S} ({_offset(local)})"),
        (_t("received_utc", lang), data.received_at.strftime("%Y-%m-%d %H:%M:%S.%f UTC")),
        (_t("station", lang), data.station_id),
        (_t("operator", lang), data.operator or "–"),
        (_t("doc_type", lang), data.doc_type_label(lang)),
        (_t("customer", lang), data.customer_number or _t("customer_unknown", lang)),
    ]
    if data.registered:
        from station.fields.tracking import formatted

        number = formatted(data.tracking_number) if data.tracking_number else _t("tracking_unknown", lang)
        rows.append((_t("tracking", lang), number))
    rows += [
        (_t("pages", lang), str(len(data.page_hashes))),
        (_t("document", lang), data.document_id),
    ]
    rows.extend((label_de if lang != "en" else label_en, value) for label_de, label_en, value in data.extra_rows)
    rows.append((_t("source", lang), data.source_label(lang)))
    rows.append((_t("issued", lang), data.issued_at.strftime("%Y-%m-%d %H:%M:%S UTC")))
    return rows


def _hash_layout(count: int, space: float) -> tuple[float, int]:
    """Font size and number of columns that fit ``count`` hash lines into ``space`` points."""
    for size in (8.0, 7.0, 6.0, 5.0, 4.0, 3.0):
        lines_per_col = int(space // (size * 1.25))
        for cols in (1, 2):
            if size * 0.6 * 78 * cols <= A4[0] - 2 * MARGIN and lines_per_col * cols >= count:
                return size, cols
    return 2.5, 2


def render_receipt(data: ReceiptData, out: Path, lang: str = "de") -> Path:
    """Write the certificate atomically (temp file, fsync, rename) with mode 0600."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".receipt-", suffix=".pdf")
    os.close(fd)
    try:
        _draw(data, Path(tmp), lang)
        os.chmod(tmp, 0o600)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def _draw(data: ReceiptData, path: Path, lang: str) -> None:
    width, height = A4
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(f"{_t('title', lang)} {data.document_id}")
    c.setAuthor(f"Scanstation {data.station_id}")
    y = height - MARGIN
    c.setFont("Helvetica-Bold", 20)
    c.drawString(MARGIN, y, _t("title", lang))
    y -= 7 * mm
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, y, _t("subtitle", lang))
    y -= 10 * mm
    rows = _rows(data, lang)
    value_x = MARGIN + max(62 * mm, max(c.stringWidth(f"{label}:", "Helvetica-Bold", 10) for label, _ in rows) + 4 * mm)
    for label, value in rows:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(MARGIN, y, f"{label}:")
        c.setFont("Helvetica", 10)
        c.drawString(value_x, y, value)
        y -= 5.5 * mm
    c.setFont("Helvetica-Oblique", 9)
    c.drawString(MARGIN, y, _t("which", lang))
    y -= 8 * mm
    y = _draw_event(c, y, _t("event", lang), data.event_seq, data.event_hash, lang)
    if data.delivery is not None and data.delivery.kind == "delivery_dated":
        y = _draw_event(c, y, _t("delivery_event", lang), data.delivery.seq, data.delivery.hash, lang)
    if data.latest_seq is not None and data.latest_seq != data.event_seq:
        y = _draw_event(c, y, _t("latest", lang), data.latest_seq, data.latest_hash or "", lang)
    hint = _hint(data, lang)
    hint_height = (len(hint) + 2) * 4.2 * mm
    y -= 3 * mm
    c.setFont("Helvetica-Bold", 10)
    c.drawString(MARGIN, y, f"{_t('page_hashes', lang)}:")
    y -= 5 * mm
    y = _draw_hashes(c, y, data.page_hashes, y - MARGIN - hint_height, lang)
    y -= 4 * mm
    c.setFont("Helvetica-Bold", 10)
    c.drawString(MARGIN, y, f"{_t('verify', lang)}:")
    y -= 5 * mm
    c.setFont("Helvetica", 8)
    for line in hint:
        c.drawString(MARGIN, y, line)
        y -= 4.2 * mm
    c.showPage()
    c.save()


def _draw_event(c: Canvas, y: float, title: str, seq: int | None, digest: str, lang: str) -> float:
    c.setFont("Helvetica-Bold", 10)
    no = "Nr." if lang != "en" else "#"
    c.drawString(MARGIN, y, f"{title} ({no} {seq}):")
    y -= 5 * mm
    c.setFont("Courier", 8)
    c.drawString(MARGIN + 4 * mm, y, f"SHA-256 {digest}")
    return y - 6 * mm


def _draw_hashes(c: Canvas, y: float, hashes: list[str], space: float, lang: str) -> float:
    size, cols = _hash_layout(len(hashes), space)
    per_col = -(-len(hashes) // cols) if hashes else 0
    col_width = (A4[0] - 2 * MARGIN) / cols
    c.setFont("Courier", size)
    word = _t("page", lang)
    for i, digest in enumerate(hashes):
        col, row = divmod(i, per_col)
        c.drawString(MARGIN + 4 * mm + col * col_width, y - row * size * 1.25, f"{word} {i + 1:>3}: {digest}")
    return y - per_col * size * 1.25

"""The cancellation proof log as a PDF: a landscape table, signed off in every page's footer.

Pure layout (reportlab's built-in fonts keep the text extractable): rows in, PDF bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from station.audit.cancellation_log import BERLIN, LogEntry, SignOff

COLUMNS = ("Sendungsnummer", "Gescannt (Berlin)", "Station", "Dokument-ID", "Kundennr.", "Seiten",
           "SHA-256 der Seiten")


def _cells(entry: LogEntry, small: ParagraphStyle) -> list[object]:
    from station.fields.tracking import formatted

    scanned = entry.received_at.astimezone(BERLIN)
    late = (scanned.date() - entry.delivery_date).days
    when = f"{scanned:%d.%m.%Y %H:%M:%S}" + (f" (+{late} T.)" if late > 0 else "")
    number = formatted(entry.tracking_number) if entry.tracking_number else ("Einschreiben" if entry.registered else "–")
    hashes = "<br/>".join(entry.page_hashes) or "–"
    return [number, when, entry.station_id, Paragraph(entry.document_id, small), entry.customer_number or "–",
            str(entry.page_count), Paragraph(f"<font face='Courier'>{hashes}</font>", small)]


def _footer(sign: SignOff):  # -> page callback
    def draw(canvas, doc) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        text = (f"{sign.rows} Zeilen · SHA-256 der CSV-Datei: {sign.csv_sha256} · erstellt "
                f"{sign.generated_at.astimezone(BERLIN):%d.%m.%Y %H:%M:%S} von {sign.generated_by} · "
                f"Seite {doc.page}")
        canvas.drawString(12 * mm, 8 * mm, text)
        canvas.restoreState()

    return draw


def render_log(entries: Sequence[LogEntry], day: date, sign: SignOff) -> bytes:
    """The log as PDF bytes: heading, table, and the sign-off statement after the last row."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=16 * mm, invariant=1,
                            title=f"Kündigungen mit Posteingang am {day:%d.%m.%Y}", author="Scanstation")
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=9, leading=11)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=6.5, leading=7.5)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18)
    story: list[object] = [
        Paragraph(f"Kündigungen mit Posteingang am {day:%d.%m.%Y}", head),
        Paragraph("Nachweisliste aus dem zentralen Speicher. Maßgeblich für den Zugang ist das "
                  "Posteingangsdatum; spät gescannte Schreiben stehen unter ihrem Posteingangstag "
                  "(„+N T.“: Tage zwischen Posteingang und Scan).", base),
        Spacer(1, 4 * mm),
    ]
    rows = [list(COLUMNS)] + [_cells(e, small) for e in entries]
    table = Table(rows, colWidths=[30 * mm, 36 * mm, 24 * mm, 52 * mm, 22 * mm, 12 * mm, 97 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]))
    story += [table, Spacer(1, 6 * mm), Paragraph(
        f"Abgeschlossen: {sign.rows} Kündigung(en). SHA-256 der zugehörigen CSV-Datei: {sign.csv_sha256}. "
        f"Erstellt am {sign.generated_at.astimezone(BERLIN):%d.%m.%Y %H:%M:%S} "
        f"({sign.generated_at:%Y-%m-%d %H:%M:%S} UTC) von {sign.generated_by}.", base)]
    footer = _footer(sign)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()

"""Searchable PDF/A-2b per document, plus a JSON index record for the archive.

Each page is its archive copy (``station.store.archive``: CCITT G4 for black-and-white pages, a
JPEG 2000 copy for grey and colour pages once its OCR reading matched the lossless page's, else the
lossless image) with the OCR words laid over it as invisible text, so
the PDF is searchable and the text sits where the word is. ``pikepdf.pdfa.save`` adds the sRGB
output intent and XMP identification and validates what it wrote; the file is then reopened and
its page count checked before the document is marked exported. Files are written to a temp name
and renamed, so a kill never leaves half a PDF under the final name.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import img2pdf
import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from station.config import ensure_private_dir
from station.errors import StoreError
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from station.store.audit import iso_utc
from station.store.blobs import disk_error, fsync_dir
from station.store.local import Store
from station.store.records import StoredBatch, StoredDocument, StoredPage

log = logging.getLogger(__name__)
TEXT_FONT = "StationText"
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


class ExportError(StoreError):
    """A document could not be exported (it stays unexported; nothing is marked)."""


@dataclass
class ExportedDocument:
    document_id: str
    pdf: Path
    index: Path
    pages: int


def _font() -> str:
    """The text layer's font: a glyphless one (a few hundred bytes per PDF instead of a ~19 KB subset),
    else a system font when fontTools is missing."""
    if TEXT_FONT in pdfmetrics.getRegisteredFontNames():
        return TEXT_FONT
    try:
        from station.glyphless import glyphless_ttf

        pdfmetrics.registerFont(TTFont(TEXT_FONT, io.BytesIO(glyphless_ttf())))  # embedded: PDF/A needs it
        return TEXT_FONT
    except ImportError:
        pass
    for candidate in FONT_FILES:
        if Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont(TEXT_FONT, candidate))  # embedded as a subset: PDF/A needs it
            return TEXT_FONT
    raise ExportError("Für den Textlayer fehlt eine Schrift (fonts-dejavu-core).",
                      "No font for the text layer (install fonts-dejavu-core).")


def _page_pdf(image: bytes, page: StoredPage) -> pikepdf.Pdf:
    """One PDF page: the image at its true size, invisible OCR words over it."""
    dpi = page.dpi or 300
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    pdf = pikepdf.open(io.BytesIO(img2pdf.convert(image, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)))
    if page.words:
        box = pdf.pages[0].mediabox
        width, height = float(box[2]), float(box[3])
        text = io.BytesIO()
        font = _font()  # also the canvas's initial font: reportlab would otherwise name unembedded Helvetica
        pdf_text = canvas.Canvas(text, pagesize=(width, height), pageCompression=1, initialFontName=font)
        scale = 72.0 / dpi
        for word in page.words:
            if not word.text.strip() or word.width <= 0 or word.height <= 0:
                continue
            size = max(1.0, round(word.height * scale, 1))  # tenths of a point: a smaller text layer
            natural = pdfmetrics.stringWidth(word.text, font, size) or 1.0
            t = pdf_text.beginText()
            t.setTextRenderMode(3)  # invisible: searchable and selectable, the image shows
            t.setFont(font, size)
            t.setHorizScale(round(100.0 * word.width * scale / natural))
            t.setTextOrigin(round(word.left * scale, 1), round(height - (word.top + word.height) * scale + size * 0.2, 1))
            t.textOut(word.text)
            pdf_text.drawText(t)
        pdf_text.showPage()
        pdf_text.save()
        overlay = pikepdf.open(io.BytesIO(text.getvalue()))
        pdf.pages[0].add_overlay(overlay.pages[0])
    return pdf


def build_pdf(store: Store, doc: StoredDocument, out: Path) -> int:
    """Write the document's PDF/A-2b to ``out`` (validated); returns its page count."""
    import pikepdf.pdfa

    pages = [p for p in doc.pages if not p.deleted and not p.separator]
    if not pages:
        raise ExportError(f"Dokument {doc.ord + 1} hat keine Seiten.", f"Document {doc.ord + 1} has no pages.")
    from station.store.archive import archive_bytes, make_archive_copy

    result = pikepdf.new()
    singles = []
    for page in pages:
        make_archive_copy(store, page)  # G4 / verified JPEG 2000; a copy that fails OCR leaves the lossless image
        singles.append(_page_pdf(archive_bytes(store, page), page))
        result.pages.append(singles[-1].pages[0])
    with result.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = f"{doc.doc_type or 'Dokument'} {doc.id}"
        meta["dc:identifier"] = doc.id
        meta["xmp:CreatorTool"] = "scan-station"
    save_pdfa(result, out)
    return len(pages)


JPX_UNCHECKED = "JPEG 2000 images are not supported"


def only_jpx_unchecked(report: object) -> bool:
    """A validation report with no violation whose only unchecked findings are JPEG 2000 images.

    PDF/A-2 allows JPEG 2000 (ISO 19005-2, 6.2.8.3); pikepdf's validator does not decode it and says
    so ("unsupported"), so such a file is valid as far as it can tell, and nothing else was skipped."""
    findings = list(getattr(report, "findings", []) or [])
    return bool(findings) and all(getattr(f, "kind", "") == "unsupported" and JPX_UNCHECKED in getattr(f, "message", "")
                                  for f in findings)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """LittleCMS's built-in sRGB profile (~600 bytes, a quarter of the one pikepdf ships): the output
    intent every page of an export carries; on a black-and-white page it is a tenth of the file."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def save_pdfa(pdf: pikepdf.Pdf, out: Path) -> None:
    """Save as PDF/A-2b and validate what was written (a violation is never accepted)."""
    import pikepdf.pdfa

    try:
        pikepdf.pdfa.save(pdf, out, "2b", output_intent=srgb_profile(), output_condition_identifier="sRGB IEC61966-2.1")
    except pikepdf.pdfa.PdfaError as exc:
        if not only_jpx_unchecked(exc.report):
            raise
        pdf.save(out)  # already prepared (output intent, XMP) by the attempt above
        report = pikepdf.pdfa.validate_written(out, "2b")
        if report.verdict != "pass" and not only_jpx_unchecked(report):
            raise ExportError("Das PDF/A ließ sich nicht bestätigen; nicht exportiert.",
                              "The PDF/A could not be validated; not exported.", detail=str(report)) from exc


def index_record(store: Store, batch: StoredBatch, doc: StoredDocument, pdf_name: str, pdf_sha: str) -> dict:
    """What the archive indexes the PDF by: type, department, fields, date received, page hashes."""
    pages = [p for p in doc.pages if not p.deleted and not p.separator]
    return {
        "document_id": doc.id,
        "batch_id": batch.id,
        "station_id": batch.station_id,
        "source": batch.source,
        "doc_type": doc.doc_type,
        "department": doc.department,
        "confidence": doc.confidence,
        "needs_review": doc.needs_review,
        "model_version": doc.model_version,
        "fields": doc.fields,
        "received_at": doc.received_at,  # when the station scanned or took it in
        "delivery_date": doc.delivery_date,  # Posteingangsdatum: the legal date of receipt
        "delivery_reason": batch.delivery_reason,
        "registered": doc.registered,
        "tracking_number": doc.tracking_number,
        "postmark_date": doc.postmark_date,
        "source_file": doc.source_file,
        "fax": doc.meta.get("fax"),
        "pages": [{"page_id": p.id, "sha256": p.blob_hash, "clean_sha256": p.clean_hash,
                   **_archive_entry(store, p.id), **({"envelope": True} if p.envelope else {})} for p in pages],
        "pdf": pdf_name,
        "pdf_sha256": pdf_sha,
        "exported_at": iso_utc(),
    }


def _archive_entry(store: Store, page_id: str) -> dict:
    """The page's archive copy as the PDF embeds it: its hash and its verified OCR word agreement."""
    rows = store.query("SELECT archive_hash, archive_agreement FROM pages WHERE id = ?", (page_id,))
    if not rows or not rows[0]["archive_hash"]:
        return {}
    return {"archive_sha256": rows[0]["archive_hash"], "archive_word_agreement": rows[0]["archive_agreement"]}


def _publish(tmp: Path, final: Path) -> None:
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    fsync_dir(final.parent)


def export_document(store: Store, batch: StoredBatch, doc: StoredDocument, out_dir: Path) -> ExportedDocument:
    """Export one document and mark it exported, only after the PDF reopened with every page."""
    stem = f"{doc.ord + 1:04d}_{doc.id}"
    pdf_path, json_path = out_dir / f"{stem}.pdf", out_dir / f"{stem}.json"
    tmp_pdf, tmp_json = out_dir / f".{stem}.pdf.tmp", out_dir / f".{stem}.json.tmp"
    try:
        expected = build_pdf(store, doc, tmp_pdf)
        with pikepdf.open(tmp_pdf) as check:
            found = len(check.pages)
        if found != expected:
            raise ExportError(
                f"Das PDF von Dokument {doc.ord + 1} hat {found} statt {expected} Seiten; nicht exportiert.",
                f"The PDF of document {doc.ord + 1} has {found} pages instead of {expected}; not exported.",
            )
        pdf_sha = hashlib.sha256(tmp_pdf.read_bytes()).hexdigest()
        record = index_record(store, batch, doc, pdf_path.name, pdf_sha)
        tmp_json.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        _publish(tmp_pdf, pdf_path)
        _publish(tmp_json, json_path)
    except OSError as exc:
        raise disk_error(exc, str(out_dir)) from exc
    except pikepdf.PdfError as exc:
        raise ExportError(f"Das PDF von Dokument {doc.ord + 1} ist fehlerhaft; nicht exportiert.",
                          f"The PDF of document {doc.ord + 1} is invalid; not exported.", detail=str(exc)) from exc
    finally:
        tmp_pdf.unlink(missing_ok=True)
        tmp_json.unlink(missing_ok=True)
    store.mark_exported(doc.id, pdf_path, json_path, pdf_sha, expected)
    return ExportedDocument(doc.id, pdf_path, json_path, expected)


def export_batch(
    store: Store,
    batch_id: str,
    out: Path,
    *,
    again: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> list[ExportedDocument]:
    """Export every document of the batch not yet exported (all of them with ``again``)."""
    batch = store.load_batch(batch_id, with_words=True)
    out_dir = ensure_private_dir(Path(out) / batch_id)
    done = {r["document_id"] for r in store.query("SELECT document_id FROM exports WHERE batch_id = ?", (batch_id,))}
    todo = [d for d in batch.documents if again or d.id not in done]
    exported = []
    for n, doc in enumerate(todo):
        if cancel:
            cancel.raise_if_cancelled()
        exported.append(export_document(store, batch, doc, out_dir))
        progress(ProgressEvent("export", n + 1, len(todo), item=doc.id))
    write_receipts(store, batch_id, out_dir)
    return exported


def write_receipts(store: Store, batch_id: str, out_dir: Path) -> None:
    """A certificate of receipt beside every exported cancellation (audit part, issue #10).

    A document whose evidence does not hold gets none and is logged (ids only); the export itself
    stands, and ``station audit verify`` names what is wrong."""
    from station.audit.hooks import receipts_for_batch

    run = receipts_for_batch(store, batch_id, out_dir)
    for doc_id in run.refused:
        log.warning("no certificate of receipt for document %s: its audit evidence does not hold", doc_id)

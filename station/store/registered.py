"""Registered mail (Einschreiben): the flag, the tracking number, the envelope page kept as evidence.

A registered letter is scanned with its envelope or label as the document's first page. That page
stays in the document (it proves the letter came registered and carries the tracking number) but
its text is kept out of classification: an envelope reads like nothing the classifier knows. The
tracking number is read from the label's barcode or printed text, or typed by the operator, and
only ever stored with a valid S10 check digit. Each marking is a ``registered`` event in the chain.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from station.errors import StoreError
from station.fields import tracking

if TYPE_CHECKING:
    from station.model import PageResult
    from station.store.local import Store
    from station.store.records import StoredDocument


def checked_tracking_number(value: str | None) -> str | None:
    """The compact S10 number, or a StoreError with the German/English reason it is refused."""
    number, _message = tracking.validate(value)
    if value and (value or "").strip() and number is None:
        from station.i18n import say

        raise StoreError(
            "Die Sendungsnummer stimmt nicht (Format „RR 12345678 5 DE“ oder Prüfziffer falsch) und wird "
            "nicht gespeichert. Bitte die Nummer vom Etikett erneut abschreiben.",
            "The tracking number is wrong (format 'RR 12345678 5 DE' or check digit) and is not stored. "
            "Please copy the number from the label again.",
            detail=say("Prüfziffer/Format", "check digit/format"),
        )
    return number


def label_number(page_row: dict[str, Any]) -> tuple[str | None, str | None]:
    """(tracking number, where it was read) from a processed page row: barcode first, then OCR text."""
    codes = page_row.get("barcodes")
    codes = json.loads(codes) if isinstance(codes, str) and codes else (codes or [])
    found = tracking.find_in_barcodes(codes)
    if found:
        return found, "barcode"
    found = tracking.find_in_text(page_row.get("ocr_text"))
    return (found, "text") if found else (None, None)


class RegisteredMixin:
    """Registered-mail operations of :class:`station.store.local.Store`."""

    def _register(self: Store, conn: sqlite3.Connection, document_id: str, *, envelope_page_id: str | None,
                  number: str | None, read_from: str, operator: str | None = None) -> None:
        doc = conn.execute("SELECT batch_id, tracking_number FROM documents WHERE id = ?", (document_id,)).fetchone()
        if doc is None:
            raise StoreError(f"Dokument {document_id} gibt es nicht.", f"Document {document_id} does not exist.")
        if envelope_page_id is None:
            first = conn.execute("SELECT id FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord LIMIT 1",
                                 (document_id,)).fetchone()
            envelope_page_id = first[0] if first else None
        envelope_hash = None
        if envelope_page_id is not None:
            row = conn.execute("SELECT blob_hash, document_id FROM pages WHERE id = ?", (envelope_page_id,)).fetchone()
            if row is None or row[1] != document_id:
                raise StoreError("Die Umschlagseite gehört nicht zu diesem Dokument.",
                                 "The envelope page does not belong to this document.")
            envelope_hash = row[0]
            conn.execute("UPDATE pages SET envelope = 1 WHERE id = ?", (envelope_page_id,))
        number = number or doc[1]
        conn.execute("UPDATE documents SET registered = 1, tracking_number = ? WHERE id = ?", (number, document_id))
        kwargs = {} if operator is None else {"operator": operator}
        self.event(conn, "registered", batch_id=doc[0], document_id=document_id,
                   page_hashes=[envelope_hash] if envelope_hash else [],
                   data={"registered": True, "tracking_number": number, "read_from": read_from,
                         "envelope_page": envelope_page_id}, **kwargs)

    def mark_registered(self: Store, document_id: str, *, tracking_number: str | None = None,
                        envelope_page_id: str | None = None, operator: str | None = None) -> None:
        """The desk's "Einschreiben" key: mark a document registered, its first page (or the given
        one) as the envelope, with the tracking number typed or read (validated; a wrong check digit
        is refused). Without a number, the envelope page's barcode or printed number is used."""
        number = checked_tracking_number(tracking_number)
        with self.tx() as conn:
            read_from = "operator" if number else "none"
            if number is None:
                cur = conn.execute(
                    "SELECT barcodes, ocr_text FROM pages WHERE id = COALESCE(?, (SELECT id FROM pages WHERE "
                    "document_id = ? AND NOT deleted ORDER BY doc_ord LIMIT 1))", (envelope_page_id, document_id))
                row = cur.fetchone()
                if row is not None:
                    number, where = label_number({"barcodes": row[0], "ocr_text": row[1]})
                    read_from = where or "none"
            self._register(conn, document_id, envelope_page_id=envelope_page_id, number=number,
                           read_from=read_from, operator=operator)

    def set_tracking_number(self: Store, document_id: str, value: str, *, operator: str | None = None) -> None:
        """The operator typed (or corrected) the tracking number of a registered letter."""
        number = checked_tracking_number(value)
        if number is None:
            raise StoreError("Bitte eine Sendungsnummer eingeben.", "Please enter a tracking number.")
        with self.tx() as conn:
            row = conn.execute("SELECT id FROM pages WHERE document_id = ? AND envelope = 1 ORDER BY doc_ord LIMIT 1",
                               (document_id,)).fetchone()
            self._register(conn, document_id, envelope_page_id=row[0] if row else None, number=number,
                           read_from="operator", operator=operator)

    def register_new_documents(self: Store, conn: sqlite3.Connection, batch_id: str, doc_ids: list[str]) -> None:
        """Inside the separation's transaction: in a batch scanned with a ``registered`` profile each
        document's first page is its envelope; read its tracking number from the label."""
        meta = conn.execute("SELECT meta FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if not meta or not json.loads(meta[0] or "{}").get("registered"):
            return
        for doc_id in doc_ids:
            cur = conn.execute("SELECT id, barcodes, ocr_text FROM pages WHERE document_id = ? AND NOT deleted "
                               "ORDER BY doc_ord LIMIT 1", (doc_id,))
            row = cur.fetchone()
            if row is None:
                continue
            number, where = label_number({"barcodes": row[1], "ocr_text": row[2]})
            self._register(conn, doc_id, envelope_page_id=row[0], number=number, read_from=where or "none")

    def classification_pages(self: Store, document: StoredDocument) -> list[PageResult]:
        """The document's pages as the classifier reads them: deleted pages, separator sheets and the
        envelope of a registered letter left out (the envelope stays in the document as evidence)."""
        return [self.page_result(p) for p in document.pages if not (p.deleted or p.separator or p.envelope)]

    def find_by_tracking_number(self: Store, value: str) -> list[str]:
        """Ids of the documents carrying this tracking number (any grouping, validated)."""
        number = checked_tracking_number(value)
        return [r["id"] for r in self.query("SELECT id FROM documents WHERE tracking_number = ?", (number,))]

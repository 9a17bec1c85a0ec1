"""Documents in the store: separation results, classification, operator corrections, the outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from station.errors import StoreError
from station.model import BatchState, Classification, DocState, Fields, new_id
from station.store import audit
from station.store.audit import iso_utc
from station.taxonomy import department as department_of

if TYPE_CHECKING:
    from station.store.local import Store


@dataclass
class DocumentPlan:
    """One document to create: its pages in order and what separation already knows of it."""

    page_ids: list[str]
    fields: dict[str, Any] = field(default_factory=dict)  # e.g. {"barcode": "..."}
    source_file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. fax header date and sender


@dataclass
class OutboxItem:
    batch_id: str
    queued_at: str
    attempts: int
    last_error: str | None


def first_received(conn: Any, page_ids: list[str]) -> str:
    """A document's date received: the earliest ``received`` event of its pages' images, which is
    what the audit check reads. Usually that is its first page on disk; a sheet fed again after a
    crash (``station scan --continue``) gives an identical image whose first copy, put aside, reached
    the disk earlier, and that earlier moment is when the letter was received."""
    marks = ",".join("?" * len(page_ids))
    return conn.execute(f"SELECT MIN(received_at) FROM pages WHERE blob_hash IN "
                        f"(SELECT blob_hash FROM pages WHERE id IN ({marks}))", page_ids).fetchone()[0]


def _fields_dict(fields: Fields | dict[str, Any] | None) -> dict[str, Any]:
    if fields is None:
        return {}
    return fields.as_dict() if isinstance(fields, Fields) else dict(fields)


class DocumentsMixin:
    """Document and outbox operations of :class:`station.store.local.Store`."""

    def set_documents(
        self: Store,
        batch_id: str,
        plans: list[DocumentPlan],
        separators: dict[str, tuple[str, list[dict[str, Any]]]] | None = None,
        *,
        append: bool = False,
    ) -> list[str]:
        """Create the batch's documents in one transaction (all or none, so a crash can never
        leave half a separation). ``separators`` maps page id -> (kind, barcodes) for the sheets
        that were dropped. A batch that already has documents keeps them: returns their ids,
        unless ``append`` (pages a continued scan added): the plans follow the existing ones."""
        ids: list[str] = []
        with self.tx() as conn:
            existing = [r[0] for r in conn.execute("SELECT id FROM documents WHERE batch_id = ? ORDER BY ord", (batch_id,))]
            if existing and not append:
                return existing
            for page_id, (kind, codes) in (separators or {}).items():
                self.mark_separator(conn, page_id, kind, codes)
            for order, plan in enumerate(plans, start=len(existing)):
                if not plan.page_ids:
                    continue
                doc_id = new_id()
                received = first_received(conn, plan.page_ids)
                conn.execute(
                    "INSERT INTO documents (id, batch_id, ord, state, fields, received_at, source_file, meta, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (doc_id, batch_id, order, DocState.TO_CHECK.value, json.dumps(plan.fields, ensure_ascii=False),
                     received, plan.source_file, json.dumps(plan.meta, ensure_ascii=False), iso_utc()),
                )
                for doc_ord, page_id in enumerate(plan.page_ids):
                    conn.execute("UPDATE pages SET document_id = ?, doc_ord = ? WHERE id = ?", (doc_id, doc_ord, page_id))
                self.document_events(conn, batch_id, doc_id, received, plan.fields)
                ids.append(doc_id)
            self.register_new_documents(conn, batch_id, ids)
        return ids

    def document_events(self: Store, conn: Any, batch_id: str, doc_id: str, received: str,
                        fields: dict[str, Any]) -> None:
        """A ``classified`` event for fields separation found, so the chain vouches for every value.
        The date received needs no event of its own: it is the ``received`` event of the document's
        first page on disk (lowest order), which ``first_received`` picks."""
        hashes = self._doc_hashes(conn, doc_id)
        if fields:
            self.event(conn, "classified", batch_id=batch_id, document_id=doc_id, page_hashes=hashes,
                       data={"doc_type": None, "fields": fields, "by": "separation"})

    def save_classification(
        self: Store, document_id: str, classification: Classification, fields: Fields | dict[str, Any] | None,
        *, by: str = "model", fresh: bool = False,
    ) -> None:
        """Record the model's decision; fields found earlier (a separator barcode) are kept.
        ``fresh`` (a document whose pages changed): of the earlier fields only the barcode stays;
        ``by`` says in the audit trail why it was classified (``split``, ``merge``)."""
        with self.tx() as conn:
            doc = self._doc_row(conn, document_id)
            earlier = json.loads(doc["fields"])
            if fresh:
                earlier = {k: v for k, v in earlier.items() if k == "barcode"}
            merged = {**earlier, **{k: v for k, v in _fields_dict(fields).items() if v is not None}}
            conn.execute(
                "UPDATE documents SET doc_type = ?, department = ?, confidence = ?, needs_review = ?, "
                "review_reason = ?, model_version = ?, fields = ? WHERE id = ?",
                (classification.doc_type, classification.department, classification.confidence,
                 int(classification.needs_review), classification.review_reason, classification.model_version,
                 json.dumps(merged, ensure_ascii=False), document_id),
            )
            self.event(conn, "classified", batch_id=doc["batch_id"], document_id=document_id,
                       page_hashes=self._doc_hashes(conn, document_id),
                       data={"doc_type": classification.doc_type, "fields": merged,
                             **({"by": by} if by != "model" else {}),
                             "confidence": round(float(classification.confidence), 4),
                             **({"review_reason": classification.review_reason}
                                if classification.review_reason else {}),
                             "model_version": classification.model_version})

    def record_correction(
        self: Store,
        document_id: str,
        *,
        operator: str | None = None,
        doc_type: str | None = None,
        department: str | None = None,
        fields: dict[str, Any] | None = None,
        accept: bool = True,
    ) -> None:
        """The operator fixed the type and/or fields: update the document, keep the correction
        (text + old/new) for retraining, and audit it with the full field dict after the change."""
        with self.tx() as conn:
            doc = self._doc_row(conn, document_id)
            old_fields = json.loads(doc["fields"])
            new_fields = {**old_fields, **(fields or {})}
            new_type = doc_type or doc["doc_type"]
            if department is None and new_type != doc["doc_type"]:
                # A new type goes to the new type's department: the central store re-routes on it.
                department = department_of(new_type)
            text = "\n\f".join(
                r[0] or "" for r in conn.execute(
                    "SELECT ocr_text FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (document_id,))
            )
            conn.execute(
                "UPDATE documents SET doc_type = ?, department = COALESCE(?, department), fields = ?, "
                "needs_review = 0, state = ? WHERE id = ?",
                (new_type, department, json.dumps(new_fields, ensure_ascii=False),
                 DocState.ACCEPTED.value if accept else doc["state"], document_id),
            )
            who = self.settings.operator if operator is None else operator
            conn.execute(
                "INSERT INTO corrections (document_id, at, operator, text, old_doc_type, new_doc_type, old_fields, "
                "new_fields) VALUES (?,?,?,?,?,?,?,?)",
                (document_id, iso_utc(), who, text, doc["doc_type"], new_type,
                 json.dumps(old_fields, ensure_ascii=False), json.dumps(new_fields, ensure_ascii=False)),
            )
            self.event(conn, "corrected", operator=who, batch_id=doc["batch_id"], document_id=document_id,
                       page_hashes=self._doc_hashes(conn, document_id),
                       data={"doc_type": new_type, "fields": new_fields, "old_doc_type": doc["doc_type"],
                             **({"department": department} if department else {})})

    def set_postmark_date(self: Store, document_id: str, postmark_date: str, *, operator: str | None = None) -> None:
        """Record the postmark/receipt date the operator reads off the envelope. It is kept beside
        the date received (which never changes) and audited with its previous value."""
        from datetime import date

        try:
            date.fromisoformat(postmark_date)
        except ValueError as exc:
            raise StoreError(
                f"„{postmark_date}“ ist kein gültiges Datum (JJJJ-MM-TT).",
                f"'{postmark_date}' is not a valid date (YYYY-MM-DD).",
            ) from exc
        with self.tx() as conn:
            doc = self._doc_row(conn, document_id)
            conn.execute("UPDATE documents SET postmark_date = ? WHERE id = ?", (postmark_date, document_id))
            self.event(conn, "postmark_recorded", operator=self.settings.operator if operator is None else operator,
                       batch_id=doc["batch_id"], document_id=document_id,
                       data={"postmark_date": postmark_date, "previous": doc["postmark_date"],
                             "received_at": doc["received_at"]})

    def document_batch(self: Store, document_id: str) -> str:
        """The id of the batch a document belongs to."""
        with self.tx() as conn:
            return str(self._doc_row(conn, document_id)["batch_id"])

    def accept_document(self: Store, document_id: str) -> None:
        with self.tx() as conn:
            conn.execute("UPDATE documents SET state = ?, needs_review = 0 WHERE id = ?",
                         (DocState.ACCEPTED.value, document_id))

    def corrections(self: Store, unused_only: bool = False) -> list[dict[str, Any]]:
        """Operator corrections for retraining (text, old and new type, fields)."""
        sql = "SELECT * FROM corrections" + (" WHERE NOT used_for_training" if unused_only else "") + " ORDER BY id"
        rows = self.query(sql)
        for r in rows:
            r["old_fields"], r["new_fields"] = json.loads(r["old_fields"]), json.loads(r["new_fields"])
        return rows

    # ------------------------------------------------------------------ outbox
    def close_batch(self: Store, batch_id: str) -> None:
        """The operator validated the batch: close it and queue it for sync."""
        now = iso_utc()
        with self.tx() as conn:
            conn.execute("UPDATE batches SET state = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?",
                         (BatchState.CLOSED.value, now, batch_id))
            conn.execute("INSERT OR IGNORE INTO outbox (batch_id, queued_at) VALUES (?, ?)", (batch_id, now))

    def outbox_pending(self: Store) -> list[OutboxItem]:
        """Closed batches not yet acknowledged by the central store, oldest first."""
        return [
            OutboxItem(r["batch_id"], r["queued_at"], r["attempts"], r["last_error"])
            for r in self.query("SELECT * FROM outbox WHERE synced_at IS NULL ORDER BY queued_at, batch_id")
        ]

    def mark_synced(self: Store, batch_id: str) -> None:
        """The central store has the batch (idempotent: a second call changes nothing)."""
        now = iso_utc()
        with self.tx() as conn:
            row = conn.execute("SELECT synced_at FROM outbox WHERE batch_id = ?", (batch_id,)).fetchone()
            if row is None or row[0] is not None:
                return
            conn.execute("UPDATE outbox SET synced_at = ? WHERE batch_id = ?", (now, batch_id))
            conn.execute("UPDATE batches SET state = ?, synced_at = ? WHERE id = ?",
                         (BatchState.SYNCED.value, now, batch_id))
            self.event(conn, "synced", batch_id=batch_id, data={"synced_at": now})

    def mark_sync_failed(self: Store, batch_id: str, error: str) -> None:
        with self.tx() as conn:
            conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE batch_id = ?", (error, batch_id))

    def hold_for_sync(self: Store, batch_id: str, reason_de: str, reason_en: str,
                      page_hashes: list[str] | None = None) -> bool:
        """Sync cannot send this batch as it is on disk (a page file missing or damaged): it stays queued
        with its reason, German line then English line (``sync_status`` shows the operator's language), and
        a ``sync_held`` audit event records it once per reason, not once per sync round. True if the reason
        is new."""
        error = f"{reason_de}\n{reason_en}"
        with self.tx() as conn:
            row = conn.execute("SELECT last_error FROM outbox WHERE batch_id = ? AND synced_at IS NULL",
                               (batch_id,)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE batch_id = ?", (error, batch_id))
            if row[0] == error:
                return False
            self.event(conn, "sync_held", batch_id=batch_id, page_hashes=list(page_hashes or []),
                       data={"reason": reason_en})
        return True

    def mark_exported(self: Store, document_id: str, pdf_path: Any, json_path: Any, pdf_sha256: str,
                      page_count: int) -> None:
        """Export verified the PDF: record it (soft-deleted pages are final from now on)."""
        now = iso_utc()
        with self.tx() as conn:
            doc = self._doc_row(conn, document_id)
            conn.execute(
                "INSERT OR REPLACE INTO exports (document_id, batch_id, exported_at, pdf_path, json_path, pdf_sha256, "
                "page_count) VALUES (?,?,?,?,?,?,?)",
                (document_id, doc["batch_id"], now, str(pdf_path), str(json_path), pdf_sha256, page_count),
            )
            self.event(conn, "exported", batch_id=doc["batch_id"], document_id=document_id,
                       page_hashes=self._doc_hashes(conn, document_id),
                       data={"pdf_sha256": pdf_sha256, "pages": page_count})
            left = conn.execute(
                "SELECT COUNT(*) FROM documents d WHERE d.batch_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM exports e WHERE e.document_id = d.id)", (doc["batch_id"],)).fetchone()[0]
            if left == 0:
                conn.execute("UPDATE batches SET exported_at = ? WHERE id = ?", (now, doc["batch_id"]))

    def is_exported(self: Store, document_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM exports WHERE document_id = ?", (document_id,)))

    def events_after(self: Store, seq: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Audit events in chain order after ``seq`` (what sync sends, what verify walks)."""
        with self._lock:
            return audit.events(self.conn, seq, limit)

    # ----------------------------------------------------------------- helpers
    def _doc_row(self: Store, conn: Any, document_id: str) -> dict[str, Any]:
        cur = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,))
        row = cur.fetchone()
        if row is None:
            raise StoreError(f"Dokument {document_id} gibt es nicht.", f"Document {document_id} does not exist.")
        return dict(zip([d[0] for d in cur.description], row))

    def _doc_hashes(self: Store, conn: Any, document_id: str) -> list[str]:
        return [r[0] for r in conn.execute(
            "SELECT blob_hash FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (document_id,))]

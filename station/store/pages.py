"""Pages in the store: making them durable, recording what the pipeline learned about them."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from station.errors import StoreError
from station.model import BatchState, PageResult, new_id
from station.store.audit import iso_utc
from station.store.encode import encode_page
from station.store.records import StoredPage

if TYPE_CHECKING:
    from station.store.local import Store

_INTENT_COLUMNS = ("page_id", "batch_id", "blob_hash", "raw_size", "sheet", "side", "dpi", "received_at",
                   "source_file", "meta")


def page_row_values(intent: dict[str, Any], ord_: int) -> tuple[list[str], list[Any]]:
    """Column names and values of a new page row, from its intent record."""
    cols = ["id", "ord"]
    values: list[Any] = [intent["page_id"], ord_]
    for key in _INTENT_COLUMNS[1:]:
        cols.append(key)
        value = intent.get(key)
        values.append(json.dumps(value or {}, ensure_ascii=False) if key == "meta" else value)
    return cols, values


def _page_bytes(raw: Any, dpi: int | None) -> tuple[bytes, int, dict[str, Any]]:
    """(encoded bytes, raw pixel size, fields taken from a RawPage-like object)."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        return bytes(raw), len(raw), {}
    image = raw if isinstance(raw, np.ndarray) else getattr(raw, "image", None)
    if not isinstance(image, np.ndarray):
        raise TypeError(f"add_page takes a RawPage, an image array or encoded bytes, not {type(raw).__name__}")
    extra: dict[str, Any] = {}
    if not isinstance(raw, np.ndarray):
        extra = {
            "sheet": getattr(raw, "sheet", None),
            "side": getattr(raw, "side", "front"),
            "dpi": getattr(raw, "dpi", None),
            "meta": dict(getattr(raw, "meta", {}) or {}),
        }
    return encode_page(image, int(dpi or extra.get("dpi") or 300)), int(image.nbytes), extra


class PagesMixin:
    """Page operations of :class:`station.store.local.Store`."""

    def add_page(
        self: Store,
        batch_id: str,
        raw: Any,
        received_at: datetime | None = None,
        *,
        page_id: str | None = None,
        sheet: int | None = None,
        side: str | None = None,
        dpi: int | None = None,
        meta: dict[str, Any] | None = None,
        source_file: str | None = None,
    ) -> str:
        """Make one page durable and return its id. ``raw`` is a RawPage, a uint8 image array or
        the bytes of an encoded image file (a fax TIFF page). ``received_at`` defaults to the
        moment the page reaches the disk; once stored it can never change."""
        data, raw_size, extra = _page_bytes(raw, dpi)
        page_id = page_id or new_id()
        intent = {
            "page_id": page_id,
            "batch_id": batch_id,
            "blob_hash": "",
            "raw_size": raw_size,
            "sheet": sheet if sheet is not None else extra.get("sheet"),
            "side": side or extra.get("side") or "front",
            "dpi": int(dpi or extra.get("dpi") or 300),
            "source_file": source_file,
            "meta": {**extra.get("meta", {}), **(meta or {})},
            "received_at": iso_utc(received_at),
        }
        from station.store.blobs import sha256_hex

        intent["blob_hash"] = sha256_hex(data)
        intent_path = self.write_intent(page_id, intent)
        try:
            self.blobs.put(data)
            with self.tx() as conn:
                if not conn.execute("SELECT 1 FROM pages WHERE id = ?", (page_id,)).fetchone():
                    self._insert_page(conn, intent)
        finally:
            # If the row did not commit, the intent stays for recovery only if the image is there.
            if self.query("SELECT 1 FROM pages WHERE id = ?", (page_id,)) or self.blobs.find(intent["blob_hash"]) is None:
                intent_path.unlink(missing_ok=True)
        return page_id

    def finish_capture(self: Store, batch_id: str) -> None:
        """The stack is through the scanner: record the ``scanned`` event and move on to processing."""
        hashes = [r["blob_hash"] for r in self.query("SELECT blob_hash FROM pages WHERE batch_id = ? ORDER BY ord", (batch_id,))]
        with self.tx() as conn:
            conn.execute(
                "UPDATE batches SET ended_at = COALESCE(ended_at, ?), state = ? WHERE id = ? AND state = ?",
                (iso_utc(), BatchState.PROCESSING.value, batch_id, BatchState.SCANNING.value),
            )
            self.event(conn, "scanned", batch_id=batch_id, page_hashes=hashes, data={"pages": len(hashes)})

    def page(self: Store, page_id: str, *, with_words: bool = True) -> StoredPage:
        rows = self.query("SELECT * FROM pages WHERE id = ?", (page_id,))
        if not rows:
            raise StoreError(f"Seite {page_id} gibt es nicht.", f"Page {page_id} does not exist.")
        return StoredPage.from_row(rows[0], with_words=with_words)

    def page_path(self: Store, page: StoredPage | str, *, clean: bool = False) -> Path:
        """The image file of a page (its cleaned version if asked and present)."""
        page = self.page(page, with_words=False) if isinstance(page, str) else page
        digest = page.clean_hash if clean and page.clean_hash else page.blob_hash
        path = self.blobs.find(digest)
        if path is None:
            raise StoreError(
                f"Die Bilddatei von Seite {page.ord + 1} fehlt im Speicher.",
                f"The image file of page {page.ord + 1} is missing from the store.",
                detail=digest,
            )
        return path

    def pages_to_process(self: Store, batch_id: str | None = None) -> list[StoredPage]:
        """Pages on disk that the pipeline has not finished yet (after a crash: resume these)."""
        sql = "SELECT *, NULL AS words FROM pages WHERE processed_at IS NULL AND NOT deleted"
        params: tuple = ()
        if batch_id:
            sql += " AND batch_id = ?"
            params = (batch_id,)
        return [StoredPage.from_row(r, with_words=False) for r in self.query(sql + " ORDER BY batch_id, ord", params)]

    def save_page_result(self: Store, page_id: str, result: PageResult, clean: bytes | None = None,
                         barcodes: list[dict[str, Any]] | None = None) -> None:
        """Record the pipeline's findings for a page (and keep its cleaned image, if given).

        ``barcodes`` defaults to those the pipeline read in its worker (``PageContext.barcodes``)."""
        if barcodes is None and result.barcodes:
            barcodes = result.barcodes
        if clean is None and result.clean_path and Path(result.clean_path).is_file():
            clean = Path(result.clean_path).read_bytes()
        clean_hash = self.blobs.put(clean)[0] if clean else None
        words = json.dumps([asdict(w) for w in result.words], ensure_ascii=False)
        crop = json.dumps(asdict(result.crop_box)) if result.crop_box else None
        with self.tx() as conn:
            row = conn.execute("SELECT batch_id, blob_hash FROM pages WHERE id = ?", (page_id,)).fetchone()
            if row is None:
                raise StoreError(f"Seite {page_id} gibt es nicht.", f"Page {page_id} does not exist.")
            conn.execute(
                "UPDATE pages SET processed_at = ?, clean_hash = ?, width = ?, height = ?, blank = ?, "
                "blank_score = ?, rotation = ?, skew = ?, crop = ?, ocr_text = ?, words = ?, error = ?, barcodes = ? "
                "WHERE id = ?",
                (iso_utc(), clean_hash, result.width, result.height, int(result.blank), result.blank_score,
                 result.rotation, result.skew, crop, result.text, words, result.error,
                 json.dumps(barcodes or [], ensure_ascii=False), page_id),
            )
            self.event(conn, "processed", batch_id=row[0], page_hashes=[row[1]],
                       data={"page_id": page_id, "blank": result.blank, "rotation": result.rotation,
                             "error": bool(result.error)})

    def page_result(self: Store, page: StoredPage) -> PageResult:
        """The stored findings of a page as the pipeline's PageResult (what classify takes)."""
        return PageResult(
            index=page.ord, width=page.width or 0, height=page.height or 0, dpi=page.dpi,
            crop_box=page.crop, skew=page.skew, rotation=page.rotation, blank=page.blank,
            blank_score=page.blank_score or 0.0, words=list(page.words), text=page.ocr_text or "",
            clean_path=str(self.page_path(page, clean=True)), error=page.error,
        )

    def mark_separator(self: Store, conn: Any, page_id: str, kind: str | None, barcodes: list[dict[str, Any]]) -> None:
        conn.execute(
            "UPDATE pages SET separator = ?, separator_kind = ?, barcodes = ? WHERE id = ?",
            (int(kind is not None), kind, json.dumps(barcodes, ensure_ascii=False), page_id),
        )

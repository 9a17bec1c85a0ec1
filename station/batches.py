"""What the operator does to a batch before it leaves: move, split, merge, rotate, delete,
restore and rescan pages. Every operation is one transaction with its audit event; nothing is
ever physically removed (a deleted page keeps its file and row, and can be restored until its
document is exported)."""

from __future__ import annotations

import json
from typing import Any

import cv2

from station.errors import StoreError
from station.model import Word, new_id
from station.store.audit import iso_utc
from station.store.documents import first_received
from station.store.encode import decode_page
from station.store.local import Store


def _refuse_if_exported(store: Store, conn: Any, document_id: str | None) -> None:
    if document_id and conn.execute("SELECT 1 FROM exports WHERE document_id = ?", (document_id,)).fetchone():
        raise StoreError(
            "Dieses Dokument ist bereits exportiert und kann nicht mehr geändert werden.",
            "This document has already been exported and can no longer be changed.",
        )


def _page(conn: Any, page_id: str) -> dict[str, Any]:
    cur = conn.execute("SELECT * FROM pages WHERE id = ?", (page_id,))
    row = cur.fetchone()
    if row is None:
        raise StoreError(f"Seite {page_id} gibt es nicht.", f"Page {page_id} does not exist.")
    return dict(zip([d[0] for d in cur.description], row))


def _renumber(conn: Any, document_id: str, order: list[str]) -> None:
    for n, page_id in enumerate(order):
        conn.execute("UPDATE pages SET document_id = ?, doc_ord = ? WHERE id = ?", (document_id, n, page_id))


def _doc_pages(conn: Any, document_id: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM pages WHERE document_id = ? ORDER BY doc_ord, ord", (document_id,))]


def _pin_received(store: Store, conn: Any, document_id: str | None) -> None:
    """Keep the date received provable after an edit. Unedited, a document is dated by the
    ``received`` event of its first live page; once edits change which page that is (the first
    page rescanned, deleted or moved away), a document-level ``received`` event restates the
    unchanged date, and from then on that event is the proof."""
    if not document_id:
        return
    doc = store._doc_row(conn, document_id)
    if conn.execute("SELECT 1 FROM audit_events WHERE document_id = ? AND kind = 'received'", (document_id,)).fetchone():
        return
    live = [r[0] for r in conn.execute(
        "SELECT id FROM pages WHERE document_id = ? AND NOT deleted AND NOT separator", (document_id,))]
    if live and first_received(conn, live) == doc["received_at"]:
        return
    store.event(conn, "received", batch_id=doc["batch_id"], document_id=document_id,
                page_hashes=store._doc_hashes(conn, document_id), data={"received_at": doc["received_at"]})


def _audit(store: Store, conn: Any, batch_id: str, document_id: str | None, action: str, **data: Any) -> None:
    for doc in {document_id, data.get("from_document"), data.get("new_document")}:
        if doc and conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc,)).fetchone():
            _pin_received(store, conn, doc)
    hashes = store._doc_hashes(conn, document_id) if document_id else []
    store.event(conn, "pages_edited", batch_id=batch_id, document_id=document_id, page_hashes=hashes,
                data={"action": action, **data})


def move_page(store: Store, page_id: str, document_id: str, position: int) -> None:
    """Put a page at ``position`` (0-based) in a document of the same batch."""
    with store.tx() as conn:
        page = _page(conn, page_id)
        target = store._doc_row(conn, document_id)
        if target["batch_id"] != page["batch_id"]:
            raise StoreError("Seiten können nur innerhalb eines Stapels verschoben werden.",
                             "Pages can only be moved within one batch.")
        _refuse_if_exported(store, conn, page["document_id"])
        _refuse_if_exported(store, conn, document_id)
        source = page["document_id"]
        if source and source != document_id:
            _renumber(conn, source, [p for p in _doc_pages(conn, source) if p != page_id])
        order = [p for p in _doc_pages(conn, document_id) if p != page_id]
        order.insert(max(0, min(position, len(order))), page_id)
        _renumber(conn, document_id, order)
        conn.execute("UPDATE pages SET separator = 0 WHERE id = ?", (page_id,))
        _audit(store, conn, page["batch_id"], document_id, "move", page_id=page_id, from_document=source,
               position=position)


def split_document(store: Store, document_id: str, first_page_id: str) -> str:
    """Cut a document before ``first_page_id``: that page and the ones after become a new document."""
    with store.tx() as conn:
        doc = store._doc_row(conn, document_id)
        _refuse_if_exported(store, conn, document_id)
        order = _doc_pages(conn, document_id)
        if first_page_id not in order or order.index(first_page_id) == 0:
            raise StoreError("An dieser Seite kann das Dokument nicht geteilt werden.",
                             "The document cannot be split at this page.")
        cut = order.index(first_page_id)
        new_doc = new_id()
        conn.execute("UPDATE documents SET ord = ord + 1 WHERE batch_id = ? AND ord > ?", (doc["batch_id"], doc["ord"]))
        received = first_received(conn, order[cut:])
        conn.execute(
            "INSERT INTO documents (id, batch_id, ord, state, fields, received_at, source_file, meta, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (new_doc, doc["batch_id"], doc["ord"] + 1, "to_check", "{}", received, doc["source_file"], doc["meta"],
             iso_utc()),
        )
        _renumber(conn, new_doc, order[cut:])
        store.document_events(conn, doc["batch_id"], new_doc, received, {})
        _audit(store, conn, doc["batch_id"], document_id, "split", new_document=new_doc, at_page=first_page_id)
    return new_doc


def merge_documents(store: Store, first_id: str, second_id: str) -> None:
    """Append the second document's pages to the first; the second document is dissolved."""
    with store.tx() as conn:
        first, second = store._doc_row(conn, first_id), store._doc_row(conn, second_id)
        if first["batch_id"] != second["batch_id"] or first_id == second_id:
            raise StoreError("Nur zwei Dokumente desselben Stapels lassen sich zusammenführen.",
                             "Only two documents of the same batch can be merged.")
        _refuse_if_exported(store, conn, first_id)
        _refuse_if_exported(store, conn, second_id)
        _renumber(conn, first_id, _doc_pages(conn, first_id) + _doc_pages(conn, second_id))
        conn.execute("DELETE FROM documents WHERE id = ?", (second_id,))
        conn.execute("UPDATE documents SET ord = ord - 1 WHERE batch_id = ? AND ord > ?", (first["batch_id"], second["ord"]))
        _audit(store, conn, first["batch_id"], first_id, "merge", merged_document=second_id)


def _turn_words(words: list[dict[str, Any]], width: int, height: int, quarter_turns: int) -> list[dict[str, Any]]:
    """Word boxes after turning the page clockwise by 90° ``quarter_turns`` times."""
    for _ in range(quarter_turns % 4):
        turned = []
        for w in words:
            w = dict(w)
            w["left"], w["top"] = height - (w["top"] + w["height"]), w["left"]
            w["width"], w["height"] = w["height"], w["width"]
            turned.append(w)
        words, width, height = turned, height, width
    return words


def rotate_page(store: Store, page_id: str, degrees: int) -> None:
    """Turn a page clockwise by a multiple of 90°: a new cleaned image, word boxes turned with it."""
    if degrees % 90:
        raise StoreError("Seiten lassen sich nur um 90°-Schritte drehen.", "Pages turn in steps of 90° only.")
    turns = (degrees // 90) % 4
    page = store.page(page_id)
    if not turns:
        return
    image = decode_page(store.blobs.read(page.clean_hash or page.blob_hash))
    for _ in range(turns):
        image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    from station.store.encode import encode_page

    new_hash = store.blobs.put(encode_page(image, page.dpi))[0]
    words = _turn_words([w.__dict__ for w in page.words], page.width or image.shape[1], page.height or image.shape[0], turns)
    with store.tx() as conn:
        _refuse_if_exported(store, conn, page.document_id)
        conn.execute(
            "UPDATE pages SET clean_hash = ?, rotation = (rotation + ?) % 360, width = ?, height = ?, words = ? WHERE id = ?",
            (new_hash, degrees % 360, image.shape[1], image.shape[0], json.dumps(words, ensure_ascii=False), page_id),
        )
        _audit(store, conn, page.batch_id, page.document_id, "rotate", page_id=page_id, degrees=degrees % 360)


def set_deleted(store: Store, page_id: str, deleted: bool) -> None:
    """Soft-delete (or restore) a page: it leaves the document's output, never the store."""
    with store.tx() as conn:
        page = _page(conn, page_id)
        _refuse_if_exported(store, conn, page["document_id"])
        conn.execute("UPDATE pages SET deleted = ? WHERE id = ?", (int(deleted), page_id))
        _audit(store, conn, page["batch_id"], page["document_id"], "delete" if deleted else "restore", page_id=page_id)


def delete_page(store: Store, page_id: str) -> None:
    set_deleted(store, page_id, True)


def restore_page(store: Store, page_id: str) -> None:
    set_deleted(store, page_id, False)


def rescan_page(store: Store, page_id: str, raw: Any) -> str:
    """Put a new scan in the place of a page: the new page is made durable first, then takes the
    old one's place in its document; the old one is kept, deleted, for the record. The new page
    still needs processing (``process_batch`` picks it up)."""
    old = store.page(page_id, with_words=False)
    with store.tx() as conn:
        _refuse_if_exported(store, conn, old.document_id)
    new_page = store.add_page(old.batch_id, raw, sheet=old.sheet, side=old.side,
                              meta={"replaces": page_id}, source_file=old.source_file)
    with store.tx() as conn:
        conn.execute("UPDATE pages SET deleted = 1, document_id = NULL, doc_ord = NULL WHERE id = ?", (page_id,))
        if old.document_id:
            order = _doc_pages(conn, old.document_id)
            order.insert(old.doc_ord or 0, new_page)
            _renumber(conn, old.document_id, order)
        _audit(store, conn, old.batch_id, old.document_id, "rescan", page_id=page_id, new_page_id=new_page)
    return new_page


__all__ = ["move_page", "split_document", "merge_documents", "rotate_page", "delete_page", "restore_page",
           "rescan_page", "Word"]

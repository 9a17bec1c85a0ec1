"""The window's scanning flow: start, pages arriving, processing results, stop, faults.

Pages arrive before the batch is split into documents, so they gather in one provisional
document ("Neue Seiten") until processing and separation are done; then the batch is reloaded
from the store as documents.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication

from station.model import DocState, PageResult
from ui import backend, scanning
from ui.viewdata import BatchItem, DocItem, PageItem
from ui.worker import run_task
from ui.qtcompat import emit

log = logging.getLogger(__name__)


class ScanFlowMixin:
    """Mixed into MainWindow; uses its tree, view, panel, status and session."""

    def start_scan(self) -> None:
        if self.session.scanning or self.rescanning or self.buttons.closed:
            return
        if self.buttons.running:  # the button watch holds the device: scan once it let go
            self.buttons.stop(then=self.start_scan)
            return
        self.buttons.stop()
        device = self.scanner_box.currentData() or self.settings.scanner
        profile = self.profile_box.currentText() or self.settings.profile
        continuing = self.batch is not None and self.batch.state == "scanning" and self.session.run is not None
        try:
            self.session.start(device, profile, continue_batch=continuing)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, nothing started
            self.problem(exc)
            self.watch_buttons()
            return
        if not continuing:
            self.batch = BatchItem(self.session.batch_id, state="scanning", profile=profile)
            self.batch.documents.append(DocItem(id=f"new:{self.session.batch_id}"))
            self.tree.show_batch(self.batch)
            self.follow_newest = True
        self.status.set_scanner("running")
        self.show_work()
        self.show_counts()

    def stop_scan(self) -> None:
        if self.session.scanning:
            self.session.stop()
            self.status.set_scanner("stopping")

    def on_page_previewed(self, shown: scanning.Previewed) -> None:
        """A page the scanner just handed over: on screen at once, from memory, marked as being
        saved. It becomes a page of the batch (counted, editable) when the store reports it."""
        if self.batch is None:
            return
        found = self.batch.find_page(shown.key)
        if found is not None:  # the second report: the large preview for the view
            if shown.preview is not None and self.page is found[1] and self.follow_newest:
                self.show_page(found[0], found[1], shown.preview)
            return
        doc = self.batch.documents[-1]
        page = PageItem(id=shown.key, thumb=shown.thumb, arrived_at=shown.arrived_at, stored=False)
        doc.pages.append(page)
        self._show_new_page(doc, page, shown.preview)

    def on_page_arrived(self, arrived: scanning.Arrived) -> None:
        """A page is durable in the store: now it is reported saved."""
        if self.batch is None:
            return
        found = self.batch.find_page(arrived.key) if arrived.key else None
        if found is None:  # not previewed: show it now
            doc = self.batch.documents[-1]
            page = PageItem(id=arrived.page_id, image_path=arrived.path, thumb=arrived.thumb,
                            arrived_at=arrived.arrived_at)
            doc.pages.append(page)
            self._show_new_page(doc, page, arrived.preview)
        else:
            _doc, page = found
            page.id, page.image_path, page.stored = arrived.page_id, arrived.path, True
            self.tree.rename_page(arrived.key, page)
            self.view.rename(arrived.key, page.id)
        emit(self.pageStored, page.id, time.perf_counter() - arrived.arrived_at)
        self.show_counts()

    def _show_new_page(self, doc: DocItem, page: PageItem, preview: Any) -> None:
        self.tree.add_page(doc, len(doc.pages), page)
        emit(self.thumbShown, page.id, time.perf_counter() - page.arrived_at)
        if self.follow_newest:
            self.tree.blockSignals(True)
            self.tree.select_id(page.id)
            self.tree.blockSignals(False)
            self.show_page(doc, page, preview)

    def on_page_processed(self, page_id: str, result: PageResult) -> None:
        found = self.batch.find_page(page_id) if self.batch else None
        if found is None:
            return
        doc, page = found
        page.processed, page.result, page.blank, page.error = True, result, result.blank, result.error
        if result.clean_path:
            page.image_path = result.clean_path
        self.tree.update_page(page)
        if self.page is page:
            self.show_page(doc, page)

    def on_page_failed(self, page_id: str, exc: BaseException) -> None:
        found = self.batch.find_page(page_id) if self.batch else None
        if found is not None:
            found[1].error = str(getattr(exc, "message_de", "") or exc)
            self.tree.update_page(found[1])
        self.status.showMessage(QCoreApplication.translate("MainWindow", "Eine Seite konnte nicht verarbeitet werden; sie bleibt im Stapel."), 8000)

    def on_scan_finished(self, batch_id: str, pages: int) -> None:
        """The end of the stack (feeder empty or Esc): the core now finishes the batch."""
        self.status.set_scanner("ready")
        if self.batch is not None:
            self.batch.state = "processing"
        self.status.showMessage(QCoreApplication.translate("MainWindow", "%1 Seiten gescannt.").replace("%1", str(pages)), 8000)

    def on_scan_failed(self, exc: BaseException, kept: int) -> None:
        self.status.set_scanner("fault")
        total = self.batch.page_count() if self.batch else kept
        self.problem(exc, total)

    def on_batch_idle(self, batch_id: str) -> None:
        """The core finished the batch (processed, separated, classified): show its documents."""
        if self.batch is None or self.batch.id != batch_id:
            self.refresh_recent()
            return
        run_task(backend.load_batch_by_id, self.settings, batch_id, on_done=self._separated,
                 on_error=self._finish_failed)

    def _separated(self, batch: BatchItem) -> None:
        """The batch as documents: validation starts with the first document to check."""
        self.page = None
        self.show_batch(batch)
        self.goto_next_to_check(start=0)

    def _finish_failed(self, exc: BaseException) -> None:
        self.status.clearMessage()
        if isinstance(exc, backend.NotAvailable):
            log.warning("batch finishing unavailable: %s", exc)
            return
        self.problem(exc)

    def show_batch(self, batch: BatchItem) -> None:
        """Redraw a batch reloaded from the store; open the first document to check."""
        self.status.clearMessage()
        keep = self.page.id if self.page else None
        self.batch = batch
        self.tree.show_batch(batch, keep)
        self.show_counts()
        if keep is None or batch.find_page(keep) is None:
            self.goto_next_to_check(start=0)

    def open_batch(self, batch_id: str) -> None:
        if not batch_id:
            return
        run_task(backend.load_batch_by_id, self.settings, batch_id,
                 on_done=lambda b: (self.show_batch(b), self.show_work()), on_error=self.problem)

    def goto_next_to_check(self, start: int | None = None) -> None:
        """Uncertain documents first: the next one not yet accepted (wrapping around)."""
        if not self.batch or not self.batch.documents:
            self.show_document(None)
            return
        docs = self.batch.documents
        first = start if start is not None else (docs.index(self.doc) + 1 if self.doc in docs else 0)
        order = docs[first:] + docs[:first]
        pending = [d for d in order if d.state is not DocState.ACCEPTED]
        pending.sort(key=lambda d: (not d.needs_review, order.index(d)))
        self.show_document(pending[0] if pending else None)

    def show_document(self, doc: DocItem | None) -> None:
        self.doc = doc
        total = len(self.batch.documents) if self.batch else 0
        number = self.batch.documents.index(doc) + 1 if doc and self.batch else 0
        self.panel.show_document(doc, number, total)
        pages = doc.visible_pages() if doc else []
        self.show_page(doc, pages[0] if pages else None)
        if pages:
            self.tree.blockSignals(True)
            self.tree.select_id(pages[0].id)
            self.tree.blockSignals(False)
        if doc and not doc.marks and any(doc.fields.values()) and not doc.id.startswith(("new:", "loose:")):
            run_task(backend.field_marks, self.settings, doc.id, dict(doc.fields),
                     on_done=lambda marks, d=doc: self._marks_ready(d, marks),
                     on_error=lambda e: log.warning("field outlines: %s", e))

    def _marks_ready(self, doc: DocItem, marks: list[Any]) -> None:
        doc.marks = marks
        if self.doc is doc and self.page is not None:
            self.show_page(doc, self.page)

    def show_page(self, doc: DocItem | None, page: PageItem | None, preview: Any = None) -> None:
        self.page = page
        marks = [m for m in doc.marks if page and m.page_id == page.id] if doc else []
        self.view.show_page(page, marks, preview)

    def on_page_selected(self, page_id: str) -> None:
        found = self.batch.find_page(page_id) if self.batch else None
        if found is None:
            return
        self.follow_newest = not self.session.scanning or found[1] is self.batch.documents[-1].pages[-1]
        doc, page = found
        if doc is not self.doc:
            self.doc = doc
            total = len(self.batch.documents)
            self.panel.show_document(doc, self.batch.documents.index(doc) + 1, total)
        self.show_page(doc, page)

    def on_document_selected(self, doc_id: str) -> None:
        for doc in self.batch.documents if self.batch else []:
            if doc.id == doc_id:
                self.show_document(doc)
                return

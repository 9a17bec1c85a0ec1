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
from PySide6.QtWidgets import QDialog

from station.model import PageResult
from ui import backend, scanning
from ui.continuebatch import ask_continue
from ui.deliverydate import DeliveryDateDialog
from ui.viewdata import BatchItem, DocItem, PageItem
from ui.worker import run_task
from ui.qtcompat import emit

log = logging.getLogger(__name__)


class ScanFlowMixin:
    """Mixed into MainWindow; uses its tree, view, panel, status and session."""

    def start_dated_scan(self) -> None:
        """Ctrl+D: post delivered on an earlier day (a Monday scanning Friday's post). The day and
        its reason are asked for every such batch, prefilled with the last choice of today; F5 and
        the scanner's buttons always date a new batch today."""
        if self.session.scanning or self.rescanning or self.buttons.closed:
            return
        dialog = DeliveryDateDialog(self.settings, self)
        last = getattr(self, "_last_delivery", None)
        if last is not None and last[0] == dialog.today:
            dialog.prefill(*last[1])
        dialog.finished.connect(lambda result: self._dated(dialog, result))
        dialog.open()
        self.delivery_dialog = dialog

    def _dated(self, dialog: Any, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        delivery = dialog.delivery()
        self._last_delivery = (dialog.today, delivery)
        self.start_scan(delivery=delivery)

    def start_scan(self, delivery: tuple[Any, str | None] | None = None, into: bool | None = None) -> None:
        """F5. With a finished, unclosed batch on the desk, ask once whether to scan on into it
        (``into``: True) or to start a new batch (False)."""
        if self.session.scanning or self.rescanning or self.buttons.closed:
            return
        if self.buttons.running:  # the button watch holds the device: scan once it let go
            self.buttons.stop(then=lambda: self.start_scan(delivery, into))
            return
        if into is None and delivery is None and self._unclosed_batch_open():
            self.continue_box = ask_continue(self, lambda choice: self.start_scan(into=choice))
            self.continue_box.finished.connect(self.take_keyboard_back)
            return
        self.buttons.stop()
        device = self.scanner_box.currentData() or self.settings.scanner
        profile = self.profile_box.currentText() or self.settings.profile
        continuing = self.batch is not None and self.batch.state == "scanning" and self.session.run is not None
        stored = self.batch.id if into and self._unclosed_batch_open() else None
        try:
            self.session.start(device, profile, continue_batch=continuing, delivery=delivery, batch_id=stored)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, nothing started
            self.problem(exc)
            self.watch_buttons()
            return
        if stored is not None:  # new pages gather after the batch's documents until it is finished again
            self.batch.state = "scanning"
            self.batch.documents.append(DocItem(id=f"new:{stored}"))
            self.desk.set_batch(self.batch)
            self.tree.show_batch(self.batch)
            self.follow_newest = True
        elif not continuing:
            self.batch = BatchItem(self.session.batch_id, state="scanning", profile=profile,
                                   delivery_date=delivery[0] if delivery else None,
                                   delivery_reason=delivery[1] if delivery else None)
            self.batch.documents.append(DocItem(id=f"new:{self.session.batch_id}"))
            self.tree.show_batch(self.batch)
            self.follow_newest = True
        self.status.set_scanner("running")
        self.show_work()
        self.show_counts()

    def _unclosed_batch_open(self) -> bool:
        """The desk shows a batch that is finished (ready to validate) and not closed."""
        return (self.batch is not None and self.batch.state == "to_validate" and self.stack.currentIndex() == 1
                and self.session.run is None)

    def end_batch_after_fault(self) -> None:
        """"Stapel beenden" in the fault dialog: the batch is finished with the pages it has."""
        if self.session.scanning or self.session.run is None:
            return
        self.session.end_batch()
        self.status.set_scanner("ready")
        if self.batch is not None:
            self.batch.state = "processing"
        self.draw_panel()

    def stop_scan(self) -> None:
        """Esc: stop after this sheet; a batch left open by a fault ("Später") is ended now."""
        if self.session.scanning:
            self.session.stop()
            self.status.set_scanner("stopping")
        elif self.batch is not None and self.batch.state == "scanning" and self.session.run is not None:
            self.end_batch_after_fault()

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

    def open_batch(self, batch_id: str) -> None:
        if not batch_id:
            return
        run_task(backend.load_batch_by_id, self.settings, batch_id,
                 on_done=lambda b: (self.show_batch(b), self.show_work()), on_error=self.problem)

"""The operator's corrections: type, fields, accept, page moves, split, merge, rotate, delete, rescan.

Each correction goes to the store (which keeps it for retraining and audits it) in a worker;
the window redraws from the batch the store returns, so what the operator sees is what is kept.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QThreadPool

from station.model import DocState
from ui import backend, scanning
from ui.scanflow import ScanFlowMixin
from ui.worker import run_task


class EditingMixin(ScanFlowMixin):
    """Mixed into MainWindow."""

    def _edits(self) -> QThreadPool:
        """One thread for the operator's store edits: they reach the store in the order they were
        made (an accept is in before the close that follows it)."""
        pool = getattr(self, "_edit_pool", None)
        if pool is None:
            pool = self._edit_pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        return pool

    def _edit(self, fn: Any, *args: Any) -> None:
        """Run one store edit off the UI thread, then show the batch as stored."""
        if self.batch is None:
            return
        run_task(fn, self.settings, self.batch.id, *args, on_done=self.show_batch, on_error=self.problem,
                 pool=self._edits())

    # -- deciding --------------------------------------------------------------------------------
    def set_doc_type(self, doc_type: str) -> None:
        """A type picked by number key or list: kept with the document until it is accepted."""
        if self.doc is None:
            return
        choice = next((t for t in self.panel._types if t.id == doc_type), None)
        self.doc.doc_type = doc_type
        if choice is not None:
            self.doc.type_label, self.doc.department = choice.label, choice.department
        self.doc.changes["doc_type"] = doc_type
        self.tree.show_batch(self.batch, self.page.id if self.page else None)

    def set_field(self, name: str, value: str) -> None:
        """A field the operator typed (already validated and normalised by the panel). A registered
        letter's tracking number is not an index field of the classifier: it goes to the store's
        own call with the accept."""
        if self.doc is None:
            return
        if name == "tracking_number":
            self.doc.tracking_number = value or self.doc.tracking_number
            if value:
                self.doc.changes["tracking_number"] = value
            else:
                self.doc.changes.pop("tracking_number", None)
            return
        self.doc.fields[name] = value or None
        self.doc.changes.setdefault("fields", {})[name] = value or None

    def accept_document(self) -> None:
        """Enter: accept the document (storing any corrections once) and go to the next to check."""
        if self.doc is None or self.stack.currentIndex() != 1 or self.doc.id.startswith(("new:", "loose:")):
            return
        if self.panel.has_errors():
            self.status.showMessage(QCoreApplication.translate("MainWindow", "Bitte zuerst die markierten Felder korrigieren."), 6000)
            return
        if self.doc.doc_type is None:
            self.status.showMessage(QCoreApplication.translate("MainWindow", "Bitte zuerst eine Dokumentart wählen (Tasten 1–9, 0)."), 6000)
            return
        done, changes = self.doc, dict(self.doc.changes)
        done.state, done.needs_review = DocState.ACCEPTED, False
        done.changes.clear()
        self.tree.show_batch(self.batch, self.page.id if self.page else None)
        self.show_counts()
        self.goto_next_to_check()
        run_task(backend.accept_document, self.settings, self.batch.id, done.id, changes, on_error=self.problem,
                 pool=self._edits())

    def skip_document(self) -> None:
        self.goto_next_to_check()

    # -- pages -----------------------------------------------------------------------------------
    def rotate_page(self, degrees: int) -> None:
        """R / Shift+R: the page turns on screen at once; the store turns its image in a worker.
        If the store refuses (an exported document, a page that is gone), the turn is taken back,
        so the screen never shows a rotation that was not kept."""
        if self.page is None or self.batch is None or self.page.deleted or not self.page.stored:
            return
        page = self.page
        page.rotation = (page.rotation + degrees) % 360
        self.show_page(self.doc, page)

        def refused(exc: BaseException) -> None:
            page.rotation = (page.rotation - degrees) % 360
            if self.page is page:
                self.show_page(self.doc, page)
            self.problem(exc)

        run_task(backend.rotate_page, self.settings, self.batch.id, page.id, degrees, pool=self._edits(),
                 on_done=self.show_batch, on_error=refused)

    def delete_page(self) -> None:
        """Del: a soft delete; the page stays in the list, struck out, until Ins restores it."""
        if self.page is not None and not self.page.deleted and self.page.stored:
            self._edit(backend.delete_page, self.page.id)

    def restore_page(self) -> None:
        """Ins: bring a deleted page back into its document."""
        if self.page is None or not self.page.deleted:
            if self.page is not None:
                self.status.showMessage(QCoreApplication.translate("MainWindow", "Diese Seite ist nicht gelöscht."), 4000)
            return
        self._edit(backend.restore_page, self.page.id)

    def split_document(self) -> None:
        """S: the current page and the ones after it become a new document."""
        if self.page is not None and self._stored(self.doc):
            self._edit(backend.split_document, self.doc.id, self.page.id)

    def merge_document(self) -> None:
        """M: the current document joins the one before it."""
        docs = self.batch.documents if self.batch else []
        if self.doc in docs and docs.index(self.doc) > 0 and self._stored(self.doc):
            previous = docs[docs.index(self.doc) - 1]
            if self._stored(previous):
                self._edit(backend.merge_document, previous.id, self.doc.id)

    def mark_registered(self) -> None:
        """Ctrl+E: the document is registered mail; the page shown (if it is one of the document's
        own pages) or else its first page is the envelope, kept as evidence and left out of the
        classification, which runs again without it."""
        if not self._stored(self.doc) or self.stack.currentIndex() != 1:
            return
        if self.doc.registered:
            self.status.showMessage(QCoreApplication.translate(
                "MainWindow", "Dieses Dokument ist schon als Einschreiben markiert."), 6000)
            return
        own = [p for p in self.doc.step_pages() if not p.deleted]
        page = self.page if self.page in own else (own[0] if own else None)
        if page is None or not page.stored:
            return
        self._edit(backend.mark_registered, self.doc.id, page.id)

    @staticmethod
    def _stored(doc: object) -> bool:
        """Documents exist in the store only after separation (not the provisional "new pages")."""
        return doc is not None and not doc.id.startswith(("new:", "loose:"))

    def move_page(self, page_id: str, doc_id: str, position: int) -> None:
        self._edit(backend.move_page, page_id, doc_id, position)

    def rescan_page(self) -> None:
        """Ctrl+Shift+S: scan one sheet and put it in place of the current page."""
        if self.page is None or self.session.scanning or self.rescanning or self.batch is None or not self.page.stored:
            return
        self.status.showMessage(QCoreApplication.translate("MainWindow", "Blatt in den Einzug legen: es ersetzt die aktuelle Seite."), 8000)
        self.rescanning = True  # the button watch lets go of the scanner until the sheet is in
        self.buttons.stop(then=self._rescan_now)

    def _rescan_now(self) -> None:
        def over(result: Any, ok: bool) -> None:
            self.rescanning = False
            self.watch_buttons()
            (self.show_batch if ok else self.problem)(result)

        if self.page is None or self.batch is None:
            self.rescanning = False
            self.watch_buttons()
            return
        run_task(scanning.rescan_page, self.settings, self.batch.id, self.page.id,
                 self.scanner_box.currentData() or self.settings.scanner, self.profile_box.currentText(),
                 on_done=lambda b: over(b, True), on_error=lambda e: over(e, False))

    # -- batch -----------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from ui.settingsdialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.accepted.connect(self.settings_changed)
        dialog.open()
        self.settings_dialog = dialog

    def settings_changed(self) -> None:
        """Saved settings take effect now: button mapping, hot folder."""
        self.start_screen.set_buttons(dict(self.settings.buttons))
        self.buttons.stop(then=self.watch_buttons)
        self.faxes.start()

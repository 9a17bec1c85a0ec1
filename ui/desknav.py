"""The window's moves through a batch, drawn from the Qt-free desk model (``station.desk.state``).

The desk decides which document and page are current and where the keyboard goes; this mixin
only draws that: the tree selects the page, the page view shows it, the panel shows the document
(or what the batch needs instead), and the keyboard lands on the type control after Enter.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from station.desk.state import Desk, Focus, PanelMode
from station.desk.wording import count
from ui import backend
from ui.fieldmarks import field_marks
from ui.viewdata import BatchItem, DocItem, PageItem
from ui.worker import run_task

log = logging.getLogger(__name__)



class DeskMixin:
    """Mixed into MainWindow ahead of the editing and scanning mixins: their moves land here."""

    desk: Desk

    # the window's view state is the desk's (the scanning and editing mixins read and write these)
    batch = property(lambda self: self.desk.batch, lambda self, v: setattr(self.desk, "batch", v))
    doc = property(lambda self: self.desk.doc, lambda self, v: setattr(self.desk, "doc", v))
    page = property(lambda self: self.desk.page, lambda self, v: setattr(self.desk, "page", v))
    follow_newest = property(lambda self: self.desk.follow_newest,
                             lambda self, v: setattr(self.desk, "follow_newest", v))

    def _observe_desk(self) -> None:
        self.desk.observe("panel", self.draw_panel)
        self.desk.observe("focus", self._apply_focus)
        self.desk.observe("counts", self.draw_counts)
        self.desk.observe("scanner", self.draw_counts)

    # -- drawing the desk --------------------------------------------------------------------------
    def draw_panel(self) -> None:
        mode = self.desk.panel_mode()
        if mode is PanelMode.DOCUMENT:
            number, total = self.desk.document_number()
            self.panel.show_document(self.desk.doc, number, total)
            return
        self.panel.show_document(None, 0, 0)
        texts = {
            PanelMode.EMPTY: "",
            PanelMode.SCANNING: QCoreApplication.translate(
                "MainWindow", "Scannen läuft. Die Seiten werden danach in Dokumente geteilt."),
            PanelMode.PROCESSING: QCoreApplication.translate("MainWindow", "Dokumente werden erkannt …"),
            PanelMode.ALL_CHECKED: QCoreApplication.translate(
                "MainWindow", "Alle Dokumente sind freigegeben. Stapel abschließen mit Strg+Enter."),
        }
        self.panel.show_prompt(texts[mode], closing=mode is PanelMode.ALL_CHECKED)

    def draw_counts(self) -> None:
        self.status.show_desk(self.desk)

    def _apply_focus(self) -> None:
        if self.desk.focus is Focus.TYPE and self.stack.currentIndex() == 1:
            if self.panel.type_box.isEnabled():
                self.panel.type_box.setFocus(Qt.FocusReason.OtherFocusReason)
            elif self.panel.close_button.isVisible():
                self.panel.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_counts(self) -> None:
        self.draw_counts()

    # -- batch, document, page ---------------------------------------------------------------------
    def show_batch(self, batch: BatchItem) -> None:
        """Redraw a batch reloaded from the store; stay on the page shown, else the next to check."""
        self.status.clearMessage()
        self.desk.set_batch(batch)
        self.tree.show_batch(batch, self.desk.page.id if self.desk.page else None)
        self.fit_tree()
        if self.desk.page is None:
            self.goto_next_to_check(start=0)
        else:
            self._draw_page()
        self.draw_counts()

    def fit_tree(self) -> None:
        """Widen the batch tree so no label is cut (type names are long, more so at 125–150 %),
        taking the room from the page view, never more than 40 % of the window."""
        if not self.work_area.isVisible():
            return  # sizes are only real once shown: show_work fits it again
        sizes = self.work_area.sizes()
        need = min(self.tree.needed_width(), int(0.4 * sum(sizes)))
        if sizes and sizes[0] < need:
            sizes[1] = max(100, sizes[1] - (need - sizes[0]))
            sizes[0] = need
            self.work_area.setSizes(sizes)

    def goto_next_to_check(self, start: int | None = None) -> None:
        """Enter's second half: the next document to check, on its first content page."""
        self.desk.goto_next_to_check(start)
        self._draw_current()

    def show_document(self, doc: DocItem | None) -> None:
        self.desk.open_document(doc)
        self._draw_current()

    def _draw_current(self) -> None:
        page = self.desk.page
        if page is not None:
            self.tree.blockSignals(True)
            self.tree.select_id(page.id)
            self.tree.blockSignals(False)
            self.tree.scrollToItem(self.tree.currentItem())
        self._draw_page()
        doc = self.desk.doc
        if doc and not doc.marks and any(doc.fields.values()) and not doc.provisional:
            run_task(field_marks, self.settings, self.desk.batch.id, doc.id, dict(doc.fields),
                     on_done=lambda marks, d=doc: self._marks_ready(d, marks),
                     on_error=lambda e: log.warning("field outlines: %s", e))
        if self.desk.focus is Focus.TYPE:
            self._apply_focus()
        for upcoming in self.desk.upcoming(2):
            self.view.prefetch(upcoming.first_content_page())

    def _marks_ready(self, doc: DocItem, marks: list[Any]) -> None:
        doc.marks = marks
        if self.desk.doc is doc:
            self.panel.show_marks(marks)
            if self.desk.page is not None:
                self._draw_page()

    def _draw_page(self, preview: Any = None) -> None:
        doc, page = self.desk.doc, self.desk.page
        marks = [m for m in doc.marks if page and m.page_id == page.id] if doc else []
        self.view.show_page(page, marks, preview)

    def show_page(self, doc: DocItem | None, page: PageItem | None, preview: Any = None) -> None:
        self.desk.show_page(doc, page)
        self._draw_page(preview)

    def on_page_selected(self, page_id: str) -> None:
        found = self.desk.batch.find_page(page_id) if self.desk.batch else None
        if found is None:
            return
        doc, page = found
        scanning = self.session.scanning
        self.desk.follow_newest = not scanning or page is self.desk.batch.documents[-1].pages[-1]
        self.show_page(doc, page)

    def on_document_selected(self, doc_id: str) -> None:
        for doc in self.desk.batch.documents if self.desk.batch else []:
            if doc.id == doc_id:
                self.desk.open_document(doc, take_keyboard=False)  # arrowing through the tree
                self._draw_page()
                return

    def step_page(self, step: int) -> None:
        """Ctrl+←/→: pages of the document in the panel (the text cursor stays where it is)."""
        before = self.desk.page
        page = self.desk.step_page(step)
        if page is None or page is before:
            return
        self.tree.blockSignals(True)
        self.tree.select_id(page.id)
        self.tree.blockSignals(False)
        self._draw_page()

    # -- keys ----------------------------------------------------------------------------------------
    def accept_document(self) -> None:
        """Enter: accept and go on; on the "all accepted" prompt, Enter closes the batch."""
        if self.desk.panel_mode() is PanelMode.ALL_CHECKED and self.stack.currentIndex() == 1:
            self.close_batch()
            return
        super().accept_document()

    def choose_type_key(self, key: int) -> None:
        """1–9, 0: the document's type, unless the operator is typing in a field."""
        if isinstance(self.focusWidget(), QLineEdit) or self.stack.currentIndex() != 1:
            return
        if self.desk.panel_mode() is PanelMode.DOCUMENT:
            self.panel.choose_type_number(key)

    def close_batch(self) -> None:
        """Ctrl+Enter: queue the batch for sync; with documents still to check, ask once."""
        if self.desk.batch is None or self.session.scanning or not self.desk.batch.separated():
            return
        left = self.desk.batch.to_check()
        if left:
            text = QCoreApplication.translate("MainWindow", "Noch %1 zu prüfen.").replace("%1", _documents(left))
            box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("MainWindow", "Stapel abschließen"),
                              text, parent=self)
            box.setObjectName("closeAnyway")
            box.setInformativeText(QCoreApplication.translate(
                "MainWindow", "Ungeprüfte Dokumente werden so übertragen, wie die Station sie erkannt hat."))
            go_on = box.addButton(QCoreApplication.translate("MainWindow", "&Weiter prüfen"),
                                  QMessageBox.ButtonRole.RejectRole)
            close = box.addButton(QCoreApplication.translate("MainWindow", "&Trotzdem abschließen"),
                                  QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(go_on)
            box.setEscapeButton(go_on)
            box.finished.connect(lambda _r: self._close_answer(box.clickedButton() is close))
            box.open()
            self.close_box = box
            return
        self._close_now()

    def _close_answer(self, close: bool) -> None:
        if close:
            self._close_now(force=True)
        else:
            self.goto_next_to_check()

    def _close_now(self, force: bool = False) -> None:
        """On the edits' thread, after every accept the operator made before (``flows.batch.close_batch``
        refuses documents still to check unless the operator confirmed: ``force``)."""
        run_task(backend.close_batch, self.settings, self.desk.batch.id, force, on_done=self._closed,
                 on_error=self.problem, pool=self._edits())

    def _closed(self, _result: Any) -> None:
        self.status.showMessage(QCoreApplication.translate(
            "MainWindow", "Stapel abgeschlossen und zur Synchronisierung vorgemerkt."), 8000)
        self.desk.set_batch(None)
        self.tree.clear()
        self.view.show_page(None)
        self.refresh_status()
        self.show_start()


def _documents(n: int) -> str:
    return count(n, "document")

"""The main window (UI.md layout): menu bar, toolbar, batch tree, page view, document panel, status bar.

The view state (which batch, document and page are shown, where the keyboard goes, the shift's
counters) is the Qt-free desk model (``station.desk``); the window draws it and turns operator
actions into backend calls run in workers; it redraws from what the store says afterwards, so
the screen never shows a change that was not kept.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from station.config import Settings
from station.desk.shift import read_shift
from station.desk.state import Desk, Focus
from ui import actions as act
from ui import backend, scanning
from ui.batchtree import BatchTree
from ui.buttonwatch import ButtonWatch
from ui.docpanel import DocumentPanel
from ui.faxwatch import FaxWatch
from ui.desknav import DeskMixin
from ui.editing import EditingMixin
from ui.errors import show_problem
from ui.pageview import PageView
from ui.session import ScanSession
from ui.startscreen import StartScreen
from ui.statusbar import StationStatusBar
from ui.keyhelp import KeyOverlay
from ui.worker import run_task

log = logging.getLogger(__name__)
STATUS_INTERVAL_MS = 10_000


class MainWindow(DeskMixin, EditingMixin, QMainWindow):
    # the latency benchmark listens: page (its provisional name while being stored), seconds from the
    # scanner handing the page over to its thumbnail on screen / to the store reporting it durable
    thumbShown = Signal(str, float)
    pageStored = Signal(str, float)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.desk = Desk()  # batch, document, page on screen, keyboard target, counters
        self.session = ScanSession(settings, self)
        self.buttons = ButtonWatch(settings, self)
        self.faxes = FaxWatch(settings, self)
        self.faxes_refused = 0
        self.fax_box = None
        self.rescanning = False
        self.problem_box = None

        self.scanner_box, self.profile_box = QComboBox(), QComboBox()
        self.scanner_box.setObjectName("scannerBox")
        self.profile_box.setObjectName("profileBox")
        for box in (self.scanner_box, self.profile_box):  # whole device names, at any scaling
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scanner_label, self.profile_label = QLabel(), QLabel()
        self.scanner_label.setBuddy(self.scanner_box)
        self.profile_label.setBuddy(self.profile_box)
        self.tree = BatchTree()
        self.view = PageView()
        self.panel = DocumentPanel(backend.validator())
        self.panel.set_types(backend.doc_types())
        self.start_screen = StartScreen()
        self.status = StationStatusBar()
        self.setStatusBar(self.status)

        work = QSplitter(Qt.Orientation.Horizontal)
        work.setObjectName("workArea")
        self.work_area = work
        work.addWidget(self.tree)
        work.addWidget(self.view)
        work.addWidget(self.panel)
        work.setStretchFactor(1, 1)
        work.setSizes([260, 700, 340])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_screen)
        self.stack.addWidget(work)
        self.setCentralWidget(self.stack)

        self.actions = act.make_actions(self, self._handlers())
        self.menus = act.build_menus(self.menuBar(), self.actions)
        self._build_toolbar()
        # the page actions on the tree's context menu too (mouse, and the keyboard's menu key)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("rotate_right", "rotate_left", "delete_page", "restore_page", "split", "merge", "rescan"):
            self.tree.addAction(self.actions[name])
        self._type_keys = []
        for n, key in enumerate(act.TYPE_KEYS):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda k=int(key): self.choose_type_key(k))
            self._type_keys.append(shortcut)
        self._connect()
        self._observe_desk()
        self.status.bind(self.desk)
        self._fill_devices()
        self.retranslate()
        self.resize(1280, 800)

        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start()
        self.refresh_status()
        self.refresh_recent()
        self.faxes.start()

    # -- building --------------------------------------------------------------------------------
    def _handlers(self) -> dict[str, Any]:
        return {
            "scan": lambda: self.start_scan(), "scan_dated": self.start_dated_scan, "stop": self.stop_scan, "close_batch": self.close_batch,
            "accept": self.accept_document, "skip": self.skip_document,
            "prev_page": lambda: self.step_page(-1), "next_page": lambda: self.step_page(1),
            "rotate_right": lambda: self.rotate_page(90), "rotate_left": lambda: self.rotate_page(-90),
            "delete_page": self.delete_page, "restore_page": self.restore_page,
            "split": self.split_document, "merge": self.merge_document,
            "mark_registered": self.mark_registered,
            "rescan": self.rescan_page, "zoom_in": self.view.zoom_in, "zoom_out": self.view.zoom_out,
            "zoom_fit": self.view.fit, "settings": self.open_settings, "home": self.show_start,
            "help_keys": self.show_keys,
        }

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.addWidget(self.scanner_label)
        bar.addWidget(self.scanner_box)
        bar.addWidget(self.profile_label)
        bar.addWidget(self.profile_box)
        bar.addSeparator()
        for name in ("scan", "stop", "close_batch"):
            bar.addAction(self.actions[name])
        bar.addSeparator()
        for name in ("home", "settings"):
            bar.addAction(self.actions[name])
        self.addToolBar(bar)
        self.toolbar = bar

    def _connect(self) -> None:
        s = self.session
        s.pagePreviewed.connect(self.on_page_previewed)
        s.pagePreviewed.connect(lambda *_: self.desk.page_scanned())
        s.pageArrived.connect(self.on_page_arrived)
        s.pageProcessed.connect(self.on_page_processed)
        s.pageFailed.connect(self.on_page_failed)
        s.scanFinished.connect(self.on_scan_finished)
        s.scanFailed.connect(self.on_scan_failed)
        s.idle.connect(self.on_batch_idle)
        s.recovered.connect(self.on_recovered)
        s.scannerFree.connect(self.watch_buttons)  # after a jam too: the button continues the batch
        self.tree.pageSelected.connect(self.on_page_selected)
        self.tree.documentSelected.connect(self.on_document_selected)
        self.tree.pageDropped.connect(self.move_page)
        self.panel.typeChosen.connect(self.set_doc_type)
        self.panel.fieldEdited.connect(self.set_field)
        self.panel.acceptRequested.connect(self.accept_document)
        self.panel.skipRequested.connect(self.skip_document)
        self.panel.closeRequested.connect(self.close_batch)
        self.panel.fieldFocused.connect(self.zoom_to_field)
        self.start_screen.recent.installEventFilter(self)
        self.buttons.pressed.connect(self.on_scanner_button)
        self.buttons.problem.connect(self.on_button_problem)
        self.faxes.arrived.connect(self.on_fax)
        self.faxes.problem.connect(self.problem)
        self.start_screen.scanRequested.connect(lambda: self.start_scan())
        self.start_screen.batchOpened.connect(self.open_batch)
        self.profile_box.currentTextChanged.connect(self._device_changed)
        self.scanner_box.currentTextChanged.connect(self._device_changed)

    def _fill_devices(self) -> None:
        """The configured scanner at once; the others when SANE has looked (that takes seconds)."""
        self.scanner_box.clear()
        label = self.tr("Virtueller Scanner") if self.settings.scanner == "virtual" else self.settings.scanner
        self.scanner_box.addItem(label, self.settings.scanner)
        run_task(scanning.list_scanners, self.settings, on_done=self._scanners_found)
        self.profile_box.clear()
        for profile in self.settings.profiles:
            self.profile_box.addItem(profile.name)
        self.profile_box.setCurrentText(self.settings.profile)
        self._device_changed()

    def _scanners_found(self, devices: list[tuple[str, str]]) -> None:
        current = self.scanner_box.currentData()
        self.scanner_box.blockSignals(True)
        self.scanner_box.clear()
        for name, label in devices:
            self.scanner_box.addItem(label, name)
        if self.scanner_box.findData(current) < 0:
            self.scanner_box.addItem(str(current), current)
        self.scanner_box.setCurrentIndex(self.scanner_box.findData(current))
        self.scanner_box.blockSignals(False)
        self._device_changed()

    def _device_changed(self, *_args: Any) -> None:
        self.start_screen.set_device(self.scanner_box.currentText(), self.profile_box.currentText())
        self.start_screen.set_buttons(dict(self.settings.buttons))
        self.watch_buttons()

    def watch_buttons(self) -> None:
        """While the scanner is idle its buttons are polled (in a worker); a press scans."""
        device = self.scanner_box.currentData() or self.settings.scanner
        if self.session.scanning or self.rescanning or not device:
            return
        self.buttons.watch(device)

    def on_scanner_button(self, button: str, profile: str) -> None:
        """A mapped button on the scanner: scan with its profile (as F5 with that profile)."""
        if self.profile_box.findText(profile) >= 0:
            self.profile_box.setCurrentText(profile)
        self.status.showMessage(self.tr("Taste „%1“ am Scanner: Scannen mit „%2“.").replace("%1", button)
                                .replace("%2", profile), 6000)
        self.start_scan()

    def on_button_problem(self, exc: BaseException) -> None:
        """The scanner could not be watched for button presses: say so quietly (F5 still works)."""
        message = getattr(exc, "operator_message", lambda: str(exc))()
        self.status.showMessage(self.tr("Scannertasten nicht verfügbar: %1").replace("%1", message), 10_000)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Scanstation"))
        self.scanner_label.setText(self.tr("&Scanner") + " ")
        self.profile_label.setText(" " + self.tr("&Profil") + " ")
        act.retranslate(self.actions)
        act.retranslate_menus(self.menus)
        self.actions["scan"].setText(self.tr("Scannen  F5"))
        self.start_screen.retranslate()
        self.panel.retranslate()
        self.show_counts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "panel"):
            self.relabel()
        super().changeEvent(event)

    def relabel(self) -> None:
        """A live language switch: every visible word again, type names from the taxonomy too."""
        types = backend.doc_types()
        names = {t.id: t.label for t in types}
        self.panel.set_types(types)
        self.retranslate()
        self.status.retranslate()
        if self.batch is not None:
            for doc in self.batch.documents:
                doc.type_label = names.get(doc.doc_type or "", doc.type_label)
            self.tree.show_batch(self.batch, self.page.id if self.page else None)
            self.draw_panel()
        self.refresh_recent()

    def on_fax(self, fax: scanning.FaxOutcome) -> None:
        """A fax from the hot folder: a new batch in the list, or refused into the error folder."""
        if fax.batch_id:  # stays visible: the faxes-waiting counter and the batch list
            self.status.showMessage(self.tr("Fax „%1“ eingegangen: ein neuer Stapel zum Prüfen.")
                                    .replace("%1", fax.file), 10_000)
            self.refresh_recent()
            self.refresh_shift()
            return
        if not fax.quarantined:  # the store could not take it (disk full): it stays for the next try
            self.status.showMessage(self.tr("Fax „%1“ wartet im Eingang: %2").replace("%1", fax.file)
                                    .replace("%2", fax.reason), 15_000)
            return
        self.faxes_refused += 1
        self.status.set_fax_refused(self.faxes_refused, fax.folder)
        text = self.tr("Das Fax „%1“ ließ sich nicht übernehmen: %2").replace("%1", fax.file).replace("%2", fax.reason)
        step = self.tr("Die Datei liegt unverändert im Fehlerordner %1 (mit dem Grund daneben). Bitte den Absender bitten, das Fax noch einmal zu senden.")  # noqa: E501
        step = step.replace("%1", fax.folder)
        self.status.showMessage(text, 15_000)
        if self.session.scanning:
            return  # no dialog in the middle of a scan: the status bar keeps the count
        if self.fax_box is not None and self.fax_box.isVisible():
            self.fax_box.setText(self.fax_box.text() + "\n" + text)
            return
        box = QMessageBox(self)
        box.setObjectName("faxProblem")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Fax-Eingang"))
        box.setText(text)
        box.setInformativeText(step)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()
        self.fax_box = box

    # -- screens ---------------------------------------------------------------------------------
    def show_start(self) -> None:
        self.stack.setCurrentIndex(0)
        self.desk.set_focus(Focus.START)
        self.start_screen.retranslate()  # today's date in the delivery hint (a desk runs across midnight)
        self.start_screen.scan_button.setFocus()
        self.refresh_recent()

    def show_work(self) -> None:
        self.stack.setCurrentIndex(1)
        self.fit_tree()
        if self.desk.focus is Focus.START:
            self.desk.set_focus(Focus.PAGE)
            self.view.setFocus()
        self._apply_focus()

    def show_keys(self) -> None:
        """F1: every key of the screen now shown."""
        overlay = KeyOverlay("start" if self.stack.currentIndex() == 0 else "work", self)
        overlay.open()
        self.keys_overlay = overlay

    def zoom_to_field(self, name: str) -> None:
        """A field got the keyboard: show where its value stands on the page, close up."""
        self.desk.set_focus(Focus.FIELD)
        doc = self.desk.doc
        mark = next((m for m in doc.marks if m.name == name), None) if doc else None
        if mark is None:
            return
        if self.desk.page is None or mark.page_id != self.desk.page.id:
            found = self.batch.find_page(mark.page_id) if self.batch else None
            if found is None:
                return
            self.tree.blockSignals(True)
            self.tree.select_id(mark.page_id)
            self.tree.blockSignals(False)
            self.show_page(*found)
        self.view.zoom_to_field(name)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """Enter on the start screen's list of recent batches opens the selected one (the window's
        Enter shortcut would take it otherwise)."""
        recent = self.start_screen.recent
        if watched is recent and event.type() == QEvent.Type.FocusIn and recent.currentRow() < 0 and recent.count():
            recent.setCurrentRow(0)
        if watched is self.start_screen.recent and event.type() == QEvent.Type.ShortcutOverride:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                event.accept()
                return True
        if watched is self.start_screen.recent and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.start_screen.recent.currentItem()
                if item is not None and item.data(Qt.ItemDataRole.UserRole):
                    self.open_batch(item.data(Qt.ItemDataRole.UserRole))
                return True
        return super().eventFilter(watched, event)

    def on_recovered(self, ids: list[str]) -> None:
        """Batches a crash had left half-done are finished now: the list and counters show them so."""
        if ids:
            log.info("finished %d batch(es) left half-done", len(ids))
        self.refresh_recent()
        self.refresh_shift()

    def refresh_recent(self) -> None:
        run_task(backend.recent_batches, self.settings, on_done=self.start_screen.set_batches,
                 on_error=lambda e: log.warning("recent batches: %s", e))

    def refresh_status(self) -> None:
        self.refresh_shift()
        run_task(backend.disk_free, self.settings, on_done=self.status.set_disk)

    def refresh_shift(self) -> None:
        """The shift's counters and the sync state, read from the store in a worker."""
        run_task(read_shift, self.settings, on_done=self.desk.set_shift,
                 on_error=lambda e: log.warning("shift counters: %s", e))

    def problem(self, exc: BaseException, pages_kept: int | None = None) -> None:
        """Show an error as a German dialog with the next step; the batch stays as it is."""
        open_batch = self.batch is not None and self.batch.state == "scanning"
        resume = self.start_scan if open_batch else None
        end = self.end_batch_after_fault if open_batch and self.session.run is not None else None
        self.problem_box = show_problem(self, exc, pages_kept, on_continue=resume, on_end=end)
        self.problem_box.finished.connect(self.take_keyboard_back)

    def take_keyboard_back(self, *_args: Any) -> None:
        """A dialog answered by keyboard: the keys go to the window again (not every window manager
        re-activates the parent), to the widget the desk chose."""
        self.activateWindow()
        self._apply_focus()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        self.buttons.shutdown()
        self.faxes.shutdown()
        self.buttons.pool.waitForDone(3000)
        self.faxes.pool.waitForDone(3000)
        self.session.close()
        super().closeEvent(event)

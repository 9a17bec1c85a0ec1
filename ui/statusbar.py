"""The bottom lines, always visible: scanner state, the batch's counts, the shift's counters, sync
and disk. Temporary messages have a line of their own (elided, the whole text as tooltip), so
they never replace a counter nor run into one. The numbers come from the desk model."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QStatusBar, QWidget

from station.desk.state import Desk
from station.desk.wording import batch_line, scanner_line, shift_line, sync_line
from station.desk.wording import count as plural
from ui.icons import scanner_dot


@dataclass
class SyncState:
    """What the sync part reports: reachable or not, batches waiting, age of the oldest one."""

    configured: bool = False
    online: bool | None = None  # None: not tried yet
    queued: int = 0
    oldest_age_min: float | None = None
    warn_age_min: float = 60.0


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" to the room it has; the whole text is its tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text if text else "")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(10, self.width()))
        super().setText(text)


class StationStatusBar(QStatusBar):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stationStatus")
        self.setSizeGripEnabled(False)
        self.scanner_icon = QLabel()
        self.scanner = QLabel()
        self.scanner.setObjectName("scannerState")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.shift = QLabel()
        self.shift.setObjectName("shiftCounts")
        self.message = ElidedLabel()
        self.message.setObjectName("statusMessage")
        self.sync = QLabel()
        self.sync.setObjectName("syncState")
        self.disk = QLabel()
        self.disk.setObjectName("diskFree")
        self.fax = QLabel()
        self.fax.setObjectName("faxState")
        self.fax.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.scanner_icon)
        top.addWidget(self.scanner)
        for label in (self.counts, self.shift):
            top.addWidget(_divider())
            top.addWidget(label)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(6)
        bottom.addWidget(self.message, 1)
        for label in (self.fax, self.sync, self.disk):
            bottom.addWidget(label)
        box = QWidget()
        box.setObjectName("statusLines")
        grid = QGridLayout(box)
        grid.setContentsMargins(4, 0, 4, 2)
        grid.setVerticalSpacing(1)
        grid.addLayout(top, 0, 0)
        grid.addLayout(bottom, 1, 0)
        self.addWidget(box, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        self._desk: Desk | None = None
        self._scanner, self._counts, self._sync = "ready", (0, 0, 0), SyncState()
        self._free: int | None = None
        self._fax: tuple[int, str] = (0, "")
        self.retranslate()

    def bind(self, desk: Desk) -> None:
        """Draw from ``desk`` from now on (the window observes it and calls ``show_desk``)."""
        self._desk = desk
        self.show_desk(desk)

    def retranslate(self) -> None:
        """Redraw every part in the current language (after a live language switch)."""
        if self._desk is not None:
            self.show_desk(self._desk)
        else:
            self._draw_scanner(self._scanner, None)
            self.set_counts(*self._counts)
            self.set_sync(self._sync)
        if self._free is not None:
            self.set_disk(self._free)
        self.set_fax_refused(*self._fax)

    # -- temporary messages: their own line ----------------------------------------------------------
    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 - Qt API
        self.message.set_full_text(text)
        self._timer.stop()
        if timeout:
            self._timer.start(timeout)

    def clearMessage(self) -> None:  # noqa: N802 - Qt API
        self.message.set_full_text("")

    def currentMessage(self) -> str:  # noqa: N802 - Qt API
        return self.message.full_text()

    # -- counters ------------------------------------------------------------------------------------
    def show_desk(self, desk: Desk) -> None:
        self._scanner = desk.scanner
        self._draw_scanner(desk.scanner, desk.pages_per_minute())
        self.set_counts(*desk.batch_counts())
        s = desk.shift
        self.shift.setText(shift_line(s.pages_today, s.batches_waiting, s.documents_waiting, s.faxes_waiting))
        warn = self._sync.warn_age_min
        self.sync.setText(sync_line(s.central_configured, s.central_reachable, s.unsynced_batches,
                                    s.oldest_unsynced_min, warn))

    def set_scanner(self, state: str) -> None:
        """``ready``, ``running``, ``stopping`` or ``fault`` (kept in the desk when bound)."""
        self._scanner = state
        if self._desk is not None:
            self._desk.set_scanner(state)  # the desk tells the window, which redraws this bar
        else:
            self._draw_scanner(state, None)

    def _draw_scanner(self, state: str, pages_per_min: float | None) -> None:
        self.scanner.setText(scanner_line(state, pages_per_min))
        self.scanner.setProperty("state", state)
        self.scanner_icon.setPixmap(QPixmap.fromImage(scanner_dot(state, self.fontMetrics().height())))
        self.scanner_icon.setToolTip(self.scanner.text())

    def set_counts(self, pages: int, documents: int, to_check: int) -> None:
        self._counts = (pages, documents, to_check)
        self.counts.setText(batch_line(pages, documents, to_check))

    def set_sync(self, state: SyncState) -> None:
        self._sync = state
        self.sync.setText(sync_line(state.configured, state.online, state.queued, state.oldest_age_min,
                                    state.warn_age_min))

    def set_fax_refused(self, count: int, folder: str) -> None:
        """Faxes the hot folder could not read: they wait in its error folder for someone to look."""
        self._fax = (count, folder)
        self.fax.setVisible(count > 0)
        self.fax.setText("⚠ " + self.tr("%1 im Fehlerordner").replace("%1", plural(count, "fax")))
        self.fax.setToolTip(folder)

    def set_disk(self, free_bytes: int) -> None:
        self._free = free_bytes
        gb = free_bytes / 1e9
        amount = f"{gb:.0f} GB" if gb >= 10 else f"{gb:.1f} GB"
        text = self.tr("%1 frei").replace("%1", amount)
        if gb < 2:
            text = "⚠ " + text
        self.disk.setText(text)


def _divider() -> QLabel:
    label = QLabel("│")
    label.setEnabled(False)
    return label

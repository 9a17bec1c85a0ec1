"""The bottom line, always visible: scanner state, counts, what is left to check, sync, disk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QStatusBar


@dataclass
class SyncState:
    """What the sync part reports: reachable or not, batches waiting, age of the oldest one."""

    configured: bool = False
    online: bool | None = None  # None: not tried yet
    queued: int = 0
    oldest_age_min: float | None = None
    warn_age_min: float = 60.0


class StationStatusBar(QStatusBar):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stationStatus")
        self.scanner = QLabel()
        self.scanner.setObjectName("scannerState")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.sync = QLabel()
        self.sync.setObjectName("syncState")
        self.disk = QLabel()
        self.disk.setObjectName("diskFree")
        self.addWidget(self.scanner)
        self.addWidget(self.counts, 1)
        self.fax = QLabel()
        self.fax.setObjectName("faxState")
        self.fax.hide()
        self.addPermanentWidget(self.fax)
        self.addPermanentWidget(self.sync)
        self.addPermanentWidget(self.disk)
        self._scanner, self._counts, self._sync = "ready", (0, 0, 0), SyncState()
        self._free: int | None = None
        self._fax: tuple[int, str] = (0, "")
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw every part in the current language (after a live language switch)."""
        self.set_scanner(self._scanner)
        self.set_counts(*self._counts)
        self.set_sync(self._sync)
        if self._free is not None:
            self.set_disk(self._free)
        self.set_fax_refused(*self._fax)

    def set_scanner(self, state: str) -> None:
        """``ready``, ``running``, ``stopping`` or ``fault``."""
        self._scanner = state
        texts = {
            "ready": self.tr("Scanner bereit"),
            "running": self.tr("Scanner läuft …"),
            "stopping": self.tr("Scanner hält nach diesem Blatt an …"),
            "fault": self.tr("Scanner: Störung"),
        }
        self.scanner.setText(texts.get(state, state))

    def set_counts(self, pages: int, documents: int, to_check: int) -> None:
        self._counts = (pages, documents, to_check)
        text = self.tr("%1 Seiten, %2 Dokumente").replace("%1", str(pages)).replace("%2", str(documents))
        text += " · " + self.tr("%1 zu prüfen").replace("%1", str(to_check))
        self.counts.setText(text)

    def set_sync(self, state: SyncState) -> None:
        self._sync = state
        if not state.configured:
            text = self.tr("Sync: keine Zentrale eingerichtet, %1 Stapel offen").replace("%1", str(state.queued))
        else:
            where = {True: self.tr("online"), False: self.tr("offline"), None: self.tr("unbekannt")}[state.online]
            text = self.tr("Sync: %1, %2 Stapel offen").replace("%1", where).replace("%2", str(state.queued))
        if state.queued and state.oldest_age_min is not None:
            text += f" ({_age(state.oldest_age_min)})"
            if state.oldest_age_min >= state.warn_age_min:
                text = "⚠ " + text
        self.sync.setText(text)

    def set_fax_refused(self, count: int, folder: str) -> None:
        """Faxes the hot folder could not read: they wait in its error folder for someone to look."""
        self._fax = (count, folder)
        self.fax.setVisible(count > 0)
        self.fax.setText("⚠ " + self.tr("%1 Fax(e) im Fehlerordner").replace("%1", str(count)))
        self.fax.setToolTip(folder)

    def set_disk(self, free_bytes: int) -> None:
        self._free = free_bytes
        gb = free_bytes / 1e9
        amount = f"{gb:.0f} GB" if gb >= 10 else f"{gb:.1f} GB"
        text = self.tr("%1 frei").replace("%1", amount)
        if gb < 2:
            text = "⚠ " + text
        self.disk.setText(text)


def _age(minutes: float) -> str:
    if minutes < 1:
        return "< 1 min"
    if minutes < 120:
        return f"{minutes:.0f} min"
    return f"{minutes / 60:.0f} h"

"""The start screen: pick scanner and profile, one big "Scannen" button, the last batches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.store.delivery import mailroom_today
from ui.viewdata import BatchSummary
from ui.words import word
from ui.qtcompat import emit


class StartScreen(QWidget):
    scanRequested = Signal()
    batchOpened = Signal(str)  # batch id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.scanner_label, self.profile_label = QLabel(), QLabel()
        self.scanner_value, self.profile_value = QLabel(), QLabel()
        self.scan_button = QPushButton()
        self.scan_button.setObjectName("bigScanButton")
        self.scan_button.setMinimumHeight(72)
        big = self.scan_button.font()
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.scan_button.setFont(big)
        self.buttons_hint = QLabel()
        self.buttons_hint.setObjectName("buttonsHint")
        self.buttons_hint.setWordWrap(True)
        self._buttons: dict[str, str] = {}
        self.delivery_hint = QLabel()
        self.delivery_hint.setObjectName("deliveryHint")
        self.delivery_hint.setWordWrap(True)
        self.recent_label = QLabel()
        self.recent = QListWidget()
        self.recent.setObjectName("recentBatches")
        self.recent_label.setBuddy(self.recent)

        form = QFormLayout()
        form.addRow(self.scanner_label, self.scanner_value)
        form.addRow(self.profile_label, self.profile_value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.scan_button)
        layout.addWidget(self.buttons_hint)
        layout.addWidget(self.delivery_hint)
        layout.addSpacing(16)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 1)

        self.scan_button.clicked.connect(self.scanRequested)
        self.recent.itemActivated.connect(lambda item: emit(self.batchOpened, item.data(Qt.ItemDataRole.UserRole)))
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Neuer Stapel"))
        self.scanner_label.setText(self.tr("Scanner"))
        self.profile_label.setText(self.tr("Profil"))
        self.scan_button.setText(self.tr("Scannen (F5)"))
        self.recent_label.setText(self.tr("&Letzte Stapel"))
        self.set_buttons(self._buttons)
        self.delivery_hint.setText(self.tr(
            "Posteingangsdatum eines neuen Stapels: heute, %1. Post eines früheren Tages: Strg+D "
            "(mit Begründung).").replace("%1", mailroom_today().strftime("%d.%m.%Y")))

    def set_device(self, scanner: str, profile: str) -> None:
        self.scanner_value.setText(scanner)
        self.profile_value.setText(profile)

    def set_buttons(self, buttons: dict[str, str]) -> None:
        """Which of the scanner's own buttons start which profile (from the settings)."""
        self._buttons = dict(buttons)
        parts = [self.tr("Taste „%1“: %2").replace("%1", b).replace("%2", p) for b, p in sorted(buttons.items())]
        self.buttons_hint.setText(self.tr("Oder am Scanner drücken – %1").replace("%1", ", ".join(parts)) if parts else "")
        self.buttons_hint.setVisible(bool(parts))

    def set_batches(self, batches: list[BatchSummary]) -> None:
        self.recent.clear()
        for b in batches:
            when = b.started_at.astimezone().strftime("%d.%m.%Y %H:%M") if b.started_at else "–"
            counts = self.tr("%1 Seiten, %2 Dokumente").replace("%1", str(b.pages)).replace("%2", str(b.documents))
            item = QListWidgetItem(f"{when}  ·  {b.label or b.id[:8]}  ·  {counts}  ·  {word(b.state)}")
            item.setData(Qt.ItemDataRole.UserRole, b.id)
            self.recent.addItem(item)
        if not batches:
            self.recent.addItem(QListWidgetItem(self.tr("Noch keine Stapel.")))

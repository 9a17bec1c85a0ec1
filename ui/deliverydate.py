"""The "Posteingangsdatum" dialog shown when a batch starts: on which day did this post arrive?

Default today. An earlier day (at most ``max_delivery_backdate_days`` back) needs a reason, which
is audited with the date. The checks are the store's own (``station.store.delivery``), so the
dialog can never accept what the store would refuse. The lead wires it into the start screen and
passes ``delivery()`` to ``Store.create_batch(delivery_date=..., delivery_reason=...)``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station.config import Settings
from station.errors import StationError
from station.store.delivery import check_delivery, mailroom_today


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DeliveryDateDialog(QDialog):
    """Asks for the batch's delivery date (and a reason when it is not today)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryDateDialog")
        self.setWindowTitle(self.tr("Posteingangsdatum"))
        self.today = today or mailroom_today()
        self.max_days = settings.max_delivery_backdate_days
        self.date_edit = QDateEdit(_qdate(self.today))
        self.date_edit.setObjectName("deliveryDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setMaximumDate(_qdate(self.today))
        self.date_edit.setMinimumDate(_qdate(self.today).addDays(-self.max_days))
        self.reason = QLineEdit()
        self.reason.setObjectName("deliveryReason")
        self.reason.setPlaceholderText(self.tr("z. B. Post vom Freitag"))
        self.message = QLabel()
        self.message.setObjectName("deliveryMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        hint = QLabel(self.tr("An welchem Tag ist diese Post eingegangen? Dieses Datum gilt als Eingangsdatum "
                              "aller Schreiben des Stapels. Ein früherer Tag (höchstens %n Tage zurück) braucht "
                              "eine Begründung.", "", self.max_days))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Posteingangsdatum"), self.date_edit)
        form.addRow(self.tr("Begründung"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Stapel beginnen"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.date_edit.dateChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.setMinimumWidth(440)
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def prefill(self, day: date, reason: str | None) -> None:
        """The operator's last choice today (the next stack of the same day's post)."""
        self.date_edit.setDate(_qdate(day))
        self.reason.setText(reason or "")

    def chosen_day(self) -> date:
        q = self.date_edit.date()
        return date(q.year(), q.month(), q.day())

    def _problem(self) -> str | None:
        try:
            check_delivery(self.chosen_day(), self.reason.text(), max_days=self.max_days, today=self.today)
        except StationError as exc:
            return exc.operator_message()
        return None

    def _update(self) -> None:
        earlier = self.chosen_day() < self.today
        self.reason.setEnabled(earlier)
        problem = self._problem()
        self.message.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def accept(self) -> None:
        if self._problem() is None:
            super().accept()

    def delivery(self) -> tuple[date, str | None]:
        """(delivery date, reason or None): what ``Store.create_batch`` takes."""
        day = self.chosen_day()
        reason = self.reason.text().strip() or None
        return day, (reason if day < self.today else None)

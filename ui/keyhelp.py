"""F1: an overlay of every key that works on the screen now shown (UI.md "Keys"), from the same
action table as the menus and tooltips, so the three never disagree."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui import actions as act

START_ACTIONS = ("scan", "settings", "help_keys")



def key_rows(screen: str) -> list[tuple[str, str]]:
    """(keys, what they do) for ``start`` or ``work``."""
    names = START_ACTIONS if screen == "start" else [s.name for s in act.SPECS]
    shown = [spec for spec in act.SPECS if spec.name in names and spec.keys]
    rows = [(act.key_text(spec), QCoreApplication.translate("Actions", spec.text)) for spec in shown]
    if screen == "start":
        rows.insert(1, ("Alt+L, ↑/↓, " + QCoreApplication.translate("KeyHelp", "Enter"),
                        QCoreApplication.translate("KeyHelp", "Letzten Stapel auswählen und öffnen")))
        return rows
    after_accept = 1 + [spec.name for spec in shown].index("accept")
    rows[after_accept:after_accept] = [
        ("1–9, 0", QCoreApplication.translate("KeyHelp", "Dokumentart nach ihrer Nummer wählen")),
        ("F4, " + QCoreApplication.translate("KeyHelp", "Anfangsbuchstaben"),
         QCoreApplication.translate("KeyHelp", "Liste der Dokumentarten öffnen und darin suchen (alle Arten)")),
        (QCoreApplication.translate("KeyHelp", "Tab / Umschalt+Tab"),
         QCoreApplication.translate("KeyHelp", "Nächstes / voriges Feld (dort tippen die Tasten Text)")),
    ]
    rows += dialog_rows()
    return rows


def dialog_rows() -> list[tuple[str, str]]:
    """The keys of the scanning questions (their buttons, not window actions)."""
    enter = QCoreApplication.translate("KeyHelp", "Enter")
    return [
        (f"{enter} / Alt+B / Esc", QCoreApplication.translate(
            "KeyHelp", "Scannerstörung: Weiter in denselben Stapel / Stapel beenden / Später")),
        (f"F5, {enter} / Alt+N", QCoreApplication.translate(
            "KeyHelp", "Offener Stapel: in diesen Stapel weiterscannen / neuer Stapel")),
    ]


class KeyOverlay(QDialog):
    """Closes with Esc, F1 or Enter; lists keys, it does nothing else."""

    def __init__(self, screen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysOverlay")
        self.setWindowTitle(QCoreApplication.translate("KeyHelp", "Tasten"))
        self.setModal(True)
        rows = key_rows(screen)
        table = QTableWidget(len(rows), 2)
        table.setObjectName("keysTable")
        table.setHorizontalHeaderLabels([QCoreApplication.translate("KeyHelp", "Taste"),
                                         QCoreApplication.translate("KeyHelp", "Wirkung")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, what) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(keys))
            table.setItem(i, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        hint = QLabel(QCoreApplication.translate("KeyHelp", "Schließen mit Esc oder F1."))
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(hint)
        self.table = table
        width = table.horizontalHeader().length() + 60
        height = min(720, table.verticalHeader().length() + 120)
        self.resize(max(480, width), height)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_F1, Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def listed(self) -> list[str]:
        return [self.table.item(i, 0).text() for i in range(self.table.rowCount())]

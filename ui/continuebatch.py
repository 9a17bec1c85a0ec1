"""F5 while a finished, unclosed batch is on the desk: scan on into it, or start a new one.

After Esc ("Nach diesem Blatt anhalten") the batch is ready to validate; the rest of the stack
usually belongs to it. The question is asked once per F5, with the keyboard: Enter continues the
same batch (the default; Alt+I), Alt+N starts a new batch, Esc asks nothing and scans nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_continue(parent: QWidget, answer: Callable[[bool], None]) -> QMessageBox:
    """A non-blocking question; ``answer(True)`` scans into the open batch, ``answer(False)`` a new one."""
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("MainWindow", "Scannen"),
                      QCoreApplication.translate("MainWindow", "Der Stapel auf dem Bildschirm ist noch nicht abgeschlossen."),
                      parent=parent)
    box.setObjectName("continueBatch")
    box.setInformativeText(QCoreApplication.translate(
        "MainWindow", "Die neuen Seiten werden Dokumente nach den vorhandenen."))
    into = box.addButton(QCoreApplication.translate("MainWindow", "&In diesen Stapel weiterscannen"),
                         QMessageBox.ButtonRole.AcceptRole)
    into.setObjectName("intoBatchButton")
    new = box.addButton(QCoreApplication.translate("MainWindow", "&Neuer Stapel"), QMessageBox.ButtonRole.ActionRole)
    new.setObjectName("newBatchButton")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(into)
    into.clicked.connect(lambda: answer(True))
    new.clicked.connect(lambda: answer(False))
    box.open()
    return box

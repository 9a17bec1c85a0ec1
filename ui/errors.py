"""What the operator sees when something goes wrong: a German message that says what happened and
what to do next, never a traceback.

The core raises ``station.errors.StationError`` subclasses with an operator message in both
languages; here they get a title, a next step and the reassurance that the batch is kept. Any
other exception is a bug: :func:`install_excepthook` logs it in full and shows a generic message.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station.errors import ScannerError, StationError, StoreError, SyncError

log = logging.getLogger(__name__)

CTX = "Errors"

# The core's scanner messages already say what happened and what to do ("Papierstau: Blatt
# entnehmen, dann ‚Weiter‘ drücken."); the dialog adds how its buttons continue the batch.
CONTINUE_STEP = QT_TRANSLATE_NOOP(
    "Errors", "„Weiter“ (Eingabe) scannt in denselben Stapel weiter; „Stapel beenden“ (Alt+B) teilt die bisherigen Seiten in Dokumente zum Prüfen; „Später“ (Esc) lässt ihn gespeichert liegen."  # noqa: E501
)
PROFILE_STEP = QT_TRANSLATE_NOOP("Errors", "Das Scanprofil in den Einstellungen an diesen Scanner anpassen.")
TITLES = {
    "scanner": QT_TRANSLATE_NOOP("Errors", "Scanner"),
    "store": QT_TRANSLATE_NOOP("Errors", "Lokaler Speicher"),
    "sync": QT_TRANSLATE_NOOP("Errors", "Zentrale nicht erreichbar"),
    "other": QT_TRANSLATE_NOOP("Errors", "Fehler"),
}


@dataclass(frozen=True)
class Problem:
    """An error, worded for the operator."""

    title: str
    message: str  # what happened (from the core, in the operator's language)
    step: str  # what to do next
    can_continue: bool  # a scanner fault the operator can clear and resume the batch from


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def explain(exc: BaseException, pages_kept: int | None = None) -> Problem:
    """Turn an exception into title, message and next step for a dialog or banner."""
    kept = ""
    core_said_it = isinstance(exc, StationError) and pages_kept and str(pages_kept) in exc.operator_message()
    if pages_kept and not core_said_it:
        kept = " " + QCoreApplication.translate(
            "Errors", "Die bisher gescannten %n Seiten sind gesichert.", None, pages_kept
        )
    if isinstance(exc, ScannerError):
        can_continue = exc.kind not in ("invalid", "denied")
        step = _t(CONTINUE_STEP if can_continue else PROFILE_STEP)
        return Problem(_t(TITLES["scanner"]), exc.operator_message() + kept, step, can_continue)
    if isinstance(exc, StoreError):
        step = QCoreApplication.translate("Errors", "Speicherplatz freigeben (abgeschlossene, synchronisierte Stapel löschen) oder die IT rufen.")
        return Problem(_t(TITLES["store"]), exc.operator_message() + kept, step, False)
    if isinstance(exc, SyncError):
        step = QCoreApplication.translate("Errors", "Weiterarbeiten ist möglich: die Stapel bleiben gespeichert und werden später gesendet.")
        return Problem(_t(TITLES["sync"]), exc.operator_message(), step, True)
    if isinstance(exc, StationError):
        return Problem(_t(TITLES["other"]), exc.operator_message() + kept, "", False)
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC from code that did not wrap it
        return Problem(
            _t(TITLES["store"]),
            QCoreApplication.translate("Errors", "Die Festplatte ist voll.") + kept,
            QCoreApplication.translate("Errors", "Speicherplatz freigeben (abgeschlossene, synchronisierte Stapel löschen) oder die IT rufen."),
            False,
        )
    return Problem(
        _t(TITLES["other"]),
        QCoreApplication.translate("Errors", "Ein unerwarteter Fehler ist aufgetreten. Die gespeicherten Seiten bleiben erhalten.") + kept,
        QCoreApplication.translate("Errors", "Bitte die IT informieren; die Einzelheiten stehen im Protokoll."),
        False,
    )


def show_problem(
    parent: QWidget | None,
    exc: BaseException,
    pages_kept: int | None = None,
    on_continue: Callable[[], None] | None = None,
    on_end: Callable[[], None] | None = None,
) -> QMessageBox:
    """A non-blocking dialog (``open()``, not ``exec()``) so scanning and tests go on.

    A scanner fault the operator can clear gets "Weiter" (``on_continue``: scan on into the same
    batch; the default, Enter), "Stapel beenden" (``on_end``: the batch is finished with the pages
    it has, ready to validate; Alt+B) and "Später" (the batch stays as it is; Esc).
    """
    problem = explain(exc, pages_kept)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(problem.title)
    box.setText(problem.message)
    box.setInformativeText(problem.step)
    box.setObjectName("problemDialog")
    if on_continue is not None and problem.can_continue and isinstance(exc, ScannerError):
        go = box.addButton(QCoreApplication.translate("Errors", "&Weiter"), QMessageBox.ButtonRole.AcceptRole)
        go.setObjectName("continueButton")
        if on_end is not None:
            end = box.addButton(QCoreApplication.translate("Errors", "Stapel &beenden"),
                                QMessageBox.ButtonRole.DestructiveRole)
            end.setObjectName("endBatchButton")
            end.clicked.connect(lambda: on_end())
        later = box.addButton(QCoreApplication.translate("Errors", "&Später"), QMessageBox.ButtonRole.RejectRole)
        later.setObjectName("laterButton")
        box.setDefaultButton(go)
        box.setEscapeButton(later)
        go.clicked.connect(lambda: on_continue())  # not with clicked's bool
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def install_excepthook() -> None:
    """Unexpected exceptions in slots are logged with their traceback and shown as a generic
    German message; PySide would otherwise print them to stderr and carry on silently."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unexpected error: %s", "".join(traceback.format_exception(kind, exc, tb)))
        app = QApplication.instance()
        if app is not None:
            show_problem(QApplication.activeWindow(), exc)

    sys.excepthook = hook

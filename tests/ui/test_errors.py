"""Faults reach the operator as German dialogs that say what to do; never as a traceback."""

from __future__ import annotations

import errno
import sys

from PySide6.QtWidgets import QMessageBox

from station.errors import ScannerError, StoreError, SyncError
from ui.errors import explain, install_excepthook


def jam() -> ScannerError:
    return ScannerError("Papierstau im Einzug.", "Paper jam in the feeder.", kind="jammed")


def test_paper_jam_dialog_says_what_to_do_and_that_pages_are_kept(window):
    window.problem(jam(), pages_kept=37)
    box = window.problem_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Scanner"
    assert box.text() == "Papierstau im Einzug. Die bisher gescannten 37 Seiten sind gesichert."
    assert box.informativeText().startswith("„Weiter“ (Eingabe) scannt in denselben Stapel weiter")
    assert "„Stapel beenden“ (Alt+B)" in box.informativeText()
    box.close()


def test_the_page_count_is_not_said_twice(qapp):
    said = ScannerError("Papierstau: Blatt entnehmen. Die bisher gescannten 12 Seiten sind gesichert.", "x",
                        kind="jammed")
    assert explain(said, pages_kept=12).message.count("gesichert") == 1


def test_scanner_faults_offer_to_continue_except_a_rejected_profile(qapp):
    for kind in ("jammed", "no_docs", "cover_open", "busy", "gone", "io"):
        problem = explain(ScannerError("x", "x", kind=kind))
        assert problem.can_continue and "Weiter" in problem.step, kind
    invalid = explain(ScannerError("x", "x", kind="invalid"))
    assert not invalid.can_continue and "Scanprofil" in invalid.step


def test_disk_full_and_central_unreachable(qapp):
    full = explain(OSError(errno.ENOSPC, "No space left on device"), pages_kept=3)
    assert full.title == "Lokaler Speicher" and "Festplatte ist voll" in full.message
    assert "3 Seiten sind gesichert" in full.message
    store = explain(StoreError("Kein Platz mehr auf der Festplatte.", "Disk full."))
    assert store.message == "Kein Platz mehr auf der Festplatte." and "Speicherplatz freigeben" in store.step
    offline = explain(SyncError("Zentrale nicht erreichbar.", "Central store unreachable."))
    assert offline.title == "Zentrale nicht erreichbar" and "Weiterarbeiten ist möglich" in offline.step


def test_unexpected_exception_shows_a_generic_message_without_traceback(window, qtbot, caplog):
    old = sys.excepthook
    install_excepthook()
    try:
        window.activateWindow()
        try:
            raise KeyError("internal detail")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()] or [
            w for w in qapp_widgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes, "a dialog is shown"
        text = boxes[-1].text() + boxes[-1].informativeText()
        assert "unerwarteter Fehler" in text
        assert "Traceback" not in text and "internal detail" not in text
        assert "Traceback" in caplog.text, "the full story goes to the log"
        for box in boxes:
            box.close()
    finally:
        sys.excepthook = old


def qapp_widgets():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def test_english_operator_gets_english_errors(qapp):
    from station.i18n import set_language

    set_language("en")
    assert explain(jam()).message == "Paper jam in the feeder."

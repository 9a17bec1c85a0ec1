"""Every operator action with its key (UI.md "Keys"): one table, so the menu, the toolbar and the
keyboard always agree and every action is reachable without the mouse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str  # German source, translated in context "Actions"
    keys: tuple[str, ...]


SPECS = [
    ActionSpec("scan", QT_TRANSLATE_NOOP("Actions", "Scannen"), ("F5",)),
    ActionSpec("stop", QT_TRANSLATE_NOOP("Actions", "Nach diesem Blatt anhalten"), ("Esc",)),
    ActionSpec("close_batch", QT_TRANSLATE_NOOP("Actions", "Stapel abschließen"), ()),
    ActionSpec("accept", QT_TRANSLATE_NOOP("Actions", "Freigeben"), ("Return", "Enter")),
    ActionSpec("skip", QT_TRANSLATE_NOOP("Actions", "Überspringen"), ()),
    ActionSpec("prev_page", QT_TRANSLATE_NOOP("Actions", "Vorige Seite"), ("Ctrl+Left",)),
    ActionSpec("next_page", QT_TRANSLATE_NOOP("Actions", "Nächste Seite"), ("Ctrl+Right",)),
    ActionSpec("rotate_right", QT_TRANSLATE_NOOP("Actions", "Seite rechts drehen"), ("R",)),
    ActionSpec("rotate_left", QT_TRANSLATE_NOOP("Actions", "Seite links drehen"), ("Shift+R",)),
    ActionSpec("delete_page", QT_TRANSLATE_NOOP("Actions", "Seite löschen"), ("Del",)),
    ActionSpec("restore_page", QT_TRANSLATE_NOOP("Actions", "Gelöschte Seite wiederherstellen"), ("Ins",)),
    ActionSpec("split", QT_TRANSLATE_NOOP("Actions", "Dokument vor dieser Seite teilen"), ("S",)),
    ActionSpec("merge", QT_TRANSLATE_NOOP("Actions", "Mit vorigem Dokument zusammenführen"), ("M",)),
    ActionSpec("rescan", QT_TRANSLATE_NOOP("Actions", "Seite neu scannen"), ("Ctrl+Shift+S",)),
    ActionSpec("zoom_in", QT_TRANSLATE_NOOP("Actions", "Vergrößern"), ("+", "=")),
    ActionSpec("zoom_out", QT_TRANSLATE_NOOP("Actions", "Verkleinern"), ("-",)),
    ActionSpec("zoom_fit", QT_TRANSLATE_NOOP("Actions", "Ganze Breite"), ("Ctrl+0",)),
    ActionSpec("settings", QT_TRANSLATE_NOOP("Actions", "Einstellungen"), ("Ctrl+,",)),
    ActionSpec("home", QT_TRANSLATE_NOOP("Actions", "Startseite"), ("Ctrl+Home",)),
]

# 1–9 and 0 set the document type by its number (0 = the tenth), so fit-to-width is Ctrl+0.
TYPE_KEYS = [str(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)]


def make_actions(owner: QWidget, handlers: dict[str, Callable[[], None]]) -> dict[str, QAction]:
    """Create one QAction per spec on ``owner`` (window-wide shortcuts), wired to its handler."""
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = QAction(QCoreApplication.translate("Actions", spec.text), owner)
        action.setObjectName(f"action_{spec.name}")
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.name in handlers:
            action.triggered.connect(handlers[spec.name])
        owner.addAction(action)
        actions[spec.name] = action
    return actions


def retranslate(actions: dict[str, QAction]) -> None:
    for spec in SPECS:
        if spec.name in actions:
            actions[spec.name].setText(QCoreApplication.translate("Actions", spec.text))

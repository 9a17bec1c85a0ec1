"""Every operator action with its key (UI.md "Keys"): one table, so the menu, the toolbar and the
keyboard always agree and every action is reachable without the mouse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str  # German source, translated in context "Actions"
    keys: tuple[str, ...]
    menu: str = "batch"  # which menu lists it: batch, document, page, view, help


SPECS = [
    ActionSpec("scan", QT_TRANSLATE_NOOP("Actions", "Scannen"), ("F5",), "batch"),
    ActionSpec("scan_dated", QT_TRANSLATE_NOOP("Actions", "Post eines früheren Tages scannen …"), ("Ctrl+D",), "batch"),
    ActionSpec("stop", QT_TRANSLATE_NOOP("Actions", "Nach diesem Blatt anhalten"), ("Esc",), "batch"),
    ActionSpec("close_batch", QT_TRANSLATE_NOOP("Actions", "Stapel abschließen"), ("Ctrl+Return", "Ctrl+Enter"),
               "batch"),
    ActionSpec("accept", QT_TRANSLATE_NOOP("Actions", "Freigeben"), ("Return", "Enter"), "document"),
    ActionSpec("skip", QT_TRANSLATE_NOOP("Actions", "Überspringen"), ("Ctrl+Down",), "document"),
    ActionSpec("prev_page", QT_TRANSLATE_NOOP("Actions", "Vorige Seite"), ("Ctrl+Left",), "page"),
    ActionSpec("next_page", QT_TRANSLATE_NOOP("Actions", "Nächste Seite"), ("Ctrl+Right",), "page"),
    ActionSpec("rotate_right", QT_TRANSLATE_NOOP("Actions", "Seite rechts drehen"), ("R",), "page"),
    ActionSpec("rotate_left", QT_TRANSLATE_NOOP("Actions", "Seite links drehen"), ("Shift+R",), "page"),
    ActionSpec("delete_page", QT_TRANSLATE_NOOP("Actions", "Seite löschen"), ("Del",), "page"),
    ActionSpec("restore_page", QT_TRANSLATE_NOOP("Actions", "Gelöschte Seite wiederherstellen"), ("Ins",), "page"),
    ActionSpec("split", QT_TRANSLATE_NOOP("Actions", "Dokument vor dieser Seite teilen"), ("S",), "document"),
    ActionSpec("merge", QT_TRANSLATE_NOOP("Actions", "Mit vorigem Dokument zusammenführen"), ("M",), "document"),
    ActionSpec("mark_registered", QT_TRANSLATE_NOOP("Actions", "Als Einschreiben markieren"), ("Ctrl+E",),
               "document"),
    ActionSpec("rescan", QT_TRANSLATE_NOOP("Actions", "Seite neu scannen"), ("Ctrl+Shift+S",), "page"),
    ActionSpec("zoom_in", QT_TRANSLATE_NOOP("Actions", "Vergrößern"), ("+", "="), "view"),
    ActionSpec("zoom_out", QT_TRANSLATE_NOOP("Actions", "Verkleinern"), ("-",), "view"),
    ActionSpec("zoom_fit", QT_TRANSLATE_NOOP("Actions", "Einpassen: Breite / ganze Seite"), ("Ctrl+0",), "view"),
    ActionSpec("settings", QT_TRANSLATE_NOOP("Actions", "Einstellungen"), ("Ctrl+,",), "batch"),
    ActionSpec("home", QT_TRANSLATE_NOOP("Actions", "Startseite"), ("Ctrl+Home",), "batch"),
    ActionSpec("help_keys", QT_TRANSLATE_NOOP("Actions", "Alle Tasten zeigen"), ("F1",), "help"),
]
MENUS = [  # menu bar order; German source, context "Actions"
    ("batch", QT_TRANSLATE_NOOP("Actions", "&Stapel")),
    ("document", QT_TRANSLATE_NOOP("Actions", "&Dokument")),
    ("page", QT_TRANSLATE_NOOP("Actions", "S&eite")),
    ("view", QT_TRANSLATE_NOOP("Actions", "&Ansicht")),
    ("help", QT_TRANSLATE_NOOP("Actions", "&Hilfe")),
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


def key_text(spec: ActionSpec) -> str:
    """The action's keys as the operator's keyboard labels them ("Strg+Eingabe")."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in spec.keys)


def retranslate(actions: dict[str, QAction]) -> None:
    """Texts, and tooltips that name the key (the shortcuts are discoverable by hovering)."""
    for spec in SPECS:
        if spec.name in actions:
            text = QCoreApplication.translate("Actions", spec.text)
            actions[spec.name].setText(text)
            keys = key_text(spec)
            actions[spec.name].setToolTip(f"{text} ({keys})" if keys else text)


def build_menus(bar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """A menu bar listing every action with its key (Qt shows the shortcut beside each entry)."""
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menu = bar.addMenu(QCoreApplication.translate("Actions", title))
        menu.setObjectName(f"menu_{key}")
        for spec in SPECS:
            if spec.menu == key:
                menu.addAction(actions[spec.name])
        menus[key] = menu
    return menus


def retranslate_menus(menus: dict[str, QMenu]) -> None:
    for key, title in MENUS:
        if key in menus:
            menus[key].setTitle(QCoreApplication.translate("Actions", title))

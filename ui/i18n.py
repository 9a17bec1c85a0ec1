"""The desk application's language: Qt translations for its own strings, the core's choice for
the core's messages.

German is the source language of every visible string (``self.tr("Scannen")``), so the UI speaks
German with no translation file at all; ``resources/translations/scanstation_en.qm`` (built by
``make translations`` from the ``.ts`` source) turns it English. The same choice is pinned in
``station.i18n`` so errors raised by the core arrive in the operator's language too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station.config import RESOURCES
from station.i18n import SUPPORTED, set_language

log = logging.getLogger(__name__)

TRANSLATIONS = RESOURCES / "translations"
_installed: list[QTranslator] = []


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"scanstation_{lang}.qm"


def apply_language(lang: str, app: QCoreApplication | None = None) -> bool:
    """Switch the UI and the core to ``lang``; False when its translation is not built.

    Widgets must re-read their strings on ``QEvent.LanguageChange`` (``retranslate``) for a
    live switch; Qt sends that event to every widget when a translator is (un)installed.
    """
    app = app or QCoreApplication.instance()
    if lang not in SUPPORTED:
        lang = "de"
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    set_language(lang)
    QLocale.setDefault(QLocale(QLocale.Language.German if lang == "de" else QLocale.Language.English))
    if lang == "de":
        _load_qt_base("de", app)
        return True
    translator = QTranslator(app)
    if not translator.load(str(qm_path(lang))):
        log.warning("translation %s not found (run `make translations`)", qm_path(lang))
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    _load_qt_base(lang, app)
    return True


def _load_qt_base(lang: str, app: QCoreApplication) -> None:
    """Qt's own strings (standard buttons like OK/Abbrechen) in the same language."""
    base = QTranslator(app)
    if base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(base)
        _installed.append(base)


def tr(text: str, context: str = "ScanStation") -> str:
    """Translate a German source string outside a QObject (plain helpers, models)."""
    return QCoreApplication.translate(context, text)

"""``scan-station``: the desk application's entry point.

Sets up logging, the operator's language (Qt translation plus the core's), the exception hook
that keeps tracebacks away from the operator, and opens the main window on the configured
scanner (the virtual scanner with the bundled sample mail by default).
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from station.config import Settings, load_settings
from station.errors import StationError
from station.logs import setup_logging
from ui.errors import install_excepthook
from ui.i18n import apply_language

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("scan-station")
    app.setApplicationDisplayName("Scanstation")
    app.setOrganizationName("scan-station")
    return app


def build_window(settings: Settings):
    """The main window for ``settings``, language applied (tests call this too)."""
    from ui.mainwindow import MainWindow

    apply_language(os.environ.get("STATION_LANG", "")[:2] or settings.language)
    return MainWindow(settings)


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    app = make_app(argv)
    install_excepthook()
    try:
        settings = load_settings()
    except StationError as exc:
        apply_language("de")
        QMessageBox.critical(None, "Scanstation", exc.operator_message())
        return 2
    window = build_window(settings)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

"""Run in its own process (QT_SCALE_FACTOR is read at start): the main window on a 1366×768 screen
at the scale given, showing a batch with long type names; prints "labels whole" when every tree
label has the room to be read in full, else says which is cut."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTreeWidgetItemIterator


def main() -> int:
    app = QApplication(sys.argv[:1])
    from station.config import load_settings
    from ui.app import build_window
    from ui_samples import make_sample_batch

    scale = QGuiApplication.primaryScreen().devicePixelRatio()
    folder = Path(tempfile.mkdtemp())
    batch = make_sample_batch(folder)
    batch.documents[0].type_label = "Adress- und Namensänderung"
    batch.documents[1].type_label = "Bankdaten / SEPA-Mandat"
    window = build_window(load_settings())
    window.resize(int(1366 / scale), int(768 / scale) - 40)
    window.show()
    window.show_batch(batch)
    window.show_work()
    for _ in range(20):
        app.processEvents()
    tree = window.tree
    cut = []
    it = QTreeWidgetItemIterator(tree)
    while it.value():
        item = it.value()
        rect = tree.visualItemRect(item)
        text_left = rect.left() + (tree.iconSize().width() + 8 if not item.icon(0).isNull() else 4)
        needed = text_left + tree.fontMetrics().horizontalAdvance(item.text(0))
        if needed > tree.viewport().width():
            cut.append(f"{item.text(0)!r} needs {needed} px, has {tree.viewport().width()}")
        it += 1
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    app.processEvents()
    window.close()
    if cut:
        print("cut:", *cut, sep="\n  ")
        return 1
    print(f"labels whole at scale {scale}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Open each main screen on a real X server and save a screenshot (run by test_screenshots.py
under ``xvfb-run``; the files go to tests/screenshots/, which git ignores).

Usage: python ui_screens.py OUT_DIR SUFFIX
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from station.config import load_settings
from station.errors import ScannerError
from station.model import DocState
from ui.app import build_window, make_app
from ui.continuebatch import ask_continue
from ui.errors import show_problem
from ui.i18n import apply_language
from ui.settingsdialog import SettingsDialog
from ui_samples import make_sample_batch
from ui.qtcompat import emit
from ui.scanning import FaxOutcome


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def wait_for_page(app: QApplication, window, seconds: float = 5.0) -> None:
    """The large view decodes its page in a worker: wait until it is drawn."""
    end = time.monotonic() + seconds
    while not window.view._cache and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    settle(app)


def stock_store(settings) -> None:
    """A morning's work in the (private) store, so the start screen lists batches and the shift
    counters count: one batch waiting for validation, one closed and not yet synced."""
    import numpy as np

    from station.model import BatchState, Classification
    from station.store import DocumentPlan, Store
    from station.synth.render import render_text_page

    letters = [("kuendigung", "Kündigungen", "Kündigung meines Vertrags\nKundennummer 1234567897"),
               ("bankdaten", "Kundenservice", "Neue Bankverbindung\nIBAN DE89 3704 0044 0532 0130 00"),
               ("adressaenderung", "Kundenservice", "Neue Anschrift\nLindenweg 4, 50667 Köln")]
    with Store.open(settings) as store:
        for close in (True, False):
            batch_id = store.create_batch(source="scanner", profile=settings.profile)
            pages = [store.add_page(batch_id, np.asarray(render_text_page(text, dpi=60)), dpi=60)
                     for _t, _d, text in letters]
            store.finish_capture(batch_id)
            docs = store.set_documents(batch_id, [DocumentPlan([p]) for p in pages])
            for doc, (kind, department, _text) in zip(docs, letters):
                store.save_classification(doc, Classification(kind, department, 0.93, False, "demo"), None)
            store.set_batch_state(batch_id, BatchState.TO_VALIDATE)
            if close:
                store.close_batch(batch_id)


def main(out: Path, suffix: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    settings = load_settings()
    stock_store(settings)
    window = build_window(settings)
    window.resize(1366, 800)
    window.show()
    settle(app)
    shots = {}
    shots["start"] = window.grab()
    with tempfile.TemporaryDirectory() as tmp:
        window.show_work()
        window.show_batch(make_sample_batch(Path(tmp)))
        wait_for_page(app, window)
        shots["validate"] = window.grab()
        edit = window.panel.edits["customer_number"]
        edit.setText("1234567890")
        emit(edit.textEdited, "1234567890")
        settle(app)
        shots["invalid_field"] = window.grab()
        jam = ScannerError("Papierstau im Einzug.", "Paper jam in the feeder.", kind="jammed")
        box = show_problem(window, jam, 37, on_continue=lambda: None, on_end=lambda: None)  # as while scanning
        settle(app)
        shots["jam_dialog"] = box.grab()
        box.close()
        box = ask_continue(window, lambda _into: None)  # F5 with this unclosed batch on screen
        settle(app)
        shots["continue_batch"] = box.grab()
        box.close()
        batch = window.batch
        batch.documents[0].pages[1].deleted = True  # a deleted page: struck out, restorable
        window.show_batch(batch)
        window.tree.select_id(batch.documents[0].pages[1].id)
        wait_for_page(app, window)
        shots["deleted_page"] = window.grab()
        window.on_fax(FaxOutcome("fax-0815.tif", None, True, "Die Datei ist beschädigt oder kein Bild.",
                                 "/srv/fax/eingang/quarantine"))
        settle(app)
        shots["fax_problem"] = window.fax_box.grab()
        window.fax_box.close()
        dialog = SettingsDialog(settings, window)
        dialog.show()
        dialog.tabs.setCurrentIndex(3)
        settle(app)
        shots["settings"] = dialog.grab()
        dialog.close()
        window.show_keys()  # F1: every key of the screen
        settle(app)
        shots["keys"] = window.keys_overlay.grab()
        window.keys_overlay.close()
        for doc in window.batch.documents:  # every document accepted: the panel asks to close the batch
            doc.state = DocState.ACCEPTED
        window.tree.show_batch(window.batch)
        window.goto_next_to_check()
        settle(app)
        shots["all_checked"] = window.grab()
        apply_language("en")
        settle(app)
        shots["validate_en"] = window.grab()
    for name, pixmap in shots.items():
        pixmap.save(str(out / f"{name}{suffix}.png"))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else ""))

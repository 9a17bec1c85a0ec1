"""Imports, resumes and faxes on the one page pool (retry on a dead worker, the separator-sheet fast
path), and the desk's fax watch resuming a fax a crash interrupted."""

from __future__ import annotations

import os
import shutil
import signal

import psutil

from station.capture.virtual_source import DEFAULT_FOLDER
from station.config import load_settings
from station.flows.imports import add_file_pages, import_files
from station.flows.process import ProcessOptions
from station.model import Source
from station.progress import CancelToken
from station.separate import SeparationRules
from station.store import Store

from flows.conftest import BANK, write_stack
from store.test_hotfolder import write_fax


def test_an_import_survives_a_killed_page_worker(tmp_path, caplog):
    files = []
    for n, name in enumerate(["01-kuendigung.png", "03-bankverbindung.png", "08-widerruf.png",
                              "09-tarifwechsel.png", "11-ratenzahlung.png", "04-adressaenderung.png"]):
        files.append(shutil.copy(DEFAULT_FOLDER / name, tmp_path / f"{n}-{name}"))
    settings = load_settings()
    killed = []

    def kill_one_worker(event):
        if event.stage == "process" and not killed:
            workers = [c for c in psutil.Process().children(recursive=True)
                       if any("spawn_main" in part for part in c.cmdline())]
            os.kill(workers[-1].pid, signal.SIGKILL)
            killed.append(workers[-1].pid)

    with Store.open(settings) as store:
        batch_id = import_files(store, settings, files, progress=kill_one_worker,
                                options=ProcessOptions(ocr=False, orient_with_tesseract=False, workers=2))
        pages = store.load_batch(batch_id).pages
    assert killed and ("page worker died" in caplog.text or "page pool was broken" in caplog.text)
    assert len(pages) == 6 and all(p.processed_at and not p.error for p in pages), [p.error for p in pages]


def test_an_imported_separator_sheet_is_known_by_its_barcode_and_never_read(tmp_path):
    stack = write_stack(tmp_path / "stack", [BANK, "SEPARATOR", BANK.replace("Max", "Moritz")])
    settings = load_settings()
    with Store.open(settings) as store:
        batch_id = import_files(store, settings, sorted(stack.glob("*.png")),
                                rules=SeparationRules(separator_sheets=True),
                                options=ProcessOptions(workers=1))
        batch = store.load_batch(batch_id)
    sheet = batch.pages[1]
    assert sheet.separator_kind == "separator_sheet" and not sheet.ocr_text  # the fast path: no OCR
    assert len(batch.documents) == 2 and "Konto" in (batch.pages[0].ocr_text or "")


def test_the_desk_fax_watch_resumes_a_fax_a_crash_interrupted(tmp_path):
    from ui.scanning import watch_hotfolder

    inbox = tmp_path / "fax-in"
    (inbox / "done").mkdir(parents=True)
    settings = load_settings()
    settings.hotfolder = str(inbox)
    path = write_fax(inbox / "done" / "crashed.tif")  # moved to done/, then the station died
    with Store.open(settings) as store:
        batch_id = store.create_batch(source=Source.FAX, profile="fax", separation={"one_per_file": True},
                                      meta={"fax": {"file": path.name}})
        add_file_pages(store, batch_id, path)
        store.finish_capture(batch_id)
    cancel = CancelToken()
    watch = watch_hotfolder(settings, cancel, interval_s=0.1, stable_s=0)
    first = next(watch)
    cancel.cancel()
    watch.close()
    assert (first.batch_id, first.file, first.resumed) == (batch_id, "crashed.tif", True)
    with Store.open(settings) as store:
        batch = store.load_batch(batch_id)
    assert batch.state == "to_validate" and len(batch.documents) == 1

"""Kill -9 at random moments while faxes are imported, processed and exported: afterwards every
page that reached the disk is in the store exactly once, no document is duplicated, SQLite's
integrity check passes and the audit verifier finds the chain intact.

A worker forked from a clean fork server (fast to start: the server has imported everything once;
safe: the test process's own threads are never forked) works through
a queue of fax files, resuming whatever the previous, killed worker left; the test kills it at a
random moment, checks the store, and repeats.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from station.audit.verify import verify_local
from station.config import load_settings
from station.export import export_batch
from station.store import Store
from station.store.encode import encode_page
from station.flows.imports import file_sha256, import_files, stable_id
from station.flows.process import ProcessOptions, resume
from station.synth.render import render_text_page

KILLS = int(os.environ.get('STATION_TEST_KILLS', 200))
FILES = 16
FAST = ProcessOptions(ocr=False, orient_with_tesseract=False, workers=1)


def make_faxes(folder: Path) -> dict[str, str]:
    """Two-page bilevel TIFFs, all pages different; returns {raw page hash: file name}."""
    folder.mkdir()
    expected = {}
    for n in range(FILES):
        pages = []
        for k in range(2):
            img = np.array(render_text_page(f"Brief {n} Seite {k}\nWiderspruch gegen die Rechnung.", dpi=60))
            pages.append(np.where(img > 128, 255, 0).astype(np.uint8))
            expected[__import__("hashlib").sha256(encode_page(pages[-1], 60)).hexdigest()] = f"fax-{n:03d}.tif"
        frames = [Image.fromarray(p).convert("1") for p in pages]
        frames[0].save(folder / f"fax-{n:03d}.tif", save_all=True, append_images=frames[1:], compression="group4",
                       dpi=(60, 60))
    return expected


PRELOAD = ["station.flows.process", "station.flows.imports", "station.export", "station.pipeline", "station.imaging.load", "pikepdf.pdfa"]


def work(faxes: Path, archive: Path, settings) -> None:
    """The worker: recover, resume, then import and export the remaining faxes until killed."""
    store = Store.open(settings)
    resume(store, settings, FAST)
    for batch in store.list_batches(["to_validate"]):
        export_batch(store, batch.id, archive)
    for path in sorted(faxes.glob("*.tif")):
        key = stable_id("import", store.station_id, f"{path.name}:{file_sha256(path)}")
        rows = store.query("SELECT state FROM batches WHERE id = ?", (key,))
        if rows and rows[0]["state"] != "scanning":
            continue
        batch_id = import_files(store, settings, [path], options=FAST)
        export_batch(store, batch_id, archive)
    store.close()
    os._exit(0)


def check(settings, db: Path, blobs: Path, expected: dict[str, str]) -> int:
    """The invariants after a kill; returns how many pages are stored."""
    with Store.open(settings) as store:  # recovery runs here, as on the next start
        assert store.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        on_disk = {p.name.split(".")[0] for p in blobs.glob("*/*.*") if p.parent.name != "tmp"}
        for digest in on_disk & set(expected):
            rows = store.query("SELECT COUNT(*) AS n FROM pages WHERE blob_hash = ?", (digest,))
            assert rows[0]["n"] == 1, f"page of {expected[digest]} stored {rows[0]['n']} times"
        missing = store.query("SELECT blob_hash FROM pages")
        assert all(r["blob_hash"] in on_disk for r in missing), "a page row names a file that is not on disk"
        dup = store.query("SELECT batch_id, COUNT(*) AS n FROM documents GROUP BY batch_id HAVING n > 1")
        assert dup == [], "a fax became more than one document"
        assert list(store.pending_dir.iterdir()) == []
        return store.query("SELECT COUNT(*) AS n FROM pages")[0]["n"]


@pytest.mark.slow
def test_random_kills_during_import_processing_and_export_lose_and_duplicate_nothing(tmp_path):
    expected = make_faxes(tmp_path / "faxes")
    archive = tmp_path / "archive"
    settings = load_settings()
    Store.open(settings).close()
    db, blobs = settings.data_path / "store" / "station.db", settings.data_path / "store" / "pages"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    rng = random.Random(5)
    stored, deadline = 0, time.monotonic() + 240
    for n in range(KILLS):
        worker = ctx.Process(target=work, args=(tmp_path / "faxes", archive, settings))
        worker.start()
        time.sleep(rng.uniform(0.0, 0.35))
        if worker.is_alive():
            worker.kill()  # a worker that finished in the meantime is no error
        worker.join()
        stored = check(settings, db, blobs, expected)
        assert time.monotonic() < deadline, f"only {n} kills in the time budget"
    # One last worker runs to the end: everything arrives exactly once and leaves once.
    worker = ctx.Process(target=work, args=(tmp_path / "faxes", archive, settings))
    worker.start()
    worker.join(300)
    assert worker.exitcode == 0
    assert check(settings, db, blobs, expected) == 2 * FILES >= stored
    report = verify_local(db, blobs)
    assert report.intact, [p.message_en for p in report.problems[:3]]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == FILES
    assert conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == FILES
    conn.close()
    pdfs = list(archive.glob("*/[0-9]*_*.pdf"))
    assert len(pdfs) == FILES and not list(archive.glob("*/.*.tmp"))

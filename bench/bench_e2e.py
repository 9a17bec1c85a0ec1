"""End to end: a letter scanned at the desk -> visible in its department's queue in the central store.

One desk, the whole product path in one process, as the desk application runs it: the virtual
scanner feeds the bundled sample mail (with a separator sheet before every letter), each page is
made durable in the local store and handed to the page pool while the feeder runs, the batch is
separated and classified, the operator accepts every document at once (human time is not the
machine's), the batch is closed, and the desk's sync loop (every 0.2 s, as ``station sync --watch``
with a short interval) carries it to a real PostgreSQL. Per document: central ``routing.ready_at``
minus the document's received time (the moment its first page was safe on the desk), both read
off the same machine clock.

Side by side in the same run, the baseline: bare ``tesseract -l deu`` reading the same page
images with the same number of processes. ``batch wall / bare OCR`` says what the whole station
(scanning, cleaning, reading, separating, classifying, storing, syncing) costs over reading alone.

``python bench/run.py --only e2e [--quick]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from harness import Options, Row, section  # noqa: E402


def separated_stack(folder: Path) -> tuple[Path, list[Path]]:
    """The sample mail with a printed separator sheet (both sides) before every letter.

    Returns the stack folder and the letters' page files (what the bare-OCR baseline reads)."""
    import cv2

    from station.capture.virtual_source import DEFAULT_FOLDER
    from station.imaging.load import load_pages
    from station.separate import separator_sheet_pdf

    folder.mkdir(parents=True)
    sheet = [p.image for p in load_pages(separator_sheet_pdf(folder / "sheet.pdf"))]
    (folder / "sheet.pdf").unlink()
    pages = sorted(p for p in DEFAULT_FOLDER.iterdir() if p.suffix in (".png", ".tif"))
    letters = sorted({p.name.split("-")[0] for p in pages})
    for number in letters:
        cv2.imwrite(str(folder / f"{number}-0-trennblatt.png"), sheet[0])
        cv2.imwrite(str(folder / f"{number}-0-trennblatt-back.png"), sheet[1])
    for page in pages:
        (folder / page.name).symlink_to(page)
    return folder, pages


def bare_ocr_seconds(pages: list[Path], workers: int) -> float:
    """Bare Tesseract over the raw page files, ``workers`` at a time (every frame of a fax TIFF)."""
    from PIL import Image

    frames: list[Path] = []
    tmp = Path(tempfile.mkdtemp(prefix="e2e-bare-"))
    for page in pages:
        with Image.open(page) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                frames.append(tmp / f"{page.stem}-{i}.png")
                im.convert("L").save(frames[-1])
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(lambda p: subprocess.run(["tesseract", str(p), "-", "-l", "deu"], env=env, check=True,
                                             capture_output=True), frames))
    return time.perf_counter() - started


class SyncLoop(threading.Thread):
    """The desk's sync loop: ``sync_once`` every ``interval_s`` until stopped."""

    def __init__(self, settings, interval_s: float = 0.2) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.settings, self.interval_s = settings, interval_s
        self.stop = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        from station.errors import SyncError
        from station.sync.worker import sync_once

        while not self.stop.is_set():
            try:
                sync_once(self.settings)
            except SyncError as exc:
                self.errors.append(exc.message_en)
            self.stop.wait(self.interval_s)


def scan_batch(settings, stack: Path, pool, clean_dir: Path) -> str:  # type: ignore[no-untyped-def]
    """One batch through the desk: scan, process behind the feeder, separate, classify, accept, close."""
    from station.capture.handoff import PipelineHandoff
    from station.capture.session import BatchScan, StoreSink
    from station.capture.virtual_source import VirtualSource
    from station.store import Store
    from station.store.ingest import process_batch

    with Store.open(settings) as store:
        batch_id = store.create_batch(source="scanner", profile=settings.profile)
        handoff = PipelineHandoff(pool, settings, clean_dir, lambda page, result: store.save_page_result(page.page_id, result))
        BatchScan(VirtualSource(stack), settings.profile_named(settings.profile), StoreSink(store, batch_id, handoff)).run()
        store.finish_capture(batch_id)
        handoff.finish()
        process_batch(store, settings, batch_id)
        for doc in store.load_batch(batch_id).documents:
            store.accept_document(doc.id)
        store.close_batch(batch_id)
    return batch_id


def run_bench(batches: int, workers: int) -> list[Row]:
    import psycopg

    from pgserver import PgServer
    from station.classify.taxonomy import load_taxonomy
    from station.config import CentralSettings, Settings
    from station.pipeline import PagePool
    from station.store import Store
    from station.sync import schema

    with PgServer() as pg, tempfile.TemporaryDirectory(prefix="e2e-bench-") as tmp:
        dsn = pg.create_database("central_e2e")
        with psycopg.connect(dsn, autocommit=True) as conn:
            schema.migrate(conn)
            for department in sorted({t.department for t in load_taxonomy()}):
                schema.add_department(conn, department)
            role, password = schema.add_station(conn, "e2e")
        pw = Path(tmp) / "station.pw"
        pw.write_text(f"{password}\n")
        pw.chmod(0o600)
        settings = Settings(station_id="e2e", operator="bench", data_dir=str(Path(tmp) / "desk"), workers=workers)
        settings.central = CentralSettings(host="127.0.0.1", port=pg.port, dbname="central_e2e", user=role,
                                           password_file=str(pw), sslmode="disable")
        stack, letter_pages = separated_stack(Path(tmp) / "stack")
        bare_s = bare_ocr_seconds(letter_pages, workers)

        pool = PagePool(workers)
        for warm in [pool.submit(__file__, None) for _ in range(workers)]:  # workers up before the clock runs
            warm.exception()
        sync = SyncLoop(settings)
        sync.start()
        walls, ids = [], []
        try:
            for n in range(batches):
                started = time.time()
                batch_id = scan_batch(settings, stack, pool, Path(tmp) / f"clean-{n}")
                ids.append(batch_id)
                deadline = time.time() + 120
                with Store.open(settings) as store:
                    while any(item.batch_id == batch_id for item in store.outbox_pending()) and time.time() < deadline:
                        time.sleep(0.05)
                with psycopg.connect(dsn) as conn:
                    last = conn.execute(
                        "SELECT extract(epoch FROM max(r.ready_at)) FROM central.routing r"
                        " JOIN central.documents d ON d.id = r.document_id WHERE d.batch_id = %s", (batch_id,)).fetchone()[0]
                walls.append(float(last) - started)
        finally:
            sync.stop.set()
            sync.join(30)
            pool.close(cancel=True)

        with psycopg.connect(dsn) as conn:
            rows = conn.execute(
                "SELECT extract(epoch FROM r.ready_at - d.received_at), d.doc_type FROM central.documents d"
                " JOIN central.routing r ON r.document_id = d.id WHERE d.batch_id = ANY(%s)", (ids,)).fetchall()
        with Store.open(settings) as store:
            local_docs = sum(len(store.load_batch(b).documents) for b in ids)
    latency = sorted(float(r[0]) for r in rows)
    p95 = latency[min(len(latency) - 1, int(round(0.95 * (len(latency) - 1))))]
    pages = sum(1 for _ in letter_pages)
    return [
        {"metric": "documents scanned -> in department view", "value": len(rows), "unit": "docs",
         "local_documents": local_docs, "batches": batches, "sync_errors": len(sync.errors)},
        {"metric": "scanned -> in department view, median", "value": round(statistics.median(latency), 1), "unit": "s",
         "pages_per_batch": pages},
        {"metric": "scanned -> in department view, p95", "value": round(p95, 1), "unit": "s"},
        {"metric": "batch: scan start -> last document visible", "value": round(statistics.median(walls), 1),
         "unit": "s"},
        {"metric": "bare tesseract, same letter pages (baseline)", "value": round(bare_s, 1), "unit": "s",
         "processes": workers},
        {"metric": "batch wall / bare OCR of the same pages", "value": round(statistics.median(walls) / bare_s, 2),
         "unit": "x", "target": "close to 1: the station adds little over reading"},
    ]


@section("e2e")
def e2e_section(opt: Options) -> list[Row]:
    return run_bench(batches=1 if opt.quick else 3, workers=opt.workers)


if __name__ == "__main__":
    for row in run_bench(batches=1, workers=2):
        print(row)

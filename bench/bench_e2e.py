"""End to end: a letter scanned at the desk -> visible in its department's queue in the central store.

One desk, the whole product path in one process, as the desk application runs it: the virtual
scanner feeds the bundled sample mail (with a separator sheet before every letter), each page is
made durable in the local store and handed to the page pool while the feeder runs, the batch is
separated and classified, the operator accepts every document at once (human time is not the
machine's), the batch is closed, and the desk's sync service (``station sync --watch``
in its own process, polling every ``SYNC_INTERVAL_S``) carries it to a real PostgreSQL. Per document: central ``routing.ready_at``
minus the document's received time (the moment its first page was safe on the desk), both read
off the same machine clock.

Side by side in the same run, the baseline: bare ``tesseract -l deu`` reading the same scanned
images (separator sheets and backs included) with the same number of processes at the same
niceness. ``batch wall / bare OCR`` says what the whole station (scanning, cleaning, reading,
separating, classifying, storing, syncing) costs over reading alone.

``python bench/run.py --only e2e [--quick]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from harness import Options, Row, section  # noqa: E402

SYNC_INTERVAL_S = 2.0


def separated_stack(folder: Path) -> Path:
    """The sample mail with a printed separator sheet (both sides) before every letter."""
    import cv2

    from station.capture.virtual_source import DEFAULT_FOLDER
    from station.separate import separator_sheet_images

    folder.mkdir(parents=True)
    sheet = separator_sheet_images()
    pages = sorted(p for p in DEFAULT_FOLDER.iterdir() if p.suffix in (".png", ".tif"))
    letters = sorted({p.name.split("-")[0] for p in pages})
    for number in letters:
        cv2.imwrite(str(folder / f"{number}-0-trennblatt.png"), sheet[0])
        cv2.imwrite(str(folder / f"{number}-0-trennblatt-back.png"), sheet[1])
    for page in pages:
        (folder / page.name).symlink_to(page)
    return folder


def bare_ocr_seconds(images: list[Path], workers: int, nice: int) -> float:
    """Bare Tesseract over the same scanned images, ``workers`` at a time, at the page workers' niceness
    (so that other load on the machine weighs on both sides alike)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(lambda p: subprocess.run(["nice", "-n", str(nice), "tesseract", str(p), "-", "-l", "deu"],
                                             env=env, check=True, capture_output=True), images))
    return time.perf_counter() - started


def start_sync_watch(config: Path, interval_s: float, log: Path) -> subprocess.Popen:
    """The desk's sync service as systemd runs it (``station sync --watch``), in its own process;
    what it complains about goes to ``log``."""
    env = {**os.environ, "STATION_CONFIG": str(config), "STATION_LANG": "en"}
    with log.open("w") as err:
        return subprocess.Popen([sys.executable, "-m", "station", "sync", "--watch", "--interval", str(interval_s)],
                                env=env, stdout=subprocess.DEVNULL, stderr=err)


def scan_batch(settings, stack: Path, pool, clean_dir: Path, phases: dict[str, list[float]]) -> str:  # type: ignore[no-untyped-def]
    """One batch through the desk: scan, process behind the feeder, separate, classify, accept, close.

    ``phases`` collects the seconds each step took (feeder, pages still in the pool, rest of the batch)."""
    from station.flows.handoff import PipelineHandoff
    from station.capture.session import BatchScan, StoreSink
    from station.capture.virtual_source import VirtualSource
    from station.store import Store
    from station.flows.process import process_batch

    with Store.open(settings) as store:
        batch_id = store.create_batch(source="scanner", profile=settings.profile)
        handoff = PipelineHandoff(pool, settings, clean_dir, lambda page, result: store.save_page_result(page.page_id, result))
        t0 = time.perf_counter()
        BatchScan(VirtualSource(stack), settings.profile_named(settings.profile), StoreSink(store, batch_id, handoff)).run()
        store.finish_capture(batch_id)
        t1 = time.perf_counter()
        handoff.finish()
        t2 = time.perf_counter()
        process_batch(store, settings, batch_id)
        t3 = time.perf_counter()
        for name, seconds in (("feeder", t1 - t0), ("pool", t2 - t1), ("separate+classify", t3 - t2)):
            phases.setdefault(name, []).append(seconds)
        for doc in store.load_batch(batch_id).documents:
            store.accept_document(doc.id)
        store.close_batch(batch_id)
    return batch_id


def run_bench(batches: int, workers: int) -> list[Row]:
    import psycopg

    from pgserver import PgServer
    from station.flows.handoff import WORKER_NICE
    from station.classify.taxonomy import load_taxonomy
    from station.config import CentralSettings, Settings
    from station.pipeline_pool import PagePool
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
        config = Path(tmp) / "config.toml"
        config.write_text(f'station_id = "e2e"\ndata_dir = "{settings.data_dir}"\n[central]\nhost = "127.0.0.1"\n'
                          f'port = {pg.port}\ndbname = "central_e2e"\nuser = "{role}"\npassword_file = "{pw}"\n'
                          'sslmode = "disable"\n')
        stack = separated_stack(Path(tmp) / "stack")

        pool = PagePool(workers)
        for warm in [pool.submit(__file__, None) for _ in range(workers)]:  # workers up before the clock runs
            warm.exception()
        sync_log = Path(tmp) / "sync.log"
        sync = start_sync_watch(config, SYNC_INTERVAL_S, sync_log)
        walls, ids, starts = [], [], []
        phases: dict[str, list[float]] = {}
        try:
            for n in range(batches):
                started = time.time()
                batch_id = scan_batch(settings, stack, pool, Path(tmp) / f"clean-{n}", phases)
                closed = time.time()
                ids.append(batch_id)
                starts.append(started)
                deadline = time.time() + 120
                with Store.open(settings) as store:
                    while any(item.batch_id == batch_id for item in store.outbox_pending()) and time.time() < deadline:
                        time.sleep(0.05)
                with psycopg.connect(dsn) as conn:
                    last = conn.execute(
                        "SELECT extract(epoch FROM max(r.ready_at)) FROM central.routing r"
                        " JOIN central.documents d ON d.id = r.document_id WHERE d.batch_id = %s", (batch_id,)).fetchone()[0]
                walls.append(float(last) - started)
                phases.setdefault("closed -> visible", []).append(float(last) - closed)
        finally:
            sync.terminate()
            sync.wait(30)
            complaints = [line for line in sync_log.read_text().splitlines() if line.strip()]
            pool.close(cancel=True)

        with psycopg.connect(dsn) as conn:
            # The virtual scanner feeds the same image files every batch, and a page whose bytes the
            # desk already holds keeps its first arrival time; real paper never scans to the same
            # bytes twice, so a document's moment of scanning is never before its own batch began.
            rows = [row for batch_id, started in zip(ids, starts) for row in conn.execute(
                "SELECT extract(epoch FROM r.ready_at - greatest(d.received_at, to_timestamp(%s))), d.doc_type"
                " FROM central.documents d JOIN central.routing r ON r.document_id = d.id WHERE d.batch_id = %s",
                (started, batch_id)).fetchall()]
        with Store.open(settings) as store:
            local_docs = sum(len(store.load_batch(b).documents) for b in ids)
            scanned = [store.page_path(page) for page in store.load_batch(ids[0]).pages]
        bare_s = bare_ocr_seconds(scanned, workers, WORKER_NICE)
    latency = sorted(float(r[0]) for r in rows)
    p95 = latency[min(len(latency) - 1, int(round(0.95 * (len(latency) - 1))))]
    return [
        {"metric": "documents scanned -> in department view", "value": len(rows), "unit": "docs",
         "local_documents": local_docs, "batches": batches, "sync_complaints": len(complaints)},
        {"metric": "scanned -> in department view, median", "value": round(statistics.median(latency), 1), "unit": "s",
         "images_per_batch": len(scanned)},
        {"metric": "scanned -> in department view, p95", "value": round(p95, 1), "unit": "s",
         "sync_interval_s": SYNC_INTERVAL_S},
        {"metric": "batch: scan start -> last document visible", "value": round(statistics.median(walls), 1),
         "unit": "s"},
        *({"metric": f"  of which {name}", "value": round(statistics.median(values), 1), "unit": "s"}
          for name, values in phases.items()),
        {"metric": "bare tesseract, the same scanned images (baseline)", "value": round(bare_s, 1), "unit": "s",
         "processes": workers, "images": len(scanned)},
        {"metric": "batch wall / bare OCR of the same images", "value": round(statistics.median(walls) / bare_s, 2),
         "unit": "x", "target": "close to 1: the station adds little over reading"},
    ]


@section("e2e")
def e2e_section(opt: Options) -> list[Row]:
    return run_bench(batches=1 if opt.quick else 3, workers=opt.workers)


if __name__ == "__main__":
    for row in run_bench(batches=1, workers=2):
        print(row)

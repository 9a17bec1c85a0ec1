"""Sync benchmark: 20 stations (processes, each with its own role and local store) against one local PostgreSQL.

Two phases on one throw-away server (tests/pgserver.py):
- backlog: every station has batches queued and syncs them at once -> documents/s end to end
  (local store read, hash check, bounded transactions, central triggers, commit, mark synced);
- steady: every station closes a batch about every second while ``watch``-style syncing runs ->
  time from "batch closed" (the station's close time) to "visible in the department view" (the
  routing row's ready time, same machine clock), median and p95.
Pages are real CCITT G4 TIFFs of synthetic A4 letters (300 dpi), made unique per page.

``python bench/run.py --only sync`` or ``python bench/bench_sync.py [--quick]``.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from harness import Options, Row, section  # noqa: E402

STATIONS = 20
DOCS_PER_BATCH = 5
PAGES_PER_DOC = 3


def _page_bytes() -> list[bytes]:
    import numpy as np

    from station.store.encode import encode_page
    from station.synth.pages import make_page

    out = []
    for seed in range(3):
        img, _ = make_page(seed)
        grey = np.array(img.convert("L"))
        out.append(encode_page(np.where(grey > 128, 255, 0).astype(np.uint8)))
    return out


def _prepare_station(settings, batches: int, pages: list[bytes], close: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Batches scanned, separated and classified in the station's own store (closed if asked)."""
    from station.model import Classification
    from station.store import DocumentPlan, Store

    ids = []
    with Store.open(settings) as store:
        for b in range(batches):
            batch_id = store.create_batch(source="scanner")
            page_ids = [
                store.add_page(batch_id, pages[i % len(pages)] + os.urandom(16))  # unique bytes after the TIFF
                for i in range(DOCS_PER_BATCH * PAGES_PER_DOC)
            ]
            store.finish_capture(batch_id)
            plans = [DocumentPlan(page_ids[i * PAGES_PER_DOC:(i + 1) * PAGES_PER_DOC]) for i in range(DOCS_PER_BATCH)]
            for n, doc_id in enumerate(store.set_documents(batch_id, plans)):
                dept = ("kundenservice", "inkasso", "vertrieb")[(b + n) % 3]
                store.save_classification(doc_id, Classification("brief", dept, 0.9, False, "bench"),
                                          {"customer_number": f"{n:07d}"})
            if close:
                store.close_batch(batch_id)
            ids.append(batch_id)
    return ids


def _backlog_worker(settings, start_at: float, queue) -> None:  # type: ignore[no-untyped-def]
    from station.sync.worker import sync_once

    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.time()
    report = sync_once(settings)
    queue.put((t0, time.time(), report.documents, report.pages))


def _steady_worker(settings, batch_ids: list[str], period_s: float, start_at: float, queue) -> None:  # type: ignore[no-untyped-def]
    """A desk: closes its next batch every ``period_s`` while its sync loop polls every 0.1 s."""
    import threading

    from station.store import Store
    from station.sync.worker import sync_once

    done = threading.Event()

    def closer() -> None:
        with Store.open(settings) as store:
            for batch_id in batch_ids:
                store.close_batch(batch_id)
                time.sleep(period_s)
        done.set()

    time.sleep(max(0.0, start_at - time.time()))
    t = threading.Thread(target=closer)
    t.start()
    with Store.open(settings) as store:
        while True:
            finished = done.is_set()
            sync_once(settings, store)
            if finished and not store.outbox_pending():
                break
            time.sleep(0.1)
    t.join()
    queue.put(len(batch_ids))


def _run(processes: list) -> None:  # type: ignore[type-arg]
    for p in processes:
        p.start()
    for p in processes:
        p.join(600)
        if p.exitcode != 0:
            raise RuntimeError(f"a station process failed (exit code {p.exitcode})")


def run_bench(quick: bool = False) -> list[Row]:
    import psycopg

    from pgserver import PgServer
    from station.config import CentralSettings, Settings
    from station.sync import schema

    backlog_batches = 1 if quick else 4
    steady_batches = 2 if quick else 5
    pages = _page_bytes()
    ctx = multiprocessing.get_context("fork")
    rows: list[Row] = []
    with PgServer() as pg, tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        dsn = pg.create_database("central_bench")
        stations = []
        with psycopg.connect(dsn, autocommit=True) as conn:
            schema.migrate(conn)
            for dept in ("kundenservice", "inkasso", "vertrieb"):
                schema.add_department(conn, dept)
            for i in range(STATIONS):
                name = f"bench-{i:02d}"
                role, password = schema.add_station(conn, name)
                pw = Path(tmp) / f"{name}.pw"
                pw.write_text(f"{password}\n")
                pw.chmod(0o600)
                s = Settings(station_id=name, operator="bench", data_dir=str(Path(tmp) / name))
                s.central = CentralSettings(host="127.0.0.1", port=pg.port, dbname="central_bench", user=role,
                                            password_file=str(pw), sslmode="disable")
                stations.append(s)
        steady_ids = {}
        for s in stations:
            _prepare_station(s, backlog_batches, pages, close=True)
            steady_ids[s.station_id] = _prepare_station(s, steady_batches, pages, close=False)

        # Phase 1: the backlog, all stations at once.
        queue = ctx.Queue()
        start_at = time.time() + 1.0
        _run([ctx.Process(target=_backlog_worker, args=(s, start_at, queue)) for s in stations])
        results = [queue.get() for _ in stations]
        wall = max(r[1] for r in results) - start_at
        docs = sum(r[2] for r in results)
        page_count = sum(r[3] for r in results)
        rows += [
            {"metric": "backlog: documents synced (3 pages each)", "value": docs, "unit": "docs",
             "stations": STATIONS, "page_bytes": len(pages[0])},
            {"metric": "backlog: throughput, 20 stations concurrently", "value": docs / wall, "unit": "docs/s",
             "target": ">= 50", "pages_per_s": round(page_count / wall, 1), "wall_s": round(wall, 2)},
        ]

        # Phase 2: steady closing; latency from close to department view.
        start_at = time.time() + 1.0
        _run([ctx.Process(target=_steady_worker, args=(s, steady_ids[s.station_id], 1.0, start_at, queue))
              for s in stations])
        with psycopg.connect(dsn) as conn:
            lat = [r[0] for r in conn.execute(
                "SELECT extract(epoch FROM min(r.ready_at) - b.closed_at) FROM central.batches b"
                " JOIN central.documents d ON d.batch_id = b.id JOIN central.routing r ON r.document_id = d.id"
                " WHERE b.id = ANY(%s) GROUP BY b.id, b.closed_at",
                ([i for ids in steady_ids.values() for i in ids],),
            )]
        lat = sorted(float(x) for x in lat)
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        rows += [
            {"metric": "steady: batch closed -> in department view, median", "value": statistics.median(lat),
             "unit": "s", "batches": len(lat), "close_every_s": 1.0, "stations": STATIONS},
            {"metric": "steady: batch closed -> in department view, p95", "value": p95, "unit": "s"},
        ]
    return rows


@section("sync")
def sync_section(opt: Options) -> list[Row]:
    return run_bench(quick=opt.quick)


if __name__ == "__main__":
    for row in run_bench(quick="--quick" in sys.argv):
        print(row)

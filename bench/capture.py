"""Capture benchmark: images/minute the scanner layer accepts from the virtual scanner while the
page pipeline (clean + OCR in a process pool) runs behind it, and whether the feeder ever waited.

Target: ≥420 images/minute accepted on 2 cores (a fast production scanner), OCR allowed to trail.
Two runs side by side, both into the local store (the default path of ``station scan``), default
profile (black and white, duplex, 300 dpi) on the bundled sample mail:
  1. the feeder paced at 420 images/minute: did it ever have to wait for the station?
  2. the feeder unpaced: how many images/minute can the station take at most?
Standalone: ``.venv/bin/python bench/capture.py``; ``make bench`` runs it as section ``capture``
(bench_capture.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_IPM = 420.0


def _stack(folder: Path, images: int) -> Path:
    """A feeder load of about ``images`` images (duplex): the sample mail, copied as often as needed."""
    from station.capture.virtual_source import DEFAULT_FOLDER, load_stack

    folder.mkdir(parents=True)
    per_copy = 2 * len(load_stack(DEFAULT_FOLDER))
    for copy in range(-(-images // per_copy)):
        for src in DEFAULT_FOLDER.iterdir():
            if src.suffix in (".png", ".tif"):
                (folder / f"{copy:02d}-{src.name}").symlink_to(src)
    return folder


def _scan(images: int, ipm: float, workers: int) -> dict:
    from station.flows.handoff import PipelineHandoff, lower_worker_priority
    from station.capture.session import BatchScan, StoreSink
    from station.capture.virtual_source import VirtualSource
    from station.config import Settings
    from station.pipeline_pool import PagePool
    from station.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-capture-", ignore_cleanup_errors=True) as tmp:
        stack = _stack(Path(tmp) / "stack", images)
        settings = Settings(data_dir=tmp, workers=workers)
        store = Store.open(settings)
        pool = PagePool(workers)
        try:
            # start every worker before the clock runs (these calls fail at once, by design)
            for warm in [pool.submit(__file__, None) for _ in range(workers)]:
                warm.exception()
            lower_worker_priority()
            source = VirtualSource(stack, ipm=ipm)
            handoff = PipelineHandoff(pool, settings, Path(tmp) / "clean",
                                      lambda page, result: store.save_page_result(page.page_id, result))
            batch_id = store.create_batch(source="scanner", profile="bench")
            saved_at: list[float] = []
            batch = BatchScan(source, settings.profile_named(settings.profile), StoreSink(store, batch_id, handoff),
                              progress=lambda event: saved_at.append(time.monotonic()))
            batch.run()  # one stack through the feeder, as an operator would load it
            elapsed = saved_at[-1] - saved_at[0]  # steady state: first page safe to last page safe
            handoff.harvest()
            return {"images": len(batch.pages), "seconds": elapsed, "ipm": (len(saved_at) - 1) / elapsed * 60,
                    "waits": source.stats.waits, "processed_meanwhile": handoff.done}
        finally:
            pool.close(cancel=True)
            store.close()


def _buffer_images() -> int:
    from station.capture.virtual_source import _Hardware

    return _Hardware.BUFFER_IMAGES


def rows(images: int = 120, workers: int | None = None) -> list[dict]:
    """Benchmark rows: metric, value, unit, target, ok."""
    workers = workers or len(os.sched_getaffinity(0))
    free = _scan(images, 0.0, workers)
    paced = _scan(images, TARGET_IPM, workers)
    return [
        {"metric": "capture: accepted at 420/min feeder, pipeline behind", "value": round(paced["ipm"], 1),
         "unit": "images/min", "target": f">= {TARGET_IPM:g}", "ok": paced["ipm"] >= TARGET_IPM * 0.98},
        {"metric": "capture: feeder waits for the station at 420/min", "value": paced["waits"], "unit": "times",
         "target": "0", "ok": paced["waits"] == 0, "scanner_buffer_images": _buffer_images()},
        {"metric": "capture: most accepted (unpaced feeder), pipeline behind", "value": round(free["ipm"], 1),
         "unit": "images/min", "target": f">= {TARGET_IPM:g}", "ok": free["ipm"] >= TARGET_IPM},
        {"metric": "capture: machine load average during the runs", "value": round(os.getloadavg()[0], 1),
         "unit": f"on {workers} cores", "target": "info", "ok": True},
        {"metric": "capture: pages OCR'd while scanning (paced run)", "value": paced["processed_meanwhile"],
         "unit": f"of {paced['images']}", "target": "trails", "ok": True},
    ]


def main() -> None:
    for row in rows():
        flag = "ok " if row["ok"] else "LOW"
        print(f"{flag} {row['metric']}: {row['value']} {row['unit']} (target {row['target']})")


if __name__ == "__main__":
    main()

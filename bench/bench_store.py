"""Store benchmark: 1,000 documents of 3 pages into the local store, page by page as the scanner
delivers them (encode, intent, fsync, rename, commit with audit event).

Rows: pages/s and documents/s stored; disk per page (page files, and the database) against the
raw pixel size; time to open a 500-page batch (target < 200 ms) with OCR text and word boxes
stored for every page. ``python bench/run.py --only store`` or ``python bench/bench_store.py [--quick]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from harness import Options, Row, section  # noqa: E402

LETTER = ("Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Mobilfunkvertrag zum nächstmöglichen "
          "Zeitpunkt. Kundennummer 4711 0815 23. Bitte bestätigen Sie mir die Kündigung schriftlich.\n"
          "Mit freundlichen Grüßen\n") * 4


def _base_pages():
    import numpy as np

    from station.synth.render import render_text_page

    pages = []
    for n in range(3):
        img = np.array(render_text_page(f"Seite {n + 1}\n" + LETTER, dpi=300))
        pages.append(np.where(img > 128, 255, 0).astype(np.uint8))
    return pages


def _unique(page, n: int):
    """A copy that differs in a few pixels, so every stored page has its own hash."""
    out = page.copy()
    out[10 + n // 2000, 10 + n % 2000] = 0
    return out


def _words(count: int = 250):
    from station.model import Word

    return [Word(f"Wort{i}", 100 + (i % 12) * 180, 200 + (i // 12) * 60, 150, 40, 91.0) for i in range(count)]


def _bare_durable_writes(base, pages: int, folder: Path) -> float:  # type: ignore[no-untyped-def]
    """Seconds to encode the same pages and write each to its own file with fsync and rename:
    the least any store that survives a power cut must do."""
    from station.imaging.output import private_dir, write_private
    from station.store.encode import encode_page

    private_dir(folder)
    started = time.perf_counter()
    for n in range(pages):
        write_private(folder / f"{n}.tif", encode_page(_unique(base[n % 3], n)), fsync=True)
    return time.perf_counter() - started


@section("store")
def run(options: Options) -> list[Row]:
    from station.config import Settings
    from station.model import PageResult
    from station.store import DocumentPlan, Store

    docs = 100 if options.quick else 1000
    base = _base_pages()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Settings(data_dir=tmp))
        per_batch = 500 // 3 + 1
        batches, page_ids, raw_bytes = [], [], 0
        started = time.perf_counter()
        for d in range(docs):
            if d % per_batch == 0:
                batches.append(store.create_batch(profile="bench"))
            ids = []
            for k in range(3):
                image = _unique(base[k], d * 3 + k)
                raw_bytes += image.nbytes
                ids.append(store.add_page(batches[-1], image))
            page_ids.append(ids)
        elapsed = time.perf_counter() - started
        pages = docs * 3
        rows.append({"metric": "pages stored per second", "value": round(pages / elapsed, 1), "unit": "pages/s",
                     "pages": pages, "seconds": round(elapsed, 1)})
        rows.append({"metric": "documents stored per second", "value": round(docs / elapsed, 1), "unit": "docs/s"})
        bare = _bare_durable_writes(base, pages, Path(tmp) / "bare")
        rows.append({"metric": "bare encode + fsync'd file write, same pages (baseline)", "value": round(pages / bare, 1),
                     "unit": "pages/s"})
        rows.append({"metric": "store / bare durable write", "value": round(bare / elapsed, 2), "unit": "x",
                     "target": ">= 0.5: database, intent and audit cost less than the write itself"})
        blobs = sum(p.stat().st_size for p in store.blobs.root.glob("*/*.*"))
        db = sum(p.stat().st_size for p in store.root.glob("station.db*"))
        rows.append({"metric": "page file size per page", "value": round(blobs / pages / 1024, 1), "unit": "KiB",
                     "raw_pixels_kib": round(raw_bytes / pages / 1024, 1),
                     "ratio_to_raw": round(blobs / raw_bytes, 4)})
        rows.append({"metric": "database size per page", "value": round(db / pages / 1024, 1), "unit": "KiB"})
        # One 500-page batch, separated into documents and with OCR results, opened as the GUI does.
        first = batches[0]
        batch_pages = [p for ids in page_ids[:per_batch] for p in ids]
        text = LETTER * 2
        for n, page_id in enumerate(batch_pages):
            store.save_page_result(page_id, PageResult(index=n, width=2480, height=3508, words=_words(), text=text))
        store.set_documents(first, [DocumentPlan(batch_pages[i:i + 3]) for i in range(0, len(batch_pages), 3)])
        store.close()
        timings = []
        for _ in range(5):
            t0 = time.perf_counter()
            st = Store.open(Settings(data_dir=tmp))
            batch = st.load_batch(first)
            timings.append(time.perf_counter() - t0)
            st.close()
        rows.append({"metric": f"open a {len(batch.pages)}-page batch (store open + load)",
                     "value": round(1000 * statistics.median(timings), 1), "unit": "ms", "target": "< 200 ms",
                     "ok": statistics.median(timings) < 0.2})
    return rows


if __name__ == "__main__":
    from run import show

    show("store", run(Options(quick="--quick" in sys.argv)))
    os._exit(0)

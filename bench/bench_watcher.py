"""Watcher memory benchmark: does a fax line's ``station watch`` keep memory it no longer needs?

A watcher runs for weeks in one process, so a few KiB kept per fax add up (a busy line takes
thousands a day). The soak judges the watcher over one 9-minute day; this looks closer: one
``HotFolder`` in a fresh process takes generated faxes one by one (``bench/soak_mail.py``: other
hands than the classifier's corpus, one to three pages, normal and fine, G3 and G4; faxes of
several pages go through the page pool as in the product), and after each fax records

- the C heap in use (glibc ``mallinfo2``: Tesseract, OpenCV, SQLite and large Python objects),
- of which SQLite (``sqlite3_memory_used``): its page cache fills up to its fixed size as the
  store grows, which looks like a leak for the first hundred faxes and then stops,
- the live Python objects the garbage collector tracks (``tracemalloc`` would double the heap
  it watches),
- the process's anonymous memory (what the soak judges).

Rows: heap in use kept per fax (least-squares slope over the second half of the run, SQLite's
page cache taken out), and anonymous memory in the first against the last quarter.
``python bench/run.py --only watcher [--quick|--full]`` or ``python bench/bench_watcher.py``.
"""

from __future__ import annotations

import ctypes
import gc
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from harness import Options, Row, section  # noqa: E402
from soak_procs import anonymous_bytes  # noqa: E402

KIB = 1024
MIB = 2**20


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                    "fsmblks", "uordblks", "fordblks", "keepcost")]


@lru_cache(maxsize=1)
def _mallinfo2() -> Callable[[], _Mallinfo2]:
    function = ctypes.CDLL("libc.so.6").mallinfo2
    function.restype = _Mallinfo2
    return function


@lru_cache(maxsize=1)
def _sqlite3_memory_used() -> Callable[[], int]:
    """SQLite's own counter, from the library Python's ``sqlite3`` module is linked to."""
    import sqlite3  # noqa: F401 - loads the library this asks

    with open("/proc/self/maps") as fh:
        paths = {line.split()[-1] for line in fh if "libsqlite3" in line}
    function = ctypes.CDLL(sorted(paths)[0] if paths else "libsqlite3.so.0").sqlite3_memory_used
    function.restype = ctypes.c_int64
    return function


def _heap_in_use() -> int:
    """Bytes the C allocator has handed out and not got back, over all arenas and mmapped chunks."""
    info = _mallinfo2()()
    return int(info.uordblks + info.hblkhd)


class Sample(NamedTuple):
    """One fax's figures (a tuple of ints: the garbage collector does not track it, so keeping
    them does not add to the object count it measures)."""

    fax: int
    pages: int
    heap: int
    sqlite: int
    anon: int
    objects: int


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def take_faxes(count: int, seed: int, root: Path) -> list[Sample]:
    """Render ``count`` faxes and feed them to one hot folder, sampling memory after each."""
    from soak_mail import plan_day, render_fax

    from station.flows.faxes import HotFolder
    from station.config import Settings
    from station.store import Store

    day = plan_day(count * 3, seed, fax_share=0.34)
    faxes = day.faxes[:count]
    rng = random.Random(seed)
    rendered = root / "rendered"
    rendered.mkdir()
    files = [render_fax(day, lid, rendered / f"fax-{lid}.tif", datetime.now(), random.Random(rng.random()))
             for lid in faxes]
    inbox = root / "inbox"
    inbox.mkdir()
    settings = Settings(data_dir=str(root / "data"), workers=2)
    store = Store.open(settings)
    watcher = HotFolder(inbox, store, settings, stable_seconds=0)
    watcher.warm_up()
    samples = []
    try:
        for n, (lid, path) in enumerate(zip(faxes, files)):
            target = inbox / path.name
            os.rename(path, target)
            outcome = watcher.take(target)
            if outcome.batch_id is None:
                raise RuntimeError(f"fax {path.name} was not taken: {outcome.reason_en}")
            gc.collect()
            samples.append(Sample(n + 1, day.letters[lid].pages, _heap_in_use(), int(_sqlite3_memory_used()()),
                                  anonymous_bytes(os.getpid()), len(gc.get_objects())))
    finally:
        store.close()
    return samples


@section("watcher")
def run(options: Options) -> list[Row]:
    count = 10 if options.quick else 300 if options.full else 80
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # A fresh process: the figures are the watcher's, not what earlier sections left in this one.
    with tempfile.TemporaryDirectory(prefix="bench-watcher-") as tmp, \
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        samples = child.submit(take_faxes, count, 20261206, Path(tmp)).result()
    half = samples[len(samples) // 2:]
    xs = [float(s.fax) for s in half]
    heap = _slope(xs, [float(s.heap - s.sqlite) for s in half])
    sqlite = _slope(xs, [float(s.sqlite) for s in half])
    objects = _slope(xs, [float(s.objects) for s in half])
    quarter = max(1, len(samples) // 4)
    a = statistics.median(s.anon for s in samples[:quarter])
    b = statistics.median(s.anon for s in samples[-quarter:])
    pages = sum(s.pages for s in samples)
    return [
        {"metric": "faxes taken by one watcher (pages)", "value": len(samples), "unit": "faxes", "pages": pages},
        {"metric": "C heap kept per fax, second half, without SQLite's cache", "value": round(heap / KIB, 1),
         "unit": "KiB/fax", "target": "<= 16 (5,000 faxes a day on one line: <= 80 MiB)", "ok": heap <= 16 * KIB},
        {"metric": "SQLite cache growth per fax, second half (bounded by its cache size)",
         "value": round(sqlite / KIB, 1), "unit": "KiB/fax", "sqlite_end_mib": round(samples[-1].sqlite / MIB, 2)},
        {"metric": "live Python objects per fax, second half", "value": round(objects, 1), "unit": "objects/fax"},
        {"metric": "anonymous memory, first quarter median", "value": round(a / MIB, 1), "unit": "MiB"},
        {"metric": "anonymous memory, last quarter median", "value": round(b / MIB, 1), "unit": "MiB",
         "target": "<= first quarter + 10 % + 8 MiB (the soak's rule)", "ok": b <= a * 1.1 + 8 * MIB},
    ]


if __name__ == "__main__":
    from run import show

    show("watcher", run(Options(quick="--quick" in sys.argv, full="--full" in sys.argv)))
    os._exit(0)

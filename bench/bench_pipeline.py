"""Page pipeline against bare Tesseract and OCRmyPDF on the same generated pages, same process count.

The pages are a mailroom mix made by ``station.synth``: letters (some sparse), tilted, turned,
on dark or light scanner lids, fax TIFFs at 204x98 and 204x196 dpi, and blank duplex backs.
Bare Tesseract reads each raw page file (fax pages resampled to square pixels first, as a fair
reference must), OCRmyPDF gets the same raw pages as one PDF. The pipeline and bare Tesseract run
in alternating rounds over the same pages, so the ratio holds on a machine whose load changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from harness import Options, Row, section

from station.imaging.load import load_pages
from station.pipeline import PageContext
from station.pipeline_pool import PagePool, process_files
from station.synth.pages import make_page
from station.synth.save import save_fax_tiff, save_image, save_pdf

ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def note(what: str, seconds: float) -> None:
    print(f"  {what}: {seconds:.1f} s", file=sys.stderr, flush=True)


def make_mail(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """``count`` page files and, for each, a square-pixel PNG that the references read."""
    files, square = [], []
    for i in range(count):
        kind = "blank" if i % 6 == 5 else ("sparse" if i % 4 == 1 else "letter")
        skew = [0.0, 2.5, -4.0, 8.0, -1.2, 0.4][i % 6]
        rotation = 180 if i % 10 == 3 else (90 if i % 10 == 7 else 0)
        background = ("dark", None, "light", None)[i % 4]
        if i % 8 == 6:  # a fax
            image, _ = make_page(i, kind=kind, dpi=300, noise=200)
            path = save_fax_tiff([image], folder / f"p{i:03d}.tif", dpi=300, fine=i % 16 == 6)
        else:
            image, _ = make_page(i, kind=kind, dpi=300, skew=skew, rotation=rotation, background=background, noise=200)
            path = save_image(image, folder / f"p{i:03d}.{'jpg' if i % 2 else 'png'}", dpi=300)
        files.append(path)
        page = next(load_pages(path))
        from PIL import Image

        sq = folder / f"sq{i:03d}.png"
        Image.fromarray(page.image).save(sq, dpi=(page.dpi, page.dpi))
        square.append(sq)
    return files, square


def bare_tesseract(pages: list[Path], workers: int) -> float:
    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), "-", "-l", "deu"], env=ENV, check=True, capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(one, pages))
    return time.perf_counter() - started


def ocrmypdf(pages: list[Path], workers: int, folder: Path) -> float | None:
    if not shutil.which("ocrmypdf"):
        return None
    from PIL import Image

    pdf = save_pdf([Image.open(p) for p in pages], folder / "mail.pdf", dpi=300)
    started = time.perf_counter()
    subprocess.run(["ocrmypdf", "-l", "deu", "--jobs", str(workers), "-O0", "-q", str(pdf), str(folder / "ocr.pdf")],
                   env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def run_pipeline(files: list[Path], pool: PagePool, out: Path, ocr: bool) -> float:
    ctx = PageContext(out_dir=str(out), ocr=ocr, thumb=True)
    started = time.perf_counter()
    results = list(process_files(files, ctx, pool=pool))
    elapsed = time.perf_counter() - started
    bad = [r for r in results if r.error]
    if bad:
        raise RuntimeError(f"{len(bad)} files failed: {bad[0].error}")
    return elapsed


def interleaved(files: list[Path], square: list[Path], pool: PagePool, folder: Path, workers: int,
                rounds: int) -> tuple[float, float]:
    """Seconds of the full pipeline and of bare tesseract over the same pages, run in alternating
    rounds (pipeline first, then tesseract first, ...) so that a change in the machine's load
    during the run falls on both sides alike instead of on whichever ran second."""
    t_pipe = t_bare = 0.0
    size = -(-len(files) // rounds)
    for r in range(rounds):
        part = slice(r * size, (r + 1) * size)
        steps = [("pipe", lambda: run_pipeline(files[part], pool, folder / f"full{r}", ocr=True)),
                 ("bare", lambda: bare_tesseract(square[part], workers))]
        for name, step in steps if r % 2 == 0 else steps[::-1]:
            seconds = step()
            if name == "pipe":
                t_pipe += seconds
            else:
                t_bare += seconds
    return t_pipe, t_bare


# The batch runs in a fresh process (what `station process` does, without reading settings), so
# the figure is the batch's own memory, not the benchmark's.
BATCH = """
import sys
from station.pipeline import PageContext
from station.pipeline_pool import process_files
out, workers, ocr, *paths = sys.argv[1:]
bad = [r for r in process_files(paths, PageContext(out_dir=out, ocr=ocr == '1'), workers=int(workers)) if r.error]
sys.exit(f'{len(bad)} files failed: {bad[0].error}' if bad else 0)
"""


class PeakMemory:
    """Peak summed PSS of a process and all its descendants (page workers, tesseract), sampled.

    PSS shares each library page among the processes that map it, so the sum is the memory the
    batch really takes (summed RSS would count OpenCV once per worker).
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.peak = 0
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(interval,), daemon=True)

    def _sample(self, interval: float) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    total += proc.memory_full_info().pss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def batch_rss(files: list[Path], pages: int, workers: int, out: Path, ocr: bool) -> tuple[float, float]:
    """Peak MB and seconds of ``station process`` on a batch of ``pages`` pages (mail files repeated)."""
    batch = [str(files[i % len(files)]) for i in range(pages)]
    cmd = [sys.executable, "-c", BATCH, str(out), str(workers), "1" if ocr else "0", *batch]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(proc.pid) as mem:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"station process failed: {err.decode(errors='replace')[-500:]}")
    return mem.peak / 2**20, elapsed


@section("pipeline")
def pipeline_section(opt: Options) -> list[Row]:
    count = 12 if opt.quick else 48
    w = opt.workers
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        folder = Path(tmp)
        files, square = make_mail(folder, count)
        with PagePool(w) as pool:
            run_pipeline(files[:w], pool, folder / "warm", ocr=False)  # start the workers
            t_img = run_pipeline(files * (1 if opt.quick else 3), pool, folder / "img", ocr=False)
            note("image stages", t_img)
            t_pipe, t_bare = interleaved(files, square, pool, folder, w, rounds=2 if opt.quick else 4)
            note("full pipeline", t_pipe)
        note("bare tesseract", t_bare)
        t_ocrmypdf = ocrmypdf(square, w, folder)
        note("ocrmypdf", t_ocrmypdf or 0.0)
        ppm = lambda t: 60.0 * count / t  # noqa: E731
        img_pages = count * (1 if opt.quick else 3)
        rows += [
            {"metric": "pages (mixed mail, 1 in 6 blank)", "value": count, "unit": "pages", "processes": w},
            {"metric": "full pipeline", "value": round(ppm(t_pipe), 1), "unit": "pages/min"},
            {"metric": "bare tesseract -l deu", "value": round(ppm(t_bare), 1), "unit": "pages/min"},
            {"metric": "pipeline / bare tesseract", "value": round(t_bare / t_pipe, 2), "unit": "x", "target": ">=1.0",
             "rounds": 2 if opt.quick else 4},
        ]
        if t_ocrmypdf is not None:
            rows += [{"metric": "ocrmypdf -l deu -O0", "value": round(ppm(t_ocrmypdf), 1), "unit": "pages/min"},
                     {"metric": "pipeline / ocrmypdf", "value": round(t_ocrmypdf / t_pipe, 2), "unit": "x", "target": ">=2.0"}]
        else:
            rows.append({"metric": "ocrmypdf", "value": "not installed", "unit": ""})
        rows.append({"metric": "image stages alone (load..thumbnail, writes pages)",
                     "value": round(img_pages / t_img, 2), "unit": "pages/s", "target": ">=7"})
        small, big = (20, 60) if opt.quick else (100, 1000)
        for n in (small, big):
            peak, secs = batch_rss(files, n, w, folder / f"rss{n}", ocr=False)
            note(f"rss {n}", secs)
            rows.append({"metric": f"peak memory (PSS), {n}-page batch, image stages", "value": round(peak), "unit": "MB",
                         "target": "<=400, flat", "seconds": round(secs)})
        n = big if opt.full else small
        peak, secs = batch_rss(files, n, w, folder / "rssocr", ocr=True)
        rows.append({"metric": f"peak memory (PSS), {n}-page batch, with OCR", "value": round(peak), "unit": "MB",
                     "target": "<=400", "seconds": round(secs)})
    return rows

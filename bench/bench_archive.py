"""Archive bench: bytes per page of the exported PDF/A and of the central copy, beside ``ocrmypdf --optimize 2``
on the same pages, and the OCR word agreement of each lossy copy with its lossless page.

Pages: grey A4 letters at 300 dpi with a scanner's paper tone and sensor noise (what makes PNG large),
and the same letters thresholded to bilevel. For each JPEG 2000 ratio and JPEG quality tried, the copy is read with
the project's OCR (station.ocr) and compared with the lossless reading (station.store.archive). The PDF/A
is what ``station export`` writes (station.export.build_pdf); ocrmypdf gets the lossless page as an
image-only PDF and makes it searchable and small (``-l deu --optimize 2 --output-type pdfa-2``), so both
outputs carry the page image and a text layer. ``--optimize 2`` needs pngquant (Debian package).
Targets: <= 150 KB per grey page, <= 50 KB per bilevel page, never larger than ocrmypdf, agreement >= 99 %.
``python bench/run.py --only archive [--quick]``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from harness import Options, Row, section  # noqa: E402

# (codec, level): JPEG 2000 compression ratios (the default is station.store.archive.JP2_RATE) and JPEG qualities
VARIANTS = (("jp2", 40), ("jp2", 60), ("jp2", 80), ("jpeg", 75), ("jpeg", 85))


def grey_scan(seed: int):
    """A letter as a grey scanner delivers it: paper tone, soft edges, sensor noise."""
    import cv2
    import numpy as np

    from station.synth.pages import make_page

    page, _truth = make_page(seed, "letter", dpi=300)
    img = np.asarray(page, dtype=np.float32)
    img = cv2.GaussianBlur(img, (3, 3), 0.6)
    img = 18 + img * (232 - 18) / 255.0  # toner is not pure black, paper not pure white
    rng = np.random.default_rng(seed)
    img += rng.normal(0, 3.5, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def bilevel(image):
    import cv2

    return cv2.threshold(image, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]


def _export_pdf(image, tmp: Path, name: str, data: bytes, text_words) -> int:
    """Bytes of a one-page PDF/A-2b as ``station export`` writes it around ``data``."""
    import pikepdf

    from station.export import _page_pdf, save_pdfa
    from station.store.records import StoredPage

    page = StoredPage(id=name, batch_id="b", ord=0, blob_hash="", received_at="", dpi=300, words=text_words)
    pdf = pikepdf.new()
    single = _page_pdf(data, page)  # kept open until saved: its page objects live in it
    pdf.pages.append(single.pages[0])
    out = tmp / f"{name}.pdf"
    save_pdfa(pdf, out)
    return out.stat().st_size


def _ocrmypdf(lossless: bytes, tmp: Path, name: str) -> int | None:
    """ocrmypdf --optimize 2 on the same (lossless) page, with its own OCR text layer; None when ocrmypdf
    is not installed."""
    import img2pdf

    exe = shutil.which("ocrmypdf")
    if not exe:
        return None
    src, dst = tmp / f"{name}-in.pdf", tmp / f"{name}-ocrmypdf.pdf"
    src.write_bytes(img2pdf.convert(lossless, layout_fun=img2pdf.get_fixed_dpi_layout_fun((300, 300))))
    subprocess.run([exe, "--optimize", "2", "--output-type", "pdfa-2", "-l", "deu", "-q", "--jobs", "1",
                    str(src), str(dst)], check=True, capture_output=True, timeout=600)
    return dst.stat().st_size


@section("archive")
def bench_archive(options: Options) -> list[Row]:
    from station.ocr import ocr_page
    from station.store.archive import JP2_RATE, REQUIRED_AGREEMENT, encode_archive, verify_copy
    from station.store.encode import encode_page

    pages = 1 if options.quick else 4
    rows: list[Row] = []
    grey: dict[tuple[str, int], list[dict]] = {v: [] for v in VARIANTS}
    lossless_pdf, bilevel_sizes, bilevel_pdf, ocrmypdf_grey, ocrmypdf_bilevel, raw_png = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for n in range(pages):
            image = grey_scan(100 + n)
            words, text = ocr_page(image, dpi=300)
            png = encode_page(image)
            raw_png.append(len(png))
            lossless_pdf.append(_export_pdf(image, tmp, f"png{n}", png, words))
            ocrmypdf_grey.append(_ocrmypdf(png, tmp, f"g{n}"))
            for codec, level in VARIANTS:
                copy = encode_archive(image, 300, codec, level)
                grey[(codec, level)].append({"copy": len(copy.data), "agreement": verify_copy(copy, text, 300),
                                             "pdf": _export_pdf(image, tmp, f"{codec}{level}-{n}", copy.data, words)})
            bw = bilevel(image)
            g4 = encode_archive(bw, 300)
            bw_words, _ = ocr_page(bw, dpi=300)
            bilevel_sizes.append(len(g4.data))
            bilevel_pdf.append(_export_pdf(bw, tmp, f"bw{n}", g4.data, bw_words))
            ocrmypdf_bilevel.append(_ocrmypdf(g4.data, tmp, f"b{n}"))
    kb = 1024.0
    mean = statistics.mean
    o_grey = [s for s in ocrmypdf_grey if s]
    o_bw = [s for s in ocrmypdf_bilevel if s]
    rows.append({"metric": "grey page, lossless PNG (before)", "value": mean(raw_png) / kb, "unit": "KB/page",
                 "pages": pages})
    rows.append({"metric": "grey page, PDF/A with lossless PNG (before)", "value": mean(lossless_pdf) / kb,
                 "unit": "KB/page"})
    if o_grey:
        rows.append({"metric": "grey page, ocrmypdf --optimize 2", "value": mean(o_grey) / kb, "unit": "KB/page"})
    for codec, level in VARIANTS:
        runs = grey[(codec, level)]
        name = f"{codec} {'rate' if codec == 'jp2' else 'q'}{level}" + (" (default)" if (codec, level) == ("jp2", JP2_RATE) else "")
        rows.append({"metric": f"grey page, PDF/A with {name}", "value": mean(r["pdf"] for r in runs) / kb,
                     "unit": "KB/page", "target": "<= 150" + (f" and <= ocrmypdf {mean(o_grey) / kb:.0f}" if o_grey else "")})
        rows.append({"metric": f"grey page, central copy {name}", "value": mean(r["copy"] for r in runs) / kb,
                     "unit": "KB/page", "target": "<= 150"})
        rows.append({"metric": f"grey page, OCR word agreement {name} (min)",
                     "value": 100 * min(r["agreement"] for r in runs), "unit": "%",
                     "target": f">= {100 * REQUIRED_AGREEMENT:.0f}"})
    rows.append({"metric": "bilevel page, G4 (central copy)", "value": mean(bilevel_sizes) / kb, "unit": "KB/page",
                 "target": "<= 50"})
    rows.append({"metric": "bilevel page, PDF/A with G4", "value": mean(bilevel_pdf) / kb, "unit": "KB/page",
                 "target": "<= 50" + (f" and <= ocrmypdf {mean(o_bw) / kb:.0f}" if o_bw else "")})
    if o_bw:
        rows.append({"metric": "bilevel page, ocrmypdf --optimize 2", "value": mean(o_bw) / kb, "unit": "KB/page"})
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(bench_archive(Options(quick="--quick" in sys.argv)), indent=2))

"""Limits from the page's physical size as well as its pixels, checked from headers before any
decoding; valid-but-unusual files (BigTIFF, a huge fax, an unsupported compression) get the
message that fits them, not "corrupt"."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from hostile_files import Page, g4_page, grey_page, pdf_with_a_broken_second_page, tiff_bytes

from station.errors import InputFileError
from station.imaging.limits import Limits
from station.imaging.load import load_page, load_pages, probe_pages

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

#: (name, pages, German words of the refusal)
BOMBS = {
    "8000x10000-at-2400x20": ([g4_page(8000, 10000, (2400, 20))], "unplausibel"),
    "4000x4000-at-20x2400": ([g4_page(4000, 4000, (20, 2400))], "unplausibel"),
    "2000x2000-at-20x2400": ([g4_page(2000, 2000, (20, 2400))], "unplausibel"),
    "4000x4000-at-2400x600": ([g4_page(4000, 4000, (2400, 600))], "unplausibel"),
    "60000x60000-g4": ([g4_page(60000, 60000)], "zu groß"),
    "poster-at-300dpi": ([g4_page(6000, 6000, (300, 300))], "zu groß"),  # 508 mm square: above A3
    # legal on paper (169x254 mm) but 8000x12000 once stretched to square pixels
    "stretch-to-96-mpx": ([g4_page(8000, 3000, (1200, 300))], "zu groß"),
}

_PEAK = """
import json, resource, sys
sys.path[:0] = {paths!r}
from station.errors import InputFileError
from station.imaging.load import load_pages, probe_pages
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {{}}
for call in (lambda p: list(load_pages(p)), probe_pages):
    try:
        result = call(sys.argv[1])
        error = result[1] if isinstance(result, tuple) else None
        out.setdefault("results", []).append(error.reason_de if error else "accepted")
    except InputFileError as exc:
        out.setdefault("results", []).append(exc.reason_de)
out["grew_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps(out))
"""


@contextlib.contextmanager
def refused(german: str) -> Iterator[None]:
    """An ``InputFileError`` whose German reason says ``german``."""
    with pytest.raises(InputFileError) as caught:
        yield
    assert german in caught.value.reason_de, caught.value.reason_de


def _limited_run(path: Path) -> dict:
    """Load ``path`` in a child whose address space is capped (old code would eat gigabytes)."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    code = _PEAK.format(paths=[str(ROOT), str(HERE)])
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                         preexec_fn=cap)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_are_refused_from_their_headers_without_costing_memory(tmp_path, name):
    pages, words = BOMBS[name]
    path = tmp_path / f"{name}.tif"
    path.write_bytes(tiff_bytes(pages))
    assert path.stat().st_size < 10_000
    out = _limited_run(path)
    loaded, probed = out["results"]
    assert words in loaded, loaded
    assert words in probed, probed  # the page pool's probe refuses it in the parent already
    assert out["grew_kb"] < 30_000  # KB: nothing was decoded


def test_a_fax_at_normal_resolution_is_still_accepted_and_stretched(tmp_path):
    path = tmp_path / "fax.tif"
    path.write_bytes(tiff_bytes([g4_page(1728, 1143, (204, 98))]))
    [page] = load_pages(path)
    assert page.dpi == 204 and page.image.shape == (2379, 1728)


def test_the_largest_page_is_a_setting(tmp_path):
    path = tmp_path / "a2.tif"
    path.write_bytes(tiff_bytes([g4_page(4960, 7016, (300, 300))]))  # A2 at 300 dpi
    with refused("zu groß"):
        list(load_pages(path))
    big = Limits.from_settings(type("S", (), {"max_page_size": "450x600", "max_pages_per_file": 500})())
    assert probe_pages(path, big) == (1, None)


def test_page_count_is_limited_before_any_page_is_decoded(tmp_path):
    tiff = tmp_path / "long.tif"
    tiff.write_bytes(tiff_bytes([g4_page(1728, 1143, (204, 98))] * 600, shared_data=True))
    pdf_path = tmp_path / "long.pdf"
    with pikepdf.new() as pdf:
        for _ in range(600):
            pdf.add_blank_page(page_size=(595, 842))
        pdf.save(pdf_path)
    for path in (tiff, pdf_path):
        count, error = probe_pages(path)
        assert count == 0 and "mehr als 500 Seiten" in error.reason_de
        with refused("mehr als 500 Seiten"):
            next(load_pages(path))
        assert probe_pages(path, Limits(max_pages=1000)) == (600, None)


def test_long_files_report_progress_per_page(tmp_path):
    path = tmp_path / "three.tif"
    path.write_bytes(tiff_bytes([g4_page(1728, 1143, (204, 98))] * 3, shared_data=True))
    seen = []
    list(load_pages(path, on_page=lambda i, n: seen.append((i, n))))
    assert seen == [(0, 3), (1, 3), (2, 3)]


def test_a_valid_bigtiff_is_read(tmp_path):
    path = tmp_path / "big.tif"
    path.write_bytes(tiff_bytes([grey_page(), grey_page()], bigtiff=True))
    pages = list(load_pages(path))
    assert len(pages) == 2 and pages[1].image.shape == (900, 640) and pages[1].image.min() == 0


@pytest.mark.parametrize("code,name", [(50001, "webp"), (34712, "34712")])
def test_an_unsupported_tiff_compression_says_so(tmp_path, code, name):
    path = tmp_path / f"c{code}.tif"
    path.write_bytes(tiff_bytes([Page(640, 900, b"RIFF" + b"\x17" * 300, compression=code)]))
    with pytest.raises(InputFileError) as caught:
        list(load_pages(path))
    assert "Kompression" in caught.value.reason_de and "nicht unterstützt" in caught.value.reason_de
    assert name in caught.value.reason_de and "compression" in caught.value.reason_en


def test_a_pdf_page_pdfium_cannot_load_is_a_specific_error(tmp_path):
    path = pdf_with_a_broken_second_page(tmp_path / "fuzzed.pdf")
    count, error = probe_pages(path)
    assert count == 1 and "Seite 2 des PDF ist beschädigt" in error.reason_de
    assert load_page(path, 0).image.shape[0] > 3000
    with refused("Seite 2 des PDF"):
        list(load_pages(path))
    with refused("Seite 2 des PDF"):
        load_page(path, 1)


def test_library_warnings_and_libtiff_noise_stay_out_of_the_operators_terminal(tmp_path):
    webp = tmp_path / "webp.tif"
    webp.write_bytes(tiff_bytes([Page(640, 900, b"RIFF" + b"\x17" * 300, compression=50001)]))
    unknown = tmp_path / "tags.tif"  # an unknown private tag and a bogus one: libtiff warns on stderr
    unknown.write_bytes(tiff_bytes([grey_page(extra_tags={65000: (3, [1]), 32932: (3, [7])})]))
    warn = tmp_path / "warn.tif"  # above Pillow's MAX_IMAGE_PIXELS, below twice that: a warning
    warn.write_bytes(tiff_bytes([g4_page(9500, 9500, (300, 300))]))
    run = subprocess.run([sys.executable, "-m", "station", "process", str(webp), str(unknown), str(warn),
                          "--out", str(tmp_path / "out"), "--no-ocr", "--workers", "1"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 1
    err = run.stderr
    assert "Warning" not in err and "WEBP" not in err and "site-packages" not in err and "Traceback" not in err
    assert "nicht unterstützt" in err and "zu groß" in err


def test_a_screen_resolution_tag_is_read_as_no_resolution(tmp_path):
    """Scanner software that writes 72 dpi on a 300 dpi A4 scan: the page is A4 at 300, not 875 mm tall."""
    path = tmp_path / "a4-tagged-72.tif"
    path.write_bytes(tiff_bytes([g4_page(2480, 3508, (72, 72))]))
    [page] = load_pages(path)
    assert page.dpi == 300 and page.image.shape == (3508, 2480)

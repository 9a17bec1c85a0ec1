"""``station classify`` and ``station import`` on a file pdfium cannot read: a specific message,
no traceback, the next files still get their line, and no half-made batch is left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostile_files import pdf_with_a_broken_second_page

from station.synth.pages import make_page
from station.synth.save import save_image

ROOT = Path(__file__).resolve().parents[2]


def _station(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "STATION_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=ROOT)


def test_classify_json_gives_an_error_line_for_the_bad_file_and_goes_on(tmp_path):
    good = save_image(make_page(3, dpi=150)[0], tmp_path / "brief.png", dpi=150)
    bad = pdf_with_a_broken_second_page(tmp_path / "fuzzed.pdf")
    after = save_image(make_page(4, dpi=150)[0], tmp_path / "danach.png", dpi=150)
    run = _station(tmp_path, "classify", "--json", str(good), str(bad), str(after))
    assert "Traceback" not in run.stderr, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [Path(rec["file"]).name for rec in lines] == ["brief.png", "fuzzed.pdf", "danach.png"]
    assert "Seite 2 des PDF ist beschädigt" in lines[1]["error"]
    assert "doc_type" in lines[0] and "doc_type" in lines[2]
    assert run.returncode == 1


def test_a_failed_import_leaves_no_half_made_batch(tmp_path):
    good = save_image(make_page(5, dpi=150)[0], tmp_path / "brief.png", dpi=150)
    bad = pdf_with_a_broken_second_page(tmp_path / "fuzzed.pdf")
    for _ in range(2):
        run = _station(tmp_path, "import", str(good), str(bad), "--no-ocr")
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert "fuzzed.pdf" in run.stderr and "Seite 2 des PDF ist beschädigt" in run.stderr
    from station.config import load_settings
    from station.store import Store

    settings = load_settings()
    settings.data_dir = str(tmp_path / "data")
    with Store.open(settings) as store:
        assert store.list_batches() == []


def test_import_of_a_long_file_reports_its_pages_as_it_goes(tmp_path):
    from hostile_files import g4_page, tiff_bytes

    long_fax = tmp_path / "lang.tif"
    long_fax.write_bytes(tiff_bytes([g4_page(1728, 1143, (204, 98))] * 30, shared_data=True))
    run = _station(tmp_path, "import", str(long_fax), "--no-ocr")
    assert run.returncode == 0, run.stderr
    assert "lang.tif: Seite 10 von 30 gelesen" in run.stderr and "lang.tif: Seite 30 von 30 gelesen" in run.stderr


def test_process_of_a_long_file_reports_its_pages_as_it_goes(tmp_path):
    from hostile_files import g4_page, tiff_bytes

    long_fax = tmp_path / "lang.tif"
    long_fax.write_bytes(tiff_bytes([g4_page(1728, 1143, (204, 98))] * 20, shared_data=True))
    run = _station(tmp_path, "process", str(long_fax), "--no-ocr", "--workers", "1", "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "10 von 20 Seiten bearbeitet (lang.tif)" in run.stderr and "20 von 20 Seiten bearbeitet" in run.stderr
    assert "Traceback" not in run.stderr

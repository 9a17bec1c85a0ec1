"""``station process`` and ``station demo`` as the operator uses them."""

from __future__ import annotations

import re
import subprocess
import sys

from station.synth.pages import make_page
from station.synth.save import save_image


def _station(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=240, cwd=cwd)


def test_process_reports_each_page_and_fails_for_a_bad_file(tmp_path):
    page, _ = make_page(41, dpi=200, skew=2.0, rotation=180)
    good = save_image(page, tmp_path / "brief.png", dpi=200)
    bad = tmp_path / "kaputt.tif"
    bad.write_bytes(b"")
    run = _station("process", str(good), str(bad), "--out", str(tmp_path / "out"), "--workers", "1")
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "Seite 1:" in run.stdout and "gedreht um 180°" in run.stdout
    skew = float(re.search(r"Schräglage ([+-][0-9.]+)°", run.stdout).group(1))
    assert abs(skew - 2.0) <= 0.3
    assert "kaputt.tif" in run.stderr and "leer" in run.stderr
    assert (tmp_path / "out" / "brief-001.png").is_file() and (tmp_path / "out" / "brief-001.txt").is_file()


def test_process_speaks_english_on_request(tmp_path):
    page, _ = make_page(42, kind="blank", dpi=200, noise=100)
    good = save_image(page, tmp_path / "back.png", dpi=200)
    run = _station("--lang", "en", "process", str(good), "--out", str(tmp_path / "out"), "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert "page 1:" in run.stdout and "BLANK" in run.stdout and "1 of 1 files processed" in run.stdout


def test_demo_processes_sample_mail_and_summarises(tmp_path):
    run = _station("demo", "--out", str(tmp_path / "demo"), "--limit", "4")
    assert run.returncode == 0, run.stderr
    assert "Seiten" in run.stdout and "Fehler" in run.stdout and "Traceback" not in run.stderr

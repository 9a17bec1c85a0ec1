"""A run of good and bad files through the default page pool keeps every good page: a bad page's
error crosses back from its worker intact and never costs another file's page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hostile_files import Page, g4_page, grey_page, tiff_bytes

from station.synth.pages import make_page
from station.synth.save import save_fax_tiff, save_image, save_pdf

ROOT = Path(__file__).resolve().parents[2]


def _files(tmp_path: Path) -> tuple[list[Path], dict[str, int]]:
    letter = make_page(7, dpi=150)[0]
    other = make_page(8, dpi=150)[0]
    # header fine, page 2's strip lies beyond the end: only a worker decoding it finds out
    late = tiff_bytes([grey_page(), Page(640, 900, b"\0" * 64, strip_offset=50_000_000)])
    (tmp_path / "a-late-damage.tif").write_bytes(late)
    (tmp_path / "c-garbage.tif").write_bytes(b"no fax at all" * 40)
    (tmp_path / "e-bomb.tif").write_bytes(tiff_bytes([g4_page(4000, 4000, (20, 2400))]))
    files = [tmp_path / "a-late-damage.tif",
             save_fax_tiff([letter, other], tmp_path / "b-fax.tif", dpi=150),
             tmp_path / "c-garbage.tif",
             save_image(letter, tmp_path / "d-letter.png", dpi=150),
             tmp_path / "e-bomb.tif",
             save_pdf([other, letter], tmp_path / "f-scan.pdf", dpi=150),
             save_fax_tiff([other], tmp_path / "g-fax.tif", dpi=150)]
    good = {"b-fax.tif": 2, "d-letter.png": 1, "f-scan.pdf": 2, "g-fax.tif": 1}
    return files, good


def _pages_per_file(stdout: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    current = ""
    for line in stdout.splitlines():
        if not line.startswith(" ") and line.strip():
            current = Path(line.strip()).name
        elif re.match(r"\s+Seite \d+: (?!FEHLER)", line):
            counts[current] = counts.get(current, 0) + 1
    return counts


def test_a_mixed_run_with_the_default_pool_keeps_every_good_page(tmp_path):
    files, good = _files(tmp_path)
    run = subprocess.run([sys.executable, "-m", "station", "process", *map(str, files), "--out", str(tmp_path / "out"),
                          "--no-ocr"], capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert "Traceback" not in run.stderr and "konnte nicht verarbeitet werden" not in run.stderr, run.stderr
    pages = _pages_per_file(run.stdout)
    for name, count in good.items():
        assert pages.get(name) == count, (name, run.stdout, run.stderr)
    assert pages.get("a-late-damage.tif") == 1  # the good page before the damage
    assert "4 von 7 Dateien verarbeitet, 3 mit Fehlern." in run.stdout
    errors = {Path(line.split(": ")[1]).name: line for line in run.stderr.splitlines() if "FEHLER: " in line}
    assert set(errors) == {"a-late-damage.tif", "c-garbage.tif", "e-bomb.tif"}
    assert "Seite 2" in errors["a-late-damage.tif"] and "unplausibel" in errors["e-bomb.tif"]
    assert run.returncode == 1

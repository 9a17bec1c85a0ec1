"""Screenshots of every main screen on a real X server (Xvfb, started here), at 100, 125 and 150 %
scaling, for a person to look at: tests/screenshots/*.png."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "screenshots"
SCREENS = ("start", "validate", "invalid_field", "jam_dialog", "continue_batch", "deleted_page", "fax_problem", "settings", "keys",
           "all_checked", "validate_en")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is installed by `make test`")
@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
def test_each_main_screen_is_drawn_on_a_real_display(scale):
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": scale, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    suffix = "" if scale == "1" else f"@{scale}x"
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 2200x1400x24", sys.executable, str(HERE / "ui_screens.py"), str(OUT), suffix],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    for name in SCREENS:
        image = QImage(str(OUT / f"{name}{suffix}.png"))
        assert not image.isNull(), name
        assert image.width() >= 300 and image.height() >= 100, name
        # a drawn screen has many colours; a black or empty grab has one
        colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
        assert len(colours) > 3, f"{name} looks empty"

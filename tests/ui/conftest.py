"""GUI test set-up: an offscreen Qt, the station's own settings in the test's private data dir,
and small batches of real rendered pages to show."""

from __future__ import annotations

import pytest

from station.config import load_settings
from ui_samples import make_sample_batch
from ui.viewdata import BatchItem


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def window(qtbot, settings):
    """The main window as the operator gets it (German)."""
    from ui.app import build_window

    win = build_window(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.session.close()


@pytest.fixture
def sample_batch(tmp_path) -> BatchItem:
    return make_sample_batch(tmp_path)

"""GUI test set-up: an offscreen Qt, the station's own settings in the test's private data dir,
and small batches of real rendered pages to show."""

from __future__ import annotations

import gc

import pytest

from station.config import load_settings
from ui_samples import make_sample_batch
from ui.viewdata import BatchItem


@pytest.fixture(autouse=True)
def _quiet_sane(tmp_path, monkeypatch):
    """SANE with only its test backends: device discovery answers at once."""
    conf = tmp_path / "sane"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\npnm\n")  # as tests/capture: SANE reads it once per process
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))


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
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)  # keys go to the active window (activation lags the show)
    yield win
    win.close()  # stops the status timer and the session's page processes
    drain()


def drain() -> None:
    """Let every worker finish and deliver its signals while Qt is still alive."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test(qapp):
    yield
    drain()
    gc.collect()


@pytest.fixture
def sample_batch(tmp_path) -> BatchItem:
    return make_sample_batch(tmp_path)

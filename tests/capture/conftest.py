"""Capture tests run real SANE backends (``test`` and ``pnm`` from libsane1) configured by a
SANE config directory the tests create, and the virtual scanner on small stacks of sample mail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from station.capture.virtual_source import DEFAULT_FOLDER
from station.config import ScanProfile


@pytest.fixture(scope="session")
def sane_config_dir(tmp_path_factory) -> Path:
    cfg = tmp_path_factory.mktemp("sane.d")
    (cfg / "dll.conf").write_text("test\npnm\n")
    return cfg


@pytest.fixture
def sane_env(sane_config_dir, monkeypatch) -> Path:
    """Only the test and pnm backends: fast, and no real scanner on the build machine interferes."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_config_dir))
    return sane_config_dir


@pytest.fixture
def open_sane(sane_env):
    """Open SANE devices by name; all are closed after the test, even a failing one (else: busy)."""
    from station.capture.sane_source import SaneSource

    opened = []

    def _open(name: str, backend=None) -> SaneSource:
        src = SaneSource(name, backend)
        opened.append(src)
        return src

    yield _open
    for src in opened:
        src.close()


@pytest.fixture
def small_stack(tmp_path) -> Path:
    """Four sheets from the sample mail: a letter with a near-blank back, one printed on both sides,
    a one-sided letter and a two-page fax (two sheets)."""
    folder = tmp_path / "stack"
    folder.mkdir()
    for name in ("01-kuendigung.png", "01-kuendigung-back.png", "02-rechnung-einspruch.png",
                 "02-rechnung-einspruch-back.png", "03-bankverbindung.png", "10-sim-verlust-fax.tif"):
        shutil.copy(DEFAULT_FOLDER / name, folder / name)
    return folder


def make_profile(**kw) -> ScanProfile:
    """A profile for tests; small resolutions keep them fast."""
    base = dict(name="Test", source="ADF Duplex", mode="Gray", resolution=100, page_size="max")
    base.update(kw)
    return ScanProfile(**base)


@pytest.fixture
def profile():
    return make_profile

"""Faults SANE's test backend cannot produce on demand (a jam after page N, a cable pulled
mid-batch), injected through the thin seam around python-sane while the real backend scans.
The assertion each time: no page already scanned is lost, and the same batch goes on."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from station.capture.sane_backend import SaneBackend, SaneDevice
from station.capture.session import BatchScan, DirectorySink
from station.errors import ScannerError


class FaultyDevice:
    """The real device, with a jam before the Nth start and an unplug during the Nth read."""

    def __init__(self, real: SaneDevice, backend: "FaultyBackend") -> None:
        self.real, self.backend, self.error = real, backend, real.error
        self.starts = 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def start(self) -> None:
        self.starts += 1
        if self.backend.jam_at_start == self.starts:
            self.backend.jam_at_start = None
            raise self.error("Document feeder jammed")
        self.real.start()

    def read(self) -> np.ndarray:
        if self.backend.unplug_at_start == self.starts:
            self.backend.unplug_at_start = None
            self.backend.unplugged = True
            raise self.error("Error during device I/O")
        return self.real.read()


class FaultyBackend(SaneBackend):
    def __init__(self, jam_at_start: int | None = None, unplug_at_start: int | None = None) -> None:
        self.jam_at_start, self.unplug_at_start, self.unplugged = jam_at_start, unplug_at_start, False

    def devices(self):
        return [d for d in super().devices() if not (self.unplugged and d[0] == "test:0")]

    def open(self, name: str):
        if self.unplugged:
            raise self.error("Invalid argument")
        return FaultyDevice(super().open(name), self)


def _files(folder):
    return sorted(p.name for p in folder.glob("page-*.png"))


def test_jam_mid_batch_keeps_every_page_and_the_batch_continues(open_sane, profile, tmp_path):
    src = open_sane("test:0", FaultyBackend(jam_at_start=5))
    batch = BatchScan(src, profile(source="ADF Front", resolution=50), DirectorySink(tmp_path / "out"))
    with pytest.raises(ScannerError) as err:
        batch.run()
    assert err.value.kind == "jammed"
    assert err.value.operator_message() == (
        "Papierstau: Blatt entnehmen, dann ‚Weiter‘ drücken. Die bisher gescannten 4 Seiten sind gesichert."
    )
    assert len(_files(tmp_path / "out")) == 4
    batch.run()  # operator cleared the jam and pressed "Weiter": the rest of the feeder
    assert [p.sheet for p in batch.pages] == list(range(10))
    assert len(_files(tmp_path / "out")) == 10
    assert all(Image.open(p.path).size == (157, 196) for p in batch.pages)


def test_scanner_unplugged_mid_batch_is_gone_until_plugged_back(open_sane, profile, tmp_path):
    backend = FaultyBackend(unplug_at_start=3)
    src = open_sane("test:0", backend)
    batch = BatchScan(src, profile(source="ADF Front", resolution=50), DirectorySink(tmp_path / "out"))
    with pytest.raises(ScannerError) as err:
        batch.run()
    assert err.value.kind == "gone"
    assert "nicht mehr erreichbar" in err.value.operator_message()
    assert "2 Seiten sind gesichert" in err.value.operator_message()
    with pytest.raises(ScannerError) as again:  # "Weiter" while still unplugged: same message, nothing lost
        batch.run()
    assert again.value.kind == "gone" and len(_files(tmp_path / "out")) == 2
    backend.unplugged = False  # plugged back in
    batch.run()
    assert len(batch.pages) == len(_files(tmp_path / "out")) >= 10
    assert [p.seq for p in batch.pages] == list(range(len(batch.pages)))

"""A real scanner through SANE: profile applied and checked, then sheets streamed one side at a time.

Feeder batches call ``sane_start`` + read until the backend answers "no more documents" (the end
of the batch, unless it happens before the first page: then the feeder is empty). Duplex backends
deliver front then back of each sheet. Every other status becomes a ``ScannerError`` after the
device was cancelled; the pages yielded before it are the caller's, and calling ``scan`` again
continues the batch (re-opening the device if it had vanished).
"""

from __future__ import annotations

import logging
from typing import Any, Iterator

import numpy as np

from station.capture.faults import kind_of_sane_error, scanner_error
from station.capture.options import ProfileApplier
from station.capture.raw import RawPage
from station.capture.sane_backend import SaneBackend, SaneDevice
from station.config import ScanProfile
from station.errors import ScannerError
from station.progress import CancelToken

log = logging.getLogger(__name__)


def to_station_image(frame: np.ndarray) -> np.ndarray:
    """SANE's HxWxS (8 or 16 bit, RGB order) as the station's uint8 grey HxW or BGR HxWx3."""
    if frame.dtype == np.uint16:
        frame = (frame >> 8).astype(np.uint8)
    if frame.shape[2] == 1:
        return np.ascontiguousarray(frame[:, :, 0])
    return np.ascontiguousarray(frame[:, :, 2::-1])


class SaneSource:
    """A SANE device by name (``fujitsu:fi-7160:1234``, ``test:0`` ...)."""

    def __init__(self, name: str, backend: SaneBackend | None = None) -> None:
        self.name = name
        self.backend = backend or SaneBackend()
        self._device: SaneDevice | None = None
        self._last_buttons: set[str] = set()
        self.applied: dict[str, Any] = {}
        self.device  # open now: a wrong name is an error when the operator picks it, not mid-batch

    @property
    def device(self) -> SaneDevice:
        if self._device is None:
            try:
                self._device = self.backend.open(self.name)
            except (self.backend.error, RuntimeError) as exc:
                kind = kind_of_sane_error(exc)
                raise scanner_error("busy" if kind == "busy" else "denied" if kind == "denied" else "gone",
                                    detail=f"open {self.name}: {exc}") from exc
        return self._device

    def _fault(self, exc: BaseException) -> ScannerError:
        """Map a python-sane failure during a scan; an I/O error from a device no longer listed is 'gone'."""
        kind = kind_of_sane_error(exc) if isinstance(exc, self.backend.error) else "io"
        if kind == "io" and not self._still_listed():
            kind = "gone"
        if self._device is not None:
            self._device.cancel()
            if kind == "gone":
                self._device.close()
                self._device = None
        return scanner_error(kind, detail=f"{self.name}: {exc}")

    def _still_listed(self) -> bool:
        try:
            return any(d[0] == self.name for d in self.backend.devices())
        except Exception:  # cannot even list: treat the device as gone
            return False

    def apply_profile(self, profile: ScanProfile) -> dict[str, Any]:
        """Set the profile's options, each checked against the device's constraints first."""
        self.applied = ProfileApplier(self.device, profile).apply()
        log.info("profile %r on %s: %s", profile.name, self.name, self.applied)
        return self.applied

    def scan(self, profile: ScanProfile, cancel: CancelToken | None = None, *, first_sheet: int = 0) -> Iterator[RawPage]:
        self.apply_profile(profile)
        device = self.device
        feeder = profile.source != "Flatbed"
        duplex = profile.source == "ADF Duplex"
        count = 0
        try:
            while not (cancel and cancel.cancelled and not (duplex and count % 2)):  # Esc: after the sheet
                try:
                    device.start()
                except (device.error, RuntimeError) as exc:
                    if kind_of_sane_error(exc) == "no_docs" and count > 0:
                        return  # the feeder ran empty: the batch is complete
                    raise self._fault(exc) from exc
                try:
                    frame = device.read()
                except (device.error, RuntimeError) as exc:
                    raise self._fault(exc) from exc
                yield RawPage(
                    image=to_station_image(frame),
                    sheet=first_sheet + (count // 2 if duplex else count),
                    side="back" if duplex and count % 2 else "front",
                    dpi=int(round(float(self.applied.get("resolution", profile.resolution)))),
                    meta={"device": self.name, "mode": profile.mode, "source": profile.source},
                )
                count += 1
                if not feeder:
                    return
        finally:
            if self._device is not None:
                self._device.cancel()

    def poll_buttons(self) -> set[str]:
        """Sensors (hard-select, soft-detect options such as ``scan``, ``email``) that read as pressed."""
        pressed: set[str] = set()
        try:
            for name, opt in self.device.options().items():
                if opt.sensor and opt.active and self.device.get(name):
                    pressed.add(name)
        except (self.backend.error, RuntimeError) as exc:
            raise self._fault(exc) from exc
        return pressed

    def close(self) -> None:
        if self._device is not None:
            self._device.close()
            self._device = None

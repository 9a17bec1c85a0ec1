"""Capture: every source (SANE scanner, virtual scanner, fax hot folder) yields raw pages.

The seam (docs/INTERFACES.md): ``open_source(settings, device_name) -> ScanSource``;
``ScanSource.scan(profile, cancel) -> Iterator[RawPage]``; ``poll_buttons() -> set[str]``;
``close()``. Faults raise ``station.errors.ScannerError(kind=...)``; pages yielded before a fault
already belong to the caller. Importing this package never loads SANE, so the virtual scanner and
the hot folder work on machines without libsane.
"""

from __future__ import annotations

from station.capture.raw import RawPage, ScanSource, VIRTUAL
from station.capture.devices import DeviceInfo, list_devices, open_source

__all__ = ["RawPage", "ScanSource", "VIRTUAL", "DeviceInfo", "list_devices", "open_source"]

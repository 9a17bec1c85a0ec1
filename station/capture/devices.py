"""Which scanners exist, and opening one by name ("virtual" is the built-in virtual scanner)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from station.capture.raw import VIRTUAL, ScanSource
from station.config import Settings
from station.i18n import say

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    vendor: str
    model: str
    kind: str

    @property
    def label(self) -> str:
        """What the operator sees in the scanner list."""
        return f"{self.vendor} {self.model}".strip() or self.name


def virtual_device_info() -> DeviceInfo:
    return DeviceInfo(VIRTUAL, "Scan-Station", say("Virtueller Duplex-Scanner", "Virtual duplex scanner"), "virtual")


def list_devices(settings: Settings | None = None, include_virtual: bool = True) -> list[DeviceInfo]:
    """The virtual scanner and every device SANE finds; without SANE, just the virtual one.

    ``settings`` is accepted for symmetry with ``open_source`` (the GUI passes it); discovery
    itself needs none."""
    found = [virtual_device_info()] if include_virtual else []
    try:
        from station.capture.sane_backend import SaneBackend

        found += [DeviceInfo(n, v, m, t) for n, v, m, t in SaneBackend().devices()]
    except Exception as exc:  # no libsane, or SANE failing to list: the virtual scanner still works
        log.warning("SANE unavailable: %s", exc)
    return found


def open_source(settings: Settings, device_name: str | None = None) -> ScanSource:
    """Open the named device, or the settings' scanner; ``virtual`` needs no hardware."""
    name = device_name or settings.scanner or VIRTUAL
    if name == VIRTUAL:
        from station.capture.virtual_source import VirtualSource

        return VirtualSource.from_settings(settings)
    from station.capture.sane_source import SaneSource

    return SaneSource(name)

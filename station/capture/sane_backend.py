"""The thin seam around python-sane: the only module that touches the ``sane`` package.

``SaneBackend`` (init, list, open) and ``SaneDevice`` (options, start, read one frame, cancel,
close) are deliberately small, so tests can wrap the real ones to inject faults no SANE backend
produces on demand (a jam after page N, an unplugged cable) while everything else stays real.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import numpy as np

from station.capture.options import OptionInfo

log = logging.getLogger(__name__)
_init_lock = threading.Lock()
_initialised: str | None = None  # the SANE_CONFIG_DIR SANE was initialised with

_KINDS = {0: "bool", 1: "int", 2: "fixed", 3: "string", 4: "button", 5: "group"}
_UNITS = {0: "none", 1: "pixel", 2: "bit", 3: "mm", 4: "dpi", 5: "percent", 6: "microsecond"}


def _sane_module() -> Any:
    import sane  # imported late: machines without libsane still run the virtual scanner

    return sane


class SaneDevice:
    """One open SANE device, through python-sane's low-level handle."""

    def __init__(self, name: str, handle: Any, error: type[Exception]) -> None:
        self.name = name
        self._h = handle
        self.error = error
        self._index: dict[str, int] = {}

    def options(self) -> dict[str, OptionInfo]:
        """Option descriptors as plain data, read fresh (setting one option may change others)."""
        import _sane

        found: dict[str, OptionInfo] = {}
        for index, name, _title, _desc, typ, unit, _size, cap, constraint in self._h.get_options():
            kind = _KINDS.get(typ, "group")
            if not name or kind == "group":
                continue
            self._index[name] = index
            hard, detect, soft = (bool(cap & f) for f in (_sane.CAP_HARD_SELECT, _sane.CAP_SOFT_DETECT, _sane.CAP_SOFT_SELECT))
            found[name] = OptionInfo(
                name=name,
                kind=kind,
                unit=_UNITS.get(unit, "none"),
                constraint=constraint,
                active=bool(_sane.OPTION_IS_ACTIVE(cap)),
                settable=bool(_sane.OPTION_IS_SETTABLE(cap)),
                sensor=hard and detect and not soft and kind in ("bool", "int"),
            )
        return found

    def _idx(self, name: str) -> int:
        if name not in self._index:
            self.options()
        return self._index[name]

    def get(self, name: str) -> Any:
        return self._h.get_option(self._idx(name))

    def set(self, name: str, value: Any) -> None:
        opt = self.options()[name]
        if opt.kind == "fixed":
            value = float(value)
        elif opt.kind == "int":
            value = int(value)
        self._h.set_option(self._idx(name), value)

    def start(self) -> None:
        self._h.start()

    def read(self) -> np.ndarray:
        """One whole image (all frames of a three-pass scanner), HxWxS uint8 or uint16; no cancel,
        so a document feeder keeps going."""
        data, width, height, samples, sample_size = self._h.snap(True, True, None)
        if not data:
            raise RuntimeError("Scanner returned no data")
        dtype = np.uint8 if sample_size == 1 else np.uint16
        return np.frombuffer(data, dtype).reshape(height, width, samples)

    def cancel(self) -> None:
        try:
            self._h.cancel()
        except Exception as exc:  # a device that vanished cannot cancel; nothing to save there
            log.debug("cancel on %s failed: %s", self.name, exc)

    def close(self) -> None:
        try:
            self._h.close()
        except Exception as exc:
            log.debug("close on %s failed: %s", self.name, exc)


class SaneBackend:
    """python-sane's module functions; initialised once per process (SANE reads its config then)."""

    @property
    def error(self) -> type[Exception]:
        import _sane

        return _sane.error

    def init(self) -> None:
        """Initialise SANE once; again only if ``SANE_CONFIG_DIR`` changed (SANE reads it at init)."""
        global _initialised
        wanted = os.environ.get("SANE_CONFIG_DIR", "")
        with _init_lock:
            if _initialised != wanted:
                if _initialised is not None:
                    _sane_module().exit()
                _sane_module().init()
                _initialised = wanted

    def devices(self) -> list[tuple[str, str, str, str]]:
        """(name, vendor, model, type) of every device SANE finds now."""
        self.init()
        return [tuple(d) for d in _sane_module().get_devices()]

    def open(self, name: str) -> SaneDevice:
        self.init()
        sane = _sane_module()
        return SaneDevice(name, sane.open(name).dev, self.error)

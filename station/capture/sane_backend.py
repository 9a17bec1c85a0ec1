"""The thin seam around python-sane: the only module that touches the ``sane`` package.

``SaneBackend`` (init, list, open) and ``SaneDevice`` (options, start, read one frame, cancel,
close) are deliberately small, so tests can wrap the real ones to inject faults no SANE backend
produces on demand (a jam after page N, an unplugged cable) while everything else stays real.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from station.capture.options import OptionInfo

log = logging.getLogger(__name__)
_init_lock = threading.Lock()
_initialised: str | None = None  # the SANE_CONFIG_DIR SANE was initialised with

_KINDS = {0: "bool", 1: "int", 2: "fixed", 3: "string", 4: "button", 5: "group"}
_UNITS = {0: "none", 1: "pixel", 2: "bit", 3: "mm", 4: "dpi", 5: "percent", 6: "microsecond"}


_T = TypeVar("_T")
_libc: Any = None


def keep_sigpipe_ignored() -> None:
    """Put SIGPIPE back to "ignored" if SANE has set it to the default (terminate the process).

    SANE's reader threads (sanei_thread) set SIGPIPE to SIG_DFL whenever they end, whatever it
    was before. Python ignores SIGPIPE so that writing to a closed pipe raises BrokenPipeError;
    after a scan, the same write (to a page worker that died, to a tesseract that exited) would
    silently end the desk application or ``station scan``, batch screen and all. libc's
    ``signal`` is process-wide and may be called from the scanning thread, unlike
    ``signal.signal``; Python's own table still says SIG_IGN, so only the kernel's is mended.
    """
    global _libc
    if signal.getsignal(signal.SIGPIPE) != signal.SIG_IGN:
        return  # someone chose another handling on purpose: leave it
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.signal.restype = ctypes.c_void_p
        _libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]
    _libc.signal(signal.SIGPIPE, 1)  # 1 == SIG_IGN


def _keeping_sigpipe(call: Callable[..., _T], *args: Any) -> _T:
    try:
        return call(*args)
    finally:
        keep_sigpipe_ignored()


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
        _keeping_sigpipe(self._h.start)

    def read(self) -> np.ndarray:
        """One whole image (all frames of a three-pass scanner), HxWxS uint8 or uint16; no cancel,
        so a document feeder keeps going."""
        data, width, height, samples, sample_size = _keeping_sigpipe(self._h.snap, True, True, None)
        if not data:
            raise RuntimeError("Scanner returned no data")
        dtype = np.uint8 if sample_size == 1 else np.uint16
        return np.frombuffer(data, dtype).reshape(height, width, samples)

    def cancel(self) -> None:
        try:
            _keeping_sigpipe(self._h.cancel)
        except Exception as exc:  # a device that vanished cannot cancel; nothing to save there
            log.debug("cancel on %s failed: %s", self.name, exc)

    def close(self) -> None:
        try:
            _keeping_sigpipe(self._h.close)
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

"""Work-arounds for bugs of the pinned Qt binding, each detected at run time, not assumed.

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so
every emit from Python drops one reference of ``True`` too many. On CPython 3.11 ``True`` is not
immortal: after a few thousand emits (an hour of a busy desk) the interpreter aborts with
"bool_dealloc: deallocating True or False". Every emit in ``ui/`` goes through :func:`emit`,
which gives the reference back when (and only when) the running binding is found to drop it.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    """Emit a few times and see whether the result's reference count fell with each emit."""
    probe = _Probe()
    rounds = 16
    before = sys.getrefcount(True)
    for _ in range(rounds):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost >= rounds // 2:
        for _ in range(lost):  # give back what the probe itself took
            _incref(True)
        return True
    return False


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, keeping the interpreter's reference counts whole."""
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        _incref(result)

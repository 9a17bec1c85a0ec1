"""Library noise kept out of the operator's output and in the debug log.

Pillow warns (``DecompressionBombWarning``, ``UserWarning`` naming its installation paths) and
libtiff prints warnings and errors straight to the process's stderr ("Unknown field with tag",
"WEBP compression support is not configured"). The operator sees one specific message per file
from the loader instead; the raw lines go to the log at debug level for support.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)
_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)
_lock = threading.Lock()
_installed = False


def _text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", "replace")


@_HANDLER
def _libtiff_message(module: bytes | None, fmt: bytes | None, _args: int) -> None:
    # The format's arguments are a C va_list; the format itself says what happened.
    log.debug("libtiff: %s: %s", _text(module), _text(fmt))


def _pillow_libtiff() -> ctypes.CDLL | None:
    """The libtiff Pillow loaded (its wheel bundles one under a hashed name), found in our own maps."""
    from PIL import _imaging  # noqa: F401  (loads libtiff)

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            paths = {line.split()[-1] for line in fh if "libtiff" in line and "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.TIFFSetWarningHandler.restype = ctypes.c_void_p
            lib.TIFFSetErrorHandler.restype = ctypes.c_void_p
            return lib
        except (OSError, AttributeError):
            continue
    return None


def silence_libtiff() -> None:
    """Route libtiff's warnings and errors to the debug log (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        lib = _pillow_libtiff()
        if lib is None:
            log.debug("libtiff not found in this process; its messages go to stderr")
            return
        lib.TIFFSetWarningHandler(_libtiff_message)
        lib.TIFFSetErrorHandler(_libtiff_message)


@contextlib.contextmanager
def quiet(path: Path) -> Iterator[None]:
    """Hold back Python warnings raised while a library reads ``path``; log them at debug.

    Never wrap a ``yield`` in this: the filter would stay active while the caller runs."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        log.debug("%s: %s: %s", path.name, w.category.__name__, w.message)


__all__ = ["quiet", "silence_libtiff"]

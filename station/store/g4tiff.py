"""CCITT G4 TIFF pages written by the system's libtiff through ctypes, outside the GIL.

Why not Pillow: Pillow holds the GIL for the whole encode, 60-100 ms for an A4 page at 300 dpi. The
desk application stores each page on a writer thread while its UI thread and its scanning thread
wait for that GIL, and the thumbnail latency's tail was exactly that wait. A ctypes call releases the
GIL, and one ``TIFFWriteEncodedStrip`` call encodes the whole page, so the other threads run on.

The file is laid out as Pillow lays it out (one strip, photometric min-is-black with 1 = white,
resolution in dpi), so every reader of the store sees the same pixels as before. libtiff comes with
libsane1 and Tesseract on every station; where it cannot be loaded, :func:`available` says so and
the caller falls back to Pillow.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import tempfile
import threading

import numpy as np

_IMAGEWIDTH, _IMAGELENGTH, _BITSPERSAMPLE, _COMPRESSION = 256, 257, 258, 259
_PHOTOMETRIC, _SAMPLESPERPIXEL, _ROWSPERSTRIP = 262, 277, 278
_XRESOLUTION, _YRESOLUTION, _PLANARCONFIG, _RESOLUTIONUNIT = 282, 283, 284, 296
_COMPRESSION_CCITTFAX4, _PHOTOMETRIC_MINISBLACK, _PLANARCONFIG_CONTIG, _RESUNIT_INCH = 4, 1, 1, 2

_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_tried = False


def _load() -> ctypes.CDLL | None:
    """The system libtiff with its signatures declared, or None (looked up once)."""
    global _lib, _tried
    with _lock:
        if _tried:
            return _lib
        _tried = True
        for name in (ctypes.util.find_library("tiff"), "libtiff.so.6", "libtiff.so.5"):
            if not name:
                continue
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                continue
            lib.TIFFFdOpen.restype = ctypes.c_void_p
            lib.TIFFFdOpen.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p]
            lib.TIFFSetField.restype = ctypes.c_int  # variadic: arguments are passed typed, see _set
            lib.TIFFWriteEncodedStrip.restype = ctypes.c_ssize_t
            lib.TIFFWriteEncodedStrip.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_ssize_t]
            lib.TIFFClose.restype = None
            lib.TIFFClose.argtypes = [ctypes.c_void_p]
            _lib = lib
            break
        return _lib


def available() -> bool:
    """True when pages can be G4-encoded without holding the GIL."""
    return _load() is not None


def _set(lib: ctypes.CDLL, tif: int, tag: int, value: ctypes._SimpleCData) -> None:
    # TIFFSetField is variadic: libtiff reads uint16 fields as int, uint32 as uint32, rationals as double.
    if lib.TIFFSetField(ctypes.c_void_p(tif), ctypes.c_uint32(tag), value) != 1:
        raise OSError(f"libtiff refused TIFF tag {tag}")


def encode_g4(image: np.ndarray, dpi: int = 300) -> bytes:
    """Encode a bilevel uint8 page (0 black, 255 white) as a one-strip CCITT G4 TIFF.

    Raises ``OSError`` if libtiff is not there or fails; the caller decides on a fallback.
    """
    lib = _load()
    if lib is None:
        raise OSError("libtiff is not available")
    if image.ndim != 2 or image.dtype != np.uint8:
        raise ValueError("G4 pages are 2-D uint8 arrays")
    height, width = image.shape
    bits = np.ascontiguousarray(np.packbits(image != 0, axis=1))  # 1 = white, rows padded to bytes
    fd = os.memfd_create("station-page", os.MFD_CLOEXEC) if hasattr(os, "memfd_create") else None
    spool = None
    if fd is None:
        spool = tempfile.TemporaryFile()
        fd = spool.fileno()
    try:
        tif = lib.TIFFFdOpen(os.dup(fd), b"page.tif", b"w")  # TIFFClose closes the duplicate
        if not tif:
            raise OSError("libtiff could not open its output")
        try:
            for tag, value in (
                (_IMAGEWIDTH, ctypes.c_uint32(width)),
                (_IMAGELENGTH, ctypes.c_uint32(height)),
                (_BITSPERSAMPLE, ctypes.c_int(1)),
                (_SAMPLESPERPIXEL, ctypes.c_int(1)),
                (_COMPRESSION, ctypes.c_int(_COMPRESSION_CCITTFAX4)),
                (_PHOTOMETRIC, ctypes.c_int(_PHOTOMETRIC_MINISBLACK)),
                (_PLANARCONFIG, ctypes.c_int(_PLANARCONFIG_CONTIG)),
                (_ROWSPERSTRIP, ctypes.c_uint32(height)),
                (_XRESOLUTION, ctypes.c_double(float(dpi))),
                (_YRESOLUTION, ctypes.c_double(float(dpi))),
                (_RESOLUTIONUNIT, ctypes.c_int(_RESUNIT_INCH)),
            ):
                _set(lib, tif, tag, value)
            if lib.TIFFWriteEncodedStrip(tif, 0, bits.ctypes.data, bits.nbytes) < 0:
                raise OSError("libtiff could not encode the page")
        finally:
            lib.TIFFClose(tif)
        size = os.fstat(fd).st_size
        data = os.pread(fd, size, 0)
        if len(data) != size:
            raise OSError("short read of the encoded page")
        return data
    finally:
        if spool is not None:
            spool.close()
        else:
            os.close(fd)

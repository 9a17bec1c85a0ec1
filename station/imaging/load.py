"""Read page images from TIFF (incl. CCITT fax and BigTIFF), PDF, PNG, JPEG and PNM files.

Everything that reaches the later stages has square pixels: a fax at 204x98 dpi is stretched
vertically to 204x204 first, because deskew, crop and OCR all assume a circle stays a circle.
Anything unreadable raises ``InputFileError`` with a specific reason, checked *before* decoding
where possible: sizes, resolutions, compression and page counts come from headers and are held
against ``station.imaging.limits`` first, so a bomb is refused without being decoded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from station.errors import InputFileError
from station.imaging.limits import (
    DEFAULT_DPI,
    Limits,
    check_page,
    check_page_count,
    checked_dpi,
    current_limits,
)
from station.imaging.pages import LoadedPage, square_pixels, to_array
from station.imaging.pages import bad as _bad
from station.imaging.pages import where as _where
from station.imaging.pdf import PDF_DPI, check_pdf_page, checked_page_count, open_pdf, pdf_pages
from station.imaging.quiet import quiet, silence_libtiff

log = logging.getLogger(__name__)
MAX_PIXELS = Limits().max_pixels
MIN_SIDE = Limits().min_side

# Pillow's own guard is a backstop; our checks run first with a specific message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
silence_libtiff()

_MAGIC = {
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"II+\x00": "tiff",  # BigTIFF
    b"MM\x00+": "tiff",
    b"%PDF": "pdf",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
}
#: TIFF compressions Pillow decodes: none, CCITT RLE/G3/G4, LZW, old/new JPEG, Deflate (2), PackBits.
TIFF_COMPRESSIONS = {1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946}
OnPage = Callable[[int, int], None]


def _corrupt(path: Path, detail: str, page: int | None = None, what: str = "") -> InputFileError:
    where_de, where_en = (f" (Seite {page + 1})", f" (page {page + 1})") if page is not None else ("", "")
    what = f" ({what})" if what and page is None else ""
    return _bad(path, f"Die Datei ist beschädigt oder unvollständig{where_de}{what}.",
                f"the file is corrupt or truncated{where_en}{what}.", detail)


def sniff_format(path: Path) -> str:
    """The file's real format from its first bytes (extensions lie: a .txt renamed .tif)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise _bad(path, "Datei nicht gefunden.", "file not found.") from None
    except PermissionError as exc:
        raise _bad(path, "Keine Leseberechtigung für die Datei.", "no permission to read the file.",
                   str(exc)) from None
    except OSError as exc:
        raise _bad(path, f"Datei kann nicht gelesen werden ({exc.strerror}).",
                   f"file cannot be read ({exc.strerror}).", str(exc)) from None
    if not head:
        raise _bad(path, "Die Datei ist leer (0 Byte).", "the file is empty (0 bytes).")
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if len(head) >= 2 and head[0:1] == b"P" and head[1:2] in b"123456":
        return "pnm"
    raise _bad(path, "Die Datei ist kein Bild und kein PDF (unbekanntes Format).",
               "the file is neither an image nor a PDF (unknown format).", repr(head))


def _unsupported_compression(path: Path, code: object, name: object, where: tuple[str, str]) -> InputFileError:
    label = f"{name} ({code})" if name and name != code else str(code)
    return _bad(path, f"Die Kompression „{label}“ dieser TIFF-Datei{where[0]} wird nicht unterstützt.",
                f"the compression '{label}' of this TIFF file{where[1]} is not supported.")


def _first_ifd_compression(path: Path) -> int | None:
    """The compression tag of the first IFD, read without Pillow's image plugin (which refuses
    to open a TIFF whose compression it does not know)."""
    from PIL import TiffImagePlugin

    try:
        with quiet(path), open(path, "rb") as fh:
            head = fh.read(16)
            bigtiff = head[2:4] in (b"+\x00", b"\x00+")
            ifd = TiffImagePlugin.ImageFileDirectory_v2(head[:16] if bigtiff else head[:8])
            fh.seek(ifd.next)
            ifd.load(fh)
            value = ifd.get(259)
            return int(value) if value is not None else None
    except Exception:
        return None


def _open(path: Path, kind: str) -> Image.Image:
    try:
        with quiet(path):
            return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise _bad(path, "Das Bild ist zu groß (mögliche Dekompressionsbombe).",
                   "the image is too large (possible decompression bomb).", str(exc)) from None
    except UnidentifiedImageError as exc:
        code = _first_ifd_compression(path) if kind == "tiff" else None
        if code is not None and code not in TIFF_COMPRESSIONS:
            raise _unsupported_compression(path, code, None, ("", "")) from None
        raise _corrupt(path, str(exc), what=kind.upper()) from None
    except Exception as exc:  # Pillow raises many types for broken headers (TypeError, KeyError, ...)
        raise _corrupt(path, f"{type(exc).__name__}: {exc}", what=kind.upper()) from None


def _count_frames(path: Path, img: Image.Image, limits: Limits) -> tuple[int, InputFileError | None]:
    """Frames whose headers parse, up to one past the limit (a loop in the IFD chain ends there)."""
    count = 0
    try:
        with quiet(path):
            while count <= limits.max_pages:
                img.seek(count)
                count += 1
    except EOFError:
        pass
    except Exception as exc:
        return count, _corrupt(path, f"{type(exc).__name__}: {exc}", page=count)
    return count, None


def _frame_dpi(path: Path, frame: Image.Image, kind: str, index: int, limits: Limits) -> tuple[float, float]:
    """Check one frame from its header alone; the resolution to use if it passes."""
    where = _where(kind, index)
    if kind == "tiff":
        code = getattr(frame, "tag_v2", {}).get(259, 1)
        if code not in TIFF_COMPRESSIONS:
            raise _unsupported_compression(path, code, frame.info.get("compression"), where)
    xdpi, ydpi = checked_dpi(path, kind, frame.info.get("dpi"), where)
    check_page(path, *frame.size, xdpi, ydpi, limits, where)
    return xdpi, ydpi


def _decode_error(path: Path, exc: Exception, kind: str, index: int, frame: Image.Image) -> InputFileError:
    if isinstance(exc, MemoryError):
        return _bad(path, "Die Seite ist zu groß für den Arbeitsspeicher.", "the page is too large for memory.")
    text = str(exc)
    if "decoder" in text and "not available" in text:
        return _unsupported_compression(path, getattr(frame, "tag_v2", {}).get(259), frame.info.get("compression"),
                                        _where(kind, index))
    return _corrupt(path, f"{type(exc).__name__}: {text}", page=index if kind == "tiff" else None)


def _raster_pages(path: Path, kind: str, only: int | None = None, limits: Limits | None = None,
                  on_page: OnPage | None = None) -> Iterator[LoadedPage]:
    limits = limits or current_limits()
    img = _open(path, kind)
    with img:
        count, damage = _count_frames(path, img, limits) if kind == "tiff" else (1, None)
        check_page_count(path, count, limits)
        indices = range(count) if only is None else [only]
        for index in indices:
            if index >= count:
                raise damage or _bad(path, f"Seite {index + 1} fehlt in der Datei.",
                                     f"page {index + 1} is missing from the file.")
            try:
                with quiet(path):
                    img.seek(index)
                    xdpi, ydpi = _frame_dpi(path, img, kind, index, limits)
                    meta = {"format": kind, "mode": img.mode, "source_dpi": (xdpi, ydpi),
                            "compression": img.info.get("compression")}
                    img.load()
                    array, dpi = square_pixels(to_array(img), xdpi, ydpi)
            except InputFileError:
                raise
            except Exception as exc:  # a broken frame: whatever Pillow raises, the reason is the same
                raise _decode_error(path, exc, kind, index, img) from None
            if on_page:
                on_page(index, count)
            yield LoadedPage(index=index, image=array, dpi=dpi, meta=meta)
        if only is None and damage is not None:
            raise damage


def load_pages(path: str | Path, limits: Limits | None = None, on_page: OnPage | None = None) -> Iterator[LoadedPage]:
    """Every page of a TIFF/PDF/PNG/JPEG/PNM file, with square pixels, in file order.

    ``on_page(index, count)`` is called after each page (progress for long files)."""
    path = Path(path)
    kind = sniff_format(path)
    if kind == "pdf":
        yield from pdf_pages(path, limits=limits, on_page=on_page)
    else:
        yield from _raster_pages(path, kind, limits=limits, on_page=on_page)


def probe_pages(path: str | Path, limits: Limits | None = None) -> tuple[int, InputFileError | None]:
    """How many pages pass their header checks, and the error if the file breaks off or a page is
    refused (too large, implausible resolution, unknown compression, too many pages).

    A fax cut short after two good pages yields (2, error): the good pages are still processed
    and the file is still reported as damaged. (0, error) when nothing is readable.
    """
    path = Path(path)
    limits = limits or current_limits()
    good = 0
    try:
        kind = sniff_format(path)
        if kind == "pdf":
            pdf = open_pdf(path)
            try:
                count = checked_page_count(path, pdf, limits)
                for good in range(count):
                    check_pdf_page(path, pdf, good, limits)
                return count, None
            finally:
                pdf.close()
        with _open(path, kind) as img:
            count, damage = _count_frames(path, img, limits) if kind == "tiff" else (1, None)
            check_page_count(path, count, limits)
            for good in range(count):
                try:
                    with quiet(path):
                        img.seek(good)
                        _frame_dpi(path, img, kind, good, limits)
                except InputFileError:
                    raise
                except Exception as exc:
                    raise _corrupt(path, f"{type(exc).__name__}: {exc}", page=good) from None
            return count, damage
    except InputFileError as exc:
        return good, exc


def count_pages(path: str | Path) -> int:
    """How many pages a file holds, from its headers only; ``InputFileError`` if it is damaged."""
    count, error = probe_pages(path)
    if error is not None:
        raise error
    return count


def load_page(path: str | Path, index: int, limits: Limits | None = None) -> LoadedPage:
    """Only page ``index`` of a file (workers load their own page; nothing big crosses processes)."""
    path = Path(path)
    kind = sniff_format(path)
    pages = pdf_pages(path, only=index, limits=limits) if kind == "pdf" else _raster_pages(path, kind, index, limits)
    for page in pages:
        return page
    raise _bad(path, f"Seite {index + 1} fehlt in der Datei.", f"page {index + 1} is missing from the file.")


__all__ = [
    "DEFAULT_DPI",
    "MAX_PIXELS",
    "MIN_SIDE",
    "PDF_DPI",
    "LoadedPage",
    "count_pages",
    "load_page",
    "load_pages",
    "probe_pages",
    "sniff_format",
    "square_pixels",
    "to_array",
]

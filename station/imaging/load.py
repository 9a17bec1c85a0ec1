"""Read page images from TIFF (incl. CCITT fax), PDF, PNG, JPEG and PNM files.

Everything that reaches the later stages has square pixels: a fax at 204x98 dpi is stretched
vertically to 204x204 first, because deskew, crop and OCR all assume a circle stays a circle.
Anything unreadable raises ``InputFileError`` with a specific reason, checked *before* decoding
where possible (sizes come from headers, so a 40000x40000 bomb never gets decoded).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageSequence

from station.errors import InputFileError

#: Largest page we accept: A3 at 600 dpi is about 70 Mpx; anything beyond is not a letter.
MAX_PIXELS = 80_000_000
#: Smallest side in pixels; a real page at even 50 dpi is larger.
MIN_SIDE = 64
PDF_DPI = 300
DEFAULT_DPI = 300

# Pillow's own guard is a backstop; our check runs first with a specific message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A broken TIFF tag is reported as InputFileError if it matters; Pillow's own warning is noise.
warnings.filterwarnings("ignore", "Corrupt EXIF data", UserWarning)

_MAGIC = {
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"%PDF": "pdf",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
}


@dataclass
class LoadedPage:
    """One page of a file, ready for the image stages."""

    index: int
    image: np.ndarray  # uint8, HxW grey or HxWx3 BGR, square pixels
    dpi: int
    meta: dict[str, Any] = field(default_factory=dict)


def _bad(path: Path, de: str, en: str, detail: str = "") -> InputFileError:
    return InputFileError(str(path), de, en, detail=detail)


def sniff_format(path: Path) -> str:
    """The file's real format from its first bytes (extensions lie: a .txt renamed .tif)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise _bad(path, "Datei nicht gefunden.", "file not found.") from None
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


def _check_size(path: Path, width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise _bad(path, f"Das Bild ist mit {width}×{height} Pixeln zu klein für eine Seite.",
                   f"the image is too small for a page ({width}x{height} pixels).")
    if width * height > MAX_PIXELS:
        raise _bad(path, f"Das Bild ist mit {width}×{height} Pixeln zu groß (mögliche Dekompressionsbombe).",
                   f"the image is too large ({width}x{height} pixels; possible decompression bomb).")


def _dpi_of(img: Image.Image) -> tuple[float, float]:
    dpi = img.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return float(DEFAULT_DPI), float(DEFAULT_DPI)
    if x < 20 or y < 20 or x > 2400 or y > 2400:  # missing or nonsense resolution tags
        return float(DEFAULT_DPI), float(DEFAULT_DPI)
    return x, y


def to_array(img: Image.Image) -> np.ndarray:
    """Pillow image -> uint8 grey (HxW) or BGR (HxWx3); 1-bit becomes 0/255 grey."""
    mode = img.mode
    if mode in ("1", "L"):
        return np.asarray(img.convert("L"), dtype=np.uint8)
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float32)
        top = float(arr.max()) or 1.0
        return np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
    if mode == "P":
        img = img.convert("RGB")
    elif mode == "LA":
        return np.asarray(img.convert("L"), dtype=np.uint8)
    elif mode != "RGB":
        img = img.convert("RGB")
    rgb = np.asarray(img, dtype=np.uint8)
    if rgb.ndim == 3 and np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2]):
        return np.ascontiguousarray(rgb[..., 0])
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def square_pixels(image: np.ndarray, xdpi: float, ydpi: float) -> tuple[np.ndarray, int]:
    """Stretch the coarser axis so both resolutions match (fax 204x98 -> 204x204)."""
    if abs(xdpi - ydpi) < 1.0:
        return image, round(xdpi)
    target = max(xdpi, ydpi)
    h, w = image.shape[:2]
    new_w = round(w * target / xdpi)
    new_h = round(h * target / ydpi)
    return cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR), round(target)


def _raster_pages(path: Path, kind: str, only: int | None = None) -> Iterator[LoadedPage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # corrupt EXIF etc.: reported below if it matters
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise _bad(path, "Das Bild ist zu groß (mögliche Dekompressionsbombe).",
                   "the image is too large (possible decompression bomb).", str(exc)) from None
    except Exception as exc:  # Pillow raises many types for broken headers (TypeError, KeyError, ...)
        raise _bad(path, f"Die Datei ist beschädigt oder unvollständig ({kind.upper()}).",
                   f"the file is corrupt or truncated ({kind.upper()}).", str(exc)) from None
    with img:
        frames = ImageSequence.Iterator(img) if kind == "tiff" else [img]
        index = 0
        try:
            for frame in frames:
                if only is not None and index != only:
                    index += 1
                    continue
                _check_size(path, *frame.size)
                xdpi, ydpi = _dpi_of(frame)
                meta = {"format": kind, "mode": frame.mode, "source_dpi": (xdpi, ydpi),
                        "compression": frame.info.get("compression")}
                frame.load()
                array, dpi = square_pixels(to_array(frame), xdpi, ydpi)
                yield LoadedPage(index=index, image=array, dpi=dpi, meta=meta)
                index += 1
        except InputFileError:
            raise
        except Exception as exc:  # a broken frame: whatever Pillow raises, the reason is the same
            where_de = f" (Seite {index + 1})" if kind == "tiff" else ""
            where_en = f" (page {index + 1})" if kind == "tiff" else ""
            raise _bad(path, f"Die Datei ist beschädigt oder unvollständig{where_de}.",
                       f"the file is corrupt or truncated{where_en}.", str(exc)) from None


def _open_pdf(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise _bad(path, "Das PDF ist passwortgeschützt.", "the PDF is password-protected.",
                       str(exc)) from None
        raise _bad(path, "Das PDF ist beschädigt oder unvollständig.", "the PDF is corrupt or truncated.",
                   str(exc)) from None


def _pdf_pages(path: Path, only: int | None = None) -> Iterator[LoadedPage]:
    pdf = _open_pdf(path)
    try:
        if len(pdf) == 0:
            raise _bad(path, "Das PDF enthält keine Seiten.", "the PDF has no pages.")
        indices = range(len(pdf)) if only is None else [only]
        for i in indices:
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            _check_size(path, round(w_pt / 72 * PDF_DPI), round(h_pt / 72 * PDF_DPI))
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=False)
            arr = to_array(bitmap.to_pil())
            yield LoadedPage(index=i, image=arr, dpi=PDF_DPI, meta={"format": "pdf"})
            page.close()
    finally:
        pdf.close()


def load_pages(path: str | Path) -> Iterator[LoadedPage]:
    """Every page of a TIFF/PDF/PNG/JPEG/PNM file, with square pixels, in file order."""
    path = Path(path)
    kind = sniff_format(path)
    if kind == "pdf":
        yield from _pdf_pages(path)
    else:
        yield from _raster_pages(path, kind)


def probe_pages(path: str | Path) -> tuple[int, InputFileError | None]:
    """How many pages can be read, from headers only, and the error if the file breaks off.

    A fax cut short after two good pages yields (2, error): the good pages are still processed
    and the file is still reported as damaged. (0, error) when nothing is readable.
    """
    path = Path(path)
    try:
        kind = sniff_format(path)
        if kind == "pdf":
            pdf = _open_pdf(path)
            try:
                return len(pdf), None
            finally:
                pdf.close()
        if kind != "tiff":
            return 1, None
    except InputFileError as exc:
        return 0, exc
    good = 0
    try:
        with Image.open(path) as img:
            while True:
                img.seek(good)
                img.size  # noqa: B018  (the frame's header must parse)
                good += 1
    except EOFError:
        return good, None
    except Exception as exc:  # Pillow raises many types for broken headers
        where_de, where_en = (f" (ab Seite {good + 1})", f" (from page {good + 1})") if good else ("", "")
        return good, _bad(path, f"Die Datei ist beschädigt oder unvollständig{where_de}.",
                          f"the file is corrupt or truncated{where_en}.", str(exc))


def count_pages(path: str | Path) -> int:
    """How many pages a file holds, from its headers only; ``InputFileError`` if it is damaged."""
    count, error = probe_pages(path)
    if error is not None:
        raise error
    return count


def load_page(path: str | Path, index: int) -> LoadedPage:
    """Only page ``index`` of a file (workers load their own page; nothing big crosses processes)."""
    path = Path(path)
    kind = sniff_format(path)
    if kind == "pdf":
        return next(_pdf_pages(path, only=index))
    for page in _raster_pages(path, kind, only=index):
        return page
    raise _bad(path, f"Seite {index + 1} fehlt in der Datei.", f"page {index + 1} is missing from the file.")

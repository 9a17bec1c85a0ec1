"""PDF pages through pdfium: page count and sizes checked before rendering, every pdfium failure
("Failed to load page", a page it cannot even size) a specific ``InputFileError``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from station.errors import InputFileError
from station.imaging.limits import Limits, check_page, check_page_count, current_limits
from station.imaging.pages import LoadedPage, to_array
from station.imaging.pages import bad as _bad
from station.imaging.pages import where as _where

PDF_DPI = 300


def _pdfium() -> Any:
    import pypdfium2 as pdfium

    return pdfium


def open_pdf(path: Path) -> Any:
    pdfium = _pdfium()
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise _bad(path, "Das PDF ist passwortgeschützt.", "the PDF is password-protected.",
                       str(exc)) from None
        raise _bad(path, "Das PDF ist beschädigt oder unvollständig.", "the PDF is corrupt or truncated.",
                   str(exc)) from None


def _pdf_page_broken(path: Path, index: int, exc: BaseException) -> InputFileError:
    return _bad(path, f"Seite {index + 1} des PDF ist beschädigt und lässt sich nicht lesen.",
                f"page {index + 1} of the PDF is damaged and cannot be read.", f"{type(exc).__name__}: {exc}")


def check_pdf_page(path: Path, pdf: Any, index: int, limits: Limits) -> None:
    try:
        w_pt, h_pt = pdf.get_page_size(index)
    except Exception as exc:
        raise _pdf_page_broken(path, index, exc) from None
    check_page(path, round(w_pt / 72 * PDF_DPI), round(h_pt / 72 * PDF_DPI), PDF_DPI, PDF_DPI, limits,
               _where("pdf", index))


def checked_page_count(path: Path, pdf: Any, limits: Limits) -> int:
    """The PDF's page count, refused when it has none or more than the limit allows."""
    count = len(pdf)
    if count == 0:
        raise _bad(path, "Das PDF enthält keine Seiten.", "the PDF has no pages.")
    check_page_count(path, count, limits)
    return count


def pdf_pages(path: Path, only: int | None = None, limits: Limits | None = None,
               on_page: Callable[[int, int], None] | None = None) -> Iterator[LoadedPage]:
    limits = limits or current_limits()
    pdf = open_pdf(path)
    try:
        count = checked_page_count(path, pdf, limits)
        if only is not None and not 0 <= only < count:
            raise _bad(path, f"Seite {only + 1} fehlt in der Datei.", f"page {only + 1} is missing from the file.")
        for i in range(count) if only is None else [only]:
            check_pdf_page(path, pdf, i, limits)
            try:
                page = pdf[i]
                try:
                    bitmap = page.render(scale=PDF_DPI / 72, grayscale=False)
                    arr = to_array(bitmap.to_pil())
                finally:
                    page.close()
            except Exception as exc:
                raise _pdf_page_broken(path, i, exc) from None
            if on_page:
                on_page(i, count)
            yield LoadedPage(index=i, image=arr, dpi=PDF_DPI, meta={"format": "pdf"})
    finally:
        pdf.close()

"""The page pipeline: raw page image in, cleaned page with its words out.

Stages are plain functions on plain data (as in OCRmyPDF): crop -> deskew -> blank? -> orient ->
thumbnail -> OCR. ``process_page`` runs them on one image in the calling process; ``station.pipeline_pool``'s
``PagePool`` and ``process_files`` spread pages over worker processes, one per core, each running one
Tesseract thread. A worker loads its own page from disk, so only paths and small results cross
process boundaries and memory stays flat however long the batch is.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from station.classify.language import looks_english
from station.errors import InputFileError, StationError, StoreError
from station.imaging import blank, crop, deskew, orient, thumbs, verify_orientation
from station.imaging.convert import reduce, to_gray
from station.imaging.load import load_page
from station.imaging.output import encode_png, private_dir, write_private
from station.model import Box, PageResult
from station.ocr import ocr_page

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageContext:
    """What a worker needs to know about one page besides its pixels (picklable)."""

    index: int = 0
    dpi: int = 300
    blank_sensitivity: float = 0.5
    out_dir: str | None = None  # where cleaned page, text and thumbnail go; None = keep in memory only
    ocr: bool = True
    lang: str = "deu"
    thumb: bool = True
    name: str = "page"  # file name stem for what is written to out_dir
    orient_with_tesseract: bool = True  # False: fast measure only (benchmarks of the image stages)
    barcodes: bool = False  # read barcodes (separator sheets) off the cleaned page, in the worker
    dpi_from_file: bool = True  # False: ``dpi`` is the truth (stored pages, whose files may not say it)


@dataclass
class Cleaned:
    """A page after the image stages, before OCR."""

    image: np.ndarray
    result: PageResult
    small: np.ndarray | None = None  # grey working copy (WORK_DPI), same geometry as ``image``
    orientation: orient.Orientation | None = None  # how the turn was found (the reading verifies it)


WORK_DPI = 150  # every decision is taken on a copy at this resolution; only cuts and turns touch full size


def _scale_box(box: Box, factor: float, shape: tuple[int, ...]) -> Box:
    h, w = shape[:2]
    x0, y0 = max(0, int(box.x * factor)), max(0, int(box.y * factor))
    x1 = min(w, int(round((box.x + box.width) * factor)))
    y1 = min(h, int(round((box.y + box.height) * factor)))
    return Box(x0, y0, x1 - x0, y1 - y0)


def clean_page(image: np.ndarray, ctx: PageContext, *, orient_it: bool = True) -> Cleaned:
    """Crop, deskew, blank decision and orientation (unless ``orient_it`` is False: see
    :func:`orient_page`); no OCR, nothing written.

    Decisions are taken on one reduced grey copy (``WORK_DPI``) that follows every cut and turn
    of the full image, so a page costs a single full-size resize plus the cuts themselves.
    """
    small, factor = reduce(to_gray(image), ctx.dpi, WORK_DPI)
    sdpi = max(1, round(ctx.dpi / factor))
    paper = crop.find_paper(small, sdpi)
    crop_box = None
    if paper.box is not None:
        crop_box = _scale_box(paper.box, factor, image.shape)
        image, small = crop.apply_crop(image, crop_box), crop.apply_crop(small, paper.box)
    fill = 255 if paper.background is None else paper.background
    angle = deskew.measure_skew(small, sdpi)
    if abs(angle) >= 0.05:
        image, small = deskew.rotate(image, -angle, fill), deskew.rotate(small, -angle, fill)
        if paper.box is not None:  # the straightened sheet sits inside background corners: trim them
            inner = crop.find_paper(small, sdpi, background=paper.background, inside=True)
            if inner.box is not None:
                image = crop.apply_crop(image, _scale_box(inner.box, factor, image.shape))
                small = crop.apply_crop(small, inner.box)
    else:
        angle = 0.0
    score = blank.ink_fraction(small, sdpi)
    is_blank = blank.is_blank(score, ctx.blank_sensitivity)
    result = PageResult(index=ctx.index, width=image.shape[1], height=image.shape[0], dpi=ctx.dpi,
                        crop_box=crop_box, skew=angle, rotation=0, blank=is_blank,
                        blank_score=round(score, 6))
    cleaned = Cleaned(np.ascontiguousarray(image), result, small)
    return orient_page(cleaned, ctx) if orient_it else cleaned


def orient_page(cleaned: Cleaned, ctx: PageContext) -> Cleaned:
    """Turn a non-blank page upright. Kept apart from :func:`clean_page` so that a printed
    separator sheet, recognised by its barcode at any angle, never pays for the orientation
    search (its few lines of text send it to Tesseract's OSD, most of a second a sheet)."""
    if cleaned.result.blank:
        return cleaned
    image, small = cleaned.image, cleaned.small
    assert small is not None  # clean_page always makes the working copy
    sdpi = max(1, round(ctx.dpi * small.shape[1] / image.shape[1]))
    found = orient.detect_orientation(small, sdpi, ctx.lang, use_tesseract=ctx.orient_with_tesseract,
                                      full=lambda: (to_gray(image), ctx.dpi))
    if found.rotation:
        image, small = orient.turn(image, found.rotation), orient.turn(small, found.rotation)
        cleaned.result.width, cleaned.result.height = image.shape[1], image.shape[0]
    cleaned.result.rotation = found.rotation
    return Cleaned(np.ascontiguousarray(image), cleaned.result, small, found)


def _write_outputs(cleaned: Cleaned, ctx: PageContext) -> None:
    out = private_dir(Path(ctx.out_dir))  # type: ignore[arg-type]
    stem = f"{ctx.name}-{ctx.index + 1:03d}"
    try:
        png = encode_png(cleaned.image)
    except ValueError:
        raise OSError(f"could not encode page {stem}") from None
    cleaned.result.clean_path = str(write_private(out / f"{stem}.png", png))
    if ctx.thumb:
        # Grey pages get their preview from the working copy: same picture, a fraction of the work.
        source = cleaned.small if cleaned.small is not None and cleaned.image.ndim == 2 else cleaned.image
        cleaned.result.thumb_path = str(thumbs.save_thumbnail(source, out / f"{stem}-thumb.jpg"))
    if ctx.ocr and not cleaned.result.blank:
        write_private(out / f"{stem}.txt", cleaned.result.text.encode("utf-8"))


def process_page(image: np.ndarray, ctx: PageContext) -> PageResult:
    """Clean one page image and read it; writes cleaned page, thumbnail and text if ``ctx.out_dir``."""
    started = time.perf_counter()
    cleaned = clean_page(image, ctx, orient_it=not ctx.barcodes)
    separator = False
    if ctx.barcodes:
        from station.separate import SEPARATOR_VALUE, read_barcodes

        codes = read_barcodes(cleaned.image)  # at any angle: before the page is turned upright
        cleaned.result.barcodes = [{"format": b.format, "text": b.text} for b in codes]
        separator = any(b.text == SEPARATOR_VALUE for b in codes)  # a printed separator sheet: nothing to read
        if not separator:
            cleaned = orient_page(cleaned, ctx)
    if ctx.ocr and not cleaned.result.blank and not separator:
        cleaned = read_upright(cleaned, ctx)  # OCR; a doubtful reading is checked turned
    if ctx.out_dir:
        try:
            _write_outputs(cleaned, ctx)
        except OSError as exc:
            raise output_error(ctx.out_dir, exc) from None
    log.debug("page %s/%d done in %.0f ms", ctx.name, ctx.index, 1000 * (time.perf_counter() - started))
    return cleaned.result


def process_image_file(path: str | Path, ctx: PageContext) -> PageResult:
    """Process page ``ctx.index`` of the image file at ``path`` (page 0 for single-page images)."""
    page = load_page(path, ctx.index)
    return process_page(page.image, replace(ctx, dpi=page.dpi) if ctx.dpi_from_file else ctx)


def output_error(out_dir: str, exc: OSError) -> StoreError:
    """A failed write of results as the operator's problem to fix: full disk, missing rights, ..."""
    import errno

    if exc.errno == errno.ENOSPC:
        de, en = "Der Datenträger ist voll", "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        de, en = "keine Schreibrechte", "no permission to write"
    else:
        de, en = f"Schreibfehler ({exc.strerror or exc})", f"write error ({exc.strerror or exc})"
    return StoreError(f"Ergebnis konnte nicht in {out_dir} gespeichert werden: {de}.",
                      f"Result could not be saved to {out_dir}: {en}.", detail=str(exc))


def error_result(index: int, exc: BaseException) -> PageResult:
    """A page that could not be processed, carrying the operator's message."""
    message = exc.operator_message() if isinstance(exc, StationError) else str(exc)
    return PageResult(index=index, error=message)


def as_station_error(path: str | Path, exc: BaseException) -> StationError:
    """Any failure of a page as an operator-facing error (unexpected ones keep their detail for the log)."""
    if isinstance(exc, StationError):
        return exc
    return InputFileError(str(path), "Die Seite konnte nicht verarbeitet werden.",
                          "the page could not be processed.", detail=f"{type(exc).__name__}: {exc}")


def read_upright(cleaned: Cleaned, ctx: PageContext) -> Cleaned:
    """Read a cleaned, oriented page (``imaging.verify_orientation``: a doubtful reading is checked
    turned); if the verifier keeps a turned reading, turn the page (and its working copy) to match,
    so what is stored is what was read."""
    image, small = cleaned.image, cleaned.small
    verified = verify_orientation.verify(image, small, ctx.dpi, ctx.lang, cleaned.orientation)
    verify_orientation.TALLY.add(verified)
    result = cleaned.result
    if verified.turn:
        image = np.ascontiguousarray(orient.turn(image, verified.turn))
        small = None if small is None else orient.turn(small, verified.turn)
        result.rotation = (result.rotation + verified.turn) % 360
        result.width, result.height = image.shape[1], image.shape[0]
    result.words, result.text = verified.reading.words, verified.reading.text
    if ctx.lang == "deu" and looks_english(result.text):
        # an English letter: read again with English as well (about 3 % more time on such pages only)
        result.words, result.text = ocr_page(image, "deu+eng", ctx.dpi)
    return replace(cleaned, image=image, small=small)


def crop_box_tuple(box: Box | None) -> tuple[int, int, int, int] | None:
    return None if box is None else (box.x, box.y, box.width, box.height)


__all__ = ["PageContext", "Cleaned", "clean_page", "process_page", "process_image_file",
           "error_result", "as_station_error"]

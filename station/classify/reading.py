"""Reading a file into OCR'd pages for classification: the pipeline's stages when present.

``station classify`` and the rendered evaluation read files through the page pipeline
(``station.imaging.load.load_pages`` + ``station.pipeline.process_page``: crop, deskew, orient,
blank detection, OCR). Where that part is not installed, a plain Tesseract reading of each frame
is used so classification still works on clean, upright pages.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from station.errors import InputFileError, OcrError
from station.model import PageResult, Word


def read_document(path: Path, settings: Any = None) -> list[PageResult]:
    """All pages of one file (one document), OCR'd; blank pages are marked ``blank``."""
    try:
        from station.imaging.load import load_pages
        from station.pipeline import PageContext, process_page
    except ImportError:
        return _read_with_tesseract(path)
    sensitivity = getattr(settings, "blank_sensitivity", 0.5)
    with tempfile.TemporaryDirectory(prefix="station-classify-") as tmp:
        pages = []
        for loaded in load_pages(path):
            ctx = PageContext(index=loaded.index, dpi=loaded.dpi, blank_sensitivity=sensitivity,
                              out_dir=tmp, thumb=False)
            pages.append(process_page(loaded.image, ctx))
        return pages


def _read_with_tesseract(path: Path) -> list[PageResult]:
    import pytesseract
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(path)
        frames = [f.convert("L") for f in ImageSequence.Iterator(image)]
    except (OSError, UnidentifiedImageError) as exc:
        raise InputFileError(str(path), "Die Datei ist kein lesbares Bild.", "The file is not a readable image.",
                             detail=str(exc)) from exc
    pages = []
    for index, frame in enumerate(frames):
        dpi = int(round(float((image.info.get("dpi") or (300, 300))[0]))) or 300
        try:
            data = pytesseract.image_to_data(frame, lang="deu", output_type=pytesseract.Output.DICT)
        except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError) as exc:
            raise OcrError("Die Texterkennung ist fehlgeschlagen.", "Text recognition failed.", detail=str(exc)) from exc
        words = [Word(t, l, tp, w, h, float(c)) for t, l, tp, w, h, c in zip(
            data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"])
            if t.strip() and float(c) >= 0]
        ink = float((np.asarray(frame) < 128).mean())
        pages.append(PageResult(index=index, width=frame.width, height=frame.height, dpi=dpi, words=words,
                                text=" ".join(w.text for w in words), blank=not words and ink < 0.002,
                                blank_score=ink))
    return pages

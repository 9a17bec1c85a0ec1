"""Read a page with Tesseract: German words with their boxes and confidences.

One Tesseract thread per page process (``OMP_THREAD_LIMIT=1``): the pool already keeps every
core busy with its own page, and Tesseract's own threads only fight over the same cores.
The page goes to Tesseract as an uncompressed PBM/PGM/PPM file, which costs a fraction of the PNG
encoding pytesseract would otherwise do for every page. Pages arrive cleaned (dark text on light
paper), so Tesseract's retry of every doubtful word as white-on-black (``tessedit_do_invert``) is
switched off: it only costs time here.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from station.errors import OcrError
from station.imaging.convert import is_bilevel
from station.model import Word

OCR_TIMEOUT_S = 180


def limit_threads() -> None:
    """One Tesseract thread per process unless the caller chose otherwise."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@lru_cache(maxsize=8)
def check_tesseract(lang: str = "deu") -> None:
    """Raise ``OcrError`` if Tesseract or the language data are missing (checked once per process)."""
    try:
        langs = set(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError:
        raise OcrError(
            "Texterkennung nicht möglich: Tesseract ist nicht installiert (Paket tesseract-ocr).",
            "Text recognition impossible: Tesseract is not installed (package tesseract-ocr).",
        ) from None
    except (pytesseract.TesseractError, OSError) as exc:
        raise OcrError("Texterkennung nicht möglich: Tesseract startet nicht.",
                       "Text recognition impossible: Tesseract does not start.", detail=str(exc)) from None
    missing = [part for part in lang.split("+") if part not in langs]
    if missing:
        raise OcrError(
            f"Texterkennung nicht möglich: Sprachdaten „{'+'.join(missing)}“ fehlen (Paket tesseract-ocr-{missing[0]}).",
            f"Text recognition impossible: language data '{'+'.join(missing)}' missing (package tesseract-ocr-{missing[0]}).",
        )


def _run(image: np.ndarray, lang: str, dpi: int, psm: int) -> dict[str, list]:
    limit_threads()
    check_tesseract(lang)
    # 1-bit PBM for a black-and-white page: Tesseract skips its thresholding (a quarter less time, same text)
    suffix = ".ppm" if image.ndim == 3 else (".pbm" if is_bilevel(image) else ".pgm")
    fd, name = tempfile.mkstemp(prefix="station-ocr-", suffix=suffix)
    os.close(fd)
    try:
        if not cv2.imwrite(name, image):
            raise OcrError("Texterkennung fehlgeschlagen: Zwischenbild nicht schreibbar.",
                           "Text recognition failed: could not write the intermediate image.", detail=name)
        return pytesseract.image_to_data(name, lang=lang, config=f"--psm {psm} --dpi {dpi} -c tessedit_do_invert=0",
                                         output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT_S)
    except pytesseract.TesseractNotFoundError:
        check_tesseract.cache_clear()
        raise OcrError("Texterkennung nicht möglich: Tesseract ist nicht installiert.",
                       "Text recognition impossible: Tesseract is not installed.") from None
    except pytesseract.TesseractError as exc:
        raise OcrError("Texterkennung fehlgeschlagen (Tesseract-Fehler).",
                       "Text recognition failed (Tesseract error).", detail=str(exc)) from None
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError("Texterkennung abgebrochen: Zeitlimit überschritten.",
                       "Text recognition aborted: time limit exceeded.", detail=str(exc)) from None
    finally:
        Path(name).unlink(missing_ok=True)


def ocr_page(image: np.ndarray, lang: str = "deu", dpi: int = 300, psm: int = 3) -> tuple[list[Word], str]:
    """Words (boxes in ``image`` pixels, confidence 0..100) and the page text in reading order."""
    data = _run(image, lang, dpi, psm)
    words: list[Word] = []
    lines: list[str] = []
    current: list[str] = []
    key = None
    last_block = None
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        line_key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if line_key != key:
            if current:
                lines.append(" ".join(current))
            if last_block is not None and line_key[:2] != last_block and lines:
                lines.append("")
            current, key, last_block = [], line_key, line_key[:2]
        current.append(text)
        words.append(Word(text, int(data["left"][i]), int(data["top"][i]),
                          int(data["width"][i]), int(data["height"][i]), conf))
    if current:
        lines.append(" ".join(current))
    return words, "\n".join(lines)


def ocr_words(image: np.ndarray, lang: str = "deu", dpi: int = 300, psm: int = 3) -> list[Word]:
    """Only the words of :func:`ocr_page`."""
    return ocr_page(image, lang, dpi, psm)[0]

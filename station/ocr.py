"""Read a page with Tesseract: German words with their boxes and confidences.

Tesseract runs inside the page process through tesserocr (bindings to its C++ API), with one
engine per thread that stays loaded from page to page. Starting the ``tesseract`` program for
every page spent about a quarter of the reading time on loading the German model again; the
words and boxes are the same (both come from Tesseract's own TSV output).

The pool already keeps every core busy with its own page, so each engine uses one thread. Pages
arrive cleaned (dark text on light paper), so Tesseract's retry of every doubtful word as
white-on-black (``tessedit_do_invert``) is switched off: it only costs time here. Black-and-white
pages are handed over as 1-bit images, so Tesseract skips its own thresholding.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from station.errors import OcrError
from station.imaging.convert import is_bilevel
from station.model import Word
from station.ocr_digits import reread_numbers

OCR_TIMEOUT_S = 180
#: Where Debian and other systems keep Tesseract's language data (``TESSDATA_PREFIX`` wins).
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
_TSV_INTS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height")
_engines = threading.local()


def limit_threads() -> None:
    """One Tesseract thread per process unless the caller chose otherwise."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _does_not_start(exc: BaseException) -> OcrError:
    return OcrError("Texterkennung nicht möglich: Tesseract startet nicht.",
                    "Text recognition impossible: Tesseract does not start.", detail=str(exc))


def _failed(detail: str) -> OcrError:
    return OcrError("Texterkennung fehlgeschlagen (Tesseract-Fehler).",
                    "Text recognition failed (Tesseract error).", detail=detail)


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """The directory with Tesseract's ``*.traineddata`` files (with a trailing slash, as Tesseract wants)."""
    env = os.environ.get("TESSDATA_PREFIX")
    for candidate in ([env] if env else []) + list(TESSDATA_DIRS):
        path = Path(candidate)
        if path.is_dir() and any(path.glob("*.traineddata")):
            return f"{path}/"
        if env:  # an explicit choice is not second-guessed
            break
    raise OcrError(
        "Texterkennung nicht möglich: Tesseract ist nicht installiert (Paket tesseract-ocr).",
        "Text recognition impossible: Tesseract is not installed (package tesseract-ocr).",
        detail=f"no *.traineddata in {env or ', '.join(TESSDATA_DIRS)}",
    )


@lru_cache(maxsize=8)
def check_tesseract(lang: str = "deu") -> None:
    """Raise ``OcrError`` if Tesseract or the language data are missing (checked once per process)."""
    try:
        import tesserocr
    except ImportError as exc:
        raise _does_not_start(exc) from None
    _, langs = tesserocr.get_languages(tessdata_dir())
    missing = [part for part in lang.split("+") if part not in langs]
    if missing:
        raise OcrError(
            f"Texterkennung nicht möglich: Sprachdaten „{'+'.join(missing)}“ fehlen (Paket tesseract-ocr-{missing[0]}).",
            f"Text recognition impossible: language data '{'+'.join(missing)}' missing (package tesseract-ocr-{missing[0]}).",
        )


def engine(lang: str) -> Any:
    """This thread's loaded Tesseract for ``lang`` ("osd" for orientation detection); made once."""
    cache: dict[str, Any] = _engines.__dict__.setdefault("by_lang", {})
    api = cache.get(lang)
    if api is None:
        limit_threads()
        check_tesseract(lang)
        import tesserocr

        try:
            api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang)
        except RuntimeError as exc:
            raise _does_not_start(exc) from None
        api.SetVariable("tessedit_do_invert", "0")
        cache[lang] = api
    return api


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: its allocator keeps what it keeps
        return None


def _give_back_freed_memory() -> None:
    """Return the page's freed working memory to the system (about 2 ms). Tesseract allocates tens
    of MiB a page in sizes that vary with the page; glibc keeps the freed blocks, so a long-lived
    process (the fax watcher) climbed 160 -> 176 MiB over 150 varied pages and kept climbing in
    steps, while with this it stays at ~118 MiB."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def set_image(api: Any, image: np.ndarray, dpi: int) -> None:
    """Hand ``image`` to ``api``: 1-bit when black-and-white, otherwise grey (as Tesseract would make it)."""
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    image = np.ascontiguousarray(image)
    height, width = image.shape
    if is_bilevel(image):
        packed = np.packbits(image > 127, axis=1)  # Tesseract's 1-bit input: a set bit is white paper
        api.SetImageBytes(packed.tobytes(), width, height, 0, packed.shape[1])
    else:
        api.SetImageBytes(image.tobytes(), width, height, 1, width)
    api.SetSourceResolution(int(dpi))


def _parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV (no header) as columns, like ``pytesseract.image_to_data(..., Output.DICT)``."""
    data: dict[str, list] = {key: [] for key in (*_TSV_INTS, "conf", "text")}
    for line in tsv.splitlines():
        cells = line.split("\t")
        if len(cells) < 12:
            continue
        for key, cell in zip(_TSV_INTS, cells):
            data[key].append(int(cell))
        data["conf"].append(float(cells[10]))
        data["text"].append("\t".join(cells[11:]))
    return data


def _dictionary_flags(api: Any) -> list[bool]:
    """Per word in reading order (as in the TSV): whether Tesseract's own language dictionary
    (the word lists inside the traineddata) holds it. Costs a walk over the words, about 1 ms."""
    import tesserocr

    level = tesserocr.RIL.WORD
    iterator = api.GetIterator()
    if iterator is None:
        return []
    return [bool(r.WordIsFromDictionary()) for r in tesserocr.iterate_level(iterator, level)]


def _run(image: np.ndarray, lang: str, dpi: int, psm: int) -> dict[str, list]:
    api = engine(lang)
    try:
        api.SetPageSegMode(psm)
        set_image(api, image, dpi)
        started = time.monotonic()
        if not api.Recognize(timeout=OCR_TIMEOUT_S * 1000):
            if time.monotonic() - started >= OCR_TIMEOUT_S:
                raise OcrError("Texterkennung abgebrochen: Zeitlimit überschritten.",
                               "Text recognition aborted: time limit exceeded.", detail=f"{OCR_TIMEOUT_S} s")
            raise _failed("Recognize() failed")
        data = _parse_tsv(api.GetTSVText(0) or "")
        data["dictionary"] = _dictionary_flags(api)
        api.Clear()
        reread_numbers(api, image, data, dpi)  # numbers read doubtfully: once more, enlarged, digits only
        return data
    except RuntimeError as exc:
        raise _failed(str(exc)) from None
    finally:
        api.Clear()  # the page's results go; the loaded model stays
        _give_back_freed_memory()


@dataclass(frozen=True)
class Reading:
    """What Tesseract read on a page: words, text, and which words its dictionary knows (the
    orientation verifier's evidence that the page was read the right way up)."""

    words: list[Word]
    text: str
    in_dictionary: tuple[bool, ...] = ()  # one flag per word of ``words``


def ocr_page(image: np.ndarray, lang: str = "deu", dpi: int = 300, psm: int = 3) -> tuple[list[Word], str]:
    """Words (boxes in ``image`` pixels, confidence 0..100) and the page text in reading order."""
    reading = read_page(image, lang, dpi, psm)
    return reading.words, reading.text


def read_page(image: np.ndarray, lang: str = "deu", dpi: int = 300, psm: int = 3) -> Reading:
    """:func:`ocr_page` with each word's dictionary flag."""
    data = _run(image, lang, dpi, psm)
    flags = data["dictionary"]
    known: list[bool] = []
    word_no = 0  # index among word-level rows, which is the iterator's order
    words: list[Word] = []
    lines: list[str] = []
    current: list[str] = []
    key = None
    last_block = None
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if data["level"][i] == 5:
            word_no += 1
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
        known.append(word_no - 1 < len(flags) and flags[word_no - 1])
    if current:
        lines.append(" ".join(current))
    return Reading(words, "\n".join(lines), tuple(known))


def ocr_words(image: np.ndarray, lang: str = "deu", dpi: int = 300, psm: int = 3) -> list[Word]:
    """Only the words of :func:`ocr_page`."""
    return ocr_page(image, lang, dpi, psm)[0]


def osd(image: np.ndarray, dpi: int) -> tuple[int, float] | None:
    """Tesseract's orientation detection: the clockwise turn that makes the page upright and its
    confidence, or None when it finds too little script to say."""
    api = engine("osd")
    try:
        api.SetPageSegMode(0)  # orientation and script detection only
        set_image(api, image, dpi)
        info = api.DetectOrientationScript()
    except RuntimeError:
        return None
    finally:
        api.Clear()
        _give_back_freed_memory()
    if not info:
        return None
    return (360 - int(info["orient_deg"])) % 360, float(info["orient_conf"])

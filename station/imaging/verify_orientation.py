"""Check a page's reading and, when it does not make sense, read the page turned.

The fast orientation measure (``station.imaging.orient``) reads ink shapes, not words, and a
typeface with few ascenders or a faint fax can fool it. Whatever it decided, the page's OCR is the
second opinion: upright text reads as words Tesseract's own language dictionary knows, with high
confidence; upside-down or sideways text reads as low-confidence fragments. Only a page whose
reading is doubtful is read again turned 180 degrees (and 90/270 when its lines were not clearly
horizontal), and the better reading is kept, so the extra OCR is paid on doubtful pages alone.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from station.imaging import blank, orient
from station.imaging.convert import drop_border_blobs, ink_mask
from station.ocr import Reading, read_page

log = logging.getLogger(__name__)

#: A reading is plausible when this share of its letters is in dictionary words...
MIN_KNOWN_SHARE = 0.45
#: ...read with at least this mean confidence; or, whatever the dictionary says (names, Latin,
#: another language), read with this confidence: turned text never reads that clearly.
MIN_CONF, CLEAR_CONF = 60.0, 85.0
#: Fewer letters than this say too little about a reading: such a page is read turned too, unless
#: it reads well and the fast measure was sure of the turn.
MIN_LETTERS = 40
#: Another turn must read this much better (factor), and with at least ``MIN_CONF``, to replace
#: the first reading (a page of symbols read upside down must not win on a few letters).
BETTER = 1.25
#: A page whose clearly dark ink is less than this share of its faint ink is a faint page.
FAINT_PAGE = 0.3
#: Below this certainty that the lines run horizontally, 90 and 270 are read too.
SURE_HORIZONTAL = 0.5


@dataclass(frozen=True)
class Plausibility:
    letters: int  # letters in words of two or more letters
    known_share: float  # share of those letters in words the dictionary knows (3+ letters)
    mean_conf: float  # letter-weighted mean word confidence
    score: float  # letters weighted by confidence, dictionary words counting in full

    @property
    def plausible(self) -> bool:
        if self.letters < MIN_LETTERS:
            return False
        return self.reads_well

    @property
    def reads_well(self) -> bool:
        """Whatever the amount of text: clear, or in dictionary words with fair confidence."""
        if self.mean_conf >= CLEAR_CONF:
            return True
        return self.known_share >= MIN_KNOWN_SHARE and self.mean_conf >= MIN_CONF


def judge(reading: Reading) -> Plausibility:
    """How much a reading looks like text read the right way up."""
    letters = known = 0
    conf_sum = score = 0.0
    flags = reading.in_dictionary or (False,) * len(reading.words)
    for word, in_dict in zip(reading.words, flags):
        n = sum(ch.isalpha() for ch in word.text)
        if n < 2:
            continue
        real = in_dict and n >= 3
        letters += n
        known += n if real else 0
        conf_sum += n * word.conf
        score += n * word.conf / 100.0 * (1.0 if real else 0.35)
    if not letters:
        return Plausibility(0, 0.0, 0.0, 0.0)
    return Plausibility(letters, known / letters, conf_sum / letters, score)


@dataclass(frozen=True)
class Verified:
    """The reading kept, the extra turn applied to the page for it, and what checking cost."""

    reading: Reading
    turn: int  # clockwise degrees, on top of the orientation already applied
    doubtful: bool
    extra_s: float  # time spent reading turned copies (0.0 on a plausible page)
    judged: Plausibility


def content_box(small: np.ndarray, dpi: int, margin_mm: float = 6.0) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the inked part of the working copy with a margin. On a faint page
    (little clearly dark ink beside much faint ink) the faint ink sets the box: a box from dark
    ink alone would cut faint toner away. None if there is no ink."""
    mask = ink_mask(small)
    faint = blank.faint_ink_mask(small)
    if cv2.countNonZero(mask.view(np.uint8)) < FAINT_PAGE * cv2.countNonZero(faint.view(np.uint8)):
        mask = mask | faint
    mask = drop_border_blobs(mask, margin=max(2, round(dpi * 2 / 25.4)))
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if len(rows) == 0:
        return None
    m = round(margin_mm / 25.4 * dpi)
    h, w = small.shape[:2]
    return (max(0, int(cols[0]) - m), max(0, int(rows[0]) - m),
            min(w, int(cols[-1]) + 1 + m), min(h, int(rows[-1]) + 1 + m))


def read_cropped(image: np.ndarray, small: np.ndarray | None, dpi: int, lang: str) -> Reading:
    """OCR of the inked part of the page only (white margins cost Tesseract time, hold no words);
    word boxes come back in page coordinates."""
    box = None
    if small is not None:
        factor = image.shape[1] / small.shape[1]
        small_box = content_box(small, max(1, round(dpi / factor)))
        if small_box is not None:
            x0, y0 = max(0, int(small_box[0] * factor)), max(0, int(small_box[1] * factor))
            x1 = min(image.shape[1], round(small_box[2] * factor))
            y1 = min(image.shape[0], round(small_box[3] * factor))
            box = (x0, y0)
            image = image[y0:y1, x0:x1]
    reading = read_page(np.ascontiguousarray(image), lang, dpi)
    if box is not None and (box[0] or box[1]):
        words = [replace(w, left=w.left + box[0], top=w.top + box[1]) for w in reading.words]
        reading = Reading(words, reading.text, reading.in_dictionary)
    return reading


def _sure(found: orient.Orientation | None) -> bool:
    """A short text that reads well is not questioned when the fast measure was sure of the turn."""
    return found is not None and found.method == "lines" and found.confidence >= orient.SURE


def candidate_turns(found: orient.Orientation | None, first: Plausibility) -> tuple[int, ...]:
    """The extra turns worth reading: 180 always; 90 and 270 when the lines were not surely
    horizontal (a sideways page read as is gives almost no letters)."""
    sideways = (found is None or found.horizontal < SURE_HORIZONTAL or found.rotation % 180 == 90
                or first.letters < 10)
    return (180, 90, 270) if sideways else (180,)


def verify(image: np.ndarray, small: np.ndarray | None, dpi: int, lang: str,
           found: orient.Orientation | None = None) -> Verified:
    """Read the page; if the reading is doubtful, read it turned and keep the best reading."""
    first = read_cropped(image, small, dpi, lang)
    judged = judge(first)
    if judged.plausible or (judged.letters and judged.reads_well and _sure(found)):
        return Verified(first, 0, False, 0.0, judged)
    started = time.perf_counter()
    best, best_turn, best_judged = first, 0, judged
    for extra in candidate_turns(found, judged):
        turned_small = None if small is None else orient.turn(small, extra)
        reading = read_cropped(orient.turn(image, extra), turned_small, dpi, lang)
        other = judge(reading)
        if other.score > BETTER * best_judged.score + 2.0 and other.mean_conf >= MIN_CONF:
            best, best_turn, best_judged = reading, extra, other
        if best_turn and best_judged.plausible:
            break  # a clearly good reading: the remaining turns cannot matter
    extra_s = time.perf_counter() - started
    log.debug("doubtful reading (%d letters, %.2f known, conf %.0f): kept turn %d, %.0f ms extra",
              judged.letters, judged.known_share, judged.mean_conf, best_turn, 1000 * extra_s)
    return Verified(best, best_turn, True, extra_s, best_judged)


@dataclass
class Tally:
    """Pages verified in this process: how many were doubtful and what re-reading them cost
    (the bench reports it; a plain counter, as each worker process reads its own pages)."""

    pages: int = 0
    doubtful: int = 0
    turned: int = 0
    extra_s: float = 0.0

    def add(self, verified: Verified) -> None:
        self.pages += 1
        self.doubtful += verified.doubtful
        self.turned += verified.turn != 0
        self.extra_s += verified.extra_s


TALLY = Tally()

"""The shared vocabulary: plain, picklable dataclasses passed between the pipeline stages.

Every stage takes and returns these (or numpy arrays and paths), so stages can run in worker
processes and every front end (CLI, GUI, tests) speaks the same language. Add fields here only
when more than one module needs them; keep stage-private data in the stage's own module.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum


def new_id() -> str:
    """A UUID made on the station: the key every row keeps from desk to central store."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Timezone-aware now; naive datetimes are never stored (received dates are legal evidence)."""
    return datetime.now(timezone.utc)


class Source(str, Enum):
    SCANNER = "scanner"
    FAX = "fax"
    IMPORT = "import"


class BatchState(str, Enum):
    SCANNING = "scanning"
    PROCESSING = "processing"
    TO_VALIDATE = "to_validate"
    CLOSED = "closed"  # validated, queued for sync
    SYNCED = "synced"


class DocState(str, Enum):
    TO_CHECK = "to_check"
    ACCEPTED = "accepted"
    ERROR = "error"


# Below this Tesseract word confidence a digit is as likely misread as not ("171" read as "191" at 29):
# OCR reads such numbers again (``ocr_digits``), and the field finders take no value without a
# checksum from a word still below it.
DOUBTFUL_WORD_CONF = 50.0


@dataclass(frozen=True)
class Word:
    """One OCR word with its box in the cleaned page's pixel coordinates."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0..100, Tesseract's scale


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


@dataclass
class PageResult:
    """What the page pipeline learned about one page image."""

    index: int  # position of the image in its source (file page or scan order)
    width: int = 0  # cleaned image size in pixels
    height: int = 0
    dpi: int = 300
    crop_box: Box | None = None  # in the (resampled) raw image; None = page filled the frame
    skew: float = 0.0  # degrees corrected
    rotation: int = 0  # 0/90/180/270 degrees turned clockwise to make the page upright
    blank: bool = False
    blank_score: float = 0.0  # ink fraction used for the blank decision
    words: list[Word] = field(default_factory=list)
    text: str = ""
    clean_path: str | None = None  # cleaned image on disk, if written
    thumb_path: str | None = None
    error: str | None = None  # operator message if this page could not be processed
    barcodes: list[dict[str, str]] = field(default_factory=list)  # {"format", "text"}, if the context asked


@dataclass
class Fields:
    """Index fields of a document. None means "not found or not sure": precision over recall."""

    customer_number: str | None = None
    phone_number: str | None = None  # E.164
    iban: str | None = None
    letter_date: str | None = None  # ISO date written in the letter
    barcode: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "customer_number": self.customer_number,
            "phone_number": self.phone_number,
            "iban": self.iban,
            "letter_date": self.letter_date,
            "barcode": self.barcode,
        }


@dataclass
class Classification:
    doc_type: str
    department: str
    confidence: float
    needs_review: bool
    model_version: str = ""
    probabilities: dict[str, float] = field(default_factory=dict)
    review_reason: str = ""  # why a person must look (station.classify.model.REVIEW_REASONS), "" when none

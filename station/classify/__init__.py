"""Deciding: which department a document goes to (calibrated), and its index fields.

``classify_document(pages, settings)`` is the seam the GUI, the store and the CLI use: it takes
the OCR'd pages of one document (blank backs are ignored) and returns a ``DocumentDecision``.
The trained model is loaded lazily, once per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from station.errors import InputFileError, StationError
from station.fields import FieldHit, extract_fields
from station.model import Classification, Fields, PageResult

log = logging.getLogger(__name__)

__all__ = ["DocumentDecision", "classify_document", "classify_files", "document_text", "FieldHit"]


@dataclass
class DocumentDecision:
    classification: Classification
    fields: Fields
    hits: list[FieldHit] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)  # the pages kept (blank backs dropped)


def kept_pages(pages: Iterable[PageResult]) -> list[PageResult]:
    return [p for p in pages if not p.blank and not p.error]


def document_text(pages: Iterable[PageResult]) -> str:
    """The text of a document: its kept pages in order, separated by form feeds."""
    return "\n\f".join(p.text for p in kept_pages(pages))


def classify_document(pages: list[PageResult], settings: Any = None, model: Any = None) -> DocumentDecision:
    """Type, department, confidence, needs_review and index fields of one document."""
    from station.classify.misdirected import meant_for_another_firm
    from station.classify.model import load_model

    kept = kept_pages(pages)
    text = document_text(kept)
    classification = (model or load_model()).classify_text(text)
    if meant_for_another_firm(text, classification.doc_type):
        return DocumentDecision(classification, Fields(), [], kept)  # another firm's numbers are not ours
    fields, hits = extract_fields(kept, settings)
    return DocumentDecision(classification, fields, hits, kept)


def classify_files(paths: Iterable[Path], settings: Any = None) -> Iterator[tuple[Path, DocumentDecision | StationError]]:
    """Each file is one document; an unreadable file yields its error and the others go on."""
    from station.classify.reading import read_document

    for path in paths:
        try:
            pages = read_document(Path(path), settings)
        except StationError as exc:
            yield path, exc
            continue
        except Exception as exc:  # noqa: BLE001 - one file's surprise never costs the others their line
            log.warning("classify: %s failed: %s: %s", path, type(exc).__name__, exc)
            yield path, InputFileError(str(path), "Die Datei ließ sich nicht lesen.", "the file could not be read.",
                                       detail=f"{type(exc).__name__}: {exc}")
            continue
        yield path, classify_document(pages, settings)

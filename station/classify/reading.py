"""Reading a file into OCR'd pages for classification, through the same stages as scanned mail.

``station classify`` and the rendered evaluation read files through the page pipeline
(``station.imaging.load.load_pages`` + ``station.pipeline.process_page``: crop, deskew, orient,
blank detection, OCR), so the classifier is measured on the text the station really produces.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from station.model import PageResult


def read_document(path: Path, settings: Any = None) -> list[PageResult]:
    """All pages of one file (one document), OCR'd; blank pages are marked ``blank``."""
    from station.imaging.load import load_pages
    from station.pipeline import PageContext, process_page

    sensitivity = getattr(settings, "blank_sensitivity", 0.5)
    with tempfile.TemporaryDirectory(prefix="station-classify-") as tmp:
        pages = []
        for loaded in load_pages(path):
            ctx = PageContext(index=loaded.index, dpi=loaded.dpi, blank_sensitivity=sensitivity,
                              out_dir=tmp, thumb=False)
            pages.append(process_page(loaded.image, ctx))
        return pages

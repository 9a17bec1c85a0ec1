"""Generated pages shared by the image-stage tests (made once per session: rendering costs)."""

from __future__ import annotations

import numpy as np
import pytest

from station.synth.pages import make_page

DPI = 200


def _box_iou(a, b) -> float:
    if a is None or b is None:
        return 1.0 if a is b else 0.0
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.width, b.x + b.width), min(a.y + a.height, b.y + b.height)
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(a.width * a.height + b.width * b.height - inter)


@pytest.fixture(scope="session")
def box_iou():
    """Intersection over union of two boxes (None = the whole frame: equal only to None)."""
    return _box_iou


@pytest.fixture(scope="session")
def oriented_pages():
    """Letters and sparse letters in all four orientations, some tilted, some on a background."""
    pages = []
    seed = 0
    for kind in ("letter", "sparse"):
        for rotation in (0, 90, 180, 270):
            for skew, background in ((0.0, None), (-6.5, "dark"), (9.0, "light")):
                seed += 1
                image, truth = make_page(seed, kind=kind, dpi=DPI, skew=skew, rotation=rotation,
                                         background=background, noise=150)
                pages.append((np.asarray(image), truth))
    return pages

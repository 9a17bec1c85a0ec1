"""A page called blank is not thrown away: it stays in the batch, marked blank, with its cleaned
image and thumbnail, so the operator can look at it and take it back."""

from __future__ import annotations

import cv2
import numpy as np

from station.flows.process import ProcessOptions, process_batch

FAST = ProcessOptions(ocr=False, orient_with_tesseract=False, workers=1)


def _sheet(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(246, 3.0, (1169, 827)), 0, 255).astype(np.uint8)  # A4 at 100 dpi, noise


def test_a_blank_back_is_kept_in_the_store_as_blank_and_viewable(store, settings):
    front = _sheet(1)
    cv2.putText(front, "Sehr geehrte Damen und Herren", (80, 200), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2)
    back = _sheet(2)
    batch_id = store.create_batch(source="scanner")
    store.add_page(batch_id, front, sheet=0, side="front", dpi=100)
    store.add_page(batch_id, back, sheet=0, side="back", dpi=100)
    store.finish_capture(batch_id)
    process_batch(store, settings, batch_id, options=FAST)

    batch = store.load_batch(batch_id)
    assert [p.blank for p in batch.pages] == [False, True]
    blank = batch.pages[1]
    assert blank.id in [p.id for p in batch.loose_pages]  # not in a document, still in the batch
    path = store.page_path(blank, clean=True)
    assert path.exists()
    shown = cv2.imdecode(np.frombuffer(path.read_bytes(), np.uint8), cv2.IMREAD_UNCHANGED)
    assert shown is not None and shown.shape[0] > 500  # the whole sheet, to look at
    assert store.page_path(blank).exists()  # and the page as scanned

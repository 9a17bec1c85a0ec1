"""Processing leaves no working files behind (cleaned images and OCR text are personal data)."""

from __future__ import annotations

from station.flows.process import ProcessOptions, process_batch, work_dir

FAST = ProcessOptions(ocr=False, orient_with_tesseract=False, workers=1)


def test_processing_a_batch_clears_its_working_files_also_those_a_killed_run_left(store, settings, make_page):
    batch_id = store.create_batch(source="scanner")
    store.add_page(batch_id, make_page(1))
    store.finish_capture(batch_id)
    stale = work_dir(store, batch_id) / "page-000.txt"  # what a process killed mid-batch left
    stale.parent.mkdir(parents=True)
    stale.write_text("Kundennummer 1234567890")
    process_batch(store, settings, batch_id, options=FAST)
    assert store.load_batch(batch_id).pages[0].processed
    assert not work_dir(store, batch_id).exists()

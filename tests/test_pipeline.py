"""The page pipeline end to end: files in, cleaned and read pages out; bad files never stop a batch."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import numpy as np
import pytest

import station.ocr
from station.errors import InputFileError, OcrError
from station.ocr import check_tesseract, ocr_page, tessdata_dir
from station.pipeline import PageContext, process_image_file, process_page
from station.pipeline_pool import FileResult, PagePool, process_files
from station.progress import CancelToken, Cancelled
from station.synth.pages import make_page
from station.synth.save import save_fax_tiff, save_image


@pytest.fixture(scope="module")
def mail(tmp_path_factory) -> dict[str, Path]:
    """A small stack: a fine fax of two pages, a tilted JPEG on a dark lid, a blank back, bad files."""
    d = tmp_path_factory.mktemp("mail")
    front, front_truth = make_page(1, dpi=200)
    second, _ = make_page(2, kind="sparse", dpi=200, rotation=180)
    scan, scan_truth = make_page(3, dpi=300, skew=5.0, background="dark", noise=200)
    back, _ = make_page(4, kind="blank", dpi=200, noise=300)
    (d / "empty.tif").write_bytes(b"")
    (d / "notes.tif").write_text("kein Bild", encoding="utf-8")
    return {
        "fax": save_fax_tiff([front, second], d / "fax.tif", dpi=200, fine=True),
        "scan": save_image(scan, d / "scan.jpg", dpi=300),
        "back": save_image(back, d / "back.png", dpi=200),
        "empty": d / "empty.tif",
        "text": d / "notes.tif",
        "front_words": front_truth.words,  # type: ignore[dict-item]
        "scan_words": scan_truth.words,  # type: ignore[dict-item]
    }


def test_ocr_reads_known_german_words():
    image, truth = make_page(31, dpi=300)
    words, text = ocr_page(np.asarray(image))
    found = [w for w in truth.words if w in text]
    assert len(found) >= len(truth.words) - 1, (truth.words, found)
    assert "Düsseldorf" in text and "Grüßen" in text  # umlauts and ß: German data is in use
    assert all(0 <= w.conf <= 100 and w.width > 0 for w in words)


def test_a_black_and_white_page_is_read_as_well_as_its_grey_original():
    """Bilevel pages go to Tesseract as 1-bit images (a set bit is paper): packed the wrong way
    round, the text would come back as noise."""
    image, truth = make_page(33, dpi=300)
    grey = np.asarray(image.convert("L"))
    lineart = np.where(grey > 160, 255, 0).astype(np.uint8)
    _, text = ocr_page(lineart)
    found = [w for w in truth.words if w in text]
    assert len(found) >= len(truth.words) - 1, (truth.words, found)


def test_each_thread_keeps_its_own_loaded_engine():
    """The German model is loaded once per thread, not once per page; threads never share one."""
    here = station.ocr.engine("deu")
    assert station.ocr.engine("deu") is here
    elsewhere = []
    worker = threading.Thread(target=lambda: elsewhere.append(station.ocr.engine("deu")))
    worker.start()
    worker.join()
    assert elsewhere and elsewhere[0] is not here


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_tesseract_osd_says_which_turn_makes_a_page_upright(turn):
    image, _ = make_page(34, dpi=200)
    upright = np.asarray(image.convert("L"))
    # the page as it lies on the glass: turned anticlockwise by ``turn``
    lying = np.ascontiguousarray(np.rot90(upright, turn // 90))
    found = station.ocr.osd(lying, 200)
    assert found is not None and found[0] == turn and found[1] > 1.0


def test_missing_language_data_is_a_clear_ocr_error():
    with pytest.raises(OcrError) as caught:
        check_tesseract("klingonisch")
    assert "Sprachdaten" in caught.value.message_de and "klingonisch" in caught.value.message_de


def test_missing_tesseract_is_a_clear_ocr_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no language data where Tesseract is told to look
    monkeypatch.setattr(station.ocr, "_engines", threading.local())  # no engine loaded before
    tessdata_dir.cache_clear()
    check_tesseract.cache_clear()
    try:
        with pytest.raises(OcrError) as caught:
            ocr_page(np.full((300, 300), 255, np.uint8))
        assert "nicht installiert" in caught.value.message_de
    finally:
        tessdata_dir.cache_clear()
        check_tesseract.cache_clear()


def test_process_page_writes_private_outputs(tmp_path):
    image, truth = make_page(32, dpi=300, rotation=90, skew=-3.0)
    out = tmp_path / "out"
    result = process_page(np.asarray(image), PageContext(out_dir=str(out), name="brief"))
    assert result.rotation == 90 and abs(result.skew + 3.0) <= 0.3 and not result.blank
    assert sum(w in result.text for w in truth.words) >= len(truth.words) - 1
    assert result.width < result.height  # upright A4 again
    from PIL import Image

    clean = np.asarray(Image.open(result.clean_path))
    long_words = [w for w in result.words if len(w.text) >= 5]
    for w in long_words:  # boxes are in the cleaned page's coordinates: there is ink under each
        assert clean[w.top : w.top + w.height, w.left : w.left + w.width].min() < 100, w
    for path in (result.clean_path, result.thumb_path, out / "brief-001.txt"):
        assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_a_fax_page_is_read_from_its_file(mail):
    result = process_image_file(mail["fax"], PageContext(index=0, thumb=False))
    assert result.dpi == 204
    assert sum(w in result.text for w in mail["front_words"]) >= len(mail["front_words"]) - 2


def test_bad_files_get_their_own_error_and_the_others_are_processed(mail):
    files = [mail["empty"], mail["fax"], mail["text"], mail["back"]]
    events = []
    results = list(process_files(files, PageContext(ocr=False, thumb=False), progress=events.append, workers=1))
    assert [r.path for r in results] == [str(f) for f in files]  # input order, one result per file
    empty, fax, text, back = results
    assert isinstance(empty.error, InputFileError) and "leer" in empty.error.reason_de
    assert isinstance(text.error, InputFileError) and "kein Bild" in text.error.reason_de
    assert fax.ok and [p.index for p in fax.pages] == [0, 1] and fax.pages[1].rotation == 180
    assert back.ok and back.pages[0].blank
    assert events[-1].done == events[-1].total == 3


def test_page_pool_runs_pages_in_worker_processes(mail):
    with PagePool(workers=2) as pool:
        futures = [pool.submit(mail["fax"], PageContext(index=i, ocr=False, thumb=False)) for i in (0, 1)]
        futures.append(pool.submit(mail["scan"], PageContext(ocr=True, thumb=False)))
        fax0, fax1, scan = [f.result(timeout=120) for f in futures]
    assert (fax0.index, fax1.index, fax1.rotation) == (0, 1, 180)
    assert scan.crop_box is not None and abs(scan.skew - 5.0) <= 0.3
    assert sum(w in scan.text for w in mail["scan_words"]) >= len(mail["scan_words"]) - 1


def test_process_files_in_a_pool_keeps_order_and_survives_bad_files(mail):
    files = [mail["back"], mail["text"], mail["fax"], mail["scan"]]
    results = list(process_files(files, PageContext(ocr=False, thumb=False), workers=2))
    assert [r.ok for r in results] == [True, False, True, True]
    assert [len(r.pages) for r in results] == [1, 0, 2, 1]


def test_cancel_stops_between_pages(mail):
    cancel = CancelToken()
    seen: list[FileResult] = []

    def progress(event):
        cancel.cancel()

    with pytest.raises(Cancelled):
        for result in process_files([mail["back"], mail["fax"], mail["scan"]], PageContext(ocr=False),
                                    progress=progress, cancel=cancel, workers=1):
            seen.append(result)
    assert len(seen) <= 1


def test_a_fax_cut_short_keeps_its_good_pages_and_is_reported(tmp_path):
    pages = [make_page(50 + i, kind="sparse", dpi=200)[0] for i in range(3)]
    whole = save_fax_tiff(pages, tmp_path / "whole.tif", dpi=200).read_bytes()
    cut = tmp_path / "cut.tif"
    cut.write_bytes(whole[: int(len(whole) * 0.8)])
    (result,) = process_files([cut], PageContext(ocr=False, thumb=False), workers=1)
    assert [p.index for p in result.pages] == [0, 1]  # nothing before the damage is lost
    assert isinstance(result.error, InputFileError) and "Seite 3" in result.error.reason_de


def test_an_unwritable_output_folder_is_a_clear_error_not_a_traceback(tmp_path, mail):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    (result,) = process_files([mail["back"]], PageContext(out_dir=str(blocker), ocr=False), workers=1)
    assert result.error is not None
    assert "konnte nicht in" in result.error.message_de and "gespeichert werden" in result.error.message_de


def test_a_killed_worker_loses_no_page(mail, caplog):
    """SIGKILL one page process mid-batch: the pool is rebuilt and every page still comes back."""
    import os
    import signal

    import psutil

    files = [mail["fax"], mail["back"], mail["scan"], mail["fax"], mail["back"]]
    results = []
    killed = False
    for result in process_files(files, PageContext(ocr=False, thumb=False), workers=2):
        results.append(result)
        if not killed:
            workers = [c for c in psutil.Process().children(recursive=True)
                       if any("spawn_main" in part for part in c.cmdline())]
            victim = workers[-1]
            os.kill(victim.pid, signal.SIGKILL)
            killed = True
    # The break is noticed either on a page in flight or on the next hand-over to the pool.
    assert killed and ("page worker died" in caplog.text or "page pool was broken" in caplog.text)
    assert [r.ok for r in results] == [True] * 5, [r.error for r in results]
    assert [len(r.pages) for r in results] == [2, 1, 1, 2, 1]

"""The fax hot folder takes only complete files, keeps the fax header and arrival time, and
quarantines what it cannot read without ever stopping or deleting anything."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import numpy as np
import pytest
from PIL import Image

from station.flows.faxes import HotFolder, fax_header
from station.flows.process import ProcessOptions
from station.synth.render import render_text_page

FAST = ProcessOptions(ocr=False, orient_with_tesseract=False, workers=1)
ARRIVAL = datetime(2026, 11, 24, 7, 30, 5, tzinfo=timezone.utc)


def write_fax(path, pages=2, sender="Fax von +49 30 12345678", date="2026:11:24 08:15:00"):
    """A fax as servers write it: bilevel G4 TIFF at 204x196 dpi, header in the TIFF tags."""
    images = [Image.fromarray(np.array(render_text_page(f"Seite {i + 1}: Ich widerspreche der Rechnung.", dpi=100)))
              .resize((850, 550)).convert("1") for i in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], compression="group4", dpi=(204, 98),
                   tiffinfo={270: sender, 306: date})
    os.utime(path, (ARRIVAL.timestamp(), ARRIVAL.timestamp()))
    return path


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "fax-in"
    folder.mkdir()
    return folder


@pytest.fixture
def watcher(inbox, store, settings):
    return HotFolder(inbox, store, settings, stable_seconds=0, options=FAST, grace_seconds=0)


def test_the_fax_header_gives_sender_number_and_date(tmp_path):
    header = fax_header(write_fax(tmp_path / "a.tif"))
    assert header["sender"] == "+493012345678"
    assert header["date"] == "2026-11-24T08:15:00"


def test_a_complete_fax_becomes_one_document_received_at_its_arrival(watcher, inbox, store):
    write_fax(inbox / "fax-0001.tif")
    assert watcher.poll() == []  # first sight: not yet known to be still
    [outcome] = watcher.poll()
    assert not outcome.quarantined and (inbox / "done" / "fax-0001.tif").exists()
    batch = store.load_batch(outcome.batch_id)
    assert batch.source == "fax" and batch.state == "to_validate"
    [doc] = batch.documents
    assert len(doc.pages) == 2 and all(p.processed for p in doc.pages)
    assert datetime.fromisoformat(doc.received_at) == ARRIVAL
    assert doc.meta["fax"]["sender"] == "+493012345678" and doc.meta["fax"]["date"] == "2026-11-24T08:15:00"
    assert doc.pages[0].dpi == 204  # fax pixels made square at the fine resolution


def test_a_growing_file_waits_until_it_holds_still(watcher, inbox):
    path = write_fax(inbox / "growing.tif")
    watcher.poll()
    with open(path, "ab") as fh:
        fh.write(b"\0" * 10)
    assert watcher.poll() == []
    assert path.exists()


def test_a_file_open_for_writing_is_not_taken(watcher, inbox):
    path = write_fax(inbox / "open.tif")
    with open(path, "ab"):
        watcher.poll()
        assert watcher.poll() == []
    assert len(watcher.poll()) == 1


def test_unreadable_faxes_are_quarantined_with_a_reason_and_the_rest_goes_on(watcher, inbox, store):
    good = write_fax(inbox / "b-good.tif")
    (inbox / "a-garbage.tif").write_bytes(b"this is no fax at all" * 50)
    whole = good.read_bytes()
    (inbox / "a-half.tif").write_bytes(whole[: len(whole) // 2])
    (inbox / "a-broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    watcher.poll()
    outcomes = {o.path.name: o for o in watcher.poll()}
    assert sorted(n for n, o in outcomes.items() if o.quarantined) == ["a-broken.pdf", "a-garbage.tif", "a-half.tif"]
    assert outcomes["b-good.tif"].batch_id
    expected = {"a-garbage.tif": "kein Bild", "a-half.tif": "unvollständig", "a-broken.pdf": "beschädigt"}
    for name, german in expected.items():
        assert (inbox / "quarantine" / name).exists()
        reason = (inbox / "quarantine" / f"{name}.reason.txt").read_text()
        assert german in reason.splitlines()[0] and name in reason
        assert outcomes[name].reason_text("de") == reason.splitlines()[0]
        assert outcomes[name].reason_text("en") == reason.splitlines()[1] != reason.splitlines()[0]
    assert len(store.list_batches()) == 1  # the bad ones left nothing half-stored


def test_a_fax_taken_again_after_a_crash_is_stored_once(watcher, inbox, store, monkeypatch):
    write_fax(inbox / "twice.tif", pages=3)
    watcher.poll()
    monkeypatch.setattr(watcher, "_move", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # the station dies after storing, before moving the file
        watcher.poll()
    monkeypatch.undo()
    watcher.poll()
    [outcome] = watcher.poll()
    [batch] = store.list_batches()
    assert outcome.batch_id == batch.id and batch.page_count == 3
    assert len(store.load_batch(batch.id).documents) == 1


def test_a_fax_interrupted_after_it_left_the_inbox_is_finished_when_the_watcher_starts(inbox, store, settings):
    """Killed between moving the file to done/ and processing it: the batch stayed in 'processing'
    and, with its file out of the inbox, no poll would ever see it again (found by the soak run)."""
    from station.model import Source
    from station.progress import CancelToken
    from station.flows.imports import add_file_pages

    path = write_fax(inbox / "done-early.tif")
    batch_id = store.create_batch(source=Source.FAX, profile="fax", separation={"one_per_file": True})
    add_file_pages(store, batch_id, path, received_at=ARRIVAL)
    store.finish_capture(batch_id)
    watcher = HotFolder(inbox, store, settings, stable_seconds=0, options=FAST)
    path.rename(watcher.done / path.name)  # the station died right after this move
    cancel = CancelToken()
    cancel.cancel()  # one start-up, no polling loop
    watcher.run(cancel)
    batch = store.load_batch(batch_id)
    assert batch.state == "to_validate"
    [doc] = batch.documents
    assert len(doc.pages) == 2 and datetime.fromisoformat(doc.received_at) == ARRIVAL


def test_the_watcher_loads_tesseract_before_the_first_fax(inbox, store, settings, monkeypatch):
    """A one-page fax is read in the watcher's own thread: the model is loaded when the watch
    starts, not when the first fax of the day waits for it."""
    import threading

    import station.ocr

    monkeypatch.setattr(station.ocr, "_engines", threading.local())
    HotFolder(inbox, store, settings, options=ProcessOptions(ocr=False)).warm_up()
    assert not getattr(station.ocr._engines, "by_lang", {})  # no OCR wanted: nothing loaded
    HotFolder(inbox, store, settings).warm_up()
    assert set(station.ocr._engines.by_lang) == {"deu", "osd"}  # reading and orientation models

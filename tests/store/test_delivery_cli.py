"""``station scan`` and ``station import`` take the delivery date of the post (``--delivered`` with
``--reason``) and date the batch with it; a date without a reason is refused before anything is stored."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta

import numpy as np
from PIL import Image

from station.capture.virtual_source import DEFAULT_FOLDER
from station.cli import main
from station.config import load_settings
from station.store import Store
from station.store.delivery import mailroom_today

from station.synth.render import render_text_page


def _only_batch():
    with Store.open(load_settings()) as store:
        (batch,) = store.list_batches()
        return store.load_batch(batch.id)


def test_station_scan_dates_the_batch_with_the_delivered_day(tmp_path, monkeypatch, capsys):
    stack = tmp_path / "stack"
    stack.mkdir()
    shutil.copy(DEFAULT_FOLDER / "03-bankverbindung.png", stack / "03-bankverbindung.png")
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{stack}"\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    yesterday = mailroom_today() - timedelta(days=1)
    assert main(["scan", "--no-process", "--delivered", yesterday.isoformat(), "--reason", "Post vom Vortag"]) == 0
    batch = _only_batch()
    assert batch.delivery_date == yesterday.isoformat() and batch.delivery_reason == "Post vom Vortag"


def test_station_import_dates_the_batch_and_refuses_a_backdate_without_reason(tmp_path, capsys):
    image = tmp_path / "letter.png"
    buf = io.BytesIO()
    Image.fromarray(np.asarray(render_text_page("Sehr geehrte Damen und Herren,\nich kündige meinen Vertrag zum nächsten Termin.\n" * 8, dpi=150))).save(buf, "PNG")
    image.write_bytes(buf.getvalue())
    day = (mailroom_today() - timedelta(days=2)).isoformat()
    assert main(["import", "--no-ocr", "--per-file", str(image), "--delivered", day]) != 0
    assert "Begründung" in capsys.readouterr().err
    assert main(["import", "--no-ocr", "--per-file", str(image), "--delivered", day, "--reason", "Wochenende"]) == 0
    batch = _only_batch()
    assert batch.delivery_date == day and [d.delivery_date for d in batch.documents] == [day]

"""``station devices`` / ``station scan`` end to end, and the bundled demo stack."""

from __future__ import annotations

import json
import shutil
import os
import stat
import threading

from schwifty import IBAN
from stdnum import luhn

from station.capture.virtual_source import DEFAULT_FOLDER, load_stack
from station.cli import main


def test_devices_command_lists_the_virtual_scanner(capsys, sane_env):
    assert main(["devices"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("virtual\t") and "test:0" in out


def test_scan_command_writes_the_whole_sample_stack(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["scan", "--no-process", "--out", str(out)]) == 0  # default profile: black and white, duplex
    files = sorted(out.glob("page-*.png"))
    assert len(files) == 2 * len(load_stack(DEFAULT_FOLDER)) == 30
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert "30 Seiten (15 Blätter) gescannt" in capsys.readouterr().out


def test_scan_stops_on_a_jam_without_a_terminal_and_keeps_the_pages(tmp_path, capsys, monkeypatch, small_stack):
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{small_stack}"\nvirtual_scanner_faults = "jammed@4"\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["scan", "--no-process", "--out", str(tmp_path / "out")]) == 3
    assert "Papierstau" in capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("page-*.png"))) == 4


def test_scan_with_an_unknown_profile_says_which(tmp_path, capsys):
    assert main(["scan", "--no-process", "--out", str(tmp_path / "o"), "--profile", "Zauberei"]) == 2
    assert "Scanprofil „Zauberei“ ist nicht eingerichtet." in capsys.readouterr().err


def test_scan_waits_for_the_button(tmp_path, capsys, monkeypatch, small_stack):
    data = tmp_path / "station-data"
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{small_stack}"\n[buttons]\nscan = "Briefe grau duplex"\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    buttons = data / "virtual-scanner" / "buttons"

    def press():
        buttons.mkdir(parents=True, exist_ok=True)
        (buttons / "scan").touch()

    threading.Timer(0.2, press).start()
    assert main(["scan", "--no-process", "--out", str(tmp_path / "out"), "--wait-button"]) == 0
    assert "Taste „scan“: Profil „Briefe grau duplex“" in capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("page-*.png"))) == 10


def test_scan_goes_into_the_store_and_the_pipeline_reads_every_page(tmp_path, capsys, monkeypatch):

    from station.config import load_settings
    from station.store import Store

    stack = tmp_path / "one-sheet"
    stack.mkdir()
    for name in ("01-kuendigung.png", "01-kuendigung-back.png"):
        shutil.copy(DEFAULT_FOLDER / name, stack / name)
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{stack}"\nworkers = 2\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    assert main(["scan", "--profile", "Briefe s/w duplex"]) == 0
    out = capsys.readouterr().out
    assert "2 Seiten (1 Blätter) gescannt: Stapel" in out and "2 Seiten bereinigt und gelesen" in out
    store = Store.open(load_settings())
    try:
        (batch,) = store.query("SELECT id, state, profile FROM batches")
        assert batch["profile"] == "Briefe s/w duplex" and batch["state"] != "scanning"
        pages = store.query("SELECT sheet, side, processed_at, blank, ocr_text FROM pages ORDER BY ord")
        assert [(p["sheet"], p["side"]) for p in pages] == [(0, "front"), (0, "back")]
        assert all(p["processed_at"] for p in pages)
        assert "Kündigung" in pages[0]["ocr_text"]  # real OCR ran behind the scanner
        assert [p["blank"] for p in pages] == [0, 1]  # the dusty back is blank; the scanner kept it
    finally:
        store.close()


def test_sample_mail_is_valid_compact_and_complete():
    manifest = json.loads((DEFAULT_FOLDER / "manifest.json").read_text(encoding="utf-8"))
    assert 10 <= len(manifest) <= 14
    for letter in manifest:
        number = letter["customer_number"]
        assert len(number) == 10 and luhn.is_valid(number), letter["name"]
        if letter["iban"]:
            IBAN(letter["iban"])
        for name in letter["files"]:
            assert (DEFAULT_FOLDER / name).is_file()
    assert any(m["fax"] for m in manifest) and any(len(m["files"]) > 1 for m in manifest)
    size = sum(p.stat().st_size for p in DEFAULT_FOLDER.iterdir())
    assert size < 3_000_000


def test_scan_from_a_sane_device_with_a_profile_from_the_settings(tmp_path, capsys, monkeypatch, sane_env):
    config = tmp_path / "config.toml"
    config.write_text(
        '[[profiles]]\nname = "Testscanner Graustufen"\nsource = "ADF Front"\nmode = "Gray"\n'
        'resolution = 50\npage_size = "max"\n'
    )
    monkeypatch.setenv("STATION_CONFIG", str(config))
    code = main(["scan", "--device", "test:0", "--profile", "Testscanner Graustufen", "--no-process",
                 "--out", str(tmp_path / "out")])
    assert code == 0
    assert len(list((tmp_path / "out").glob("page-*.png"))) == 10  # the test backend's feeder
    assert "10 Seiten (10 Blätter) gescannt" in capsys.readouterr().out


def test_scan_with_a_profile_the_device_cannot_do_stops_before_scanning(tmp_path, capsys, monkeypatch, sane_env):
    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "none.toml"))
    code = main(["scan", "--device", "test:0", "--no-process", "--out", str(tmp_path / "out")])  # A4 duplex
    assert code == 2
    assert "Scanprofil passt nicht zum Scanner: beidseitiges Scannen" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("page-*.png"))


def test_scanned_separator_sheets_split_the_batch_and_are_not_read(tmp_path, capsys, monkeypatch):
    """Barcodes are read in the page workers behind the scanner, so a stack with printed separator
    sheets comes out as one document per letter, and the separator sheets cost no OCR."""
    import cv2

    from station.config import load_settings
    from station.separate import separator_sheet_images
    from station.store import Store
    from station.flows.process import process_batch

    stack = tmp_path / "stack"
    stack.mkdir()
    front, back = separator_sheet_images()
    for n, letter in (("1", "01-kuendigung.png"), ("2", "03-bankverbindung.png")):
        cv2.imwrite(str(stack / f"{n}-a-trennblatt.png"), front)
        cv2.imwrite(str(stack / f"{n}-a-trennblatt-back.png"), back)
        shutil.copy(DEFAULT_FOLDER / letter, stack / f"{n}-b-{letter}")
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{stack}"\nworkers = 2\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    assert main(["scan", "--profile", "Briefe s/w duplex"]) == 0
    settings = load_settings()
    store = Store.open(settings)
    try:
        (batch,) = store.query("SELECT id FROM batches")
        separators = store.query("SELECT ocr_text FROM pages WHERE barcodes LIKE '%TRENNBLATT%'")
        assert len(separators) == 4 and all(not p["ocr_text"] for p in separators)
        process_batch(store, settings, batch["id"])
        documents = store.load_batch(batch["id"]).documents
        assert len(documents) == 2
        assert [d.doc_type for d in documents] == ["kuendigung", "bankdaten"]
    finally:
        store.close()
